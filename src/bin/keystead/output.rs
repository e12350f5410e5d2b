//! Tables for people, JSON for scripts.

use keystead::Error;
use serde::Serialize;

pub fn print_error(error: &Error, json: bool) {
    if json {
        let body = serde_json::json!({ "error": error.to_wire() });
        eprintln!("{body}");
    } else {
        eprintln!("error: {error}");
    }
}

pub fn json<T: Serialize>(value: &T) -> keystead::Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("rendering JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// Prints rows under headers with columns padded to their widest cell.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        println!("(none)");
        return;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}
