-- The tamper-evident audit chain (see docs/audit-and-personal-data.md for the exact definitions).
--
-- Every event is sealed by two SHA-256 chains, computed by the event store's writer inside the
-- transaction that inserts the event:
--   hash      = SHA-256(prev_hash || canonical(event))   chains the events of one stream by version;
--               prev_hash is the hash of the stream's previous version (32 zero bytes for version 1);
--   log_hash  = SHA-256(log_hash of position - 1 || position as 8 bytes big-endian || hash)
--               chains the whole log by position (32 zero bytes before position 1), so deleting a whole
--               stream or moving events between streams is detected too.
-- canonical(event) is nlohmann::json's compact dump() of the object
--   {"data", "metadata", "recorded_at" (integer ms), "stream", "type", "version"}, keys sorted.
ALTER TABLE events ADD COLUMN prev_hash BLOB;
ALTER TABLE events ADD COLUMN hash BLOB;
ALTER TABLE events ADD COLUMN log_hash BLOB;

-- One row: where the log's chain ends, as the writer last committed it. An event deleted from the end
-- of the log (which no chain can reveal by itself) shows as a head beyond the last event.
-- SQL cannot compute SHA-256, so events written before this migration are sealed by the event store
-- the first time it opens the database (backfill_pending = 1 until then), in one transaction;
-- backfilled_through then records the last position sealed that way: those events were protected only
-- from that moment, not from their append.
CREATE TABLE audit_chain_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    head_position      INTEGER NOT NULL,
    head_log_hash      BLOB    NOT NULL,
    backfill_pending   INTEGER NOT NULL CHECK (backfill_pending IN (0, 1)),
    backfilled_through INTEGER NOT NULL,
    backfilled_at      INTEGER
);
INSERT INTO audit_chain_state (id, head_position, head_log_hash, backfill_pending, backfilled_through)
VALUES (1, 0, zeroblob(32), 1, 0);
