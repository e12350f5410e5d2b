//! Text a server sends back (error_description, error_uri, GitHub's message, a redirect target,
//! claims), made safe to show, store and log: clipped, and scrubbed of every value this mint sent.
//! A careless server echoes the request into its error; that must not put a client secret or a
//! signed assertion into a Test result, an Error or a log line.

use super::Minted;
use super::failure::MintFailure;
use super::http::{Body, OutboundRequest, is_sensitive_field};
use super::spec::GrantSpec;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use secrecy::ExposeSecret;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a scrubbed value is replaced by: fixed, so it tells nothing about the value's length.
pub(crate) const MASK: &str = "••••••••";
/// Server text is cut after this many characters.
pub(crate) const MAX_SHOWN_CHARS: usize = 500;
/// A granted scope is cut after this many characters.
const MAX_SCOPE_CHARS: usize = 2000;
/// A sent value shorter than this cannot be masked inside text without mangling ordinary words:
/// text that contains one is withheld whole instead.
const MIN_MASKED_LEN: usize = 4;
const WITHHELD: &str = "(withheld: the server's text contains a value this mint sent)";
/// Parts of a JWT or PEM shorter than this are not secret on their own.
const MIN_PART_LEN: usize = 16;

/// At most `max` characters of `text`, cut on a character boundary, with `…` when cut.
pub(crate) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// The values one mint sent (or holds to sign with). The spellings a server may echo them in are
/// worked out once, by the first scrub: a mint that succeeds scrubs a handful of short texts.
#[derive(Default)]
pub(crate) struct SentSecrets {
    /// Trimmed and non-empty, as added.
    sent: Vec<String>,
    /// Every spelling of every sent value, longest first (so a longer one is masked before a
    /// part of it), without duplicates.
    spellings: OnceLock<Vec<String>>,
}

/// Never shows a value: only how many were sent.
impl std::fmt::Debug for SentSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentSecrets")
            .field("sent", &self.sent.len())
            .finish_non_exhaustive()
    }
}

impl SentSecrets {
    /// The secrets a grant holds: client secret and private key.
    pub fn of_grant(grant: &GrantSpec) -> Self {
        let mut sent = SentSecrets::default();
        match grant {
            GrantSpec::ClientCredentials { client_secret, .. } => {
                sent.add(client_secret.expose_secret());
            }
            GrantSpec::PrivateKeyJwt { private_key, .. }
            | GrantSpec::GitHubApp { private_key, .. } => sent.add(private_key.expose_secret()),
            GrantSpec::JwtBearer {
                private_key,
                client_secret,
                ..
            } => {
                sent.add(private_key.expose_secret());
                if let Some(secret) = client_secret {
                    sent.add(secret.expose_secret());
                }
            }
        }
        sent
    }

    /// The secret parts of a request about to be sent: Authorization-like headers (whole and
    /// without their scheme) and sensitive form fields (client secret, assertions).
    pub fn add_request(&mut self, request: &OutboundRequest) {
        for (_, value, secret) in &request.headers {
            if *secret {
                self.add(value);
                if let Some((_, credentials)) = value.split_once(' ') {
                    self.add(credentials);
                }
            }
        }
        if let Body::Form(fields) = &request.body {
            for (name, value) in fields {
                if is_sensitive_field(name) {
                    self.add(value);
                }
            }
        }
    }

    /// A value this mint sent or holds. Masked in every spelling: as sent, form- and
    /// percent-encoded, JSON-escaped and base64-encoded; a JWT's signature and a PEM's base64
    /// lines also on their own.
    pub fn add(&mut self, value: &str) {
        let trimmed = value.trim();
        if trimmed.is_empty() || self.sent.iter().any(|known| known == trimmed) {
            return;
        }
        self.sent.push(trimmed.to_owned());
        self.spellings.take();
    }

    fn spellings(&self) -> &[String] {
        self.spellings.get_or_init(|| {
            let mut all = Vec::with_capacity(self.sent.len() * 8);
            for value in &self.sent {
                spell(value, &mut all);
            }
            all.retain(|v| !v.is_empty());
            all.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            all.dedup();
            all
        })
    }

    /// `text` with every sent value masked (or withheld whole when a short one is in it), then
    /// clipped. A value hidden behind another percent-encoding is found after decoding.
    pub fn scrub(&self, text: &str) -> String {
        self.scrubbed(text, MAX_SHOWN_CHARS)
            .unwrap_or_else(|| text.to_owned())
    }

    /// [`Self::scrub`] in place: `text` is only rewritten when there is something to hide or cut.
    fn scrub_in_place(&self, text: &mut String, max_chars: usize) {
        if let Some(shown) = self.scrubbed(text, max_chars) {
            *text = shown;
        }
    }

    /// What `text` becomes when shown; none when it is shown as it is.
    fn scrubbed(&self, text: &str, max_chars: usize) -> Option<String> {
        let spellings = self.spellings();
        let mut shown = mask(spellings, text);
        if shown.contains(['%', '+']) {
            for plus_is_space in [false, true] {
                let decoded = percent_decode(&shown, plus_is_space);
                if spellings.iter().any(|v| decoded.contains(v.as_str())) {
                    shown = Cow::Owned(mask(spellings, &decoded).into_owned());
                }
            }
        }
        match (shown, text.char_indices().nth(max_chars)) {
            (Cow::Borrowed(_), None) => None,
            (shown, _) => Some(clip(&shown, max_chars)),
        }
    }

    /// Whether `text` holds a sent value in any spelling (a server that answers with the client
    /// secret as its token, say).
    pub fn found_in(&self, text: &str) -> bool {
        matches!(mask(self.spellings(), text), Cow::Owned(_))
    }

    /// Every text field of a failure: the server's code, description and URI.
    pub fn scrub_failure(&self, failure: &mut MintFailure) {
        for text in [
            &mut failure.server_error,
            &mut failure.error_description,
            &mut failure.error_uri,
        ]
        .into_iter()
        .flatten()
        {
            self.scrub_in_place(text, MAX_SHOWN_CHARS);
        }
    }

    /// What the server said besides the token: token type, granted scope, the token's claims.
    pub fn scrub_minted(&self, minted: &mut Minted) {
        self.scrub_in_place(&mut minted.token_type, MAX_SHOWN_CHARS);
        if let Some(scope) = &mut minted.scope_granted {
            self.scrub_in_place(scope, MAX_SCOPE_CHARS);
        }
        if let Some(claims) = &mut minted.claims {
            self.scrub_json(claims);
        }
    }

    fn scrub_json(&self, value: &mut Value) {
        match value {
            Value::String(text) => self.scrub_in_place(text, MAX_SHOWN_CHARS),
            Value::Array(items) => items.iter_mut().for_each(|item| self.scrub_json(item)),
            Value::Object(object) => {
                let renamed = object
                    .keys()
                    .any(|name| self.scrubbed(name, MAX_SHOWN_CHARS).is_some());
                if renamed {
                    let fields = std::mem::take(object);
                    for (name, field) in fields {
                        object.insert(self.scrub(&name), field);
                    }
                }
                object.values_mut().for_each(|field| self.scrub_json(field));
            }
            _ => {}
        }
    }
}

/// Every spelling of `value` (trimmed, non-empty) a server may echo.
fn spell(value: &str, into: &mut Vec<String>) {
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let json = serde_json::to_string(value).unwrap_or_default();
    into.push(value.to_owned());
    if form.contains('+') {
        into.push(form.replace('+', "%20"));
    }
    into.push(form);
    into.push(json.trim_matches('"').to_owned());
    into.push(STANDARD.encode(value));
    into.push(URL_SAFE_NO_PAD.encode(value));
    if value.split('.').count() == 3
        && let Some(signature) = value.rsplit('.').next()
        && signature.len() >= MIN_PART_LEN
    {
        into.push(signature.to_owned());
    }
    if value.starts_with("-----BEGIN") {
        let body: Vec<&str> = value
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with("-----") && line.len() >= MIN_PART_LEN)
            .collect();
        into.push(body.concat());
        into.extend(body.iter().map(|line| (*line).to_owned()));
    }
}

/// `text` with every spelling masked, borrowed when none is in it; [`WITHHELD`] when a spelling
/// too short to mask is (owned: the text is not shown as it is).
fn mask<'a>(spellings: &[String], text: &'a str) -> Cow<'a, str> {
    let mut masked = Cow::Borrowed(text);
    // Longest first: those longer than the text cannot be in it (masking only shortens it).
    let fits = spellings.partition_point(|value| value.len() > text.len());
    for value in &spellings[fits..] {
        if !masked.contains(value.as_str()) {
            continue;
        }
        if value.len() < MIN_MASKED_LEN {
            return Cow::Owned(WITHHELD.to_owned());
        }
        masked = Cow::Owned(masked.replace(value.as_str(), MASK));
    }
    masked
}

/// `%XX` decoded (invalid sequences kept as they are); `+` as a space when asked.
fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) if plus_is_space => {
                decoded.push(b' ');
                i += 1;
            }
            _ => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "p@ss:w/rd+ü& =\"secret\"";

    fn sent(value: &str) -> SentSecrets {
        let mut sent = SentSecrets::default();
        sent.add(value);
        sent
    }

    #[test]
    fn every_spelling_of_a_sent_value_is_masked() {
        let secrets = sent(SECRET);
        let form: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
        let spellings = [
            SECRET.to_owned(),
            form.clone(),
            form.replace('+', "%20"),
            serde_json::to_string(SECRET).unwrap(),
            STANDARD.encode(SECRET),
            // Another percent-encoder's choices (a URL path keeps @ : + & =).
            "p@ss:w/rd+%C3%BC&%20=%22secret%22".to_owned(),
            "p%40ss%3aw%2frd%2b%c3%bc%26%20%3d%22secret%22".to_owned(),
        ];
        for spelling in spellings {
            let shown = secrets.scrub(&format!("refused client_secret={spelling} for svc"));
            assert!(shown.contains(MASK), "{spelling}: {shown}");
            assert!(!shown.contains("secret\""), "{spelling}: {shown}");
            assert!(!shown.contains("ss:w"), "{spelling}: {shown}");
        }
        assert_eq!(secrets.scrub("nothing sent here"), "nothing sent here");
    }

    #[test]
    fn a_short_value_withholds_the_whole_text() {
        let secrets = sent("xyz");
        assert_eq!(secrets.scrub("bad secret xyz"), WITHHELD);
        assert_eq!(secrets.scrub("bad secret"), "bad secret");
    }

    #[test]
    fn jwt_signature_and_pem_lines_are_masked_on_their_own() {
        let signature = "c2lnbmF0dXJlLW9mLXRoZS1hc3NlcnRpb24";
        let secrets = sent(&format!("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzIn0.{signature}"));
        assert!(
            !secrets
                .scrub(&format!("sig {signature}"))
                .contains(signature)
        );
        let line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
        let pem = format!("-----BEGIN PRIVATE KEY-----\n{line}\nAbCd\n-----END PRIVATE KEY-----");
        assert!(!sent(&pem).scrub(&format!("key {line}")).contains(line));
    }

    #[test]
    fn a_value_added_after_a_scrub_is_masked_too() {
        let mut secrets = sent("first-secret");
        assert_eq!(secrets.scrub("second-secret"), "second-secret");
        secrets.add("second-secret");
        assert_eq!(secrets.scrub("second-secret"), MASK);
        assert_eq!(secrets.scrub("first-secret"), MASK);
    }

    #[test]
    fn claims_are_scrubbed_in_keys_values_and_arrays_and_kept_otherwise() {
        let secrets = sent("hunter2-secret");
        let mut claims = serde_json::json!({
            "payload": {
                "hunter2-secret": 1,
                "echo": ["ok", "was hunter2-secret"],
                "short": "xy",
                "n": 3
            }
        });
        secrets.scrub_json(&mut claims);
        let payload = &claims["payload"];
        assert_eq!(payload[MASK], 1);
        assert_eq!(
            payload["echo"],
            serde_json::json!(["ok", format!("was {MASK}")])
        );
        assert_eq!(payload["short"], "xy");
        assert_eq!(payload["n"], 3);
        let mut withheld = String::from("says xyz");
        sent("xyz").scrub_in_place(&mut withheld, MAX_SHOWN_CHARS);
        assert_eq!(withheld, WITHHELD);
    }

    #[test]
    fn a_token_that_holds_a_sent_value_is_found() {
        let secrets = sent("client-secret-1");
        assert!(secrets.found_in("client-secret-1"));
        assert!(
            secrets.found_in("Y2xpZW50LXNlY3JldC0x.tail"),
            "base64 of it"
        );
        assert!(!secrets.found_in("eyJhbGciOiJSUzI1NiJ9.e30.sig"));
    }

    #[test]
    fn clip_cuts_on_a_character_boundary() {
        assert_eq!(clip("üüü", 2), "üü…");
        assert_eq!(clip("üü", 2), "üü");
        let long = "é".repeat(1000);
        assert_eq!(
            sent("unrelated").scrub(&long).chars().count(),
            MAX_SHOWN_CHARS + 1
        );
    }

    #[test]
    fn percent_decode_keeps_invalid_sequences() {
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
        assert_eq!(percent_decode("a+b%2B", true), "a b+");
        assert_eq!(percent_decode("%ff", false), "\u{fffd}");
    }
}
