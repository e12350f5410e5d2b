-- Who may do what: principals (users and service accounts) per tenant, their role bindings, and the
-- API tokens they carry. Token plaintext is never stored: only its SHA-256 and a display prefix.
-- Binding scopes use '' for tenant level (the encoding stays inside store/).

CREATE TABLE principals (
    tenant_id   TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('user', 'service_account')),
    description TEXT    NOT NULL DEFAULT '',
    disabled    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE role_bindings (
    tenant_id  TEXT NOT NULL,
    principal  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('read', 'use', 'admin')),
    scope      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, principal, role, scope),
    FOREIGN KEY (tenant_id, principal) REFERENCES principals (tenant_id, name) ON DELETE CASCADE
);

CREATE TABLE api_tokens (
    -- the lookup part of the token (its first characters after kst_), also shown as its prefix
    id             TEXT    PRIMARY KEY,
    tenant_id      TEXT    NOT NULL,
    principal      TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    token_hash     BLOB    NOT NULL,
    -- ISO-8601 duration, NULL for tokens that never expire
    max_age        TEXT,
    extended       INTEGER NOT NULL DEFAULT 0,
    -- optional narrowing: at most this role, only in this scope and below
    narrow_role    TEXT    CHECK (narrow_role IN ('read', 'use', 'admin')),
    narrow_scope   TEXT,
    created_at     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    expires_at     TEXT,
    last_used_at   TEXT,
    last_used_from TEXT,
    -- may lie in the future: a rotated token keeps working until its grace period ends
    revoked_at     TEXT,
    revoked_by     TEXT,
    FOREIGN KEY (tenant_id, principal) REFERENCES principals (tenant_id, name) ON DELETE CASCADE
);

CREATE INDEX api_tokens_by_principal ON api_tokens (tenant_id, principal);

-- How an actor came in when not at this machine: the API token's prefix and the client address.
ALTER TABLE audit_events ADD COLUMN via TEXT;
