//! Tables for people, JSON for scripts.

/// `println!` for command output: a closed stdout (`keystead … | head -1`) ends the process
/// quietly instead of panicking.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write_stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes command output; a reader that went away ends the process (its work is done).
pub fn write_stdout(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

use keystead::Error;
use serde::Serialize;
use std::path::Path;

/// Prints the error as `error: message` or, with `--json`, as `{"error": {code, message, ...}}`.
/// Storage and internal details go to the log (stderr), not into the message.
pub fn print_error(error: &Error, json: bool) {
    let wire = error.to_wire();
    if json {
        let body = serde_json::json!({ "error": wire });
        eprintln!("{body}");
    } else {
        eprintln!("error: {}", wire.message);
    }
}

/// Prints `value` as pretty JSON; the command then ends with exit code 0.
pub fn json<T: Serialize>(value: &T) -> keystead::api::Result<u8> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("rendering JSON: {e}")))?;
    crate::out!("{text}");
    Ok(0)
}

/// Creates a new file readable by its owner only; an existing file is never overwritten.
pub fn create_private(path: &Path) -> keystead::api::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| {
        Error::invalid(format!(
            "creating {} (it must not exist yet): {e}",
            path.display()
        ))
    })
}

/// A new private file (see [`create_private`]) made before the work that fills it, so that a name
/// that is taken refuses the command before anything happens. It is removed again when dropped
/// before [`NewFile::write_and_keep`] wrote it: a failed command leaves no empty or half-written
/// file behind.
pub struct NewFile<'a> {
    path: &'a Path,
    /// `None` once kept.
    file: Option<std::fs::File>,
}

impl<'a> NewFile<'a> {
    pub fn create(path: &'a Path) -> keystead::api::Result<NewFile<'a>> {
        Ok(NewFile {
            path,
            file: Some(create_private(path)?),
        })
    }

    pub fn path(&self) -> &'a Path {
        self.path
    }

    /// Writes `bytes` and keeps the file, then flushes it to the disk. A failed write removes the
    /// file; once every byte is written the file stays, even if the flush then fails (the caller
    /// names the file in its error).
    pub fn write_and_keep(mut self, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        if let Err(error) = file.write_all(bytes) {
            self.file = Some(file);
            return Err(error);
        }
        file.sync_all()
    }
}

impl Drop for NewFile<'_> {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            drop(file);
            let _ = std::fs::remove_file(self.path);
        }
    }
}

/// Prints rows under headers with columns padded to their widest cell.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        crate::out!("(none)");
        return;
    }
    // User text (descriptions, values of KV previews) cannot move the cursor or break the table.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| printable(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row.iter()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        crate::out!("{}", padded.join("  ").trim_end());
    };
    line(headers.to_vec());
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// User text for one line of a terminal: control characters (ESC, CR, LF, …) shown escaped.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
