//! The OpenAPI document against the routes the clients use and the `Keystead` methods.

use super::serve;
use keystead::api::dto::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Which route serves each `Keystead` method (the remote CLI and the web console use these).
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("tenant_create", "post", "/api/v1/tenants"),
    ("tenant_list", "get", "/api/v1/tenants"),
    ("whoami", "get", "/api/v1/whoami"),
    ("namespace_create", "post", "/api/v1/{tenant}/namespaces"),
    ("namespace_tree", "get", "/api/v1/{tenant}/namespaces"),
    (
        "namespace_delete",
        "delete",
        "/api/v1/{tenant}/namespaces/{namespace}",
    ),
    (
        "secret_list",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets",
    ),
    (
        "secret_resolve",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}",
    ),
    (
        "secret_set",
        "put",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}",
    ),
    (
        "secret_delete",
        "delete",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}",
    ),
    (
        "secret_get",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/meta",
    ),
    (
        "secret_get",
        "post",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/reveal",
    ),
    (
        "secret_describe",
        "put",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/description",
    ),
    (
        "secret_set_read_only",
        "put",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/read-only",
    ),
    (
        "secret_versions",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/versions",
    ),
    (
        "secret_restore",
        "post",
        "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/versions/{version}/restore",
    ),
    (
        "secret_import",
        "post",
        "/api/v1/{tenant}/namespaces/{namespace}/secret-import",
    ),
    (
        "secret_export",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/secret-export",
    ),
    ("credential_list", "get", "/api/v1/{tenant}/credentials"),
    ("credential_apply", "post", "/api/v1/{tenant}/credentials"),
    (
        "credential_show",
        "get",
        "/api/v1/{tenant}/credentials/{name}",
    ),
    (
        "credential_show",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}",
    ),
    (
        "credential_delete",
        "delete",
        "/api/v1/{tenant}/credentials/{name}",
    ),
    (
        "credential_delete",
        "delete",
        "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}",
    ),
    (
        "credential_copy",
        "post",
        "/api/v1/{tenant}/credentials/{name}/copy",
    ),
    (
        "credential_copy",
        "post",
        "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}/copy",
    ),
    (
        "credential_test",
        "post",
        "/api/v1/{tenant}/credentials/{name}/test",
    ),
    (
        "credential_test",
        "post",
        "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}/test",
    ),
    (
        "credential_token",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}/token",
    ),
    (
        "credential_test_definition",
        "post",
        "/api/v1/{tenant}/credential-test",
    ),
    (
        "credential_discover",
        "post",
        "/api/v1/{tenant}/credential-discovery",
    ),
    (
        "credential_types",
        "get",
        "/api/v1/{tenant}/credential-types",
    ),
    (
        "credential_type",
        "get",
        "/api/v1/{tenant}/credential-types/{id}",
    ),
    (
        "credential_type_create",
        "post",
        "/api/v1/{tenant}/credential-types",
    ),
    (
        "credential_type_update",
        "put",
        "/api/v1/{tenant}/credential-types/{id}",
    ),
    (
        "credential_type_delete",
        "delete",
        "/api/v1/{tenant}/credential-types/{id}",
    ),
    ("audit_list", "get", "/api/v1/{tenant}/audit"),
    ("expiring", "get", "/api/v1/{tenant}/expiring"),
    ("principal_list", "get", "/api/v1/{tenant}/principals"),
    ("principal_create", "post", "/api/v1/{tenant}/principals"),
    (
        "principal_show",
        "get",
        "/api/v1/{tenant}/principals/{name}",
    ),
    (
        "principal_delete",
        "delete",
        "/api/v1/{tenant}/principals/{name}",
    ),
    (
        "principal_set_disabled",
        "post",
        "/api/v1/{tenant}/principals/{name}/disable",
    ),
    (
        "principal_set_disabled",
        "post",
        "/api/v1/{tenant}/principals/{name}/enable",
    ),
    (
        "token_revoke_all",
        "post",
        "/api/v1/{tenant}/principals/{name}/revoke-tokens",
    ),
    ("role_list", "get", "/api/v1/{tenant}/role-bindings"),
    ("role_grant", "post", "/api/v1/{tenant}/role-bindings"),
    (
        "role_revoke",
        "post",
        "/api/v1/{tenant}/role-bindings/revoke",
    ),
    ("token_list", "get", "/api/v1/{tenant}/tokens"),
    ("token_create", "post", "/api/v1/{tenant}/tokens"),
    (
        "token_revoke",
        "post",
        "/api/v1/{tenant}/tokens/{id}/revoke",
    ),
    (
        "token_rotate",
        "post",
        "/api/v1/{tenant}/tokens/{id}/rotate",
    ),
    (
        "kv_list",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/kv",
    ),
    (
        "kv_get",
        "get",
        "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}",
    ),
    (
        "kv_set",
        "put",
        "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}",
    ),
    (
        "kv_delete",
        "delete",
        "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}",
    ),
];

#[tokio::test]
async fn the_openapi_document_covers_every_route_and_every_api_method() {
    let s = serve().await;
    let response = s
        .http
        .get(format!("{}/api/v1/openapi.json", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let spec: Value = response.json().await.unwrap();
    let mut documented = BTreeSet::new();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let expected: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(_, m, p)| ((*m).to_owned(), (*p).to_owned()))
        .chain([("get".to_owned(), "/api/v1/health".to_owned())])
        .collect();
    assert_eq!(
        documented, expected,
        "routes and their OpenAPI entries must match the table"
    );
    // Every api method (the ones the RBAC matrix covers) is served by some route.
    let served: BTreeSet<&str> = ROUTES.iter().map(|(name, _, _)| *name).collect();
    // The key lifecycle is for the administrator at the machine only: no route serves it. An import
    // with progress is the import route's method with a callback the desktop passes (HTTP has none).
    for method in crate::rbac::api_methods()
        .into_iter()
        .filter(|m| !m.starts_with("key_") && m != "secret_import_with_progress")
    {
        assert!(
            served.contains(method.as_str()),
            "{method} has no HTTP route"
        );
    }
    // Each documented route answers something other than 404/405 (it exists in the router).
    let token = s.account("root", Role::Admin, None).await;
    for (_, method, path) in ROUTES {
        let concrete = path
            .replace("{tenant}", "main")
            .replace("{namespace}", "company")
            .replace("{key}", "K")
            .replace("{name}", "n")
            .replace("{id}", "abcdefgh")
            .replace("{version}", "1");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let (status, _, body) = s
            .call(method.clone(), &concrete, Some(&token), Some(json!({})))
            .await;
        assert!(
            status != StatusCode::METHOD_NOT_ALLOWED
                && !(status == StatusCode::NOT_FOUND
                    && body["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("no such route")),
            "{method} {concrete}: {status} {body}"
        );
    }
}
