-- Mentions move into their document's entity row: doc_entities.mentions is a
-- JSON array of [start, end] byte offsets into documents.text, or
-- [start, end, "text"] where the text is not that slice (see mentions.go).
-- One row per mention (356,000 for 17,000 articles) was the largest part of
-- storing a batch.

-- +goose Up
ALTER TABLE doc_entities ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
UPDATE doc_entities SET mentions = (
    SELECT json_group_array(json_array(s, e, t)) FROM (
        SELECT m."start" AS s, m."end" AS e, m.text AS t FROM mentions m
        WHERE m.doc_seq = doc_entities.doc_seq AND m.ent_ord = doc_entities.ord
        ORDER BY m.ord));
DROP TABLE mentions;

-- +goose Down
CREATE TABLE mentions (
    doc_seq   INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ent_ord   INTEGER NOT NULL,
    ord       INTEGER NOT NULL,
    entity_id TEXT    NOT NULL REFERENCES entities (id),
    text      TEXT    NOT NULL,
    "start"   INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (doc_seq, ent_ord, ord)
) STRICT, WITHOUT ROWID;
INSERT INTO mentions (doc_seq, ent_ord, ord, entity_id, text, "start", "end")
SELECT de.doc_seq, de.ord, j.key, de.entity_id,
    coalesce(json_extract(j.value, '$[2]'),
        CAST(substr(CAST(d.text AS BLOB), json_extract(j.value, '$[0]') + 1,
            json_extract(j.value, '$[1]') - json_extract(j.value, '$[0]')) AS TEXT)),
    json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')
FROM doc_entities de JOIN documents d ON d.seq = de.doc_seq, json_each(de.mentions) j;
ALTER TABLE doc_entities DROP COLUMN mentions;
