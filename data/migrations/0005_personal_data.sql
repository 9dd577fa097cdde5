-- The personal-data vault (UU 27/2022): what a citizen chose to give at the kiosk (a phone number for
-- queue notifications, a NIK for services that prefetch their data), encrypted, and nothing of it in
-- the event log. See docs/audit-and-personal-data.md for the key management.
--
-- Keys: a master key lives in a file beside the database (never in it). Each citizen has a random key
-- of their own, stored here only wrapped (XChaCha20-Poly1305) by a key derived from the master key.
-- Erasing a citizen deletes their wrapped key, their sealed values and their lookup tokens: what the
-- log says about them (citizen/<ref> events, the citizen_ref of their ticket) then points at no one,
-- and the hash chains are untouched.

-- One row: which master key this database's data is sealed with (a keyed-hash fingerprint, not the
-- key), so that starting with a missing or different key file is refused instead of silently sealing
-- new data with another key.
CREATE TABLE vault_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    key_fingerprint TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);

-- A citizen as the vault knows them: a random reference, never derived from who they are.
CREATE TABLE citizens (
    ref           TEXT    PRIMARY KEY,
    hall_id       TEXT    NOT NULL,
    ticket_stream TEXT,              -- the queue stream of their ticket, once issued
    ticket_id     TEXT,
    wrapped_key   BLOB,              -- nonce || sealed citizen key; NULL once erased
    collected_at  INTEGER NOT NULL,  -- ms UTC
    erased_at     INTEGER,
    erase_reason  TEXT               -- "retention", "data_subject_request", "ticket_not_issued", ...
);
CREATE INDEX citizens_not_erased ON citizens (collected_at) WHERE erased_at IS NULL;

-- One value per citizen and kind, with why it is held.
CREATE TABLE personal_data (
    citizen_ref TEXT NOT NULL REFERENCES citizens (ref),
    kind        TEXT NOT NULL CHECK (kind IN ('phone', 'nik')),
    purpose     TEXT NOT NULL,  -- "queue_notification", "public_service"
    basis       TEXT NOT NULL,  -- "consent", "public_service"
    lookup      BLOB NOT NULL,  -- keyed BLAKE2b of kind and value: finds a citizen by NIK without storing it
    sealed      BLOB NOT NULL,  -- nonce || XChaCha20-Poly1305 of the value under the citizen's key
    PRIMARY KEY (citizen_ref, kind)
);
CREATE INDEX personal_data_by_lookup ON personal_data (lookup);
