//! Copying a secret to the OS clipboard from Rust, and clearing it again after a delay.
//!
//! The value never crosses into the web UI: the command reveals it through the core (audited), writes
//! it with `arboard`, and a timer later empties the clipboard only if it still holds that value and no
//! later Keystead copy has happened since. The `arboard::Clipboard` lives in managed state for the life
//! of the app, so on X11 the selection keeps being served after the command returns.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use keystead::api::{ErrorCode, WireError};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use ts_rs::TS;

/// Overrides the clear delay in seconds (tests use a short one). Default [`DEFAULT_CLEAR_SECS`].
pub const CLEAR_SECS_ENV: &str = "KEYSTEAD_CLIPBOARD_CLEAR_SECS";
pub const DEFAULT_CLEAR_SECS: u32 = 30;
/// Longest accepted override: a secret does not sit on the clipboard for more than ten minutes.
const MAX_CLEAR_SECS: u32 = 600;

/// What the UI learns about a copy: when the clipboard will be cleared. Never the value.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CopyReceipt {
    /// Seconds until the clipboard is cleared (if it still holds the copied value then).
    pub clear_after_secs: u32,
}

/// The part of an OS clipboard the copy-and-clear logic needs (a trait so tests use a fake).
pub trait TextClipboard {
    fn set_text(&mut self, text: &str) -> Result<(), String>;
    /// The current text, or `None` when the clipboard holds no text (empty, or an image, ...).
    fn get_text(&mut self) -> Result<Option<String>, String>;
    fn clear(&mut self) -> Result<(), String>;
}

impl TextClipboard for arboard::Clipboard {
    /// Marks the copy as not for clipboard history where the platform has a way to say so: the
    /// Windows clipboard history and cloud sync, macOS's concealed type, and on Linux the
    /// `x-kde-passwordManagerHint` that KDE's Klipper honours (other Linux clipboard managers may
    /// still keep it until the clear).
    fn set_text(&mut self, text: &str) -> Result<(), String> {
        #[cfg(target_os = "macos")]
        use arboard::SetExtApple;
        #[cfg(target_os = "linux")]
        use arboard::SetExtLinux;
        #[cfg(target_os = "windows")]
        use arboard::SetExtWindows;
        self.set()
            .exclude_from_history()
            .text(text)
            .map_err(|e| e.to_string())
    }

    fn get_text(&mut self) -> Result<Option<String>, String> {
        match arboard::Clipboard::get_text(self) {
            Ok(text) => Ok(Some(text)),
            Err(arboard::Error::ContentNotAvailable) => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    fn clear(&mut self) -> Result<(), String> {
        arboard::Clipboard::clear(self).map_err(|e| e.to_string())
    }
}

/// What the timer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearOutcome {
    Cleared,
    /// The clipboard holds something else now (the user copied other content): left alone.
    Changed,
    /// A later Keystead copy replaced this one; its own timer decides.
    Superseded,
}

/// Empties the clipboard if `copy` is still the latest Keystead copy (`latest`) and the clipboard still
/// holds `value`. When the clipboard cannot be read, it is cleared anyway: losing unrelated content is
/// the lesser harm than leaving a secret there.
pub fn clear_if_unchanged(
    clipboard: &mut dyn TextClipboard,
    copy: u64,
    latest: u64,
    value: &str,
) -> Result<ClearOutcome, String> {
    if copy != latest {
        return Ok(ClearOutcome::Superseded);
    }
    match clipboard.get_text() {
        Ok(Some(current)) if current == value => {}
        Ok(_) => return Ok(ClearOutcome::Changed),
        Err(_) => {}
    }
    clipboard.clear().map(|()| ClearOutcome::Cleared)
}

/// The clear delay from the environment variable's raw value: a whole number of seconds in
/// 1..=600, otherwise the default.
pub fn clear_after_secs(raw: Option<&str>) -> u32 {
    raw.and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|secs| (1..=MAX_CLEAR_SECS).contains(secs))
        .unwrap_or(DEFAULT_CLEAR_SECS)
}

struct Slot<C> {
    /// Opened on first use, so the app starts where no clipboard is reachable.
    clipboard: Option<C>,
    /// Counts copies; a timer acts only for the latest one.
    copies: u64,
}

/// Managed app state: the one OS clipboard handle, behind a mutex. Calls block (X11 round trips), so
/// callers run them in `spawn_blocking`.
pub struct ClipboardState<C = arboard::Clipboard> {
    slot: Arc<Mutex<Slot<C>>>,
    open: fn() -> Result<C, String>,
    clear_after_secs: u32,
}

impl ClipboardState<arboard::Clipboard> {
    pub fn new() -> Self {
        let raw = std::env::var(CLEAR_SECS_ENV).ok();
        Self::with_opener(
            || arboard::Clipboard::new().map_err(|e| e.to_string()),
            clear_after_secs(raw.as_deref()),
        )
    }
}

impl<C: TextClipboard + Send + 'static> ClipboardState<C> {
    pub fn with_opener(open: fn() -> Result<C, String>, clear_after_secs: u32) -> Self {
        Self {
            slot: Arc::new(Mutex::new(Slot {
                clipboard: None,
                copies: 0,
            })),
            open,
            clear_after_secs,
        }
    }

    /// Writes `value` to the clipboard and schedules its clear. Must run inside a Tokio runtime.
    pub async fn copy(&self, value: SecretString) -> Result<CopyReceipt, WireError> {
        let copy = self.write(value.clone()).await?;
        let slot = Arc::clone(&self.slot);
        let delay = Duration::from_secs(u64::from(self.clear_after_secs));
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let cleared = tokio::task::spawn_blocking(move || {
                let mut slot = lock(&slot);
                let latest = slot.copies;
                match slot.clipboard.as_mut() {
                    Some(clipboard) => {
                        clear_if_unchanged(clipboard, copy, latest, value.expose_secret())
                    }
                    None => Ok(ClearOutcome::Changed),
                }
            })
            .await;
            match cleared {
                Ok(Ok(_)) => {}
                // The message names the clipboard error only, never the value.
                Ok(Err(error)) => {
                    eprintln!("keystead-desktop: could not clear the clipboard: {error}")
                }
                Err(error) => eprintln!("keystead-desktop: clipboard clear task failed: {error}"),
            }
        });

        Ok(CopyReceipt {
            clear_after_secs: self.clear_after_secs,
        })
    }

    /// Writes text that is not sensitive (a secret reference): no clear is scheduled. It still counts
    /// as the latest copy, so an earlier secret's timer leaves the clipboard alone.
    pub async fn copy_text(&self, text: String) -> Result<(), WireError> {
        self.write(SecretString::from(text)).await.map(|_| ())
    }

    /// Writes to the clipboard (opening it on first use) and returns the copy's number.
    async fn write(&self, value: SecretString) -> Result<u64, WireError> {
        let slot = Arc::clone(&self.slot);
        let open = self.open;
        tokio::task::spawn_blocking(move || -> Result<u64, String> {
            let mut slot = lock(&slot);
            if slot.clipboard.is_none() {
                slot.clipboard = Some(open()?);
            }
            let clipboard = slot
                .clipboard
                .as_mut()
                .ok_or_else(|| "no clipboard".to_string())?;
            if let Err(error) = clipboard.set_text(value.expose_secret()) {
                // The connection may have gone stale (display restarted): reopen on the next copy.
                slot.clipboard = None;
                return Err(error);
            }
            slot.copies += 1;
            Ok(slot.copies)
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|written| written)
        .map_err(|reason| WireError {
            code: ErrorCode::Internal,
            message: format!(
                "could not copy to the clipboard: no system clipboard is available ({reason})"
            ),
            mint_error: None,
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves nothing half-written that matters here.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An in-memory clipboard; `unreadable` makes reads fail like a broken connection.
    #[derive(Default)]
    struct Memory {
        text: Option<String>,
        unreadable: bool,
    }

    impl TextClipboard for Memory {
        fn set_text(&mut self, text: &str) -> Result<(), String> {
            self.text = Some(text.to_string());
            Ok(())
        }
        fn get_text(&mut self) -> Result<Option<String>, String> {
            if self.unreadable {
                return Err("read failed".into());
            }
            Ok(self.text.clone())
        }
        fn clear(&mut self) -> Result<(), String> {
            self.text = None;
            Ok(())
        }
    }

    #[test]
    fn clears_when_the_clipboard_still_holds_the_value() {
        let mut clipboard = Memory::default();
        clipboard.set_text("s3cret").ok();
        assert_eq!(
            clear_if_unchanged(&mut clipboard, 1, 1, "s3cret"),
            Ok(ClearOutcome::Cleared)
        );
        assert_eq!(clipboard.text, None);
    }

    #[test]
    fn leaves_other_content_alone() {
        let mut clipboard = Memory::default();
        clipboard.set_text("unrelated").ok();
        assert_eq!(
            clear_if_unchanged(&mut clipboard, 1, 1, "s3cret"),
            Ok(ClearOutcome::Changed)
        );
        assert_eq!(clipboard.text.as_deref(), Some("unrelated"));

        let mut empty = Memory::default();
        assert_eq!(
            clear_if_unchanged(&mut empty, 1, 1, "s3cret"),
            Ok(ClearOutcome::Changed)
        );
    }

    #[test]
    fn a_later_copy_decides_instead() {
        let mut clipboard = Memory::default();
        clipboard.set_text("s3cret").ok();
        assert_eq!(
            clear_if_unchanged(&mut clipboard, 1, 2, "s3cret"),
            Ok(ClearOutcome::Superseded)
        );
        assert_eq!(clipboard.text.as_deref(), Some("s3cret"));
    }

    #[test]
    fn clears_when_the_clipboard_cannot_be_read() {
        let mut clipboard = Memory {
            text: Some("s3cret".into()),
            unreadable: true,
        };
        assert_eq!(
            clear_if_unchanged(&mut clipboard, 1, 1, "s3cret"),
            Ok(ClearOutcome::Cleared)
        );
        assert_eq!(clipboard.text, None);
    }

    #[test]
    fn clear_delay_defaults_and_bounds() {
        assert_eq!(clear_after_secs(None), 30);
        assert_eq!(clear_after_secs(Some("2")), 2);
        assert_eq!(clear_after_secs(Some(" 5 ")), 5);
        assert_eq!(clear_after_secs(Some("0")), 30);
        assert_eq!(clear_after_secs(Some("601")), 30);
        assert_eq!(clear_after_secs(Some("soon")), 30);
    }

    fn no_clipboard() -> Result<Memory, String> {
        Err("no display".into())
    }

    #[tokio::test]
    async fn copy_writes_then_clears_after_the_delay() {
        let state = ClipboardState::with_opener(|| Ok(Memory::default()), 1);
        let receipt = state.copy(SecretString::from("s3cret")).await;
        assert_eq!(receipt.map(|r| r.clear_after_secs).ok(), Some(1));
        let held = |state: &ClipboardState<Memory>| {
            lock(&state.slot)
                .clipboard
                .as_ref()
                .and_then(|c| c.text.clone())
        };
        assert_eq!(held(&state).as_deref(), Some("s3cret"));

        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(held(&state).as_deref(), Some("s3cret"));
        for _ in 0..60 {
            if held(&state).is_none() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(held(&state), None);
    }

    #[tokio::test]
    async fn text_copied_after_a_secret_stays_past_the_secret_clear() {
        let state = ClipboardState::with_opener(|| Ok(Memory::default()), 1);
        assert!(state.copy(SecretString::from("s3cret")).await.is_ok());
        assert!(
            state
                .copy_text("{{ secret('API_KEY') }}".into())
                .await
                .is_ok()
        );
        tokio::time::sleep(Duration::from_millis(1600)).await;
        let held = lock(&state.slot)
            .clipboard
            .as_ref()
            .and_then(|c| c.text.clone());
        assert_eq!(held.as_deref(), Some("{{ secret('API_KEY') }}"));
    }

    #[tokio::test]
    async fn no_clipboard_is_an_internal_error_without_the_value() {
        let state = ClipboardState::with_opener(no_clipboard, 30);
        let error = state.copy(SecretString::from("s3cret")).await.err();
        let error = error.map(|e| (e.code, e.message));
        assert!(
            matches!(&error, Some((ErrorCode::Internal, message))
                if message.contains("no system clipboard") && !message.contains("s3cret")),
            "{error:?}"
        );
    }
}
