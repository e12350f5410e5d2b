-- KV pairs: typed runtime state per namespace (cursors, checkpoints, switches). Not for secrets:
-- values are stored as plain JSON. A TTL is stored as an absolute expires_at (RFC 3339 UTC);
-- expired pairs are invisible to every read at once and purged in the background.

CREATE TABLE kv_pairs (
    tenant_id   TEXT    NOT NULL,
    namespace   TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('string', 'number', 'boolean', 'datetime', 'date', 'duration', 'json')),
    value       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    version     INTEGER NOT NULL,
    expires_at  TEXT,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, namespace, key),
    FOREIGN KEY (tenant_id, namespace) REFERENCES namespaces (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX kv_pairs_by_expiry ON kv_pairs (expires_at) WHERE expires_at IS NOT NULL;
