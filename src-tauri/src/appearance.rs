//! Whether the desktop prefers a dark style, for the UI to follow.
//!
//! WebKitGTK passes GTK's settings to the page (`prefers-color-scheme`) only once it has opened an
//! OpenGL display, which the app keeps it from doing when it draws on the CPU (`webview.rs`). So
//! the app reads the preference here and hands it to the UI through the channel the UI gave
//! `appearance_watch`; the UI applies it (a choice made in the app's header still wins).
//!
//! On Linux the preference is GTK's, read as WebKitGTK reads it: `gtk-application-prefer-dark-theme`,
//! or a dark theme (the `GTK_THEME` variable, else GTK's theme name, ending in `-dark` or holding
//! `-dark-`, in any case; `GTK_THEME` also `Name:dark`). Tauri's windowing (tao) keeps the first in
//! step with the desktop portal's colour scheme (GNOME's and KDE's dark style), so both are
//! followed while the app runs. Elsewhere nothing is reported and the page's `prefers-color-scheme`
//! is the OS's.

use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use ts_rs::TS;

/// What the UI applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Appearance {
    pub dark: bool,
}

#[derive(Default)]
struct Sources {
    /// Known once GTK's settings have been read (Linux); `None` elsewhere.
    gtk_dark: Option<bool>,
    notify: Option<Channel<Appearance>>,
    /// What the UI was last given, so that a change that changes nothing is not sent.
    sent: Option<Appearance>,
}

impl Sources {
    fn appearance(&self) -> Option<Appearance> {
        self.gtk_dark.map(|dark| Appearance { dark })
    }
}

/// The desktop's preference as last read, and where to tell the UI of a change.
#[derive(Default)]
pub struct AppearanceState {
    sources: Mutex<Sources>,
}

impl AppearanceState {
    /// The current appearance (`None` where the platform reports none), and from now on every
    /// change of it on `notify`.
    pub fn watch(&self, notify: Channel<Appearance>) -> Option<Appearance> {
        let mut sources = self.lock();
        let current = sources.appearance();
        sources.sent = current;
        sources.notify = Some(notify);
        current
    }

    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn set_gtk_dark(&self, dark: bool) {
        let send = {
            let mut sources = self.lock();
            let before = sources.appearance();
            sources.gtk_dark = Some(dark);
            let now = sources.appearance();
            if let Some(appearance) = now
                && now != before
            {
                tracing::info!(dark = appearance.dark, "the desktop's style");
            }
            match (now, sources.notify.clone()) {
                (Some(appearance), Some(channel)) if now != sources.sent => {
                    sources.sent = now;
                    Some((appearance, channel))
                }
                _ => None,
            }
        };
        // Sent with the lock released: nothing the channel does can wait on it.
        if let Some((appearance, channel)) = send
            && let Err(error) = channel.send(appearance)
        {
            tracing::debug!(%error, "the UI was not told of the desktop's style");
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Sources> {
        // A panic while holding the lock leaves plain values behind: go on with them.
        self.sources
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether GTK's settings ask for a dark style, as WebKitGTK decides it for GTK 3: the application
/// prefers a dark theme, or the theme (`GTK_THEME` when set, else GTK's theme name) is a dark one.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn gtk_prefers_dark(
    prefer_dark: bool,
    gtk_theme_env: Option<&str>,
    theme_name: Option<&str>,
) -> bool {
    if prefer_dark {
        return true;
    }
    let dark_name = |name: &str| {
        let lower = name.to_ascii_lowercase();
        lower.contains("-dark-") || lower.ends_with("-dark")
    };
    match gtk_theme_env {
        // `Adwaita:dark` names the dark variant of a theme.
        Some(env) => dark_name(env) || env.ends_with(":dark"),
        None => theme_name.is_some_and(dark_name),
    }
}

/// Starts reading the desktop's preference (Linux). Called in the setup hook, on the main thread.
pub fn watch<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    #[cfg(target_os = "linux")]
    linux::watch(app);
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(target_os = "linux")]
mod linux {
    use gtk::prelude::GtkSettingsExt;
    use tauri::{AppHandle, Manager, Runtime};

    use super::{AppearanceState, gtk_prefers_dark};

    /// Reads GTK's settings now and on each change (on the main thread, as GTK wants).
    pub fn watch<R: Runtime>(app: &AppHandle<R>) {
        let Some(settings) = gtk::Settings::default() else {
            tracing::debug!("GTK has no settings: not following its dark style");
            return;
        };
        let read = |settings: &gtk::Settings| {
            let env = std::env::var("GTK_THEME").ok();
            let name = settings.gtk_theme_name();
            gtk_prefers_dark(
                settings.is_gtk_application_prefer_dark_theme(),
                env.as_deref(),
                name.as_deref(),
            )
        };
        app.state::<AppearanceState>().set_gtk_dark(read(&settings));
        let handle = app.clone();
        settings.connect_gtk_theme_name_notify(move |settings| {
            handle
                .state::<AppearanceState>()
                .set_gtk_dark(read(settings));
        });
        let handle = app.clone();
        settings.connect_gtk_application_prefer_dark_theme_notify(move |settings| {
            handle
                .state::<AppearanceState>()
                .set_gtk_dark(read(settings));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::gtk_prefers_dark;

    #[test]
    fn gtk_is_dark_as_webkitgtk_reads_it() {
        assert!(gtk_prefers_dark(true, None, Some("Adwaita")));
        assert!(!gtk_prefers_dark(false, None, Some("Adwaita")));
        assert!(gtk_prefers_dark(false, None, Some("Adwaita-dark")));
        assert!(gtk_prefers_dark(false, None, Some("Arc-Dark")));
        assert!(gtk_prefers_dark(false, None, Some("Pop-dark-slim")));
        assert!(!gtk_prefers_dark(false, None, Some("Darkness")));
        assert!(!gtk_prefers_dark(false, None, None));
        // GTK_THEME decides over GTK's theme name.
        assert!(gtk_prefers_dark(
            false,
            Some("Adwaita:dark"),
            Some("Adwaita")
        ));
        assert!(!gtk_prefers_dark(
            false,
            Some("Adwaita"),
            Some("Adwaita-dark")
        ));
    }
}
