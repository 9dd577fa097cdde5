-- The catalog: tenants (Pemkot / Pemkab), their units (OPD, agencies), services with their published
-- standard, halls (MPP) with opening hours, services offered and counters, and officers with skills.
-- Lists that belong to a row keep their order in an `ordinal` column so they read back as written.
-- The service standard is one JSON document (it is read and published whole, never queried inside).

CREATE TABLE tenants (
    id                 TEXT    PRIMARY KEY,
    name               TEXT    NOT NULL,
    utc_offset_minutes INTEGER NOT NULL
);

CREATE TABLE units (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    id        TEXT NOT NULL,
    name_id   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE services (
    tenant_id               TEXT    NOT NULL,
    code                    TEXT    NOT NULL,
    unit_id                 TEXT    NOT NULL,
    name_id                 TEXT    NOT NULL,
    name_en                 TEXT    NOT NULL,
    ticket_prefix           TEXT    NOT NULL,
    typical_service_minutes INTEGER NOT NULL,
    standard                TEXT    NOT NULL,  -- JSON, see store/catalog_json.h
    themes                  TEXT    NOT NULL,  -- JSON array of strings
    PRIMARY KEY (tenant_id, code),
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE halls (
    id                 TEXT    PRIMARY KEY,
    tenant_id          TEXT    NOT NULL REFERENCES tenants (id),
    name               TEXT    NOT NULL,
    utc_offset_minutes INTEGER NOT NULL
);

CREATE TABLE hall_opening_hours (
    hall_id      TEXT    NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Sunday
    open_minute  INTEGER NOT NULL CHECK (open_minute BETWEEN 0 AND 1440),
    close_minute INTEGER NOT NULL CHECK (close_minute BETWEEN 0 AND 1440),
    PRIMARY KEY (hall_id, ordinal)
);

CREATE TABLE hall_services (
    hall_id      TEXT    NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    service_code TEXT    NOT NULL,
    PRIMARY KEY (hall_id, ordinal),
    UNIQUE (hall_id, service_code)
);

CREATE TABLE counters (
    hall_id TEXT    NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    id      TEXT    NOT NULL,
    name    TEXT    NOT NULL,
    number  INTEGER NOT NULL,
    PRIMARY KEY (hall_id, id),
    UNIQUE (hall_id, ordinal)
);

CREATE TABLE officers (
    id        TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    name      TEXT NOT NULL,
    unit_id   TEXT NOT NULL,
    FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id)
);

CREATE TABLE officer_skills (
    officer_id   TEXT    NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    service_code TEXT    NOT NULL,
    PRIMARY KEY (officer_id, ordinal),
    UNIQUE (officer_id, service_code)
);

CREATE INDEX officers_by_tenant ON officers (tenant_id);
CREATE INDEX halls_by_tenant ON halls (tenant_id);
