//! Reading a token endpoint's answer (RFC 6749 §5.1 success, §5.2 error).

use super::expiry::{self, Stated};
use super::failure::MintFailure;
use super::http::Reply;
use super::spec::DEFAULT_EXPIRES_IN;
use super::{ExpirySource, Minted};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::SecretString;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

/// Parses a §5.1 success or a §5.2 error into a token or a failure.
pub(crate) fn read(reply: &Reply, scope_requested: Option<&str>) -> Result<Minted, MintFailure> {
    let fields = parse_fields(reply);
    if !(200..300).contains(&reply.status) {
        return Err(error_from(reply, fields.as_ref()));
    }
    let Some(fields) = fields else {
        let what = match serde_json::from_slice::<Value>(&reply.body) {
            Ok(other) => format!(
                "JSON {}, not the object of fields RFC 6749 §5.1 asks for",
                json_kind(&other)
            ),
            Err(_) => "a body that is neither JSON nor form-encoded".to_owned(),
        };
        return Err(MintFailure::bad_response(
            reply.status,
            format!(
                "HTTP {} with {what} ({})",
                reply.status,
                describe_body(reply)
            ),
        ));
    };
    let Some(token) = text(&fields, "access_token").filter(|t| !t.is_empty()) else {
        return Err(MintFailure::bad_response(
            reply.status,
            format!("HTTP {} without an access_token", reply.status),
        ));
    };
    if let Some(refused) = unusable_token(reply.status, &token) {
        return Err(refused);
    }
    let stated_type = text(&fields, "token_type").map(|t| t.trim().to_owned());
    let token_type = match stated_type.filter(|t| !t.is_empty()) {
        None => "Bearer".to_owned(),
        Some(t) if is_token_type(&t) => t,
        Some(_) => {
            return Err(MintFailure::bad_response(
                reply.status,
                format!(
                    "HTTP {} with a token_type that is not a token type (RFC 6749 §7.1)",
                    reply.status
                ),
            ));
        }
    };
    let claims = decode_jwt(&token);
    let now = OffsetDateTime::now_utc();
    let jwt_exp = claims
        .as_ref()
        .and_then(|c| c.pointer("/payload/exp"))
        .and_then(expiry::unix_seconds);
    let stated = expiry::stated_seconds(fields.get("expires_in"));
    let set_aside = |instead: &str| {
        (stated == Stated::Unusable)
            .then(|| format!("the server's expires_in is not a number of seconds: {instead}"))
    };
    let (expiry, source, fallback_note) = match (stated, jwt_exp) {
        (Stated::Seconds(seconds), _) => (
            expiry::after(now, seconds, "expires_in"),
            ExpirySource::ExpiresIn,
            None,
        ),
        (Stated::Negative, _) => (
            expiry::already_expired(now, "expires_in"),
            ExpirySource::ExpiresIn,
            None,
        ),
        (_, Some(exp)) => (
            expiry::at(now, exp, "the access token's JWT exp"),
            ExpirySource::JwtExp,
            set_aside("used the access token's JWT exp"),
        ),
        (_, None) => (
            expiry::after(now, DEFAULT_EXPIRES_IN, "the default"),
            ExpirySource::Default,
            set_aside(&format!("assumed {DEFAULT_EXPIRES_IN} s")),
        ),
    };
    let note = [fallback_note, expiry.note]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    Ok(Minted {
        access_token: SecretString::from(token),
        token_type,
        expires_in: Some(expiry.expires_in),
        expires_at: expiry.expires_at,
        expiry_source: source,
        expiry_note: (!note.is_empty()).then(|| note.join("; ")),
        scope_requested: scope_requested.map(str::to_owned),
        // RFC 6749 §5.1: an omitted scope means the requested one was granted.
        scope_granted: text(&fields, "scope").or_else(|| scope_requested.map(str::to_owned)),
        claims,
    })
}

/// An access token is printable ASCII (RFC 6749 appendix A.12: VSCHAR): callers put it in an
/// Authorization header and in shell variables, where a line break would start another header.
/// Refused otherwise, without showing it.
pub(crate) fn unusable_token(status: u16, token: &str) -> Option<MintFailure> {
    let printable = token.bytes().all(|b| (0x20..=0x7e).contains(&b));
    (!printable).then(|| {
        MintFailure::bad_response(
            status,
            format!(
                "HTTP {status} with an access token that holds a line break, a control \
                 character or non-ASCII text (RFC 6749 allows printable ASCII only); a client \
                 would put it in an HTTP header: ask the server's operator"
            ),
        )
    })
}

/// RFC 6749 §7.1: what callers put in front of the token in an Authorization header.
fn is_token_type(value: &str) -> bool {
    value.len() <= 64 && is_token(value)
}

/// An RFC 9110 token (no spaces, quotes, separators or control characters).
fn is_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// JSON object first; form-encoded as a fallback (some older servers answer that way).
pub(crate) fn parse_fields(reply: &Reply) -> Option<Map<String, Value>> {
    if let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&reply.body) {
        return Some(object);
    }
    let body = std::str::from_utf8(&reply.body).ok()?.trim();
    let looks_like_form = reply
        .content_type()
        .starts_with("application/x-www-form-urlencoded")
        || (!body.is_empty() && body.contains('=') && !body.contains(['<', '{', ' ', '\n']));
    if !looks_like_form {
        return None;
    }
    let object: Map<String, Value> = url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    (!object.is_empty()).then_some(object)
}

fn error_from(reply: &Reply, fields: Option<&Map<String, Value>>) -> MintFailure {
    let code = fields
        .and_then(|f| text(f, "error"))
        .filter(|c| is_error_code(c));
    let Some(code) = code else {
        return MintFailure::bad_response(
            reply.status,
            format!(
                "HTTP {} without an RFC 6749 error document ({})",
                reply.status,
                describe_body(reply)
            ),
        );
    };
    let mut failure = MintFailure::from_server(&code, reply.status);
    // Kept whole here: scrubbing comes before clipping, so that a cut cannot leave half a secret.
    failure.error_description = fields.and_then(|f| text(f, "error_description"));
    failure.error_uri = fields.and_then(|f| text(f, "error_uri"));
    failure
}

/// RFC 6749 §5.2: error codes are printable ASCII without `"` and `\`; anything else is not one.
fn is_error_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
}

/// For messages: what kind of JSON value a body holds (never its content).
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true or false",
        Value::Null => "null",
        Value::Object(_) => "an object",
    }
}

/// Names the body's kind and size, never its content (it could echo what was sent). An odd
/// content type is not repeated either: it is the server's text too.
pub(crate) fn describe_body(reply: &Reply) -> String {
    let kind = reply.content_type().split(';').next().unwrap_or("").trim();
    let is_media_type = kind.len() <= 100
        && kind
            .split_once('/')
            .is_some_and(|(t, s)| is_token(t) && is_token(s));
    let kind = match kind {
        "" => "no content type".to_owned(),
        kind if is_media_type => kind.to_ascii_lowercase(),
        _ => "an unreadable content type".to_owned(),
    };
    format!("{kind}, {} bytes", reply.body.len())
}

fn text(fields: &Map<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{header, payload}` of a compact JWS, decoded without verification (display only).
pub(crate) fn decode_jwt(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let decode = |segment: &str| -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
        match serde_json::from_slice(&bytes).ok()? {
            object @ Value::Object(_) => Some(object),
            _ => None,
        }
    };
    Some(json!({ "header": decode(header)?, "payload": decode(payload)? }))
}

/// A `bad_response` for an answer that should have been JSON.
pub(crate) fn not_json(reply: &Reply) -> MintFailure {
    MintFailure::bad_response(
        reply.status,
        format!(
            "HTTP {} with a body that is not JSON ({})",
            reply.status,
            describe_body(reply)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, content_type: &str, body: &str) -> Reply {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::CONTENT_TYPE, content_type.parse().unwrap());
        Reply {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn form_encoded_success_is_accepted() {
        let r = reply(
            200,
            "application/x-www-form-urlencoded",
            "access_token=abc&token_type=bearer&expires_in=120",
        );
        let minted = read(&r, None).unwrap();
        assert_eq!(minted.expires_in, Some(120));
        assert_eq!(minted.token_type, "bearer");
    }

    #[test]
    fn json_that_is_not_an_object_is_named_for_what_it_is() {
        for (body, kind) in [
            (r#"[{"access_token":"abc"}]"#, "JSON an array"),
            (r#""abc""#, "JSON a string"),
            ("<html>abc</html>", "neither JSON nor form-encoded"),
        ] {
            let failure = read(&reply(200, "application/json", body), None).unwrap_err();
            let message = failure.error_description.unwrap_or_default();
            assert!(message.contains(kind), "{body}: {message}");
            assert!(!message.contains("abc"), "no content: {message}");
        }
    }

    #[test]
    fn a_negative_expires_in_is_an_expired_token() {
        let r = reply(
            200,
            "application/json",
            r#"{"access_token":"abc","expires_in":-5}"#,
        );
        let minted = read(&r, None).unwrap();
        assert_eq!(minted.expires_in, Some(0));
        assert!(minted.expires_at <= OffsetDateTime::now_utc());
        let note = minted.expiry_note.unwrap_or_default();
        assert!(note.contains("already expired"), "{note}");
    }

    #[test]
    fn expires_in_as_string_is_accepted() {
        let r = reply(
            200,
            "application/json",
            r#"{"access_token":"abc","expires_in":"90"}"#,
        );
        let minted = read(&r, Some("a b")).unwrap();
        assert_eq!(
            (minted.expires_in, minted.expiry_source),
            (Some(90), ExpirySource::ExpiresIn)
        );
        assert_eq!(minted.scope_granted.as_deref(), Some("a b"));
    }

    #[test]
    fn token_type_that_would_break_a_header_is_refused() {
        for (stated, expected) in [("\"\"", Some("Bearer")), ("\"DPoP\"", Some("DPoP"))] {
            let body = format!(r#"{{"access_token":"abc","token_type":{stated}}}"#);
            let minted = read(&reply(200, "application/json", &body), None).ok();
            assert_eq!(
                minted.map(|m| m.token_type).as_deref(),
                expected,
                "{stated}"
            );
        }
        let body = r#"{"access_token":"abc","token_type":"Bearer\r\nX-Injected: 1"}"#;
        let failure = read(&reply(200, "application/json", body), None).unwrap_err();
        assert_eq!(failure.code, "bad_response");
        assert!(!failure.to_string().contains("Injected"), "{failure}");
    }

    #[test]
    fn an_access_token_that_would_break_a_header_is_refused_unshown() {
        for token in ["abc\r\nX-Injected: 1", "abc\tdef", "abc\u{7f}", "jetón"] {
            let body = serde_json::json!({ "access_token": token }).to_string();
            let failure = read(&reply(200, "application/json", &body), None).unwrap_err();
            assert_eq!(failure.code, "bad_response", "{token:?}");
            assert!(!failure.to_string().contains("abc"), "{failure}");
        }
        let body = r#"{"access_token":"a.b-c_d~e+f/g= h"}"#;
        assert!(read(&reply(200, "application/json", body), None).is_ok());
    }

    #[test]
    fn an_odd_content_type_is_not_repeated() {
        let failure = read(&reply(500, "text/html; charset=utf-8", "<p>"), None).unwrap_err();
        assert!(
            failure.to_string().contains("text/html, 3 bytes"),
            "{failure}"
        );
        let failure = read(&reply(500, "CANARY-7f3a", "<p>"), None).unwrap_err();
        assert!(!failure.to_string().contains("CANARY"), "{failure}");
    }

    #[test]
    fn error_code_with_quotes_is_not_trusted() {
        let r = reply(400, "application/json", r#"{"error":"bad\"code"}"#);
        assert_eq!(read(&r, None).unwrap_err().code, "bad_response");
    }
}
