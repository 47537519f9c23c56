-- The read side (store.Querier). An event's side is reduced to its actor
-- key (country, else organisation, else actor code); skey and tkey are that
-- key as virtual generated columns, so that they can be indexed (read.go
-- queries them by name).
-- Indexes carry quad_class and goldstein where an aggregate reads them, so
-- that pairs, actors and series come from an index without visiting the
-- wide event rows:
--   events_order:      the event list's order, and the series by date;
--   events_pair_key:   pairs and actors, grouped by (skey, tkey);
--   events_source_key, events_target_key: a country's events in list
--                      order, one side each (see eventsQuery).
-- Then events by entity, for actor pages.

-- +goose Up
ALTER TABLE events ADD COLUMN skey TEXT GENERATED ALWAYS AS (coalesce(source_country, source_org, source_code)) VIRTUAL;
ALTER TABLE events ADD COLUMN tkey TEXT GENERATED ALWAYS AS (coalesce(target_country, target_org, target_code)) VIRTUAL;
CREATE INDEX events_order ON events (date, doc_seq, ord, quad_class, goldstein);
CREATE INDEX events_pair_key ON events (skey, tkey, date, quad_class, goldstein);
CREATE INDEX events_source_key ON events (skey, date, doc_seq, ord);
CREATE INDEX events_target_key ON events (tkey, date, doc_seq, ord, quad_class, goldstein);
CREATE INDEX events_source_entity ON events (source_entity);
CREATE INDEX events_target_entity ON events (target_entity);

-- +goose Down
DROP INDEX events_target_entity;
DROP INDEX events_source_entity;
DROP INDEX events_target_key;
DROP INDEX events_source_key;
DROP INDEX events_pair_key;
DROP INDEX events_order;
ALTER TABLE events DROP COLUMN tkey;
ALTER TABLE events DROP COLUMN skey;
