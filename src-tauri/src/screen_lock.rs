//! Locks Keystead when the desktop session's screen locks, where the OS tells: on Linux the
//! screensaver's `ActiveChanged(true)` on the session bus (freedesktop, GNOME and MATE names) and
//! logind's `Lock` for this session on the system bus. The UI learns of it through the channel it
//! handed over with `screen_lock_watch` (no event permission needed).

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
use tokio::sync::Mutex;

use crate::session::Session;

/// Whether to lock on a screen lock (the UI's setting; on until it says otherwise), and where to
/// tell the UI.
pub struct ScreenLockState {
    enabled: AtomicBool,
    notify: Mutex<Option<Channel<()>>>,
}

impl Default for ScreenLockState {
    fn default() -> Self {
        ScreenLockState {
            enabled: AtomicBool::new(true),
            notify: Mutex::new(None),
        }
    }
}

impl ScreenLockState {
    pub async fn configure(&self, enabled: bool, notify: Channel<()>) {
        self.enabled.store(enabled, Ordering::SeqCst);
        *self.notify.lock().await = Some(notify);
    }

    fn enabled(&self) -> bool {
        self.enabled.load(Ordering::SeqCst)
    }

    /// The screen locked: lock the core, then tell the UI.
    async fn screen_locked(&self, session: &Session, source: &str) {
        if !self.enabled() {
            tracing::info!(source, "the screen locked; locking on screen lock is off");
            return;
        }
        if !session.state().await.is_ok_and(|state| state.unlocked) {
            tracing::info!(source, "the screen locked; Keystead was locked already");
            return;
        }
        if let Err(error) = session.lock().await {
            tracing::warn!(code = ?error.code, "locking on screen lock failed");
            return;
        }
        tracing::info!(source, "locked: the screen locked");
        if let Some(channel) = self.notify.lock().await.as_ref()
            && let Err(error) = channel.send(())
        {
            tracing::debug!(%error, "the UI was not told of the screen lock");
        }
    }
}

/// Starts watching for screen locks (a no-op where the OS does not tell).
pub fn watch(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    linux::watch(app);
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// Locks the app that `app` runs, as the screen locked.
async fn on_screen_lock(app: &AppHandle, source: &str) {
    let session = app.state::<Session>();
    app.state::<ScreenLockState>()
        .screen_locked(&session, source)
        .await;
}

#[cfg(target_os = "linux")]
mod linux {
    use futures_util::StreamExt;
    use tauri::AppHandle;
    use zbus::message::Type;
    use zbus::{Connection, MatchRule, MessageStream};

    /// The screensaver interfaces that announce `ActiveChanged(bool)` on the session bus.
    const SCREENSAVERS: [&str; 3] = [
        "org.freedesktop.ScreenSaver",
        "org.gnome.ScreenSaver",
        "org.mate.ScreenSaver",
    ];

    pub fn watch(app: &AppHandle) {
        for interface in SCREENSAVERS {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                if let Err(error) = screensaver(interface, &app).await {
                    tracing::debug!(interface, %error, "not watching this screensaver");
                }
            });
        }
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(error) = logind(&app).await {
                tracing::debug!(%error, "not watching logind's session lock");
            }
        });
    }

    async fn screensaver(interface: &'static str, app: &AppHandle) -> zbus::Result<()> {
        let bus = Connection::session().await?;
        let rule = MatchRule::builder()
            .msg_type(Type::Signal)
            .interface(interface)?
            .member("ActiveChanged")?
            .build();
        let mut signals = MessageStream::for_match_rule(rule, &bus, Some(8)).await?;
        tracing::info!(interface, "watching the screen lock (session bus)");
        while let Some(message) = signals.next().await {
            let Ok(message) = message else { continue };
            if message.body().deserialize::<bool>().unwrap_or(false) {
                super::on_screen_lock(app, interface).await;
            }
        }
        Ok(())
    }

    async fn logind(app: &AppHandle) -> zbus::Result<()> {
        let bus = Connection::system().await?;
        let reply = bus
            .call_method(
                Some("org.freedesktop.login1"),
                "/org/freedesktop/login1",
                Some("org.freedesktop.login1.Manager"),
                "GetSessionByPID",
                &(std::process::id()),
            )
            .await?;
        let path: zbus::zvariant::OwnedObjectPath = reply.body().deserialize()?;
        let rule = MatchRule::builder()
            .msg_type(Type::Signal)
            .interface("org.freedesktop.login1.Session")?
            .member("Lock")?
            .path(path)?
            .build();
        let mut signals = MessageStream::for_match_rule(rule, &bus, Some(8)).await?;
        tracing::info!("watching the screen lock (logind)");
        while signals.next().await.is_some() {
            super::on_screen_lock(app, "logind").await;
        }
        Ok(())
    }
}
