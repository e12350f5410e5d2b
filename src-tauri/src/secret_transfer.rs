//! Bulk import and export of a namespace's secrets: adapters onto `keystead::api`, plus the native
//! save dialog and the private file an export is written to.

use std::io::Write;
use std::path::{Path, PathBuf};

use keystead::api::WireError;
use keystead::api::dto::{ImportProgress, ImportReport, ImportRequest};
use secrecy::{ExposeSecret, SecretString};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::session::Session;

type Reply<T> = Result<T, WireError>;

/// Previews (`dry_run`) or performs an import; the content never comes back, only per-key actions.
/// `progress` hears how far it has come (entries checked, then changes written).
#[tauri::command]
pub async fn secret_import(
    session: State<'_, Session>,
    req: ImportRequest,
    progress: Channel<ImportProgress>,
) -> Reply<ImportReport> {
    Ok(session
        .core()
        .await?
        .secret_import_with_progress(&session.caller, req, &|step| {
            // A window that went away no longer listens; the import goes on.
            let _ = progress.send(step);
        })
        .await?)
}

/// Asks where to save in a native dialog, then writes the namespace's own secrets there in Kestra's
/// `.env_encoded` format, readable by the owner only. `None`: the user cancelled (nothing was read).
/// The dialog runs here rather than in the web UI, so the UI can never choose a path to write.
#[tauri::command]
pub async fn secret_export_file(
    app: AppHandle,
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
) -> Reply<Option<String>> {
    let Some(path) = choose_export_path(&app, &namespace).await? else {
        return Ok(None);
    };
    let text = SecretString::from(
        session
            .core()
            .await?
            .secret_export(&session.caller, &tenant, &namespace)
            .await?,
    );
    let target = path.clone();
    tauri::async_runtime::spawn_blocking(move || write_private(&target, text.expose_secret()))
        .await
        .map_err(|e| keystead::Error::Internal(format!("writing the export: {e}")))??;
    Ok(Some(path.display().to_string()))
}

async fn choose_export_path(app: &AppHandle, namespace: &str) -> Reply<Option<PathBuf>> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let mut dialog = app
        .dialog()
        .file()
        .set_title(format!("Export the secrets of {namespace}"))
        .set_file_name(format!("{namespace}.env_encoded"))
        .add_filter("Kestra secrets (.env_encoded)", &["env_encoded"]);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.save_file(move |chosen| {
        // The receiver is gone only if the command was dropped; nothing is left to tell.
        let _ = sender.send(chosen);
    });
    let chosen = receiver.await.map_err(|_| {
        keystead::Error::Internal("the save dialog closed without an answer".into())
    })?;
    match chosen {
        None => Ok(None),
        Some(file) => file.into_path().map(Some).map_err(|e| {
            keystead::Error::invalid(format!("the chosen location is not a local file: {e}")).into()
        }),
    }
}

/// Writes `text` to `path` with mode 0600. The native dialog already asked before replacing a file;
/// a replaced file loses any wider mode it had before a byte of the export reaches it.
pub fn write_private(path: &Path, text: &str) -> Result<(), keystead::Error> {
    let failed = |e: std::io::Error| {
        keystead::Error::invalid(format!("could not write {}: {e}", path.display()))
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(failed)?;
    }
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("keystead-export-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        dir.join("team.env_encoded")
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    }

    #[test]
    fn a_new_export_file_is_private() {
        let path = scratch("new");
        std::fs::remove_file(&path).ok();
        assert!(write_private(&path, "SECRET_A=YQ==\n").is_ok());
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some("SECRET_A=YQ==\n")
        );
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_world_readable_file_becomes_private_and_holds_only_the_export() {
        use std::os::unix::fs::PermissionsExt;
        let path = scratch("replaced");
        std::fs::write(&path, "an older and much longer file\n".repeat(10)).ok();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).ok();
        assert!(write_private(&path, "SECRET_B=Yg==\n").is_ok());
        assert_eq!(mode(&path), 0o600);
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some("SECRET_B=Yg==\n")
        );
    }

    #[test]
    fn an_unwritable_location_is_reported_with_its_path() {
        let path = Path::new("/nonexistent-keystead-dir/x.env_encoded");
        let error = write_private(path, "A=YQ==\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("/nonexistent-keystead-dir/x.env_encoded"),
            "{error}"
        );
    }
}
