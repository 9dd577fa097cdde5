-- The event log: every change of state in layan is one row here, never updated, never deleted.
--
-- position is the global order of the log (1, 2, 3, ...). It is a plain INTEGER PRIMARY KEY (the
-- rowid) without AUTOINCREMENT: a single writer inserts, rows are never deleted, so the next
-- position is always max + 1 and a rolled-back append leaves no gap.
-- version is the place of the event in its stream (1, 2, 3, ...); UNIQUE (stream, version) is
-- what makes optimistic concurrency safe even if a check in code were wrong.
-- data and metadata are JSON text; recorded_at is milliseconds since the Unix epoch, UTC.
-- A later migration may add prev_hash and hash columns for a tamper-evident chain.
CREATE TABLE events (
    position    INTEGER PRIMARY KEY,
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (stream, version)
);
