//! Files built into the binary by `build.rs` (the web console, the API reference page), stored
//! brotli-compressed (unless too small to gain from it). A client that accepts brotli gets the
//! stored bytes; any other gets them decompressed. Each file has a strong ETag, so a revalidating
//! browser gets a 304.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Mutex, OnceLock};

/// One embedded file.
#[derive(Debug)]
pub struct EmbeddedFile {
    /// Its path below the bundle's root, without a leading `/` (`index.html`, `assets/index-3f9a.js`).
    pub route: &'static str,
    pub content_type: &'static str,
    /// The first 16 bytes of the file's SHA-256, in hex: its ETag (`"<etag>"` as it is, `"<etag>-br"`
    /// compressed, as RFC 9110 asks of two representations).
    pub etag: &'static str,
    /// Its size, uncompressed.
    pub size: usize,
    /// Whether `bytes` are brotli-compressed (or the file as it is).
    pub is_brotli: bool,
    pub bytes: &'static [u8],
}

/// How long a browser may keep a file without asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Ask every time (a 304 when unchanged): pages, and files whose name does not change with them.
    Revalidate,
    /// A year without asking: the name changes with the content (`assets/index-3f9a.js`).
    Immutable,
}

/// The file a request path names below `prefix` (`""` for the root): `prefix/` is `index.html`.
/// Paths are matched as sent: every embedded name is plain ASCII (build.rs sees to it), so `..`,
/// `%2e` or `//` name nothing.
pub fn find(
    files: &'static [EmbeddedFile],
    prefix: &str,
    path: &str,
) -> Option<&'static EmbeddedFile> {
    let route = match path.strip_prefix(prefix)? {
        "/" => "index.html",
        rest => rest.strip_prefix('/')?,
    };
    files.iter().find(|file| file.route == route)
}

/// Whether a file may be fetched with `method` (GET and HEAD only).
pub fn readable_with(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

impl EmbeddedFile {
    /// The answer to a GET (or HEAD) of this file, given the request's headers.
    pub fn respond(&'static self, request: &HeaderMap, caching: Caching) -> Response {
        let cache_control = match caching {
            Caching::Revalidate => "no-cache",
            Caching::Immutable => "public, max-age=31536000, immutable",
        };
        let brotli = self.is_brotli && accepts_brotli(request);
        let etag = if brotli {
            format!("\"{}-br\"", self.etag)
        } else {
            format!("\"{}\"", self.etag)
        };
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::try_from(&etag) {
            headers.insert(header::ETAG, value);
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if self.is_brotli {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .any(|value| etag_matches(value, &etag))
        {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if !self.is_brotli {
            return (StatusCode::OK, headers, Body::from(self.bytes)).into_response();
        }
        if brotli {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            return (StatusCode::OK, headers, Body::from(self.bytes)).into_response();
        }
        match self.decompressed() {
            Some(bytes) => (StatusCode::OK, headers, Body::from(bytes)).into_response(),
            // Cannot happen for what build.rs wrote; answered without panicking all the same.
            None => (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CACHE_CONTROL, "no-store")],
                "this file is damaged in the Keystead binary: reinstall Keystead",
            )
                .into_response(),
        }
    }

    /// The file as it is, decompressed once and kept: a client without brotli (curl, a plain-HTTP
    /// page on loopback) must not cost a decompression per request.
    fn decompressed(&'static self) -> Option<Bytes> {
        static DECODED: OnceLock<Mutex<HashMap<&'static str, Bytes>>> = OnceLock::new();
        let decoded = DECODED.get_or_init(Mutex::default);
        if let Some(bytes) = decoded.lock().ok()?.get(self.etag) {
            return Some(bytes.clone());
        }
        let mut bytes = Vec::with_capacity(self.size);
        brotli_decompressor::Decompressor::new(self.bytes, 64 * 1024)
            .take(self.size as u64 + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        if bytes.len() != self.size {
            return None;
        }
        let bytes = Bytes::from(bytes);
        decoded.lock().ok()?.insert(self.etag, bytes.clone());
        Some(bytes)
    }
}

/// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for GET).
fn etag_matches(value: &HeaderValue, etag: &str) -> bool {
    let Ok(value) = value.to_str() else {
        return false;
    };
    value.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == etag
    })
}

/// Whether `Accept-Encoding` accepts `br`: named with a q-value above 0, or not named while `*` is.
fn accepts_brotli(request: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let weight = parts
                .find_map(|param| {
                    let (name, value) = param.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| value.trim().parse::<f32>().unwrap_or(0.0))
                })
                .unwrap_or(1.0);
            if coding.eq_ignore_ascii_case("br") {
                named = Some(weight > 0.0);
            } else if coding == "*" {
                any = Some(weight > 0.0);
            }
        }
    }
    named.or(any).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    #[test]
    fn brotli_is_sent_only_when_accepted() {
        let accepts = |value: &str| accepts_brotli(&headers(&[(header::ACCEPT_ENCODING, value)]));
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("BR;q=0.5"));
        assert!(accepts("gzip, *"));
        assert!(!accepts("gzip, deflate"));
        assert!(!accepts("br;q=0"));
        assert!(!accepts("br;q=0.000, *"));
        assert!(!accepts("*, br;q=0"));
        assert!(!accepts("br;q=nonsense"));
        assert!(!accepts(""));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let etag = "\"abc\"";
        let matches = |value: &str| etag_matches(&HeaderValue::from_str(value).expect("v"), etag);
        assert!(matches("\"abc\""));
        assert!(matches("W/\"abc\""));
        assert!(matches("\"x\", \"abc\""));
        assert!(matches("*"));
        assert!(!matches("\"abcd\""));
        assert!(!matches("abc"));
    }
}
