-- Keystead foundation: key material, tenants, namespaces, secrets with versions, data keys, audit log.
-- Timestamps are RFC 3339 UTC text. Never edit this file once landed: add a new migration.

CREATE TABLE key_material (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    install_id         TEXT    NOT NULL,
    mode               TEXT    NOT NULL CHECK (mode IN ('keyring', 'passphrase')),
    kdf_salt           BLOB,
    kdf_m_cost         INTEGER,
    kdf_t_cost         INTEGER,
    kdf_p_cost         INTEGER,
    -- passphrase mode only: the master key sealed with the Argon2id-derived key
    wrapped_master_key BLOB,
    -- a constant sealed with the master key: tells a wrong key from a corrupt row
    key_check          BLOB    NOT NULL,
    created_at         TEXT    NOT NULL
);

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE data_keys (
    tenant_id   TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    wrapped_key BLOB    NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

CREATE TABLE namespaces (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE secrets (
    tenant_id       TEXT    NOT NULL,
    namespace       TEXT    NOT NULL,
    key             TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    read_only       INTEGER NOT NULL DEFAULT 0,
    current_version INTEGER NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, namespace, key),
    FOREIGN KEY (tenant_id, namespace) REFERENCES namespaces (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE secret_versions (
    tenant_id        TEXT    NOT NULL,
    namespace        TEXT    NOT NULL,
    key              TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    data_key_version INTEGER NOT NULL,
    sealed           BLOB    NOT NULL,
    created_at       TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, namespace, key, version),
    FOREIGN KEY (tenant_id, namespace, key) REFERENCES secrets (tenant_id, namespace, key) ON DELETE CASCADE
);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id   TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    namespace   TEXT,
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_events_by_tenant ON audit_events (tenant_id, id);
