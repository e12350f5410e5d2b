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
//! Drawing on the CPU, the app process has no use for OpenGL, yet it loaded Mesa's driver and LLVM
//! (53 MB of its 162 MB RSS under Xvfb) twice over: GTK opens GLX when it opens the X display, and
//! WebKitGTK 2.50 opens EGL before its first web process starts, to try a GPU buffer and to ask
//! which render device that process should use. [`prepare_environment`] keeps both from doing so,
//! through settings both read at start (a variable the user set is left as it is):
//! - `GDK_GL=disable`: GTK opens no GLX. (WebKit then says it disabled hardware acceleration, which
//!   the app asked for anyway; that one message is not printed.)
//! - `WEBKIT_FORCE_DMABUF_RENDERER=1` with `WEBKIT_DMABUF_RENDERER_FORCE_SHM=1`: WebKit's web
//!   process hands over frames in shared memory, as it does under Xvfb anyway, and WebKit skips the
//!   EGL probe that decides between GPU and shared-memory buffers. (That probe also turns WebKit's
//!   renderer off on NVIDIA's own driver, whose GPU buffers fail; shared-memory frames share no GPU
//!   buffer. Not tried on such a machine.)
//! - `WEBKIT_WEB_RENDER_DEVICE_FILE`: the machine's first `/dev/dri/renderD*`, as WebKit would have
//!   found it; where there is none, a path that cannot exist (WebKit's EGL query found none too).
//!
//! Read from WebKitGTK 2.50.6 as Debian 12 ships it (another version may read other variables:
//! the bench's "Mesa's software GL" row shows it). Measured with `benches/desktop.sh` on 2026-12-04
//! (Xvfb, 5 cold starts): the app process's RSS after start 162 → 105 MB, with 10 000 secrets on
//! screen 177 → 120 MB; cold start, first paint and frame times no worse.
//! The price: WebKit starts watching GTK's settings (dark style, font, text scaling) only when it
//! opens that EGL display, so the page's `prefers-color-scheme` no longer follows the desktop. The
//! app reads the desktop's preference itself and the UI applies it ([`crate::appearance`]); the
//! page's default font is WebKit's own rather than GTK's.

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

/// A path no file can have (nothing lives under `/dev/null`): the render device named to WebKit
/// where the machine has none.
#[cfg(target_os = "linux")]
const NO_RENDER_NODE: &str = "/dev/null/no-render-node";

/// The message WebKitGTK prints when GTK has no OpenGL: expected with `GDK_GL=disable`.
#[cfg(target_os = "linux")]
const GL_DISABLED_WARNING: &str =
    "Disabled hardware acceleration because GTK failed to initialize GL";

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

/// The environment that keeps OpenGL out of the app process when it draws on the CPU, given the
/// machine's render nodes (`/dev/dri/renderD*`, any order).
#[cfg(target_os = "linux")]
fn cpu_environment(render_nodes: Vec<String>) -> [(&'static str, String); 4] {
    // renderD128 before renderD129 before renderD1000, as the kernel numbers them.
    let order = |node: &String| {
        let number = node
            .rsplit("renderD")
            .next()
            .and_then(|n| n.parse::<u32>().ok());
        (number.unwrap_or(u32::MAX), node.clone())
    };
    let device = render_nodes
        .into_iter()
        .min_by_key(order)
        .unwrap_or_else(|| NO_RENDER_NODE.to_owned());
    [
        ("GDK_GL", "disable".to_owned()),
        ("WEBKIT_FORCE_DMABUF_RENDERER", "1".to_owned()),
        ("WEBKIT_DMABUF_RENDERER_FORCE_SHM", "1".to_owned()),
        ("WEBKIT_WEB_RENDER_DEVICE_FILE", device),
    ]
}

#[cfg(target_os = "linux")]
fn render_nodes() -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/dev/dri") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
        .map(|entry| entry.path().to_string_lossy().into_owned())
        .collect()
}

/// Sets what GTK and WebKitGTK read when they start (see the module's notes), unless the web view
/// is to composite on the GPU. Must run first in `main`, before any other thread exists: it
/// changes the process environment (and does nothing, saying so, if another thread runs: one that
/// starts before `main` aside, see [`THREADS_BEFORE_MAIN`]).
/// Variables the user set keep their values.
pub fn prepare_environment() {
    #[cfg(target_os = "linux")]
    {
        if drawing(std::env::var_os(GPU_ENV).as_deref()) == Drawing::WebKitDefault {
            return;
        }
        if !environment_may_change() {
            // Another thread could read the environment while it changes: leave it alone.
            eprintln!("keystead-desktop: threads run already; not setting the drawing environment");
            return;
        }
        for (name, value) in cpu_environment(render_nodes()) {
            // No thread that reads the environment runs (checked above). `false`: a value the user
            // set stays.
            if let Err(error) = webkit2gtk::glib::setenv(name, &value, false) {
                eprintln!("keystead-desktop: could not set {name}: {error}");
            }
        }
        quiet_gl_disabled_warning();
    }
}

/// Threads that run before `main`: WebKitGTK's memory allocator (libpas) starts its scavenger when
/// the library loads. That thread returns freed pages to the OS and never reads the environment.
#[cfg(target_os = "linux")]
const THREADS_BEFORE_MAIN: usize = 1;

/// Whether the environment may change: no thread runs but this one and those that start before
/// `main` (see [`THREADS_BEFORE_MAIN`]), as `/proc/self/task` lists them.
#[cfg(target_os = "linux")]
fn environment_may_change() -> bool {
    std::fs::read_dir("/proc/self/task").is_ok_and(|tasks| tasks.count() <= 1 + THREADS_BEFORE_MAIN)
}

/// Routes WebKitGTK's "disabled hardware acceleration" warning, which `GDK_GL=disable` causes on
/// purpose, to the debug log; every other GLib message keeps GLib's default handling.
#[cfg(target_os = "linux")]
fn quiet_gl_disabled_warning() {
    use webkit2gtk::glib::{LogLevels, log_default_handler, log_set_handler};
    log_set_handler(
        None,
        LogLevels::LEVEL_WARNING,
        false,
        false,
        |domain, level, message| {
            if message.starts_with(GL_DISABLED_WARNING) {
                tracing::debug!("WebKitGTK: {message}");
            } else {
                log_default_handler(domain, level, Some(message));
            }
        },
    );
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
    use super::{Drawing, NO_RENDER_NODE, cpu_environment, drawing, environment_may_change};
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

    #[test]
    fn the_cpu_environment_names_the_first_render_node_or_one_that_cannot_exist() {
        let device = |nodes: &[&str]| {
            let env = cpu_environment(nodes.iter().map(|n| (*n).to_owned()).collect());
            let found = env
                .iter()
                .find(|(name, _)| *name == "WEBKIT_WEB_RENDER_DEVICE_FILE");
            found.map(|(_, value)| value.clone())
        };
        assert_eq!(device(&[]).as_deref(), Some(NO_RENDER_NODE));
        assert!(!std::path::Path::new(NO_RENDER_NODE).exists());
        assert_eq!(
            device(&[
                "/dev/dri/renderD1000",
                "/dev/dri/renderD129",
                "/dev/dri/renderD128"
            ])
            .as_deref(),
            Some("/dev/dri/renderD128")
        );
        let env = cpu_environment(Vec::new());
        let names: Vec<&str> = env.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            [
                "GDK_GL",
                "WEBKIT_FORCE_DMABUF_RENDERER",
                "WEBKIT_DMABUF_RENDERER_FORCE_SHM",
                "WEBKIT_WEB_RENDER_DEVICE_FILE"
            ]
        );
    }

    #[test]
    fn the_environment_stays_as_it_is_while_other_threads_run() {
        // The harness's main thread, this test's, and two more that wait: more than the one
        // thread that starts before `main`, whatever the harness runs besides.
        let (hold, wait) = std::sync::mpsc::channel::<()>();
        let wait = std::sync::Arc::new(std::sync::Mutex::new(wait));
        let waiting: Vec<_> = (0..2)
            .map(|_| {
                let wait = std::sync::Arc::clone(&wait);
                std::thread::spawn(move || {
                    let _ = wait.lock().map(|w| w.recv());
                })
            })
            .collect();
        assert!(!environment_may_change());
        drop(hold);
        for thread in waiting {
            thread.join().unwrap();
        }
    }
}
