//! Kestra's `.env_encoded` format: one `SECRET_<KEY>=<base64 of the value>` line per secret.

use crate::{Error, Result};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const PREFIX: &str = "SECRET_";

/// Parses `SECRET_KEY=base64` lines into `(KEY, value)` pairs. Blank lines and `#` comments are skipped.
pub fn parse(content: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (index, raw) in content.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, encoded)) = line.split_once('=') else {
            return Err(line_error(number, "expected SECRET_KEY=<base64 value>"));
        };
        let Some(key) = name.strip_prefix(PREFIX).filter(|k| !k.is_empty()) else {
            return Err(line_error(
                number,
                "the name must start with SECRET_ followed by the key (SECRET_API_KEY=...)",
            ));
        };
        if let Err(e) = crate::model::SecretKey::parse(key) {
            return Err(line_error(number, &e.to_string()));
        }
        // base64's own error names the offending byte and where it is: part of the secret.
        let bytes = STANDARD.decode(encoded.trim()).map_err(|_| {
            line_error(
                number,
                &format!(
                    "the value of {key} is not valid standard base64 (A-Z, a-z, 0-9, + and /, \
                     padded with =)"
                ),
            )
        })?;
        let value = String::from_utf8(bytes).map_err(|_| {
            line_error(
                number,
                &format!("the value of {key} does not decode to UTF-8 text"),
            )
        })?;
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

/// Renders pairs as `.env_encoded` lines, in the given order, each ending with `\n`.
pub fn render<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        out.push_str(PREFIX);
        out.push_str(key);
        out.push('=');
        out.push_str(&STANDARD.encode(value.as_bytes()));
        out.push('\n');
    }
    out
}

fn line_error(number: usize, what: &str) -> Error {
    Error::invalid(format!("line {number}: {what}; nothing was imported"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let text = "SECRET_API_KEY=aHVudGVyMg==\nSECRET_MULTI=bGluZTEKbGluZTI=\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed[0], ("API_KEY".into(), "hunter2".into()));
        assert_eq!(parsed[1].1, "line1\nline2");
        assert_eq!(
            render(parsed.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            text
        );
    }

    #[test]
    fn rejects_missing_prefix_and_bad_base64() {
        assert!(
            parse("API_KEY=aGk=\n")
                .unwrap_err()
                .to_string()
                .contains("SECRET_")
        );
        assert!(
            parse("SECRET_A=!!!\n")
                .unwrap_err()
                .to_string()
                .contains("base64")
        );
        let bad_key = parse("SECRET_A=aGk=\nSECRET_my.key=aGk=\n")
            .unwrap_err()
            .to_string();
        assert!(
            bad_key.contains("line 2:") && bad_key.contains("invalid secret key \"my.key\""),
            "{bad_key}"
        );
    }
}
