-- PostgreSQL's form of migrations/0005_personal_data.sql (read it for the key management): BYTEA for
-- keys, tokens and sealed values, BIGINT for milliseconds.
CREATE TABLE vault_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    key_fingerprint TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE citizens (
    ref           TEXT    PRIMARY KEY,
    hall_id       TEXT    NOT NULL,
    ticket_stream TEXT,
    ticket_id     TEXT,
    wrapped_key   BYTEA,
    collected_at  BIGINT  NOT NULL,
    erased_at     BIGINT,
    erase_reason  TEXT
);
CREATE INDEX citizens_not_erased ON citizens (collected_at) WHERE erased_at IS NULL;

CREATE TABLE personal_data (
    citizen_ref TEXT  NOT NULL REFERENCES citizens (ref),
    kind        TEXT  NOT NULL CHECK (kind IN ('phone', 'nik')),
    purpose     TEXT  NOT NULL,
    basis       TEXT  NOT NULL,
    lookup      BYTEA NOT NULL,
    sealed      BYTEA NOT NULL,
    PRIMARY KEY (citizen_ref, kind)
);
CREATE INDEX personal_data_by_lookup ON personal_data (lookup);
