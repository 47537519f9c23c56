-- No query reads mentions by entity (an entity's articles come from
-- doc_entities); the index only slowed every COPY of mentions. Mirrors the
-- SQLite migration 00006_drop_mentions_entity.sql.

-- +goose Up
DROP INDEX mentions_entity;

-- +goose Down
CREATE INDEX mentions_entity ON mentions (entity_id);
