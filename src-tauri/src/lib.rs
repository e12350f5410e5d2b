//! Keystead desktop shell. It holds no logic of its own: it owns the unlocked [`keystead::api::Keystead`]
//! and exposes its methods as Tauri commands (see [`commands`]).

mod appearance;
mod clipboard;
mod commands;
mod instance;
mod screen_lock;
mod secret_transfer;
mod session;
mod webview;

use session::Session;
use tauri::Manager;

pub use clipboard::CopyReceipt;
pub use session::UnlockState;

pub fn run() {
    // First of all, before the app starts any thread (nothing may come before it): what GTK and
    // WebKit read as they start.
    webview::prepare_environment();
    // Before a key or a value is in memory; WebKit's processes inherit the limit.
    if let Err(e) = keystead::process::disable_core_dumps() {
        eprintln!("keystead-desktop: could not turn core dumps off: {e}");
    }
    // Diagnostics (storage and internal errors, never values) go to stderr; RUST_LOG overrides.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let data_dir = keystead::api::default_data_dir();
    let context = tauri::generate_context!();
    let single_instance = instance::single_instance(&context.config().identifier, &data_dir);

    let result = tauri::Builder::default()
        // First: a second launch on this data dir hands over before any other plugin starts.
        .plugin(single_instance)
        .plugin(instance::window_state())
        .plugin(tauri_plugin_dialog::init())
        // Plugins start before this hook, so a second launch exits without opening the data dir.
        // The hook runs on the event loop before it handles any command, so every command finds
        // the session. Opening succeeds without a prompt when the OS keyring holds the master key
        // or KEYSTEAD_PASSPHRASE is set; otherwise the app starts locked and the UI asks.
        .setup(move |app| {
            // First, so that the policy is set before anything else takes time.
            webview::configure(app);
            appearance::watch(app.handle());
            app.manage(tauri::async_runtime::block_on(Session::open_at_startup(
                data_dir,
            )));
            screen_lock::watch(app.handle());
            Ok(())
        })
        .manage(clipboard::ClipboardState::new())
        .manage(screen_lock::ScreenLockState::default())
        .manage(appearance::AppearanceState::default())
        .invoke_handler(tauri::generate_handler![
            commands::unlock_state,
            commands::unlock,
            commands::status,
            commands::tenant_list,
            commands::tenant_create,
            commands::namespace_create,
            commands::namespace_tree,
            commands::namespace_delete,
            commands::secrets::secret_set,
            commands::secrets::secret_get,
            commands::secrets::secret_copy,
            commands::secrets::secret_list,
            commands::secrets::secret_delete,
            commands::secrets::secret_set_read_only,
            commands::secrets::secret_versions,
            commands::secrets::secret_restore,
            commands::secrets::secret_reference_copy,
            secret_transfer::secret_import,
            secret_transfer::secret_export_file,
            commands::audit_list,
            commands::expiring,
            commands::credentials::credential_types,
            commands::credentials::credential_type,
            commands::credentials::credential_type_create,
            commands::credentials::credential_type_update,
            commands::credentials::credential_type_delete,
            commands::credentials::credential_apply,
            commands::credentials::credential_list,
            commands::credentials::credential_show,
            commands::credentials::credential_delete,
            commands::credentials::credential_copy,
            commands::credentials::credential_test,
            commands::credentials::credential_test_definition,
            commands::credentials::credential_discover,
            commands::access::whoami,
            commands::access::principal_create,
            commands::access::principal_list,
            commands::access::principal_show,
            commands::access::principal_set_disabled,
            commands::access::principal_delete,
            commands::access::role_grant,
            commands::access::role_revoke,
            commands::access::role_list,
            commands::access::token_create,
            commands::access::token_list,
            commands::access::token_revoke,
            commands::access::token_revoke_all,
            commands::access::token_rotate,
            commands::access::token_copy,
            commands::keys::recovery_key_copy,
            commands::kv::kv_set,
            commands::kv::kv_get,
            commands::kv::kv_list,
            commands::kv::kv_delete,
            commands::keys::key_status,
            commands::keys::key_recovery_create,
            commands::keys::key_passphrase_change,
            commands::keys::key_move,
            commands::keys::key_rotate,
            commands::keys::key_rotate_data_keys,
            commands::lock,
            commands::screen_lock_watch,
            commands::appearance_watch,
            commands::api_server_status,
            commands::api_server_start,
            commands::api_server_stop,
        ])
        .run(context);
    if let Err(error) = result {
        eprintln!("keystead-desktop: could not start the window: {error}");
        std::process::exit(1);
    }
}
