-- Stories and canonical events (store.Consolidator), rebuilt together by
-- Consolidate in one transaction.
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
    doc_seq   INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    signature BLOB    NOT NULL,
    lede_end  INTEGER NOT NULL,
    story     TEXT    NOT NULL -- documents.id of the story's first document
) STRICT;
CREATE INDEX doc_stories_story ON doc_stories (story);

CREATE TABLE canonical_events (
    id             TEXT    NOT NULL PRIMARY KEY, -- merge.Event.ID
    date           TEXT    NOT NULL,             -- first event day, '' when undated
    end_date       TEXT    NOT NULL,
    source_key     TEXT    NOT NULL,
    source_code    TEXT    NOT NULL,
    source_name    TEXT    NOT NULL,
    source_country TEXT    NOT NULL,
    source_org     TEXT    NOT NULL,
    target_key     TEXT    NOT NULL,
    target_code    TEXT    NOT NULL,
    target_name    TEXT    NOT NULL,
    target_country TEXT    NOT NULL,
    target_org     TEXT    NOT NULL,
    cameo          TEXT    NOT NULL,
    root           TEXT    NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL    NOT NULL,
    first_seen     TEXT    NOT NULL,             -- RFC 3339, UTC
    last_seen      TEXT    NOT NULL,
    num_mentions   INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    is_root        INTEGER NOT NULL,
    source_url     TEXT    NOT NULL,
    digest         TEXT    NOT NULL  -- store.Consolidation.Digests: rewritten only when it changes
) STRICT, WITHOUT ROWID;
CREATE INDEX canonical_events_date ON canonical_events (date, id);
CREATE INDEX canonical_events_source ON canonical_events (source_key, date);
CREATE INDEX canonical_events_target ON canonical_events (target_key, date);
CREATE INDEX canonical_events_root ON canonical_events (root, date);

CREATE TABLE canonical_mentions (
    event_id   TEXT    NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,     -- the mention's place in the event: by date, then mention ID
    doc_seq    INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,     -- events.ord within the document
    mention_id TEXT    NOT NULL,     -- merge.Mention.ID
    date       TEXT    NOT NULL,     -- the mention's day (the event's, else the article's)
    outlet     TEXT    NOT NULL,     -- outlet as counted: the outlet, else the URL's host
    lede       INTEGER NOT NULL,
    PRIMARY KEY (event_id, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX canonical_mentions_event ON canonical_mentions (doc_seq, ord);

-- +goose Down
DROP TABLE canonical_mentions;
DROP TABLE canonical_events;
DROP TABLE doc_stories;
