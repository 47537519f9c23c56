-- Put indexes a batch's new documents in the full-text index in one
-- statement at the end of the batch, instead of a trigger per document:
-- FTS5 flushes its pending terms at every statement savepoint, so the
-- trigger wrote one small segment per document and spent much of a Put
-- merging them. Deletes and updates keep their triggers.

-- +goose Up
DROP TRIGGER documents_fts_insert;

-- +goose Down
-- +goose StatementBegin
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
-- +goose StatementEnd
