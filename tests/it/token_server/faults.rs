//! The token server's fault paths: answers that are wrong on purpose, canned answers set by a
//! test, and a careless server that echoes the request into its errors.

use super::{Canned, Json, Recorded, ServerState};
use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use time::OffsetDateTime;

pub(super) async fn fault(state: &ServerState, path: &str) -> Response {
    match path {
        "/fault/html500" => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body>Internal error</body></html>",
        )
            .into_response(),
        "/fault/hang" => std::future::pending().await,
        "/fault/huge" => {
            // 50 MiB, chunked (no Content-Length), so only a streaming cap stops it.
            let chunk = Bytes::from(vec![b'a'; 1024 * 1024]);
            let stream = futures_util::stream::iter(
                (0..50).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
            );
            (
                [(header::CONTENT_TYPE, "application/json")],
                Body::from_stream(stream),
            )
                .into_response()
        }
        "/fault/invalid-json" => (
            [(header::CONTENT_TYPE, "application/json")],
            "{\"access_token\": ",
        )
            .into_response(),
        "/fault/jwt-without-expires-in" => {
            let exp = OffsetDateTime::now_utc().unix_timestamp() + 1234;
            let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT","kid":"srv"}"#);
            let payload = URL_SAFE_NO_PAD
                .encode(json!({ "sub": "svc", "exp": exp, "scope": "read" }).to_string());
            Json(json!({ "access_token": format!("{header}.{payload}.c2lnbmF0dXJl"), "token_type": "Bearer" })).into_response()
        }
        "/fault/opaque-without-expiry" => {
            Json(json!({ "access_token": "opaque-token-value", "token_type": "Bearer" }))
                .into_response()
        }
        "/fault/form-encoded" => (
            [(header::CONTENT_TYPE, "application/x-www-form-urlencoded")],
            "access_token=form-token-value&token_type=bearer&expires_in=60",
        )
            .into_response(),
        "/fault/no-access-token" => {
            Json(json!({ "token_type": "Bearer", "expires_in": 60 })).into_response()
        }
        "/fault/redirect" => {
            let target = state.redirect_to.lock().unwrap().clone();
            (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, target)]).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(super) fn canned_answer(canned: Canned) -> Response {
    let mut response = Response::new(Body::from(canned.body));
    *response.status_mut() = StatusCode::from_u16(canned.status).unwrap();
    for (name, value) in canned.headers {
        response.headers_mut().append(
            header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            header::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
    }
    response
}

/// A careless server that puts the whole request back into its error: `/echo/.../app` paths
/// answer like GitHub (`message`), others like an OAuth server (`error_description`), and
/// `/echo/code/...` makes a client_secret sent in the form its `error` code.
pub(super) fn echo(req: &Recorded) -> Response {
    let authorization = req
        .headers
        .get("authorization")
        .cloned()
        .unwrap_or_default();
    let everything = format!(
        "{} {} body={} authorization={authorization} form={:?} headers={:?}",
        req.method, req.path, req.body, req.form, req.headers
    );
    let quoted: String = url::form_urlencoded::byte_serialize(everything.as_bytes()).collect();
    if req.path.ends_with("/app") || req.path.contains("/app/") {
        let answer = json!({
            "message": format!("Bad credentials: {everything}"),
            "documentation_url": format!("https://docs.github.com/rest?echo={quoted}"),
        });
        return (StatusCode::UNAUTHORIZED, Json(answer)).into_response();
    }
    let code = match req.form.get("client_secret") {
        Some(secret) if req.path.starts_with("/echo/code/") => secret.clone(),
        _ => "invalid_client".to_owned(),
    };
    let answer = json!({
        "error": code,
        "error_description": format!("could not authenticate: {everything}"),
        "error_uri": format!("https://docs.example/errors?echo={quoted}"),
        // A second copy in a JSON string inside the description's neighbour.
        "detail": serde_json::to_string(&everything).unwrap(),
    });
    (StatusCode::UNAUTHORIZED, Json(answer)).into_response()
}
