// Declaring the app's commands makes Tauri check each of them against the capabilities
// (capabilities/default.json): a command not granted there cannot be invoked.
const COMMANDS: &[&str] = &[
    "unlock_state",
    "unlock",
    "status",
    "tenant_list",
    "namespace_create",
    "namespace_tree",
    "secret_set",
    "secret_get",
    "secret_copy",
    "secret_list",
    "secret_delete",
    "secret_set_read_only",
    "secret_versions",
    "secret_restore",
    "audit_list",
    "credential_types",
    "credential_type",
    "credential_type_create",
    "credential_apply",
    "credential_list",
    "credential_show",
    "credential_delete",
    "credential_copy",
    "credential_test",
    "credential_test_definition",
    "credential_discover",
    "whoami",
    "principal_create",
    "principal_list",
    "principal_show",
    "principal_set_disabled",
    "principal_delete",
    "role_grant",
    "role_revoke",
    "role_list",
    "token_create",
    "token_list",
    "token_revoke",
    "token_revoke_all",
    "token_rotate",
    "token_copy",
    "kv_set",
    "kv_get",
    "kv_list",
    "kv_delete",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
