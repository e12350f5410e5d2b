//! What `keystead serve` does below the API: health without a token, plain http refused on a
//! public address, the console's paths, TLS, and a client that never finishes its headers.

use super::serve;
use crate::support::open;
use keystead::http::{ServeOptions, TlsFiles};
use reqwest::{Method, StatusCode};
use std::sync::Arc;
use std::time::Duration;

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

#[tokio::test]
async fn the_remote_cli_says_when_https_meets_a_plain_http_server() {
    let s = serve().await;
    let https = s.base.replacen("http://", "https://", 1);
    let client = keystead::http::Client::new(&https, "kst_x".to_owned().into(), None).unwrap();
    let err = client.whoami().await.unwrap_err().to_string();
    assert!(err.contains("TLS handshake failed"), "{err}");
    assert!(err.contains("http://"), "{err}");
}

#[tokio::test]
async fn an_over_long_target_or_header_block_is_refused_with_a_json_body_that_says_the_limit() {
    let s = serve().await;
    let long = "a".repeat(10 * 1024);
    let (status, _, body) = s
        .call(
            Method::GET,
            &format!("/api/v1/main/audit?actor={long}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::URI_TOO_LONG, "{body}");
    assert_eq!(body["code"], "payload_too_large");
    assert!(
        body["message"].as_str().unwrap().contains("more than 8192"),
        "{body}"
    );

    let mut request = s.http.get(format!("{}/api/v1/health", s.base));
    for n in 0..70 {
        request = request.header(format!("x-extra-{n}"), "1");
    }
    let response = request.send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("at most 64 headers"),
        "{body}"
    );

    let big = "b".repeat(50 * 1024);
    let response = s
        .http
        .get(format!("{}/api/v1/health", s.base))
        .header("x-big", big)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["code"],
        "payload_too_large"
    );
}

#[tokio::test]
async fn a_body_declared_larger_than_accepted_is_refused_before_it_arrives() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = serve().await;
    let mut socket = tokio::net::TcpStream::connect(s.server.local_addr())
        .await
        .unwrap();
    socket
        .write_all(
            b"PUT /api/v1/main/namespaces/jobs/kv/k HTTP/1.1\r\nHost: x\r\n\
              Content-Type: application/json\r\nContent-Length: 3145728\r\n\r\n{",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    // Well before the 15 s a stalled body is given.
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        while !String::from_utf8_lossy(&answer).contains("}") {
            let n = socket.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
        }
    })
    .await;
    assert!(read.is_ok(), "answered at once");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
}

#[tokio::test]
async fn a_body_that_does_not_fit_is_described_without_its_content() {
    let s = serve().await;
    let token = s.account("ops", keystead::access::Role::Admin, None).await;
    for body in [
        serde_json::json!({"value": "x", "sk_live_KEYLEAK": 1}),
        serde_json::json!({"value": "x", "type": "sk_live_KEYLEAK"}),
        serde_json::json!({"value": "x", "description": ["sk_live_KEYLEAK"]}),
    ] {
        let (status, _, answer) = s
            .call(
                Method::PUT,
                "/api/v1/main/namespaces/jobs/kv/k",
                Some(&token),
                Some(body.clone()),
            )
            .await;
        assert_eq!(status.as_u16() / 100, 4, "{body}: {answer}");
        assert!(!answer.to_string().contains("KEYLEAK"), "{body}: {answer}");
    }
}
