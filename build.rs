//! Embeds the migrations (sqlx) and the built web UI (memory-serve) into the core crate.

use std::path::PathBuf;

fn main() {
    // sqlx::migrate!() embeds migrations at compile time; rebuild when one is added.
    println!("cargo:rerun-if-changed=migrations");
    embed_web_console();
}

/// `keystead serve` serves the same UI as the desktop app. It is embedded from `ui/dist` (or
/// `KEYSTEAD_UI_DIST`); without a built UI, a page that says how to build it is embedded instead.
fn embed_web_console() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-env-changed=KEYSTEAD_UI_DIST");
    let dist = std::env::var_os("KEYSTEAD_UI_DIST")
        .map_or_else(|| manifest_dir.join("ui/dist"), PathBuf::from);
    let dir = if dist.join("index.html").is_file() {
        dist
    } else {
        // Notice ui/dist appearing later.
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join("ui").display()
        );
        println!(
            "cargo:warning=ui/dist not found: the web console will say how to build it (make ui)"
        );
        let out =
            PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("ui-placeholder");
        let page = "<!doctype html><meta charset=\"utf-8\"><title>Keystead</title>\
                    <p>The web console was not built into this binary: run <code>make ui</code> \
                    (or <code>cd ui &amp;&amp; npm run build</code>) and rebuild Keystead. The HTTP \
                    API under <code>/api/v1</code> works without it.</p>";
        if std::fs::create_dir_all(&out).is_err() {
            panic!("cannot create {}", out.display());
        }
        // Written only when it changed, so an unchanged build stays a no-op.
        if std::fs::read_to_string(out.join("index.html"))
            .ok()
            .as_deref()
            != Some(page)
            && std::fs::write(out.join("index.html"), page).is_err()
        {
            panic!("cannot write the placeholder page");
        }
        out
    };
    memory_serve::load_directory_with_embed(dir, true);
}
