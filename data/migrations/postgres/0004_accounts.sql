-- PostgreSQL's form of migrations/0004_accounts.sql (read it for what each table holds): BIGINT for
-- milliseconds.
CREATE TABLE accounts (
    id                  TEXT    PRIMARY KEY,
    username            TEXT    NOT NULL UNIQUE,
    tenant_id           TEXT    NOT NULL REFERENCES tenants (id),
    role                TEXT    NOT NULL CHECK (role IN ('officer', 'supervisor', 'unit_head', 'admin', 'auditor')),
    officer_id          TEXT    REFERENCES officers (id),
    password_hash       TEXT    NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at          BIGINT  NOT NULL,
    password_changed_at BIGINT  NOT NULL
);

CREATE TABLE account_units (
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    tenant_id  TEXT    NOT NULL,
    unit_id    TEXT    NOT NULL,
    PRIMARY KEY (account_id, ordinal),
    UNIQUE (account_id, unit_id),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    account_id   TEXT    NOT NULL REFERENCES accounts (id),
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    revoked_at   BIGINT,
    ip           TEXT    NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE devices (
    id         TEXT    PRIMARY KEY,
    tenant_id  TEXT    NOT NULL REFERENCES tenants (id),
    hall_id    TEXT    NOT NULL REFERENCES halls (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('kiosk', 'board')),
    name       TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at BIGINT  NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX devices_by_tenant ON devices (tenant_id);
