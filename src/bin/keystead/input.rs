//! Reading secret values and passphrases: stdin or a no-echo terminal prompt, never argv.

use keystead::Error;
use keystead::api::Result;
use keystead::api::dto::MAX_SECRET_VALUE_BYTES;
use secrecy::SecretString;
use std::io::{IsTerminal, Read};
use std::path::Path;

/// The largest file or stdin text read (an import file, a credential definition, a KV value).
const MAX_TEXT_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a secret value: a hidden prompt on a terminal, else all of stdin minus one trailing newline.
pub fn secret_value(key: &str) -> Result<String> {
    if std::io::stdin().is_terminal() {
        let value = rpassword::prompt_password(format!("Value for {key} (input hidden): "))
            .map_err(|e| Error::invalid(format!("reading the value from the terminal: {e}")))?;
        return Ok(value);
    }
    let mut buffer = Vec::new();
    // Read one byte more than allowed (plus a newline) so an oversized value is reported, not truncated.
    std::io::stdin()
        .take(MAX_SECRET_VALUE_BYTES as u64 + 3)
        .read_to_end(&mut buffer)
        .map_err(|e| Error::invalid(format!("reading the value from stdin: {e}")))?;
    if buffer.len() as u64 > MAX_SECRET_VALUE_BYTES as u64 + 2 {
        // Not read to its end: its size is unknown, only that it is too large.
        return Err(Error::invalid(format!(
            "the value on stdin is more than {MAX_SECRET_VALUE_BYTES} bytes: values may be at \
             most {MAX_SECRET_VALUE_BYTES} bytes (64 KiB); nothing was stored"
        )));
    }
    buffer.truncate(buffer.len() - trailing_newline(&buffer));
    String::from_utf8(buffer)
        .map_err(|_| Error::invalid("the value on stdin is not valid UTF-8 text"))
}

/// Asks the person at the terminal to type `name` before something final; without a terminal the
/// command must say `--yes`.
pub fn confirm_by_typing(name: &str) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid(format!(
            "deleting {name} with everything in it needs confirmation: add --yes (no terminal to ask on)"
        )));
    }
    eprint!("This deletes {name} and everything in and below it. Type {name} to confirm: ");
    let mut typed = String::new();
    std::io::stdin()
        .read_line(&mut typed)
        .map_err(|e| Error::invalid(format!("reading the confirmation: {e}")))?;
    if typed.trim() != name {
        return Err(Error::invalid(format!(
            "not confirmed (typed {:?}, expected {name}); nothing was deleted",
            typed.trim()
        )));
    }
    Ok(())
}

/// Asks for the passphrase on the controlling terminal, if there is one.
pub fn prompt_passphrase(new: bool) -> Option<SecretString> {
    if std::fs::File::open("/dev/tty").is_err() && !std::io::stderr().is_terminal() {
        return None;
    }
    if !new {
        return rpassword::prompt_password("Keystead passphrase: ")
            .ok()
            .map(SecretString::from);
    }
    eprintln!(
        "No OS keyring is reachable: Keystead will wrap its master key with a key derived from a passphrase."
    );
    prompt_new_passphrase()
}

/// Asks for a new passphrase twice on the terminal (None without a terminal or on a mismatch).
pub fn prompt_new_passphrase() -> Option<SecretString> {
    if std::fs::File::open("/dev/tty").is_err() && !std::io::stderr().is_terminal() {
        return None;
    }
    let first = rpassword::prompt_password("New passphrase (at least 12 characters): ").ok()?;
    let second = rpassword::prompt_password("Repeat the passphrase: ").ok()?;
    if first != second {
        eprintln!("The passphrases differ.");
        return None;
    }
    Some(SecretString::from(first))
}

/// A new passphrase from KEYSTEAD_NEW_PASSPHRASE, else asked for twice on the terminal.
pub fn new_passphrase() -> Result<SecretString> {
    if let Some(p) = std::env::var("KEYSTEAD_NEW_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(SecretString::from(p));
    }
    prompt_new_passphrase().ok_or_else(|| {
        Error::invalid(
            "a new passphrase is needed: set KEYSTEAD_NEW_PASSPHRASE or run this on a terminal",
        )
    })
}

/// The current passphrase from KEYSTEAD_PASSPHRASE, else asked for on the terminal.
pub fn current_passphrase() -> Result<SecretString> {
    if let Some(p) = std::env::var("KEYSTEAD_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(SecretString::from(p));
    }
    if std::fs::File::open("/dev/tty").is_err() && !std::io::stderr().is_terminal() {
        return Err(Error::PassphraseRequired(
            "the passphrase is needed: set KEYSTEAD_PASSPHRASE or run this on a terminal".into(),
        ));
    }
    rpassword::prompt_password("Keystead passphrase: ")
        .map(SecretString::from)
        .map_err(|e| Error::invalid(format!("reading the passphrase: {e}")))
}

/// How many bytes of one trailing newline (`\n` or `\r\n`, what `echo` adds) end `text`: a value
/// piped in does not keep it.
pub fn trailing_newline(text: &[u8]) -> usize {
    if text.ends_with(b"\r\n") {
        2
    } else {
        usize::from(text.ends_with(b"\n"))
    }
}

/// Reads a whole text file, or stdin for `-`.
pub fn read_text(path: &Path) -> Result<String> {
    let (name, reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
        ("stdin".to_owned(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::invalid(format!("reading {}: {e}", path.display())))?;
        (path.display().to_string(), Box::new(file))
    };
    // An import file, a definition or a KV value: far below this. /dev/zero is not read forever.
    let mut bytes = Vec::new();
    reader
        .take(MAX_TEXT_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::invalid(format!("reading {name}: {e}")))?;
    if bytes.len() as u64 > MAX_TEXT_INPUT_BYTES {
        return Err(Error::invalid(format!(
            "{name} is larger than {} MiB: nothing was read from it",
            MAX_TEXT_INPUT_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(format!(
            "{name} is not UTF-8 text (the first bad byte is at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}
