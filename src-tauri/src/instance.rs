//! One app per data dir, and the window where the user left it.
//!
//! A second launch on the same data dir hands over to the running app, which brings its window to
//! the front, and exits: two apps writing one database would race each other's audit and locking.
//! A launch on another data dir (`KEYSTEAD_DATA_DIR`) is a different vault and opens normally. On
//! Linux the running app owns a D-Bus name on the session bus; without a session bus (a bare
//! Xvfb, the end-to-end tests) the plugin warns and every launch opens normally.

use std::path::Path;

use tauri::{AppHandle, Manager, Runtime, plugin::TauriPlugin};
use tauri_plugin_window_state::StateFlags;

/// The window the app opens (tauri.conf.json → app.windows).
const MAIN_WINDOW: &str = "main";

/// Detects a second launch on `data_dir`; must be the first plugin registered.
pub fn single_instance<R: Runtime>(identifier: &str, data_dir: &Path) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(identifier, data_dir))
        .callback(|app, _args, _cwd| focus_main_window(app))
        .build()
}

/// Remembers the window's size, position and maximized state across launches, in the app's
/// config dir (`.window-state.json`). Visibility, decorations and fullscreen are not restored:
/// a window saved hidden must never come back hidden.
pub fn window_state<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
        .build()
}

fn focus_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    // Each step can fail on a window manager that refuses it; the others still help.
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
}

/// The D-Bus name prefix for one data dir: the app's identifier (tauri.conf.json) plus a hash of
/// the data dir's absolute path (a D-Bus name is at most 255 characters of `[A-Za-z0-9_-]`
/// elements, so the path itself cannot be used).
fn dbus_id(identifier: &str, data_dir: &Path) -> String {
    let absolute = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    format!(
        "{identifier}.data_{:016x}",
        fnv1a(absolute.as_os_str().as_encoded_bytes())
    )
}

/// FNV-1a (64 bit): stable across builds and Rust versions, unlike `DefaultHasher`, so an updated
/// app still finds the instance an older one started.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "dev.keystead.app";

    #[test]
    fn the_same_data_dir_gets_the_same_name_and_another_dir_another() {
        let a = dbus_id(ID, Path::new("/home/ada/.local/share/keystead"));
        assert_eq!(a, dbus_id(ID, Path::new("/home/ada/.local/share/keystead")));
        assert_ne!(a, dbus_id(ID, Path::new("/home/ada/other-vault")));
    }

    #[test]
    fn a_relative_data_dir_names_the_same_instance_as_its_absolute_path() {
        let cwd = std::env::current_dir().expect("current dir");
        assert_eq!(
            dbus_id(ID, Path::new("vault")),
            dbus_id(ID, &cwd.join("vault"))
        );
    }

    #[test]
    fn the_name_is_a_valid_dbus_name_whatever_the_path() {
        let id = dbus_id(ID, Path::new("/tmp/ä vault/with.dots-and spaces/"));
        let name = format!("{id}.SingleInstance");
        assert!(name.len() <= 255);
        for element in name.split('.') {
            assert!(!element.is_empty());
            assert!(
                !element.starts_with(|c: char| c.is_ascii_digit()),
                "{element}"
            );
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{element}"
            );
        }
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
