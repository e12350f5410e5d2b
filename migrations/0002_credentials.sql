-- Credentials and custom credential types. Sensitive inputs hold secret references only, never values,
-- so inputs are stored as plain JSON. Tenant-level credentials have scope ''.

CREATE TABLE credential_types (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    label       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    inputs      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE credentials (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    name        TEXT NOT NULL,
    type_id     TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    inputs      TEXT NOT NULL,
    settings    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, scope, name)
);

CREATE INDEX credentials_by_type ON credentials (tenant_id, type_id);
