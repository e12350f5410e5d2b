//! `.env` parsing: `KEY=value` lines, optional `export `, `#` comments, blank lines, single quotes
//! (literal) and double quotes (with `\n`, `\t`, `\\`, `\"` escapes, may span lines).
//! Any malformed line fails the whole file with its line number, so nothing is half imported.

use crate::{Error, Result};

/// Parsed `(key, value)` pairs in file order. Keys are not validated here (see `SecretKey`).
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
        let rest = rest.trim_start();
        let value = if let Some(body) = rest.strip_prefix('"') {
            let mut text = body.to_owned();
            loop {
                if let Some(value) = closing_double_quote(&text, number)? {
                    break value;
                }
                let Some((_, next)) = lines.next() else {
                    return Err(line_error(
                        number,
                        "the double-quoted value is never closed",
                    ));
                };
                text.push('\n');
                text.push_str(next);
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

/// Returns the unescaped value if `text` contains the closing quote.
fn closing_double_quote(text: &str, number: usize) -> Result<Option<String>> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((idx, c)) = chars.next() {
        match c {
            '"' => {
                check_trailing(&text[idx + 1..], number)?;
                return Ok(Some(value));
            }
            '\\' => match chars.next().map(|(_, e)| e) {
                Some('n') => value.push('\n'),
                Some('r') => value.push('\r'),
                Some('t') => value.push('\t'),
                Some('"') => value.push('"'),
                Some('\\') => value.push('\\'),
                Some('$') => value.push('$'),
                Some(other) => {
                    value.push('\\');
                    value.push(other);
                }
                None => value.push('\\'),
            },
            other => value.push(other),
        }
    }
    Ok(None)
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
    fn malformed_lines_name_their_number() {
        for (input, line, what) in [
            ("A=1\nnot a pair\n", 2, "expected KEY=value"),
            ("A=\"open\n", 1, "never closed"),
            ("A='x' y\n", 1, "after the closing quote"),
            ("=x\n", 1, "expected KEY=value"),
        ] {
            let err = parse(input).unwrap_err().to_string();
            assert!(
                err.contains(&format!("line {line}:")) && err.contains(what),
                "{input:?}: {err}"
            );
        }
    }
}
