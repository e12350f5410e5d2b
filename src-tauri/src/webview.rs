//! How the window's web view draws.
//!
//! On Linux the app asks WebKitGTK to draw on the CPU (`HardwareAccelerationPolicy::Never`) instead
//! of compositing layers through OpenGL. The app is forms and tables, for which the CPU path is the
//! faster one wherever OpenGL is software (virtual machines, remote desktops, Xvfb).
//! It is what `WEBKIT_DISABLE_COMPOSITING_MODE=1` does, set per web view instead of
//! through the process environment.
//! Measured under Xvfb (BENCHMARKS.md): scrolling 10 000 secrets went from 49 to 16 ms a frame, their
//! first paint from 118 to 89 ms after the data, and the two WebKit processes from 538 to 376 MB.
//! `KEYSTEAD_WEBVIEW_GPU=1` keeps WebKit's own choice.

/// The environment variable that keeps WebKit's default (GPU compositing) when set to `1`.
pub const GPU_ENV: &str = "KEYSTEAD_WEBVIEW_GPU";

/// Whether the web view should draw on the CPU, given the value of [`GPU_ENV`].
pub fn draws_on_cpu(gpu_env: Option<&std::ffi::OsStr>) -> bool {
    gpu_env.is_none_or(|value| value != "1")
}

/// Applies the drawing policy to the main window's web view. Runs in the setup hook, before the
/// event loop has handled the page's first frame.
pub fn configure<R: tauri::Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    if draws_on_cpu(std::env::var_os(GPU_ENV).as_deref()) {
        use tauri::Manager;
        if let Some(window) = app.get_webview_window("main") {
            window.with_webview(|webview| {
                use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
                if let Some(settings) = webview.inner().settings() {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            })?;
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::draws_on_cpu;
    use std::ffi::OsStr;

    #[test]
    fn the_cpu_is_the_default_and_only_1_asks_for_the_gpu() {
        assert!(draws_on_cpu(None));
        assert!(draws_on_cpu(Some(OsStr::new(""))));
        assert!(draws_on_cpu(Some(OsStr::new("0"))));
        assert!(draws_on_cpu(Some(OsStr::new("yes"))));
        assert!(!draws_on_cpu(Some(OsStr::new("1"))));
    }
}
