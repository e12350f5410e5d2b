//! `.env` parsing: `KEY=value` lines, optional `export `, `#` comments, blank lines, single quotes
//! (literal) and double quotes (with `\n`, `\t`, `\\`, `\"` escapes, may span lines).
//! Any malformed line fails the whole file with its line number, so nothing is half imported.

use crate::model::SecretKey;
use crate::{Error, Result};

/// Parsed `(key, value)` pairs in file order; a key that is not a valid `SecretKey` fails with
/// its line number.
pub fn parse(content: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut lines = content.lines().enumerate();
    while let Some((index, raw)) = lines.next() {
        let number = index + 1;
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(line);
        let Some((key, rest)) = line.split_once('=') else {
            return Err(line_error(number, "expected KEY=value"));
        };
        let key = key.trim_end();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(line_error(
                number,
                "expected KEY=value with a key of letters, digits and '_'",
            ));
        }
        if let Err(e) = SecretKey::parse(key) {
            return Err(line_error(number, &e.to_string()));
        }
        let rest = rest.trim_start();
        let value = if let Some(body) = rest.strip_prefix('"') {
            // Each line is read once: a value left open for many lines stays linear.
            let mut quoted = DoubleQuoted::default();
            let mut chunk = body;
            loop {
                if quoted.feed(chunk, number)? {
                    break quoted.value;
                }
                let Some((_, next)) = lines.next() else {
                    return Err(line_error(
                        number,
                        "the double-quoted value is never closed",
                    ));
                };
                quoted.feed("\n", number)?;
                chunk = next;
            }
        } else if let Some(body) = rest.strip_prefix('\'') {
            let Some(end) = body.find('\'') else {
                return Err(line_error(
                    number,
                    "the single-quoted value is never closed",
                ));
            };
            check_trailing(&body[end + 1..], number)?;
            body[..end].to_owned()
        } else {
            // Unquoted: an inline comment starts at " #".
            let value = match rest.find(" #") {
                Some(idx) => &rest[..idx],
                None => rest,
            };
            value.trim_end().to_owned()
        };
        out.push((key.to_owned(), value));
    }
    Ok(out)
}

/// A double-quoted value read piece by piece: what it holds so far, unescaped.
#[derive(Default)]
struct DoubleQuoted {
    value: String,
    /// The last piece ended in a backslash: the next character is escaped.
    escaped: bool,
}

impl DoubleQuoted {
    /// Reads `text` (the rest of a line, or a line break); true once the closing quote was read.
    fn feed(&mut self, text: &str, number: usize) -> Result<bool> {
        let mut chars = text.char_indices();
        while let Some((idx, c)) = chars.next() {
            if std::mem::take(&mut self.escaped) {
                self.unescape(c);
                continue;
            }
            match c {
                '"' => {
                    check_trailing(&text[idx + 1..], number)?;
                    return Ok(true);
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) => self.unescape(escaped),
                    None => self.escaped = true,
                },
                other => self.value.push(other),
            }
        }
        Ok(false)
    }

    fn unescape(&mut self, c: char) {
        match c {
            'n' => self.value.push('\n'),
            'r' => self.value.push('\r'),
            't' => self.value.push('\t'),
            '"' | '\\' | '$' => self.value.push(c),
            other => {
                self.value.push('\\');
                self.value.push(other);
            }
        }
    }
}

fn check_trailing(rest: &str, number: usize) -> Result<()> {
    let rest = rest.trim();
    if rest.is_empty() || rest.starts_with('#') {
        Ok(())
    } else {
        Err(line_error(
            number,
            "unexpected text after the closing quote",
        ))
    }
}

fn line_error(number: usize, what: &str) -> Error {
    Error::invalid(format!("line {number}: {what}; nothing was imported"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        let parsed = parse(
            "# comment\n\nA=1\nexport B = two words \nC='lit $x \\n'\nD=\"a\\nb \\\"q\\\"\" # note\nE=x #c\nF=\"multi\nline\"\nG=\n",
        )
        .unwrap();
        let expect = [
            ("A", "1"),
            ("B", "two words"),
            ("C", "lit $x \\n"),
            ("D", "a\nb \"q\""),
            ("E", "x"),
            ("F", "multi\nline"),
            ("G", ""),
        ];
        let got: Vec<(&str, &str)> = parsed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn a_double_quoted_value_runs_over_lines_with_its_escapes() {
        let parsed = parse("A=\"one \\\"two\\\"\nthree \\\nfour\\$x\" # done\nB=after\n").unwrap();
        assert_eq!(
            parsed[0],
            ("A".into(), "one \"two\"\nthree \\\nfour$x".into())
        );
        assert_eq!(parsed[1], ("B".into(), "after".into()));
        let open = format!("A=\"{}", "line\n".repeat(50_000));
        let err = parse(&open).unwrap_err().to_string();
        assert!(
            err.contains("line 1: the double-quoted value is never closed"),
            "{err}"
        );
    }

    #[test]
    fn malformed_lines_name_their_number() {
        for (input, line, what) in [
            ("A=1\nnot a pair\n", 2, "expected KEY=value"),
            ("A=\"open\n", 1, "never closed"),
            ("A='x' y\n", 1, "after the closing quote"),
            ("=x\n", 1, "expected KEY=value"),
            ("A=1\n\nB-2=x\n", 3, "invalid secret key \"B-2\""),
        ] {
            let err = parse(input).unwrap_err().to_string();
            assert!(
                err.contains(&format!("line {line}:")) && err.contains(what),
                "{input:?}: {err}"
            );
        }
    }
}
