-- PostgreSQL's form of migrations/0003_audit_chain.sql (read it for the chains' definitions): BYTEA for
-- the hashes, BIGINT for positions and milliseconds.
ALTER TABLE events ADD COLUMN prev_hash BYTEA;
ALTER TABLE events ADD COLUMN hash BYTEA;
ALTER TABLE events ADD COLUMN log_hash BYTEA;

CREATE TABLE audit_chain_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    head_position      BIGINT  NOT NULL,
    head_log_hash      BYTEA   NOT NULL,
    backfill_pending   INTEGER NOT NULL CHECK (backfill_pending IN (0, 1)),
    backfilled_through BIGINT  NOT NULL,
    backfilled_at      BIGINT
);
INSERT INTO audit_chain_state (id, head_position, head_log_hash, backfill_pending, backfilled_through)
VALUES (1, 0, decode(repeat('00', 32), 'hex'), 1, 0);
