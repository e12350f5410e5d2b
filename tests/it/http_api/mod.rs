//! `keystead serve` on port 0 with a real SQLite data dir: the machine routes, every refusal a
//! client can meet and revocation on the next request; `transport` has health, the console's
//! paths, TLS and slow clients; `openapi` the document that covers the whole command surface.

mod openapi;
mod transport;

use crate::support::{admin, api_token, open, service_account, set};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use keystead::api::Keystead;
use keystead::api::dto::*;
use keystead::http::{RunningServer, ServeOptions};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
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
        service_account(&self.k, name, Some((role, namespace))).await;
        api_token(&self.k, name, "ci", Some("P1D")).await.token
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_created_without_max_age_expires_in_30_days_and_null_means_never() {
    let s = serve().await;
    let admin_token = s.account("ops", Role::Admin, None).await;
    let create = |body: Value| {
        s.call(
            Method::POST,
            "/api/v1/main/tokens",
            Some(&admin_token),
            Some(body),
        )
    };
    let (status, _, absent) = create(json!({"principal": "ops", "name": "absent"})).await;
    assert_eq!(status, StatusCode::CREATED, "{absent}");
    assert_eq!(absent["info"]["max_age"], "P30D", "{absent}");
    let expires = time::OffsetDateTime::parse(
        absent["info"]["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let days = (expires - time::OffsetDateTime::now_utc()).whole_hours() as f64 / 24.0;
    assert!((29.9..=30.0).contains(&days), "{days}");

    for never in [json!(null), json!("never")] {
        let (status, _, body) =
            create(json!({"principal": "ops", "name": "never", "max_age": never})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["info"]["expires_at"], Value::Null, "{body}");
    }
    // An empty max age is a script's unset variable, not "never".
    for empty in ["", " "] {
        let (status, _, body) =
            create(json!({"principal": "ops", "name": "empty", "max_age": empty})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("empty"),
            "{body}"
        );
    }
}

/// DESIGN: revocation takes effect on the next request, across processes too. The CLI revokes
/// (another process, on the same data dir) while the server keeps answering the token; the first
/// request after the CLI returns is refused.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_by_another_process_is_refused_on_the_next_request() {
    let s = serve().await;
    let token = s.account("ci", Role::Use, Some("prod")).await;
    set(&s.k, "prod", "K", "v").await.unwrap();
    let path = "/api/v1/main/namespaces/prod/secrets/K";
    assert_eq!(s.get(path, &token).await.0, StatusCode::OK);
    let cli = crate::support::Cli::new(s.dir.path());
    let prefix = token[..12].to_owned();
    let revoke = tokio::task::spawn_blocking(move || cli.run(&["token", "revoke", &prefix], b""));
    // Answered until then (the server may see the revocation before the CLI has exited).
    while !revoke.is_finished() {
        let _ = s.get(path, &token).await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let out = revoke.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, body) = s.get(path, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}
