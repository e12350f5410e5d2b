//! Whether the desktop prefers a dark style, for the UI to follow.
//!
//! WebKitGTK passes GTK's settings to the page (`prefers-color-scheme`) only once it has opened an
//! OpenGL display, which the app keeps it from doing when it draws on the CPU (`webview.rs`). So
//! the app reads the preference here and hands it to the UI through the channel the UI gave
//! `appearance_watch`; the UI applies it (a choice made in the app's header still wins).
//!
//! On Linux: the desktop portal's colour scheme (GNOME's and KDE's dark style) when it states one,
//! else GTK's, read as WebKitGTK reads it: `gtk-application-prefer-dark-theme`, or a theme (the
//! `GTK_THEME` variable, else GTK's theme name) ending in `-dark`. Both are followed while the app
//! runs. Elsewhere nothing is reported and the page's `prefers-color-scheme` is the OS's.

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

/// The desktop portal's `org.freedesktop.appearance` `color-scheme`: 1 prefers dark, 2 prefers
/// light, 0 (or anything else) states no preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PortalScheme {
    NoPreference,
    Dark,
    Light,
}

impl PortalScheme {
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn from_portal(value: u32) -> PortalScheme {
        match value {
            1 => PortalScheme::Dark,
            2 => PortalScheme::Light,
            _ => PortalScheme::NoPreference,
        }
    }
}

#[derive(Default)]
struct Sources {
    /// Known once the platform's sources have been read (Linux); `None` elsewhere.
    gtk_dark: Option<bool>,
    portal: Option<PortalScheme>,
    notify: Option<Channel<Appearance>>,
    /// What the UI was last given, so that a change that changes nothing is not sent.
    sent: Option<Appearance>,
}

impl Sources {
    fn appearance(&self) -> Option<Appearance> {
        let dark = match self.portal {
            Some(PortalScheme::Dark) => true,
            Some(PortalScheme::Light) => false,
            Some(PortalScheme::NoPreference) | None => self.gtk_dark?,
        };
        Some(Appearance { dark })
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
        self.update(|sources| sources.gtk_dark = Some(dark));
    }

    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn set_portal(&self, scheme: PortalScheme) {
        self.update(|sources| sources.portal = Some(scheme));
    }

    fn update(&self, change: impl FnOnce(&mut Sources)) {
        let mut sources = self.lock();
        change(&mut sources);
        let now = sources.appearance();
        if now == sources.sent {
            return;
        }
        let (Some(appearance), Some(channel)) = (now, sources.notify.as_ref()) else {
            return;
        };
        match channel.send(appearance) {
            Ok(()) => sources.sent = now,
            Err(error) => tracing::debug!(%error, "the UI was not told of the desktop's style"),
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
pub fn watch<R: tauri::Runtime>(app: &tauri::App<R>) {
    #[cfg(target_os = "linux")]
    linux::watch(app.handle());
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(target_os = "linux")]
mod linux {
    use std::time::Duration;

    use futures_util::StreamExt;
    use gtk::prelude::GtkSettingsExt;
    use tauri::{AppHandle, Manager, Runtime};
    use zbus::message::Type;
    use zbus::zvariant::{OwnedValue, Value};
    use zbus::{Connection, MatchRule, MessageStream};

    use super::{AppearanceState, PortalScheme, gtk_prefers_dark};

    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
    const SETTINGS: &str = "org.freedesktop.portal.Settings";
    const NAMESPACE: &str = "org.freedesktop.appearance";
    const KEY: &str = "color-scheme";
    /// How long the portal may take to answer (a session bus with no portal answers at once).
    const PORTAL_TIMEOUT: Duration = Duration::from_secs(2);

    pub fn watch<R: Runtime>(app: &AppHandle<R>) {
        watch_gtk(app);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(error) = watch_portal(&app).await {
                tracing::debug!(%error, "not following the desktop portal's colour scheme");
            }
        });
    }

    fn watch_gtk<R: Runtime>(app: &AppHandle<R>) {
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

    async fn watch_portal<R: Runtime>(app: &AppHandle<R>) -> zbus::Result<()> {
        let bus = tokio::time::timeout(PORTAL_TIMEOUT, Connection::session())
            .await
            .map_err(|_| zbus::Error::Failure("the session bus did not answer".into()))??;
        // Listening before reading: a change between the two is not missed.
        let rule = MatchRule::builder()
            .msg_type(Type::Signal)
            .interface(SETTINGS)?
            .member("SettingChanged")?
            .path(PORTAL_PATH)?
            .build();
        let mut changes = MessageStream::for_match_rule(rule, &bus, Some(8)).await?;
        if let Some(scheme) = read_scheme(&bus).await? {
            app.state::<AppearanceState>().set_portal(scheme);
        }
        tracing::info!("following the desktop portal's colour scheme");
        while let Some(message) = changes.next().await {
            let Ok(message) = message else { continue };
            let Ok((namespace, key, value)) =
                message.body().deserialize::<(String, String, OwnedValue)>()
            else {
                continue;
            };
            if namespace == NAMESPACE
                && key == KEY
                && let Some(value) = scheme_value(&value)
            {
                app.state::<AppearanceState>()
                    .set_portal(PortalScheme::from_portal(value));
            }
        }
        Ok(())
    }

    /// The portal's colour scheme: `ReadOne` (portal version 2), else the older `Read`.
    async fn read_scheme(bus: &Connection) -> zbus::Result<Option<PortalScheme>> {
        for method in ["ReadOne", "Read"] {
            let call = bus.call_method(
                Some(PORTAL),
                PORTAL_PATH,
                Some(SETTINGS),
                method,
                &(NAMESPACE, KEY),
            );
            let reply = match tokio::time::timeout(PORTAL_TIMEOUT, call).await {
                Ok(Ok(reply)) => reply,
                // No portal, or one without this method or this setting: try the next.
                Ok(Err(error)) => {
                    tracing::debug!(method, %error, "the portal gave no colour scheme");
                    continue;
                }
                Err(_) => return Err(zbus::Error::Failure("the portal did not answer".into())),
            };
            let value: OwnedValue = reply.body().deserialize()?;
            return Ok(scheme_value(&value).map(PortalScheme::from_portal));
        }
        Ok(None)
    }

    /// The number inside the portal's answer (`Read` wraps it in one more variant).
    fn scheme_value(value: &Value<'_>) -> Option<u32> {
        match value {
            Value::U32(number) => Some(*number),
            Value::Value(inner) => scheme_value(inner),
            _ => None,
        }
    }

    #[cfg(test)]
    mod tests {
        use zbus::zvariant::Value;

        use super::scheme_value;

        #[test]
        fn the_scheme_is_read_through_any_number_of_variants() {
            assert_eq!(scheme_value(&Value::U32(1)), Some(1));
            let wrapped = Value::Value(Box::new(Value::Value(Box::new(Value::U32(2)))));
            assert_eq!(scheme_value(&wrapped), Some(2));
            assert_eq!(scheme_value(&Value::Str("dark".into())), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PortalScheme, Sources, gtk_prefers_dark};

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

    #[test]
    fn the_portal_decides_when_it_states_a_preference_and_gtk_otherwise() {
        let dark = |gtk_dark: Option<bool>, portal: Option<PortalScheme>| {
            let sources = Sources {
                gtk_dark,
                portal,
                ..Sources::default()
            };
            sources.appearance().map(|appearance| appearance.dark)
        };
        assert_eq!(dark(None, None), None);
        assert_eq!(dark(Some(true), None), Some(true));
        assert_eq!(dark(Some(false), Some(PortalScheme::Dark)), Some(true));
        assert_eq!(dark(Some(true), Some(PortalScheme::Light)), Some(false));
        assert_eq!(
            dark(Some(true), Some(PortalScheme::NoPreference)),
            Some(true)
        );
        assert_eq!(PortalScheme::from_portal(1), PortalScheme::Dark);
        assert_eq!(PortalScheme::from_portal(2), PortalScheme::Light);
        assert_eq!(PortalScheme::from_portal(7), PortalScheme::NoPreference);
    }
}
