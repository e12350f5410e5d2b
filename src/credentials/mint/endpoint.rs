//! Where a mint may send credentials: an absolute https URL without credentials in it, or plain
//! http to this machine only (a local test server). Checked before anything is sent.

use super::echo::{MAX_SHOWN_CHARS, clip};
use super::failure::MintFailure;
use reqwest::Url;
use std::net::IpAddr;
use url::Host;

/// The inputs a mint sends credentials to (the others with a URL format only name things).
const ENDPOINT_FIELDS: [&str; 3] = ["token_url", "issuer", "api_url"];

pub(crate) fn is_endpoint_field(id: &str) -> bool {
    ENDPOINT_FIELDS.contains(&id)
}

/// A URL a mint may send to; `field` names the input in the error.
pub(crate) fn endpoint_url(raw: &str, field: &str) -> Result<Url, MintFailure> {
    let url = Url::parse(raw.trim()).map_err(|e| {
        MintFailure::invalid_config(format!("{field} is not an absolute URL ({e})"))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(MintFailure::invalid_config(format!(
                "{field} uses http:// to {}: credentials would cross the network in clear text; \
                 use https (plain http is only for this machine: 127.0.0.0/8, ::1, localhost)",
                host_of(&url)
            )));
        }
        _ => {
            return Err(MintFailure::invalid_config(format!(
                "{field} must be an https URL (or http to this machine for a local test server)"
            )));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(MintFailure::invalid_config(format!(
            "{field} must not carry credentials; use client_id and client_secret"
        )));
    }
    Ok(url)
}

/// An endpoint named by a server's metadata: also refused when it would downgrade an https
/// issuer to plain http, even on this machine.
pub(crate) fn discovered_url(raw: &str, field: &str, issuer: &Url) -> Result<Url, MintFailure> {
    const HINT: &str = "set token_url to the server's https token endpoint";
    let url = endpoint_url(raw, field).map_err(|failure| failure.with_hint(HINT))?;
    if issuer.scheme() == "https" && url.scheme() != "https" {
        return Err(MintFailure::invalid_config(format!(
            "the https issuer's metadata gives an http:// {field}: Keystead does not send \
             credentials in clear text to an endpoint discovered over https"
        ))
        .with_hint(HINT));
    }
    Ok(url)
}

/// 127.0.0.0/8, ::1 or `localhost`: plain http there never leaves this machine.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A URL as errors show it: origin and path only, never userinfo, query or fragment (they can
/// carry codes and tokens); the path clipped.
pub(crate) fn shown(url: &Url) -> String {
    let origin = url.origin();
    if !origin.is_tuple() {
        return format!("a {}: URL", clip(url.scheme(), 16));
    }
    format!(
        "{}{}",
        origin.ascii_serialization(),
        clip(url.path(), MAX_SHOWN_CHARS)
    )
}

fn host_of(url: &Url) -> String {
    match url.host() {
        Some(Host::Domain(name)) => clip(name, 100),
        Some(Host::Ipv4(ip)) => IpAddr::from(ip).to_string(),
        Some(Host::Ipv6(ip)) => IpAddr::from(ip).to_string(),
        None => "no host".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_only_for_loopback_hosts() {
        for allowed in [
            "https://idp.example/token",
            "http://127.0.0.1:8080/token",
            "http://127.8.9.10/token",
            "http://[::1]:9000/token",
            "http://localhost:3000/token",
            "http://LOCALHOST/token",
        ] {
            assert!(endpoint_url(allowed, "token_url").is_ok(), "{allowed}");
        }
        for refused in [
            "http://idp.example/token",
            "http://10.0.0.1/token",
            "http://[::ffff:127.0.0.1]/token",
            "http://localhost.idp.example/token",
            "http://128.0.0.1/token",
            "ftp://idp.example/token",
            "https://u:p@idp.example/token",
        ] {
            let failure = endpoint_url(refused, "token_url").unwrap_err();
            assert_eq!(failure.code, "invalid_config", "{refused}");
        }
        let message = endpoint_url("http://idp.example/token", "token_url")
            .unwrap_err()
            .to_string();
        assert!(message.contains("http:// to idp.example"), "{message}");
    }

    #[test]
    fn shown_url_has_no_userinfo_query_or_fragment() {
        let url = Url::parse("https://u:p@idp.example:8443/cb/x?code=abc#frag").unwrap();
        assert_eq!(shown(&url), "https://idp.example:8443/cb/x");
        let odd = Url::parse("javascript:alert(1)").unwrap();
        assert_eq!(shown(&odd), "a javascript: URL");
    }
}
