-- Stories and canonical events (store.Consolidator), rebuilt together by
-- Consolidate in one transaction. Mirrors the SQLite migration
-- 00004_stories.sql; IDs and dates are COLLATE "C" so that lists sort in
-- byte order, as in SQLite.
--
-- doc_stories holds, per consolidated document, its MinHash signature
-- (dedup.Signature.MarshalBinary), where its lede ends (so that the text
-- need not be read again) and its story: the smallest document ID among its
-- near-duplicates. A document without a row has not been consolidated yet.
--
-- canonical_events are the events merged across articles (merge.Event);
-- canonical_mentions link each to the stored events that report it, by
-- document and ordinal, so that every report's sentence can be shown.

-- +goose Up
CREATE TABLE doc_stories (
    doc_seq   bigint  PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    signature bytea   NOT NULL,
    lede_end  integer NOT NULL,
    story     text COLLATE "C" NOT NULL -- documents.id of the story's first document
);
CREATE INDEX doc_stories_story ON doc_stories (story);

CREATE TABLE canonical_events (
    id             text COLLATE "C" NOT NULL PRIMARY KEY, -- merge.Event.ID
    date           text COLLATE "C" NOT NULL,             -- first event day, '' when undated
    end_date       text COLLATE "C" NOT NULL,
    source_key     text COLLATE "C" NOT NULL,
    source_code    text    NOT NULL,
    source_name    text    NOT NULL,
    source_country text    NOT NULL,
    source_org     text    NOT NULL,
    target_key     text COLLATE "C" NOT NULL,
    target_code    text    NOT NULL,
    target_name    text    NOT NULL,
    target_country text    NOT NULL,
    target_org     text    NOT NULL,
    cameo          text    NOT NULL,
    root           text COLLATE "C" NOT NULL,
    quad_class     integer NOT NULL,
    goldstein      double precision NOT NULL,
    first_seen     timestamptz NOT NULL,
    last_seen      timestamptz NOT NULL,
    num_mentions   integer NOT NULL,
    num_articles   integer NOT NULL,
    num_sources    integer NOT NULL,
    is_root        boolean NOT NULL,
    source_url     text    NOT NULL,
    digest         text    NOT NULL  -- store.Consolidation.Digests: rewritten only when it changes
);
CREATE INDEX canonical_events_date ON canonical_events (date, id);
CREATE INDEX canonical_events_source ON canonical_events (source_key, date);
CREATE INDEX canonical_events_target ON canonical_events (target_key, date);
CREATE INDEX canonical_events_root ON canonical_events (root, date);

CREATE TABLE canonical_mentions (
    event_id   text COLLATE "C" NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    pos        integer NOT NULL,     -- the mention's place in the event: by date, then mention ID
    doc_seq    bigint  NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord        integer NOT NULL,     -- events.ord within the document
    mention_id text    NOT NULL,     -- merge.Mention.ID
    date       text    NOT NULL,     -- the mention's day (the event's, else the article's)
    outlet     text    NOT NULL,     -- outlet as counted: the outlet, else the URL's host
    lede       boolean NOT NULL,
    PRIMARY KEY (event_id, pos)
);
CREATE INDEX canonical_mentions_event ON canonical_mentions (doc_seq, ord);

-- +goose Down
DROP TABLE canonical_mentions;
DROP TABLE canonical_events;
DROP TABLE doc_stories;
