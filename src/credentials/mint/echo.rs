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

/// The values one mint sent (or holds to sign with), in every spelling a server may echo them.
#[derive(Debug, Default)]
pub(crate) struct SentSecrets {
    values: Vec<String>,
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

    /// `value` as sent, form- and percent-encoded, JSON-escaped and base64-encoded; a JWT's
    /// signature and a PEM's base64 lines also on their own.
    pub fn add(&mut self, value: &str) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return;
        }
        let form: String = url::form_urlencoded::byte_serialize(trimmed.as_bytes()).collect();
        let json = serde_json::to_string(trimmed).unwrap_or_default();
        let spellings = [
            value.to_owned(),
            trimmed.to_owned(),
            form.replace('+', "%20"),
            form,
            json.trim_matches('"').to_owned(),
            STANDARD.encode(trimmed),
            URL_SAFE_NO_PAD.encode(trimmed),
        ];
        self.values.extend(spellings);
        if trimmed.split('.').count() == 3
            && let Some(signature) = trimmed.rsplit('.').next()
            && signature.len() >= MIN_PART_LEN
        {
            self.values.push(signature.to_owned());
        }
        if trimmed.starts_with("-----BEGIN") {
            let body: Vec<&str> = trimmed
                .lines()
                .map(str::trim)
                .filter(|line| !line.starts_with("-----") && line.len() >= MIN_PART_LEN)
                .collect();
            self.values.push(body.concat());
            self.values
                .extend(body.iter().map(|line| (*line).to_owned()));
        }
        self.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        self.values.dedup();
        self.values.retain(|v| !v.is_empty());
    }

    /// `text` with every sent value masked (or withheld whole when a short one is in it), then
    /// clipped. A value hidden behind another percent-encoding is found after decoding.
    pub fn scrub(&self, text: &str) -> String {
        self.scrub_to(text, MAX_SHOWN_CHARS)
    }

    fn scrub_to(&self, text: &str, max_chars: usize) -> String {
        let mut shown = self.mask(text);
        if shown.contains(['%', '+']) {
            for plus_is_space in [false, true] {
                let decoded = percent_decode(&shown, plus_is_space);
                if self.values.iter().any(|v| decoded.contains(v.as_str())) {
                    shown = self.mask(&decoded);
                }
            }
        }
        clip(&shown, max_chars)
    }

    fn mask(&self, text: &str) -> String {
        let mut masked = text.to_owned();
        for value in &self.values {
            if !masked.contains(value.as_str()) {
                continue;
            }
            if value.len() < MIN_MASKED_LEN {
                return WITHHELD.to_owned();
            }
            masked = masked.replace(value.as_str(), MASK);
        }
        masked
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
            *text = self.scrub(text);
        }
    }

    /// What the server said besides the token: token type, granted scope, the token's claims.
    pub fn scrub_minted(&self, minted: &mut Minted) {
        minted.token_type = self.scrub(&minted.token_type);
        if let Some(scope) = &mut minted.scope_granted {
            *scope = self.scrub_to(scope, MAX_SCOPE_CHARS);
        }
        if let Some(claims) = &mut minted.claims {
            self.scrub_json(claims);
        }
    }

    fn scrub_json(&self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.scrub(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.scrub_json(item)),
            Value::Object(object) => {
                let fields = std::mem::take(object);
                for (name, mut field) in fields {
                    self.scrub_json(&mut field);
                    object.insert(self.scrub(&name), field);
                }
            }
            _ => {}
        }
    }
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
