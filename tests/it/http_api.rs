//! `keystead serve` on port 0 with a real SQLite data dir: the machine routes, every refusal a
//! client can meet, revocation on the next request, TLS, and an OpenAPI document that covers the
//! whole command surface.

use crate::support::{admin, open, set};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use keystead::api::Keystead;
use keystead::api::dto::*;
use keystead::http::{RunningServer, ServeOptions, TlsFiles};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

pub struct Served {
    pub k: Arc<Keystead>,
    pub server: RunningServer,
    pub base: String,
    pub http: reqwest::Client,
    pub dir: tempfile::TempDir,
}

pub async fn serve() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let k = Arc::new(open(dir.path()).await);
    let server = keystead::http::start(
        Arc::clone(&k),
        ServeOptions::new("127.0.0.1:0".parse().unwrap()),
    )
    .await
    .unwrap();
    Served {
        base: server.url(),
        k,
        server,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        dir,
    }
}

impl Served {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, headers, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::GET, path, Some(token), None).await;
        (status, body)
    }

    /// A service account with `role` on `namespace` (tenant level when `None`) and its token.
    pub async fn account(&self, name: &str, role: Role, namespace: Option<&str>) -> String {
        self.k
            .principal_create(
                &admin(),
                PrincipalCreateRequest {
                    tenant: "main".into(),
                    name: name.into(),
                    kind: PrincipalKind::ServiceAccount,
                    description: String::new(),
                },
            )
            .await
            .unwrap();
        self.k
            .role_grant(
                &admin(),
                RoleChangeRequest {
                    tenant: "main".into(),
                    principal: name.into(),
                    role,
                    namespace: namespace.map(str::to_owned),
                },
            )
            .await
            .unwrap();
        self.k
            .token_create(
                &admin(),
                TokenCreateRequest {
                    tenant: "main".into(),
                    principal: name.into(),
                    name: "ci".into(),
                    description: String::new(),
                    max_age: Some("P1D".into()),
                    extended: false,
                    narrowing: None,
                },
            )
            .await
            .unwrap()
            .token
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_use_token_gets_a_secret_and_a_credential_token_in_a_child_namespace_only() {
    let oauth = TokenServer::start().await;
    let s = serve().await;
    set(&s.k, "company", "OKTA_SECRET", CLIENT_SECRET)
        .await
        .unwrap();
    set(&s.k, "company.team", "API_KEY", "team-value")
        .await
        .unwrap();
    set(&s.k, "other", "API_KEY", "other-value").await.unwrap();
    let def = CredentialDefinition {
        namespace: Some("company".into()),
        name: "okta".into(),
        type_id: "oauth2_client_credentials".into(),
        description: String::new(),
        inputs: json!({"token_url": oauth.url("/token"), "client_id": CLIENT_ID,
                       "client_secret": "{{ secret('OKTA_SECRET') }}"})
        .as_object()
        .unwrap()
        .clone(),
        settings: Default::default(),
    };
    s.k.credential_apply(&admin(), "main", def).await.unwrap();
    let token = s.account("ci-deployer", Role::Use, Some("company")).await;

    let (status, headers, body) = s
        .call(
            Method::GET,
            "/api/v1/main/namespaces/company.team/secrets/API_KEY",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"key": "API_KEY", "value": "team-value", "origin": "company.team", "version": 1})
    );
    assert_eq!(headers["cache-control"], "no-store");
    let (status, minted) = s
        .get(
            "/api/v1/main/namespaces/company.team/credentials/okta/token",
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{minted}");
    assert_eq!(minted["access_token"], oauth.issued()[0].as_str());
    let (_, again) = s
        .get(
            "/api/v1/main/namespaces/company.team/credentials/okta/token",
            &token,
        )
        .await;
    assert_eq!(
        again["access_token"], minted["access_token"],
        "served from the cache"
    );
    assert_eq!(oauth.issued().len(), 1);

    for path in [
        "/api/v1/main/namespaces/other/secrets/API_KEY",
        "/api/v1/main/namespaces/other/credentials/okta/token",
        "/api/v1/main/namespaces/company2/secrets/API_KEY",
    ] {
        let (status, body) = s.get(path, &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert_eq!(body["code"], "forbidden");
    }

    let id = &token[4..12];
    s.k.token_revoke(&admin(), "main", id).await.unwrap();
    let (status, headers, body) = s
        .call(
            Method::GET,
            "/api/v1/main/namespaces/company.team/secrets/API_KEY",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(body["message"].as_str().unwrap().contains("revoked"));
    assert!(
        headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );

    let uses =
        s.k.audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("secret.use".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let read = uses.iter().find(|e| e.target == "API_KEY").unwrap();
    let via = read.via.as_deref().unwrap();
    assert!(
        via.starts_with("kst_") && via.ends_with("from 127.0.0.1"),
        "{via}"
    );
}

#[tokio::test]
async fn refusals_carry_their_status_code_and_a_json_body() {
    let s = serve().await;
    let admin_token = s.account("root", Role::Admin, None).await;
    let reader = s.account("reader", Role::Read, Some("company")).await;
    set(&s.k, "company", "K", "v").await.unwrap();

    let (status, headers, body) = s
        .call(Method::GET, "/api/v1/main/namespaces", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["www-authenticate"], "Bearer realm=\"keystead\"");
    assert_eq!(body["code"], "unauthenticated");

    let (status, body) = s.get("/api/v1/main/namespaces", "kst_nonsense").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = s
        .get("/api/v1/main/namespaces/company/secrets/K", &reader)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, body) = s
        .get("/api/v1/main/namespaces/company/secrets/NOPE", &admin_token)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, body) = s.get("/api/v1/main/no/such/route", &admin_token).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );

    let principal = json!({"name": "dup", "kind": "service_account"});
    let (status, _, _) = s
        .call(
            Method::POST,
            "/api/v1/main/principals",
            Some(&admin_token),
            Some(principal.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _, body) = s
        .call(
            Method::POST,
            "/api/v1/main/principals",
            Some(&admin_token),
            Some(principal),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("conflict"))
    );

    let huge = json!({"value": "x".repeat(3 * 1024 * 1024)});
    let (status, _, body) = s
        .call(
            Method::PUT,
            "/api/v1/main/namespaces/company/secrets/BIG",
            Some(&admin_token),
            Some(huge),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "payload_too_large");

    let response = s
        .http
        .put(format!(
            "{}/api/v1/main/namespaces/company/secrets/K",
            s.base
        ))
        .bearer_auth(&admin_token)
        .body("{\"value\": \"v\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = s
        .http
        .put(format!(
            "{}/api/v1/main/namespaces/company/secrets/K",
            s.base
        ))
        .bearer_auth(&admin_token)
        .header("content-type", "application/json")
        .body("{\"value\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_input");

    let (status, _, body) = s
        .call(
            Method::PATCH,
            "/api/v1/main/namespaces",
            Some(&admin_token),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    );
}

#[tokio::test]
async fn repeated_failed_authentication_is_limited_per_address_even_for_a_right_token() {
    let s = serve().await;
    let token = s.account("svc", Role::Read, None).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let (status, _) = s.get("/api/v1/main/namespaces", "kst_guess").await;
        statuses.push(status.as_u16());
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(statuses[10], 429, "{statuses:?}");
    let (status, headers, body) = s
        .call(Method::GET, "/api/v1/main/namespaces", Some(&token), None)
        .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a right guess does not slip through"
    );
    assert_eq!(body["code"], "rate_limited");
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let failures =
        s.k.audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("auth.failed".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(failures.len() >= 10, "failed authentications are audited");
    assert!(failures.iter().all(|e| !e.detail.contains("kst_guess")));
}

#[tokio::test]
async fn health_needs_no_token_and_plain_http_on_a_public_address_is_refused() {
    let s = serve().await;
    let response = s
        .http
        .get(format!("{}/api/v1/health", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let err = keystead::http::start(
        Arc::clone(&s.k),
        ServeOptions::new("0.0.0.0:0".parse().unwrap()),
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("--insecure-http"), "{err}");
}

#[tokio::test]
async fn the_console_is_served_at_the_root_and_other_paths_are_a_plain_not_found_page() {
    let s = serve().await;
    let (status, headers, body) = s.call(Method::GET, "/", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        headers[reqwest::header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert!(body.as_str().unwrap().contains("<html"), "{body}");
    // A deep link must not serve the app (its relative assets would not load there), nor echo the path.
    for path in [
        "/secrets/main/API_KEY",
        "/assets/index-gone.js",
        "/%3Cscript%3Ealert(1)%3C/script%3E",
    ] {
        let (status, headers, body) = s.call(Method::GET, path, None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            headers[reqwest::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        let page = body.as_str().unwrap();
        assert!(page.contains("href=\"/\""), "{page}");
        assert!(!page.contains("script"), "{page}");
        assert!(!page.contains("API_KEY"), "{page}");
    }
    // Unknown API paths stay JSON.
    let (status, _, body) = s.call(Method::GET, "/api/v1/nowhere", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn https_is_served_with_the_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let k = Arc::new(open(dir.path()).await);
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let server = keystead::http::start(
        Arc::clone(&k),
        ServeOptions {
            tls: Some(TlsFiles { cert, key }),
            ..ServeOptions::new("127.0.0.1:0".parse().unwrap())
        },
    )
    .await
    .unwrap();
    let port = server.local_addr().port();
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(certified.cert.pem().as_bytes()).unwrap()])
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .unwrap();
    let response = client
        .get(format!("https://localhost:{port}/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(server.url().starts_with("https://"));
    server.shutdown(Duration::from_secs(1)).await.unwrap();

    let wrong = dir.path().join("missing.pem");
    let err = keystead::http::start(
        k,
        ServeOptions {
            tls: Some(TlsFiles {
                cert: wrong.clone(),
                key: wrong,
            }),
            ..ServeOptions::new("127.0.0.1:0".parse().unwrap())
        },
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("TLS certificate"), "{err}");
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = serve().await;
    let mut socket = tokio::net::TcpStream::connect(s.server.local_addr())
        .await
        .unwrap();
    socket
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 256];
    let read = tokio::time::timeout(Duration::from_secs(30), socket.read(&mut buf)).await;
    assert!(read.is_ok(), "the server closed the connection");
    assert!(started.elapsed() < Duration::from_secs(20));
}

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
