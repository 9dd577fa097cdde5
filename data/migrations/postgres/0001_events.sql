-- PostgreSQL's form of migrations/0001_events.sql (read it for the meaning of each column).
-- Positions are given by the event store's writer (max + 1 under the log's lock), never by a sequence:
-- a sequence leaves gaps when a transaction rolls back. Milliseconds need BIGINT here.
CREATE TABLE events (
    position    BIGINT  PRIMARY KEY,
    stream      TEXT    NOT NULL,
    version     BIGINT  NOT NULL CHECK (version >= 1),
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at BIGINT  NOT NULL,
    UNIQUE (stream, version)
);
