//! Token lifetimes as a server states them, made safe to compute with: never negative, at most
//! ten years, every adjustment explained (the Test result shows the note as its hint).

use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// The longest lifetime Keystead believes; a server stating more is clamped to it.
pub const MAX_TOKEN_LIFETIME_SECS: u64 = 10 * 365 * 24 * 3600;

/// When a token expires, and why that is not what the server said when it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expiry {
    pub expires_in: u64,
    pub expires_at: OffsetDateTime,
    pub note: Option<String>,
}

/// A lifetime in seconds as a server stated it (`expires_in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stated {
    Absent,
    Seconds(u64),
    /// A number below zero: the token is already expired (never cached).
    Negative,
    /// Present but not finite, or not a number: set aside.
    Unusable,
}

/// Reads `expires_in`: a number or a numeric string (both occur in the wild); fractions are cut.
pub(crate) fn stated_seconds(value: Option<&Value>) -> Stated {
    let from_float = |f: f64| {
        if !f.is_finite() {
            Stated::Unusable
        } else if f < 0.0 {
            Stated::Negative
        } else {
            // `as` saturates: 1e300 becomes u64::MAX, which is then clamped.
            Stated::Seconds(f as u64)
        }
    };
    match value {
        None | Some(Value::Null) => Stated::Absent,
        Some(Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
            (Some(seconds), _) => Stated::Seconds(seconds),
            (None, Some(f)) => from_float(f),
            (None, None) => Stated::Unusable,
        },
        Some(Value::String(s)) => {
            let s = s.trim();
            match s.parse::<u64>() {
                Ok(seconds) => Stated::Seconds(seconds),
                Err(_) => s.parse::<f64>().map_or(Stated::Unusable, from_float),
            }
        }
        Some(_) => Stated::Unusable,
    }
}

/// A NumericDate (`exp`): seconds since the epoch as an integer or a float, saturated to i64.
pub(crate) fn unix_seconds(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().map(|_| i64::MAX))
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        _ => None,
    }
}

/// A token whose stated lifetime is below zero: expired now, and said so.
pub(crate) fn already_expired(now: OffsetDateTime, what: &str) -> Expiry {
    Expiry {
        expires_in: 0,
        expires_at: now,
        note: Some(format!(
            "the server stated a negative {what}: the token is already expired (it is not cached)"
        )),
    }
}

/// Expiry `seconds` from `now`; `what` names the stated value in the note.
pub(crate) fn after(now: OffsetDateTime, seconds: u64, what: &str) -> Expiry {
    if seconds > MAX_TOKEN_LIFETIME_SECS {
        return Expiry {
            expires_in: MAX_TOKEN_LIFETIME_SECS,
            expires_at: later(now, MAX_TOKEN_LIFETIME_SECS),
            note: Some(format!(
                "the server stated {what} {}, more than 10 years: clamped to 10 years \
                 ({MAX_TOKEN_LIFETIME_SECS} s)",
                // A float beyond u64 saturated to u64::MAX: that number is not what it said.
                if seconds == u64::MAX {
                    "of more seconds than can be counted".to_owned()
                } else {
                    format!("{seconds} s")
                }
            )),
        };
    }
    Expiry {
        expires_in: seconds,
        expires_at: later(now, seconds),
        note: None,
    }
}

/// Expiry at `unix` seconds since the epoch; `what` names the stated value in the note.
pub(crate) fn at(now: OffsetDateTime, unix: i64, what: &str) -> Expiry {
    let left = i128::from(unix) - i128::from(now.unix_timestamp());
    if left < 0 {
        let stated = OffsetDateTime::from_unix_timestamp(unix).ok();
        return Expiry {
            expires_in: 0,
            expires_at: stated.filter(|at| *at <= now).unwrap_or(now),
            note: Some(format!(
                "the server stated {what} in the past: the token is already expired"
            )),
        };
    }
    match u64::try_from(left) {
        Ok(seconds) if seconds <= MAX_TOKEN_LIFETIME_SECS => Expiry {
            expires_in: seconds,
            expires_at: OffsetDateTime::from_unix_timestamp(unix)
                .unwrap_or_else(|_| later(now, seconds)),
            note: None,
        },
        _ => Expiry {
            expires_in: MAX_TOKEN_LIFETIME_SECS,
            expires_at: later(now, MAX_TOKEN_LIFETIME_SECS),
            note: Some(format!(
                "the server stated {what} more than 10 years away: clamped to 10 years"
            )),
        },
    }
}

fn later(now: OffsetDateTime, seconds: u64) -> OffsetDateTime {
    now.saturating_add(Duration::seconds(
        i64::try_from(seconds).unwrap_or(i64::MAX),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stated_seconds_accepts_numbers_and_numeric_strings_only() {
        let cases = [
            (json!(120), Stated::Seconds(120)),
            (json!("120"), Stated::Seconds(120)),
            (json!(90.9), Stated::Seconds(90)),
            (json!("1e30"), Stated::Seconds(u64::MAX)),
            (json!(-1), Stated::Negative),
            (json!("-0.5"), Stated::Negative),
            (json!("inf"), Stated::Unusable),
            (json!(""), Stated::Unusable),
            (json!([60]), Stated::Unusable),
            (Value::Null, Stated::Absent),
        ];
        for (value, expected) in cases {
            assert_eq!(stated_seconds(Some(&value)), expected, "{value}");
        }
        assert_eq!(stated_seconds(None), Stated::Absent);
    }

    #[test]
    fn extreme_values_are_clamped_without_overflow() {
        let now = OffsetDateTime::now_utc();
        let far = after(now, u64::MAX, "expires_in");
        assert_eq!(far.expires_in, MAX_TOKEN_LIFETIME_SECS);
        let note = far.note.unwrap();
        assert!(note.contains("clamped"), "{note}");
        assert!(
            !note.contains(&u64::MAX.to_string()),
            "not what it said: {note}"
        );
        let stated = after(now, MAX_TOKEN_LIFETIME_SECS + 1, "expires_in")
            .note
            .unwrap();
        assert!(stated.contains("315360001 s"), "{stated}");
        for unix in [i64::MAX, i64::MIN, 0] {
            let expiry = at(now, unix, "exp");
            assert!(expiry.expires_in <= MAX_TOKEN_LIFETIME_SECS, "{unix}");
            assert!(expiry.note.is_some(), "{unix}");
        }
        let soon = at(now, now.unix_timestamp() + 60, "exp");
        assert_eq!((soon.expires_in, soon.note), (60, None));
        assert_eq!(unix_seconds(&json!(u64::MAX)), Some(i64::MAX));
        assert_eq!(unix_seconds(&json!(-1e300)), Some(i64::MIN));
        assert_eq!(unix_seconds(&json!("1700000000")), None);
    }
}
