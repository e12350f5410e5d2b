-- A counter that every change to what a Keystead process keeps in memory (API tokens, roles,
-- tenants, namespaces, secrets, credentials, keys) moves forward, in the same transaction. A
-- running server reads it at most every 250 ms, so a change made by another process on the same
-- data dir (the CLI revoking a token, say) reaches its caches within that time; its own changes
-- reach them at once. KV pairs and the audit log are not cached and do not move it; neither does
-- an API token's last use.
CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TRIGGER key_material_insert_counts AFTER INSERT ON key_material
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER key_material_update_counts AFTER UPDATE ON key_material
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER key_material_delete_counts AFTER DELETE ON key_material
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER tenants_insert_counts AFTER INSERT ON tenants
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER tenants_update_counts AFTER UPDATE ON tenants
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER tenants_delete_counts AFTER DELETE ON tenants
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER data_keys_insert_counts AFTER INSERT ON data_keys
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER data_keys_update_counts AFTER UPDATE ON data_keys
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER data_keys_delete_counts AFTER DELETE ON data_keys
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER namespaces_insert_counts AFTER INSERT ON namespaces
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER namespaces_update_counts AFTER UPDATE ON namespaces
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER namespaces_delete_counts AFTER DELETE ON namespaces
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER secrets_insert_counts AFTER INSERT ON secrets
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER secrets_update_counts AFTER UPDATE ON secrets
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER secrets_delete_counts AFTER DELETE ON secrets
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER secret_versions_insert_counts AFTER INSERT ON secret_versions
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER secret_versions_update_counts AFTER UPDATE ON secret_versions
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER secret_versions_delete_counts AFTER DELETE ON secret_versions
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER credential_types_insert_counts AFTER INSERT ON credential_types
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER credential_types_update_counts AFTER UPDATE ON credential_types
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER credential_types_delete_counts AFTER DELETE ON credential_types
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER credentials_insert_counts AFTER INSERT ON credentials
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER credentials_update_counts AFTER UPDATE ON credentials
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER credentials_delete_counts AFTER DELETE ON credentials
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER principals_insert_counts AFTER INSERT ON principals
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER principals_update_counts AFTER UPDATE ON principals
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER principals_delete_counts AFTER DELETE ON principals
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER role_bindings_insert_counts AFTER INSERT ON role_bindings
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER role_bindings_update_counts AFTER UPDATE ON role_bindings
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER role_bindings_delete_counts AFTER DELETE ON role_bindings
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER api_tokens_insert_counts AFTER INSERT ON api_tokens
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER api_tokens_update_counts AFTER UPDATE OF tenant_id, principal, name, token_hash, max_age, extended, narrow_role, narrow_scope, expires_at, revoked_at ON api_tokens
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER api_tokens_delete_counts AFTER DELETE ON api_tokens
BEGIN UPDATE change_counter SET value = value + 1 WHERE id = 1; END;
