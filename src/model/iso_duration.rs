use crate::{Error, Result};
use std::time::Duration;

/// An ISO-8601 duration of days, hours, minutes and seconds: `PT1M`, `PT30S`, `PT1H30M`, `P1D`.
/// Years, months and weeks are refused (their length is ambiguous).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoDuration(Duration);

impl IsoDuration {
    pub fn parse(raw: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(format!(
                "invalid duration {raw:?}: use ISO-8601 days/hours/minutes/seconds such as PT30S, PT1M, PT1H30M or P1D"
            ))
        };
        let rest = raw.strip_prefix('P').ok_or_else(bad)?;
        let (days, time) = match rest.split_once('T') {
            Some((days, time)) => (days, Some(time)),
            None => (rest, None),
        };
        let mut seconds: u64 = 0;
        let mut any = false;
        if !days.is_empty() {
            let n: u64 = days
                .strip_suffix('D')
                .ok_or_else(bad)?
                .parse()
                .map_err(|_| bad())?;
            seconds = n.checked_mul(86_400).ok_or_else(bad)?;
            any = true;
        }
        if let Some(time) = time {
            if time.is_empty() {
                return Err(bad());
            }
            let mut number = String::new();
            let mut last_rank = 0;
            for c in time.chars() {
                if c.is_ascii_digit() {
                    number.push(c);
                    continue;
                }
                let (rank, unit) = match c {
                    'H' => (1, 3600),
                    'M' => (2, 60),
                    'S' => (3, 1),
                    _ => return Err(bad()),
                };
                if number.is_empty() || rank <= last_rank {
                    return Err(bad());
                }
                let n: u64 = number.parse().map_err(|_| bad())?;
                seconds = n
                    .checked_mul(unit)
                    .and_then(|s| seconds.checked_add(s))
                    .ok_or_else(bad)?;
                number.clear();
                last_rank = rank;
                any = true;
            }
            if !number.is_empty() {
                return Err(bad());
            }
        }
        if !any {
            return Err(bad());
        }
        Ok(Self(Duration::from_secs(seconds)))
    }

    pub fn from_secs(seconds: u64) -> Self {
        Self(Duration::from_secs(seconds))
    }

    pub fn duration(&self) -> Duration {
        self.0
    }
}

impl std::fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = self.0.as_secs();
        let days = s / 86_400;
        s %= 86_400;
        let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
        f.write_str("P")?;
        if days > 0 {
            write!(f, "{days}D")?;
        }
        if h + m + sec > 0 || days == 0 {
            f.write_str("T")?;
            if h > 0 {
                write!(f, "{h}H")?;
            }
            if m > 0 {
                write!(f, "{m}M")?;
            }
            if sec > 0 || (h == 0 && m == 0) {
                write!(f, "{sec}S")?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for IsoDuration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for IsoDuration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for (raw, secs, printed) in [
            ("PT1M", 60, "PT1M"),
            ("PT30S", 30, "PT30S"),
            ("PT1H30M", 5400, "PT1H30M"),
            ("P1D", 86_400, "P1D"),
            ("P1DT1S", 86_401, "P1DT1S"),
            ("PT0S", 0, "PT0S"),
        ] {
            let d = IsoDuration::parse(raw).unwrap();
            assert_eq!(d.duration().as_secs(), secs, "{raw}");
            assert_eq!(d.to_string(), printed);
        }
    }

    #[test]
    fn refuses_ambiguous_or_malformed() {
        for bad in [
            "", "P", "PT", "1M", "P1M", "P1Y", "PT1M1H", "PTM", "PT5", "P1W", "PT-1S",
        ] {
            let err = IsoDuration::parse(bad).unwrap_err().to_string();
            assert!(err.contains("PT30S"), "{bad}: {err}");
        }
    }
}
