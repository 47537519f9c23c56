-- No query reads mentions by entity: an entity's articles come from
-- doc_entities (doc_entities_entity), and mentions are read per document
-- by their primary key. The index cost every mention insert a random
-- B-tree write, the largest part of storing a batch.

-- +goose Up
DROP INDEX mentions_entity;

-- +goose Down
CREATE INDEX mentions_entity ON mentions (entity_id);
