-- The extraction record of OUTPUT.md in PostgreSQL, one table per list. It
-- mirrors the SQLite schema (internal/store/sqlite/migrations) table for
-- table; what differs is said where it differs.
--
-- Child rows point at their document by its integer key, documents.seq, and
-- carry an ordinal (ord) so that Get returns every list in the order it was
-- stored. doc_entities keeps each document's own view of an entity;
-- entities is the shared catalogue. The child tables' lists of strings are
-- text[], SQL NULL for a nil list and '{}' for an empty one; the documents'
-- lists are jsonb, null or []. Either way Get gives back exactly what Put
-- got.
--
-- PostgreSQL's text cannot hold a NUL byte or invalid UTF-8, which SQLite
-- and Go strings can. documents.text holds the text with such bytes
-- replaced, for search; documents.text_exact holds the exact bytes, and only
-- when they differ. Other strings are stored with such bytes replaced.

-- +goose Up
-- unaccent is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Full-text configurations: PostgreSQL's own indonesian and english, with
-- accents folded first (so "president" finds "président"), and a simple one
-- (folded, not stemmed) for other languages and for prefix searches, since a
-- stemmer cannot stem the start of a word.
CREATE TEXT SEARCH CONFIGURATION warta_id (COPY = pg_catalog.indonesian);
ALTER TEXT SEARCH CONFIGURATION warta_id
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, indonesian_stem;
CREATE TEXT SEARCH CONFIGURATION warta_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION warta_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION warta_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION warta_simple
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- warta_and folds tsqueries with AND: one per query word.
CREATE AGGREGATE warta_and (tsquery) (SFUNC = tsquery_and, STYPE = tsquery);

CREATE TABLE documents (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text COLLATE "C" NOT NULL UNIQUE, -- Doc.ID: sha256 of the cleaned text, hex
    source         text     NOT NULL,
    title          text     NOT NULL,
    published      text,                     -- record form: 2024-11-28 or RFC 3339; NULL when unknown
    published_date date,                     -- in the article's own zone; NULL when unknown
    author         text     NOT NULL,
    outlet         text     NOT NULL,
    url            text     NOT NULL,
    language       text     NOT NULL,
    dateline       text     NOT NULL,
    text           text     NOT NULL,        -- NUL and invalid UTF-8 replaced by U+FFFD
    text_exact     bytea,                    -- the exact text when it differs from text
    warnings       jsonb    NOT NULL,        -- ["..."] or null
    sentences      jsonb    NOT NULL,        -- [{start, end}] or null
    sectors        jsonb    NOT NULL,        -- [{name, weight}] or null
    nil_lists      smallint NOT NULL DEFAULT 0, -- bit set of row-stored lists that were nil
    ingested_at    timestamptz NOT NULL DEFAULT now(),
    -- The search vector: stems in the document's language plus the folded
    -- words themselves (for prefixes and stop words), title weighted A and
    -- text D. The text is cut at 250,000 characters to keep the vector under
    -- PostgreSQL's 1 MB limit. The configuration names are resolved to OIDs
    -- here, once, so the column does not depend on search_path.
    tsv tsvector GENERATED ALWAYS AS (
        setweight(CASE language
            WHEN 'id' THEN to_tsvector('warta_id', title) || to_tsvector('warta_simple', title)
            WHEN 'en' THEN to_tsvector('warta_en', title) || to_tsvector('warta_simple', title)
            ELSE to_tsvector('warta_simple', title) END, 'A') ||
        setweight(CASE language
            WHEN 'id' THEN to_tsvector('warta_id', left(text, 250000)) || to_tsvector('warta_simple', left(text, 250000))
            WHEN 'en' THEN to_tsvector('warta_en', left(text, 250000)) || to_tsvector('warta_simple', left(text, 250000))
            ELSE to_tsvector('warta_simple', left(text, 250000)) END, 'D')
    ) STORED
);
-- The order of every list of documents (store.Querier), newest first.
CREATE INDEX documents_published_date ON documents (published_date DESC NULLS LAST, seq DESC);
CREATE INDEX documents_outlet ON documents (outlet);
CREATE INDEX documents_tsv ON documents USING gin (tsv);

CREATE TABLE entities (
    id      text COLLATE "C" NOT NULL PRIMARY KEY, -- country:RUS, person:vladimir-putin, ...
    name    text NOT NULL,
    type    text NOT NULL,             -- PERSON, COUNTRY, ORG, PLACE
    country text COLLATE "C",          -- ISO 3166 alpha-3
    org     text COLLATE "C",
    role    text
);
CREATE INDEX entities_type ON entities (type);
CREATE INDEX entities_country ON entities (country);

CREATE TABLE doc_entities (
    doc_seq      bigint  NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord          integer NOT NULL,
    entity_id    text    NOT NULL REFERENCES entities (id),
    name         text    NOT NULL,
    type         text    NOT NULL,
    country      text,
    org          text,
    role         text,
    aliases      text[],
    mentions_nil boolean NOT NULL DEFAULT false,
    PRIMARY KEY (doc_seq, ord)
);
CREATE INDEX doc_entities_entity ON doc_entities (entity_id);

CREATE TABLE mentions (
    doc_seq   bigint  NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ent_ord   integer NOT NULL,          -- doc_entities.ord of the entity
    ord       integer NOT NULL,
    entity_id text    NOT NULL REFERENCES entities (id),
    text      text    NOT NULL,
    "start"   integer NOT NULL,          -- byte offsets into the document's text, end exclusive
    "end"     integer NOT NULL,
    PRIMARY KEY (doc_seq, ent_ord, ord)
);
CREATE INDEX mentions_entity ON mentions (entity_id);

-- Events are partitioned by month of day, the event's date read as a date:
-- 2024-11-27 (with or without a clock after it), or 2024-11 or 2024 as their
-- first day. Put creates a month's partition before writing its first
-- event; an event without a readable date, or dated outside 1900-2199, goes
-- to the default partition. Queries bounded by date add the same bounds on
-- day (or NULL), so they read only their months and the default partition.
-- Text columns that lists sort or compare by range are COLLATE "C": byte
-- order, as in SQLite, whatever the database's collation.
-- A partitioned table's unique keys must include the partition key and
-- day may be NULL, so (doc_seq, ord) is indexed, not declared unique: Put
-- writes a document's events once, when it writes the document.
CREATE TABLE events (
    doc_seq        bigint  NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord            integer NOT NULL,
    day            date,                 -- partition key; NULL when no date is known
    date           text COLLATE "C" NOT NULL, -- as extracted
    source_name    text    NOT NULL,
    source_code    text COLLATE "C" NOT NULL,
    source_country text COLLATE "C",
    source_org     text COLLATE "C",
    source_entity  text    NOT NULL,
    target_name    text    NOT NULL,
    target_code    text COLLATE "C" NOT NULL,
    target_country text COLLATE "C",
    target_org     text COLLATE "C",
    target_entity  text    NOT NULL,
    cameo          text    NOT NULL,
    root           text    NOT NULL,
    quad_class     integer NOT NULL,
    goldstein      double precision NOT NULL,
    plover         text    NOT NULL,
    modality       text    NOT NULL,
    sectors        text[],
    "trigger"      text    NOT NULL,
    sentence       text    NOT NULL,
    "start"        integer NOT NULL,
    "end"          integer NOT NULL,
    confidence     double precision NOT NULL
) PARTITION BY RANGE (day);
-- The check tells PostgreSQL that no row of a month Put would create a
-- partition for is here, so creating one does not scan this table.
CREATE TABLE events_default PARTITION OF events DEFAULT;
ALTER TABLE events_default ADD CONSTRAINT events_default_days
    CHECK (day IS NULL OR day < '1900-01-01' OR day >= '2200-01-01');
CREATE INDEX events_doc ON events (doc_seq, ord);
CREATE INDEX events_source_code ON events (source_code, date);
CREATE INDEX events_target_code ON events (target_code, date);
CREATE INDEX events_root ON events (root, date);
-- For the read side (store.Querier), as SQLite's 00002: the event list's
-- order, the actor keys of pairs and countries (the very expressions the
-- queries use), and events by entity.
CREATE INDEX events_order ON events (date, doc_seq, ord);
CREATE INDEX events_pair_key ON events (
    coalesce(source_country, source_org, source_code),
    coalesce(target_country, target_org, target_code),
    date);
CREATE INDEX events_target_key ON events (coalesce(target_country, target_org, target_code), date);
CREATE INDEX events_source_entity ON events (source_entity);
CREATE INDEX events_target_entity ON events (target_entity);

CREATE TABLE facts (
    doc_seq  bigint  NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord      integer NOT NULL,
    value    double precision NOT NULL,
    unit     text,                       -- NULL for plain counts
    text     text    NOT NULL,
    measure  text    NOT NULL,
    period   text    NOT NULL,
    qualifier text   NOT NULL DEFAULT '',
    actors   text[],
    sentence text    NOT NULL,
    "start"  integer NOT NULL,
    "end"    integer NOT NULL,
    PRIMARY KEY (doc_seq, ord)
);
CREATE INDEX facts_measure ON facts (measure);

CREATE TABLE quotes (
    doc_seq bigint  NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord     integer NOT NULL,
    speaker text    NOT NULL,            -- entity ID
    text    text    NOT NULL,
    "start" integer NOT NULL,
    "end"   integer NOT NULL,
    PRIMARY KEY (doc_seq, ord)
);
CREATE INDEX quotes_speaker ON quotes (speaker);

-- +goose Down
DROP TABLE quotes;
DROP TABLE facts;
DROP TABLE events;
DROP TABLE mentions;
DROP TABLE doc_entities;
DROP TABLE entities;
DROP TABLE documents;
DROP AGGREGATE warta_and (tsquery);
DROP TEXT SEARCH CONFIGURATION warta_simple;
DROP TEXT SEARCH CONFIGURATION warta_en;
DROP TEXT SEARCH CONFIGURATION warta_id;
