//! How the window's web view draws.
//!
//! On Linux the app asks WebKitGTK to draw on the CPU (`HardwareAccelerationPolicy::Never`) instead
//! of compositing layers through OpenGL: what `WEBKIT_DISABLE_COMPOSITING_MODE=1` does, set on this
//! web view instead of in the process environment. The app is forms and tables. Measured under Xvfb
//! (OpenGL in software, as in many virtual machines) with `benches/desktop.sh` on 2026-12-03, GPU
//! compositing (the parent commit, 5 cold starts) against CPU drawing (9 cold starts): scrolling
//! 10 000 secrets 49 → 16 ms a frame, a box of static text 43 → 11 ms, their first paint 118 → 89 ms
//! after the data, the two WebKit processes 538 → 376 MB. Not measured on a real GPU.
//! `KEYSTEAD_WEBVIEW_GPU=on` (or `1`) leaves the choice to WebKit.
//!
//! Even with CPU drawing, the app process loads Mesa's OpenGL driver and LLVM (55 MB of its RSS
//! under Xvfb): seen with WebKitGTK 2.50, it opens EGL while it starts its first web process, to
//! ask which render device the web process should use. `WEBKIT_WEB_RENDER_DEVICE_FILE` (which names
//! that device) with `WEBKIT_DISABLE_DMABUF_RENDERER=1` spares the EGL query: tried on 2026-12-03,
//! the app process's RSS after start was 103 MB instead of 157 MB (9 cold starts). But then WebKit
//! does not start watching GTK's settings (gdb: its settings watcher connected no signal), which is
//! how the desktop's dark style, font and DPI reach the page; a dark GTK theme gave
//! `prefers-color-scheme: light`. So the app sets neither variable.

/// The environment variable that, set to `on` or `1`, leaves the drawing to WebKit's default.
#[cfg(target_os = "linux")]
const GPU_ENV: &str = "KEYSTEAD_WEBVIEW_GPU";

/// How the web view draws, from the value of [`GPU_ENV`].
#[cfg(target_os = "linux")]
#[derive(Debug, PartialEq, Eq)]
enum Drawing {
    Cpu,
    /// WebKit's default: GPU compositing where it can.
    WebKitDefault,
    /// A value that is neither: the CPU, with a warning that names the value.
    CpuNotUnderstood(String),
}

#[cfg(target_os = "linux")]
fn drawing(gpu_env: Option<&std::ffi::OsStr>) -> Drawing {
    let Some(raw) = gpu_env else {
        return Drawing::Cpu;
    };
    let value = raw.to_string_lossy();
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "off" | "false" | "no" => Drawing::Cpu,
        "1" | "on" | "true" | "yes" => Drawing::WebKitDefault,
        _ => Drawing::CpuNotUnderstood(value.into_owned()),
    }
}

/// Applies the drawing policy to the main window's web view. Called first in the setup hook, before
/// the event loop has run. A failure is logged and the app goes on with WebKit's default.
pub fn configure<R: tauri::Runtime>(app: &tauri::App<R>) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        match drawing(std::env::var_os(GPU_ENV).as_deref()) {
            Drawing::WebKitDefault => {
                tracing::info!("{GPU_ENV} is set: WebKit composites on the GPU where it can");
                return;
            }
            Drawing::CpuNotUnderstood(value) => tracing::warn!(
                "{GPU_ENV}={value:?} is not understood (on or 1 for GPU compositing): drawing on the CPU"
            ),
            Drawing::Cpu => {}
        }
        let Some(window) = app.get_webview_window("main") else {
            tracing::warn!("no main window to set the drawing policy on");
            return;
        };
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(error) = applied {
            tracing::warn!("could not have the web view draw on the CPU: {error}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::{Drawing, drawing};
    use std::ffi::OsStr;

    #[test]
    fn the_cpu_is_the_default_and_on_or_1_leaves_it_to_webkit() {
        for cpu in [None, Some(""), Some("0"), Some("off"), Some("No")] {
            assert_eq!(drawing(cpu.map(OsStr::new)), Drawing::Cpu, "{cpu:?}");
        }
        for gpu in ["1", "on", "ON", " true ", "yes"] {
            assert_eq!(
                drawing(Some(OsStr::new(gpu))),
                Drawing::WebKitDefault,
                "{gpu:?}"
            );
        }
        assert_eq!(
            drawing(Some(OsStr::new("gpu"))),
            Drawing::CpuNotUnderstood("gpu".to_owned())
        );
    }
}
