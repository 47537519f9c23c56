-- The extraction record of OUTPUT.md, one table per list.
--
-- Child rows point at their document by its integer key, documents.seq: a
-- 64-character hex ID in every mention and every index entry would double
-- the size of those tables and slow every insert. Join documents for the ID.
-- They carry an ordinal (ord) so that Get returns every list in the order it
-- was stored. doc_entities keeps each document's own view of an
-- entity (its name, role, aliases as that article had them); entities is the
-- shared, upserted catalogue a UI lists and filters.

-- +goose Up
CREATE TABLE documents (
    -- seq is the rowid alias the FTS index and the child tables point at.
    -- A table without an INTEGER PRIMARY KEY may have its rowids renumbered
    -- by VACUUM, which would silently break the external-content FTS index,
    -- so id is UNIQUE rather than the primary key.
    seq            INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE, -- Doc.ID: sha256 of the cleaned text, hex
    source         TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    published      TEXT,                    -- record form: 2024-11-28 or RFC 3339; NULL when unknown
    published_date TEXT,                    -- 2024-11-28 in the article's own zone; NULL when unknown
    author         TEXT    NOT NULL,
    outlet         TEXT    NOT NULL,
    url            TEXT    NOT NULL,
    language       TEXT    NOT NULL,
    dateline       TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    warnings       TEXT    NOT NULL,        -- JSON array of strings (or null)
    sentences      TEXT    NOT NULL,        -- JSON array of {start, end} (or null)
    sectors        TEXT    NOT NULL,        -- JSON array of {name, weight} (or null)
    nil_lists      INTEGER NOT NULL DEFAULT 0, -- bit set of Article lists that were nil, not empty
    ingested_at    TEXT    NOT NULL         -- RFC 3339, UTC
) STRICT;
CREATE INDEX documents_published_date ON documents (published_date);
CREATE INDEX documents_outlet ON documents (outlet);

CREATE TABLE entities (
    id      TEXT NOT NULL PRIMARY KEY, -- country:RUS, person:vladimir-putin, ...
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,             -- PERSON, COUNTRY, ORG, PLACE
    country TEXT,                      -- ISO 3166 alpha-3
    org     TEXT,
    role    TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX entities_type ON entities (type);
CREATE INDEX entities_country ON entities (country);

CREATE TABLE doc_entities (
    doc_seq      INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord          INTEGER NOT NULL,
    entity_id    TEXT    NOT NULL REFERENCES entities (id),
    name         TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    country      TEXT,
    org          TEXT,
    role         TEXT,
    aliases      TEXT    NOT NULL,       -- JSON array of strings (or null)
    mentions_nil INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_seq, ord)
) STRICT, WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities (entity_id);

CREATE TABLE mentions (
    doc_seq   INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ent_ord   INTEGER NOT NULL,          -- doc_entities.ord of the entity
    ord       INTEGER NOT NULL,
    entity_id TEXT    NOT NULL REFERENCES entities (id),
    text      TEXT    NOT NULL,
    "start"   INTEGER NOT NULL,          -- byte offsets into documents.text, end exclusive
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (doc_seq, ent_ord, ord)
) STRICT, WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE events (
    doc_seq        INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    date           TEXT    NOT NULL,
    source_name    TEXT    NOT NULL,
    source_code    TEXT    NOT NULL,
    source_country TEXT,
    source_org     TEXT,
    source_entity  TEXT    NOT NULL,
    target_name    TEXT    NOT NULL,
    target_code    TEXT    NOT NULL,
    target_country TEXT,
    target_org     TEXT,
    target_entity  TEXT    NOT NULL,
    cameo          TEXT    NOT NULL,
    root           TEXT    NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL    NOT NULL,
    plover         TEXT    NOT NULL,
    modality       TEXT    NOT NULL,
    sectors        TEXT    NOT NULL,     -- JSON array of strings (or null)
    "trigger"      TEXT    NOT NULL,
    sentence       TEXT    NOT NULL,
    "start"        INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    confidence     REAL    NOT NULL,
    PRIMARY KEY (doc_seq, ord)
) STRICT;
CREATE INDEX events_date ON events (date);
CREATE INDEX events_source_code ON events (source_code, date);
CREATE INDEX events_target_code ON events (target_code, date);
CREATE INDEX events_root ON events (root, date);

CREATE TABLE facts (
    doc_seq  INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord      INTEGER NOT NULL,
    value    REAL    NOT NULL,
    unit     TEXT,                       -- NULL for plain counts
    text     TEXT    NOT NULL,
    measure  TEXT    NOT NULL,
    period   TEXT    NOT NULL,
    actors   TEXT    NOT NULL,           -- JSON array of strings (or null)
    sentence TEXT    NOT NULL,
    "start"  INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    PRIMARY KEY (doc_seq, ord)
) STRICT;
CREATE INDEX facts_measure ON facts (measure);

CREATE TABLE quotes (
    doc_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord     INTEGER NOT NULL,
    speaker TEXT    NOT NULL,            -- entity ID
    text    TEXT    NOT NULL,
    "start" INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (doc_seq, ord)
) STRICT;
CREATE INDEX quotes_speaker ON quotes (speaker);

-- Full-text index over title and text, reading its content from documents.
-- The triggers keep it in step inside the writing transaction.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose StatementBegin
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER documents_fts_update;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_insert;
DROP TABLE documents_fts;
DROP TABLE quotes;
DROP TABLE facts;
DROP TABLE events;
DROP TABLE mentions;
DROP TABLE doc_entities;
DROP TABLE entities;
DROP TABLE documents;
