//! The files `keystead serve` has built in: the web console and the API reference page. Stored
//! brotli-compressed; sent that way only to a client that accepts it; revalidated by ETag.

use crate::http_api::serve;
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use std::io::Read;

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .map_or("", |value| value.to_str().unwrap())
    }
}

async fn fetch(base: &str, method: Method, path: &str, headers: &[(&str, &str)]) -> Answer {
    // No redirects followed, no decompression: the answer as sent.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = client.request(method, format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The file at `path` the same whether sent compressed or not; each form has its own ETag, which
/// gives a 304 (weak or strong, alone or in a list) carrying the same caching headers.
async fn check_file(base: &str, path: &str, content_type: &str, cache_control: &str) -> Vec<u8> {
    let plain = fetch(base, Method::GET, path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(plain.status, StatusCode::OK, "{path}");
    assert_eq!(plain.header(header::CONTENT_ENCODING), "", "{path}");
    assert!(
        plain.header(header::CONTENT_TYPE).starts_with(content_type),
        "{path}: {}",
        plain.header(header::CONTENT_TYPE)
    );
    assert_eq!(plain.header(header::CACHE_CONTROL), cache_control, "{path}");
    assert_eq!(
        plain.header(header::CONTENT_LENGTH),
        plain.body.len().to_string(),
        "{path}"
    );
    let head = fetch(base, Method::HEAD, path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(head.status, StatusCode::OK, "{path}");
    assert!(head.body.is_empty(), "{path}");
    assert_eq!(
        head.header(header::CONTENT_LENGTH),
        plain.body.len().to_string(),
        "{path}"
    );

    let compressed = fetch(
        base,
        Method::GET,
        path,
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(compressed.status, StatusCode::OK, "{path}");
    let etag = plain.header(header::ETAG).to_owned();
    assert!(
        etag.len() == 34 && etag.starts_with('"') && etag.ends_with('"'),
        "{path}: {etag}"
    );
    // A file too small to gain from brotli is sent as it is, the same to every client.
    if plain.body.len() > 1000 {
        assert_eq!(compressed.header(header::CONTENT_ENCODING), "br", "{path}");
    }
    let mut variants = vec![(etag.clone(), "gzip")];
    if compressed.header(header::CONTENT_ENCODING) == "br" {
        assert!(compressed.body.len() < plain.body.len(), "{path}");
        assert_eq!(unbrotli(&compressed.body), plain.body, "{path}");
        assert_eq!(plain.header(header::VARY), "accept-encoding", "{path}");
        assert_eq!(compressed.header(header::VARY), "accept-encoding", "{path}");
        let br_etag = format!("{}-br\"", &etag[..33]);
        assert_eq!(compressed.header(header::ETAG), br_etag, "{path}");
        variants.push((br_etag, "br"));
        // Refusing brotli outright gets the file as it is.
        let refused = fetch(base, Method::GET, path, &[("accept-encoding", "br;q=0, *")]).await;
        assert_eq!(refused.header(header::CONTENT_ENCODING), "", "{path}");
        assert_eq!(refused.body, plain.body, "{path}");
    } else {
        assert_eq!(compressed.body, plain.body, "{path}");
        assert_eq!(compressed.header(header::ETAG), etag, "{path}");
    }
    for (tag, encoding) in variants {
        for validator in [tag.clone(), format!("W/{tag}"), format!("\"other\", {tag}")] {
            let again = fetch(
                base,
                Method::GET,
                path,
                &[("if-none-match", &validator), ("accept-encoding", encoding)],
            )
            .await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path} {validator}");
            assert!(again.body.is_empty(), "{path}");
            assert_eq!(again.header(header::ETAG), tag, "{path}");
            assert_eq!(again.header(header::CACHE_CONTROL), cache_control, "{path}");
        }
    }
    let changed = fetch(base, Method::GET, path, &[("if-none-match", "\"other\"")]).await;
    assert_eq!(changed.status, StatusCode::OK, "{path}");
    plain.body
}

#[tokio::test]
async fn the_console_is_sent_compressed_when_accepted_and_revalidated_by_etag() {
    let s = serve().await;
    let page = check_file(&s.base, "/", "text/html", "no-cache").await;
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("<html"), "{page}");
    assert_eq!(
        check_file(&s.base, "/index.html", "text/html", "no-cache").await,
        page.as_bytes()
    );

    // The page's hashed scripts and styles may be kept for a year.
    let linked: Vec<&str> = page
        .split('"')
        .filter(|part| part.starts_with("./assets/"))
        .collect();
    assert!(linked.iter().any(|path| path.ends_with(".js")), "{page}");
    assert!(linked.iter().any(|path| path.ends_with(".css")), "{page}");
    for path in linked {
        let path = path.trim_start_matches('.');
        let content_type = if path.ends_with(".js") {
            "text/javascript"
        } else {
            "text/css"
        };
        let body = check_file(
            &s.base,
            path,
            content_type,
            "public, max-age=31536000, immutable",
        )
        .await;
        assert!(!body.is_empty(), "{path}");
    }

    let post = fetch(&s.base, Method::POST, "/", &[]).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.header(header::ALLOW), "GET, HEAD");
    // Only names in the table are files: no other method, spelling or path reaches one.
    for (method, path) in [
        (Method::POST, "/nowhere"),
        (Method::GET, "//index.html"),
        (Method::GET, "/INDEX.HTML"),
        (Method::GET, "/assets/index.html%00"),
        (Method::GET, "/index.html/"),
    ] {
        let answer = fetch(&s.base, method.clone(), path, &[]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{method} {path}");
    }
}

#[tokio::test]
async fn the_api_reference_is_swagger_ui_over_the_servers_own_document_from_this_binary() {
    let s = serve().await;
    // Relative, so that it works behind a proxy under a path prefix.
    let moved = fetch(&s.base, Method::GET, "/api/docs", &[]).await;
    assert_eq!(moved.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(moved.header(header::LOCATION), "docs/");

    let page = check_file(&s.base, "/api/docs/", "text/html", "no-cache").await;
    let page = String::from_utf8(page).unwrap();
    let page_answer = fetch(&s.base, Method::GET, "/api/docs/", &[]).await;
    let csp = page_answer.header(header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(csp.contains("connect-src 'self';"), "{csp}");
    for linked in ["swagger-ui.css", "swagger-ui-bundle.js", "api-docs.js"] {
        assert!(page.contains(&format!("\"{linked}\"")), "{page}");
    }
    assert!(
        !page.contains("http"),
        "nothing is loaded from elsewhere: {page}"
    );
    let start = check_file(
        &s.base,
        "/api/docs/api-docs.js",
        "text/javascript",
        "no-cache",
    )
    .await;
    let start = String::from_utf8(start).unwrap();
    assert!(start.contains("\"../v1/openapi.json\""), "{start}");
    assert!(start.contains("validatorUrl: null"), "{start}");
    let bundle = check_file(
        &s.base,
        "/api/docs/swagger-ui-bundle.js",
        "text/javascript",
        "no-cache",
    )
    .await;
    assert!(bundle.len() > 1_000_000, "{}", bundle.len());
    check_file(&s.base, "/api/docs/swagger-ui.css", "text/css", "no-cache").await;

    // The document the page shows, never cached: it changes with the version.
    let spec = fetch(&s.base, Method::GET, "/api/v1/openapi.json", &[]).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert_eq!(spec.header(header::CONTENT_TYPE), "application/json");
    assert_eq!(spec.header(header::CACHE_CONTROL), "no-store");
    let spec: serde_json::Value = serde_json::from_slice(&spec.body).unwrap();
    assert_eq!(spec["info"]["title"], "Keystead API");

    // Swagger UI's licence travels with it; its bundle points to it.
    let licence = check_file(&s.base, "/api/docs/LICENSE", "text/plain", "no-cache").await;
    assert!(
        String::from_utf8(licence)
            .unwrap()
            .contains("Apache License")
    );
    check_file(
        &s.base,
        "/api/docs/swagger-ui-bundle.js.LICENSE.txt",
        "text/plain",
        "no-cache",
    )
    .await;

    // Anything else under /api is the API's: JSON errors, never cached.
    for (method, path, status) in [
        (
            Method::GET,
            "/api/docs/swagger-ui.js.map",
            StatusCode::NOT_FOUND,
        ),
        (Method::POST, "/api/docs/", StatusCode::METHOD_NOT_ALLOWED),
        (
            Method::DELETE,
            "/api/docs/api-docs.js",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (Method::POST, "/api/docs", StatusCode::METHOD_NOT_ALLOWED),
    ] {
        let answer = fetch(&s.base, method.clone(), path, &[]).await;
        assert_eq!(answer.status, status, "{method} {path}");
        assert_eq!(
            answer.header(header::CONTENT_TYPE),
            "application/json",
            "{method} {path}"
        );
        assert_eq!(
            answer.header(header::CACHE_CONTROL),
            "no-store",
            "{method} {path}"
        );
    }
    assert_eq!(moved.header(header::CACHE_CONTROL), "no-store");
}
