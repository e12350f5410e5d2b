//! Typed KV values: what each type accepts, how a value is inferred when no type is given, and
//! the canonical JSON each is stored as.

use crate::model::IsoDuration;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// Largest value, as stored (its JSON text).
pub const MAX_VALUE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KvType {
    String,
    Number,
    Boolean,
    /// RFC 3339 with an offset: `2026-12-02T10:00:00Z`.
    Datetime,
    /// `2026-12-02`.
    Date,
    /// ISO-8601 days/hours/minutes/seconds: `PT5M`, `P1D`.
    Duration,
    /// Any JSON document.
    Json,
}

impl KvType {
    pub fn as_str(self) -> &'static str {
        match self {
            KvType::String => "string",
            KvType::Number => "number",
            KvType::Boolean => "boolean",
            KvType::Datetime => "datetime",
            KvType::Date => "date",
            KvType::Duration => "duration",
            KvType::Json => "json",
        }
    }

    pub fn parse(raw: &str) -> Result<Self> {
        Ok(match raw {
            "string" => KvType::String,
            "number" => KvType::Number,
            "boolean" => KvType::Boolean,
            "datetime" => KvType::Datetime,
            "date" => KvType::Date,
            "duration" => KvType::Duration,
            "json" => KvType::Json,
            other => {
                return Err(Error::invalid(format!(
                    "unknown KV type {other:?}: use string, number, boolean, datetime, date, duration or json"
                )));
            }
        })
    }

    fn example(self) -> &'static str {
        match self {
            KvType::String => "any text",
            KvType::Number => "42 or 3.14",
            KvType::Boolean => "true or false",
            KvType::Datetime => "2026-12-02T10:00:00Z",
            KvType::Date => "2026-12-02",
            KvType::Duration => "PT5M or P1D",
            KvType::Json => "{\"cursor\": 17}",
        }
    }
}

impl std::fmt::Display for KvType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validated value with its type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedValue {
    pub kind: KvType,
    /// The value as JSON: a string for string/datetime/date/duration, a number, a boolean, or any
    /// JSON for `json`.
    pub value: Value,
}

impl TypedValue {
    /// Checks a JSON value against `kind` (the HTTP API and the UI send typed JSON).
    pub fn from_json(kind: KvType, value: Value) -> Result<Self> {
        let wrong = || {
            Error::invalid(format!(
                "the value does not fit type {kind}: expected {} (for example {})",
                expected(kind),
                kind.example()
            ))
        };
        let value = match (kind, value) {
            (KvType::String, Value::String(s)) => Value::String(s),
            (KvType::Number, Value::Number(n)) => Value::Number(n),
            (KvType::Boolean, Value::Bool(b)) => Value::Bool(b),
            (KvType::Datetime | KvType::Date | KvType::Duration, Value::String(s)) => {
                return Self::from_text(kind, &s);
            }
            (KvType::Json, value) => value,
            _ => return Err(wrong()),
        };
        let typed = Self { kind, value };
        typed.check_size()?;
        Ok(typed)
    }

    /// Parses text as `kind` (the CLI's argument), or infers the type when none is given:
    /// `42` → number, `true`/`false` → boolean, `{…}` or `[…]` → json, anything else → string.
    pub fn from_text(kind: KvType, raw: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid(format!(
                "the value is not a valid {kind} ({why}): for example {}",
                kind.example()
            ))
        };
        let value = match kind {
            KvType::String => Value::String(raw.to_owned()),
            KvType::Number => {
                let number: serde_json::Number = serde_json::from_str(raw.trim())
                    .map_err(|_| bad("not a finite decimal number"))?;
                if loses_digits(raw.trim(), &number) {
                    return Err(bad(
                        "a whole number beyond 64 bits would lose digits; keep it as a string",
                    ));
                }
                Value::Number(number)
            }
            KvType::Boolean => match raw.trim() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(bad("only true or false")),
            },
            KvType::Datetime => {
                let at = time::OffsetDateTime::parse(
                    raw.trim(),
                    &time::format_description::well_known::Rfc3339,
                )
                .map_err(|_| bad("RFC 3339 with a time zone"))?;
                Value::String(crate::time::format(at))
            }
            KvType::Date => {
                let date = time::Date::parse(
                    raw.trim(),
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .map_err(|_| bad("a calendar date YYYY-MM-DD"))?;
                Value::String(date.to_string())
            }
            KvType::Duration => {
                let duration = IsoDuration::parse(raw.trim()).map_err(|_| bad("ISO-8601"))?;
                Value::String(duration.to_string())
            }
            KvType::Json => serde_json::from_str(raw).map_err(|e| {
                Error::invalid(format!(
                    "the value is not valid json (line {}, column {}): for example {}",
                    e.line(),
                    e.column(),
                    kind.example()
                ))
            })?,
        };
        let typed = Self { kind, value };
        typed.check_size()?;
        Ok(typed)
    }

    /// The type a user expects for text given without one.
    pub fn infer(raw: &str) -> Result<Self> {
        let trimmed = raw.trim();
        // A number only when it is written as the number prints: an id of 23 digits, " 42",
        // "1.10" or "007" stay strings.
        let number = (trimmed == raw)
            .then(|| serde_json::from_str::<serde_json::Number>(raw).ok())
            .flatten()
            .filter(|number| number.to_string() == raw);
        let kind = if trimmed == "true" || trimmed == "false" {
            KvType::Boolean
        } else if !trimmed.is_empty() && number.is_some() {
            KvType::Number
        } else if (trimmed.starts_with('{') || trimmed.starts_with('['))
            && serde_json::from_str::<Value>(trimmed).is_ok()
        {
            KvType::Json
        } else {
            KvType::String
        };
        Self::from_text(kind, raw)
    }

    /// The stored JSON text.
    pub fn encode(&self) -> Result<String> {
        serde_json::to_string(&self.value)
            .map_err(|e| Error::Internal(format!("encoding a KV value: {e}")))
    }

    pub fn decode(kind: KvType, text: &str) -> Result<Self> {
        let value = serde_json::from_str(text)
            .map_err(|e| Error::Integrity(format!("a stored KV value is not JSON: {e}")))?;
        Ok(Self { kind, value })
    }

    /// The value as a script wants it on stdout: strings bare, everything else as JSON.
    pub fn bare(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// At most `chars` characters of [`Self::bare`], with `…` when cut.
    pub fn preview(&self, chars: usize) -> String {
        let bare = self.bare();
        if bare.chars().count() <= chars {
            return bare;
        }
        let mut cut: String = bare.chars().take(chars).collect();
        cut.push('…');
        cut
    }

    fn check_size(&self) -> Result<()> {
        let size = self.encode()?.len();
        if size > MAX_VALUE_BYTES {
            return Err(Error::invalid(format!(
                "the value is {size} bytes as JSON: KV values may be at most 1 MiB (keep large \
                 documents elsewhere and store a reference here)"
            )));
        }
        Ok(())
    }
}

fn expected(kind: KvType) -> &'static str {
    match kind {
        KvType::String | KvType::Datetime | KvType::Date | KvType::Duration => "a JSON string",
        KvType::Number => "a JSON number",
        KvType::Boolean => "true or false",
        KvType::Json => "any JSON",
    }
}

/// A whole number written without a fraction or exponent that only a float could hold: the
/// float keeps about 16 of its digits.
fn loses_digits(text: &str, number: &serde_json::Number) -> bool {
    number.is_f64() && !text.contains(['.', 'e', 'E']) && number.as_f64().is_some_and(|f| f != 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_type_takes_its_good_values_and_refuses_bad_ones_with_an_example() {
        let good = [
            (KvType::String, "hello", json!("hello")),
            (KvType::Number, "42", json!(42)),
            (KvType::Number, "-3.5", json!(-3.5)),
            (KvType::Number, "-0", json!(-0.0)),
            (KvType::Boolean, "true", json!(true)),
            (
                KvType::Datetime,
                "2026-12-02T11:00:00+01:00",
                json!("2026-12-02T10:00:00.000Z"),
            ),
            (KvType::Date, "2026-02-28", json!("2026-02-28")),
            (KvType::Duration, "PT5M", json!("PT5M")),
            (KvType::Json, "{\"a\": [1, 2]}", json!({"a": [1, 2]})),
        ];
        for (kind, raw, expected) in good {
            assert_eq!(
                TypedValue::from_text(kind, raw).unwrap().value,
                expected,
                "{kind} {raw}"
            );
        }
        let bad = [
            (KvType::Number, "forty-two"),
            (KvType::Number, "NaN"),
            (KvType::Number, "1e999"),
            (KvType::Number, "12345678901234567890123"),
            (KvType::Boolean, "yes"),
            (KvType::Datetime, "2026-12-02 10:00"),
            (KvType::Date, "2026-02-30"),
            (KvType::Duration, "5 minutes"),
            (KvType::Duration, "P1Y"),
            (KvType::Json, "{oops"),
        ];
        for (kind, raw) in bad {
            let err = TypedValue::from_text(kind, raw).unwrap_err().to_string();
            assert!(
                err.contains(kind.as_str()) && err.contains("for example"),
                "{kind} {raw}: {err}"
            );
        }
    }

    #[test]
    fn a_value_without_a_type_is_inferred_as_a_user_expects() {
        for (raw, kind) in [
            ("42", KvType::Number),
            ("4.2", KvType::Number),
            ("true", KvType::Boolean),
            ("{\"k\": 1}", KvType::Json),
            ("[1, 2]", KvType::Json),
            ("{not json", KvType::String),
            ("2026-12-02", KvType::String),
            ("", KvType::String),
            ("hello", KvType::String),
            (" 42", KvType::String),
            ("12345678901234567890123", KvType::String),
            ("18446744073709551615", KvType::Number),
            ("-1.5e3", KvType::String),
            ("-1500.0", KvType::Number),
            ("-7", KvType::Number),
            ("1.10", KvType::String),
        ] {
            assert_eq!(TypedValue::infer(raw).unwrap().kind, kind, "{raw:?}");
        }
    }

    #[test]
    fn json_values_must_match_their_declared_type() {
        assert!(TypedValue::from_json(KvType::Number, json!("42")).is_err());
        assert!(TypedValue::from_json(KvType::Date, json!("2026-13-01")).is_err());
        assert_eq!(
            TypedValue::from_json(KvType::Boolean, json!(false))
                .unwrap()
                .value,
            json!(false)
        );
        let big = "x".repeat(MAX_VALUE_BYTES);
        let err = TypedValue::from_json(KvType::String, json!(big)).unwrap_err();
        assert!(err.to_string().contains("1 MiB"));
    }
}
