//! Keystead desktop shell. It holds no logic of its own: it owns the unlocked [`keystead::api::Keystead`]
//! and exposes its methods as Tauri commands (see [`commands`]).

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
            app.manage(tauri::async_runtime::block_on(Session::open_at_startup(
                data_dir,
            )));
            screen_lock::watch(app.handle());
            Ok(())
        })
        .manage(clipboard::ClipboardState::new())
        .manage(screen_lock::ScreenLockState::default())
        .invoke_handler(tauri::generate_handler![
            commands::unlock_state,
            commands::unlock,
            commands::status,
            commands::tenant_list,
            commands::tenant_create,
            commands::namespace_create,
            commands::namespace_tree,
            commands::namespace_delete,
            commands::secret_set,
            commands::secret_get,
            commands::secret_copy,
            commands::secret_list,
            commands::secret_delete,
            commands::secret_set_read_only,
            commands::secret_versions,
            commands::secret_restore,
            commands::secret_reference_copy,
            secret_transfer::secret_import,
            secret_transfer::secret_export_file,
            commands::audit_list,
            commands::expiring,
            commands::credential_types,
            commands::credential_type,
            commands::credential_type_create,
            commands::credential_type_update,
            commands::credential_type_delete,
            commands::credential_apply,
            commands::credential_list,
            commands::credential_show,
            commands::credential_delete,
            commands::credential_copy,
            commands::credential_test,
            commands::credential_test_definition,
            commands::credential_discover,
            commands::whoami,
            commands::principal_create,
            commands::principal_list,
            commands::principal_show,
            commands::principal_set_disabled,
            commands::principal_delete,
            commands::role_grant,
            commands::role_revoke,
            commands::role_list,
            commands::token_create,
            commands::token_list,
            commands::token_revoke,
            commands::token_revoke_all,
            commands::token_rotate,
            commands::token_copy,
            commands::recovery_key_copy,
            commands::kv_set,
            commands::kv_get,
            commands::kv_list,
            commands::kv_delete,
            commands::key_status,
            commands::key_recovery_create,
            commands::key_passphrase_change,
            commands::key_move,
            commands::key_rotate,
            commands::key_rotate_data_keys,
            commands::lock,
            commands::screen_lock_watch,
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
