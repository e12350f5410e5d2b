//! Timestamps are stored and exchanged as RFC 3339 UTC strings with exactly three fractional digits,
//! so that they also sort correctly as text.

use crate::{Error, Result};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

const CANONICAL: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

pub fn format(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(CANONICAL)
        .unwrap_or_default()
}

/// The time that expiry decisions (API tokens, KV pairs) are made against: the system clock, or a
/// manual one that tests move forward instead of sleeping.
#[derive(Clone, Default)]
pub struct Clock(Option<std::sync::Arc<std::sync::Mutex<OffsetDateTime>>>);

impl Clock {
    pub fn system() -> Self {
        Self(None)
    }

    pub fn manual(start: OffsetDateTime) -> Self {
        Self(Some(std::sync::Arc::new(std::sync::Mutex::new(start))))
    }

    pub fn now(&self) -> OffsetDateTime {
        match &self.0 {
            None => OffsetDateTime::now_utc(),
            Some(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a manual clock forward (a system clock ignores this).
    pub fn advance(&self, by: std::time::Duration) {
        if let Some(at) = &self.0 {
            let mut at = at.lock().unwrap_or_else(|p| p.into_inner());
            *at = at.saturating_add(time::Duration::try_from(by).unwrap_or(time::Duration::MAX));
        }
    }
}

/// Parses a stored canonical timestamp.
pub fn parse_stored(raw: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(raw, &Rfc3339)
        .map_err(|_| Error::Integrity(format!("a stored timestamp is not RFC 3339: {raw:?}")))
}

pub fn now_rfc3339() -> String {
    format(OffsetDateTime::now_utc())
}

/// Parses a user-given instant: RFC 3339 (`2026-11-25T10:00:00Z`) or a date (`2026-11-25`, midnight UTC).
pub fn parse_user_instant(raw: &str) -> Result<String> {
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(format(at));
    }
    if let Ok(date) = Date::parse(raw, format_description!("[year]-[month]-[day]")) {
        return Ok(format(date.midnight().assume_utc()));
    }
    Err(Error::invalid(format!(
        "invalid time {raw:?}: use RFC 3339 (2026-11-25T10:00:00Z) or a date (2026-11-25)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_sorts_as_text() {
        let a = parse_user_instant("2026-11-25T10:00:00Z").unwrap();
        let b = parse_user_instant("2026-11-25T10:00:00.5+00:00").unwrap();
        assert_eq!(a, "2026-11-25T10:00:00.000Z");
        assert_eq!(b, "2026-11-25T10:00:00.500Z");
        assert!(a < b);
        assert_eq!(
            parse_user_instant("2026-11-25").unwrap(),
            "2026-11-25T00:00:00.000Z"
        );
        assert!(
            parse_user_instant("yesterday")
                .unwrap_err()
                .to_string()
                .contains("RFC 3339")
        );
    }
}
