//! Embeds the migrations (sqlx), the built web console and the HTTP API's reference page into the
//! core crate. Files are stored brotli-compressed (`src/http/embedded.rs` serves them), each with a
//! strong ETag made from its SHA-256.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    // sqlx::migrate!() embeds migrations at compile time; rebuild when one is added.
    println!("cargo:rerun-if-changed=migrations");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    embed("console", &web_console(&manifest_dir, &out_dir), &out_dir);
    embed("api_docs", &api_docs(&manifest_dir, &out_dir), &out_dir);
}

/// A file to embed: where it is served (relative to its bundle's root) and where it is read from.
struct Source {
    route: String,
    path: PathBuf,
}

/// `keystead serve` serves the same UI as the desktop app. It is embedded from `ui/dist` (or
/// `KEYSTEAD_UI_DIST`); without a built UI, a page that says how to build it is embedded instead.
fn web_console(manifest_dir: &Path, out_dir: &Path) -> Vec<Source> {
    println!("cargo:rerun-if-env-changed=KEYSTEAD_UI_DIST");
    let dist = std::env::var_os("KEYSTEAD_UI_DIST")
        .map_or_else(|| manifest_dir.join("ui/dist"), PathBuf::from);
    if dist.join("index.html").is_file() {
        println!("cargo:rerun-if-changed={}", dist.display());
        let mut files = Vec::new();
        walk(&dist, &dist, &mut files);
        return files;
    }
    // Notice ui/dist appearing later.
    println!(
        "cargo:rerun-if-changed={}",
        manifest_dir.join("ui").display()
    );
    println!("cargo:warning=ui/dist not found: the web console will say how to build it (make ui)");
    let page = "<!doctype html><meta charset=\"utf-8\"><title>Keystead</title>\
                <p>The web console was not built into this binary: run <code>make ui</code> \
                (or <code>cd ui &amp;&amp; npm run build</code>) and rebuild Keystead. The HTTP \
                API under <code>/api/v1</code> works without it.</p>";
    vec![placeholder(
        out_dir,
        "console-placeholder.html",
        "index.html",
        page,
    )]
}

/// The API reference at `/api/docs/`: our page and its start-up script (`src/http/api_docs`), and
/// Swagger UI's bundle and styles from the `swagger-ui-dist` npm package the UI build installs (or
/// `KEYSTEAD_SWAGGER_UI_DIST`). Without it, the page says how to get it and where the document is.
fn api_docs(manifest_dir: &Path, out_dir: &Path) -> Vec<Source> {
    println!("cargo:rerun-if-env-changed=KEYSTEAD_SWAGGER_UI_DIST");
    let ours = manifest_dir.join("src/http/api_docs");
    let swagger = std::env::var_os("KEYSTEAD_SWAGGER_UI_DIST").map_or_else(
        || manifest_dir.join("ui/node_modules/swagger-ui-dist"),
        PathBuf::from,
    );
    let swagger_files = ["swagger-ui-bundle.js", "swagger-ui.css"];
    if swagger_files
        .iter()
        .all(|name| swagger.join(name).is_file())
    {
        let mut files: Vec<Source> = ["index.html", "api-docs.js"]
            .iter()
            .chain(&swagger_files)
            .map(|name| {
                let dir = if swagger_files.contains(name) {
                    &swagger
                } else {
                    &ours
                };
                Source {
                    route: (*name).to_owned(),
                    path: dir.join(name),
                }
            })
            .collect();
        files.sort_by(|a, b| a.route.cmp(&b.route));
        for file in &files {
            println!("cargo:rerun-if-changed={}", file.path.display());
        }
        return files;
    }
    println!(
        "cargo:rerun-if-changed={}",
        manifest_dir.join("ui/node_modules").display()
    );
    println!(
        "cargo:warning=Swagger UI not found in {}: /api/docs will say how to get it (make ui)",
        swagger.display()
    );
    let page = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Keystead HTTP API</title>\
                <h1>Keystead HTTP API</h1><p>The API reference page was not built into this binary: \
                run <code>make ui</code> (or <code>cd ui &amp;&amp; npm install</code>) and rebuild \
                Keystead. The OpenAPI document is at <a href=\"../v1/openapi.json\">/api/v1/openapi.json</a>.</p></html>";
    vec![placeholder(
        out_dir,
        "api-docs-placeholder.html",
        "index.html",
        page,
    )]
}

/// Every file under `dir`, served at its path relative to `root` with `/` separators.
fn walk(root: &Path, dir: &Path, files: &mut Vec<Source>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
                .path()
        })
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let route = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push(Source { route, path });
        }
    }
}

/// A generated page, written to OUT_DIR only when it changed (so an unchanged build stays a no-op).
fn placeholder(out_dir: &Path, file: &str, route: &str, page: &str) -> Source {
    let path = out_dir.join(file);
    if std::fs::read_to_string(&path).ok().as_deref() != Some(page) {
        std::fs::write(&path, page)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    Source {
        route: route.to_owned(),
        path,
    }
}

/// Writes `OUT_DIR/<bundle>/<n>.br` (or `<n>`, when brotli does not make it smaller) per file and `OUT_DIR/<bundle>.rs`, a slice of
/// `EmbeddedFile` for `include!`.
fn embed(bundle: &str, files: &[Source], out_dir: &Path) {
    let dir = out_dir.join(bundle);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let mut table = String::from("&[\n");
    for (n, file) in files.iter().enumerate() {
        let bytes = std::fs::read(&file.path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.path.display()));
        // A file too small to gain from brotli is stored as it is.
        let compressed = compress(&bytes);
        let is_compressed = compressed.len() < bytes.len();
        let stored = if is_compressed { &compressed } else { &bytes };
        let stored_path = dir.join(format!("{n}{}", if is_compressed { ".br" } else { "" }));
        if std::fs::read(&stored_path).ok().as_deref() != Some(&stored[..]) {
            std::fs::write(&stored_path, stored)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", stored_path.display()));
        }
        let digest = Sha256::digest(&bytes);
        let etag: String = digest[..16].iter().fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        });
        let _ = writeln!(
            table,
            "    crate::http::embedded::EmbeddedFile {{ route: {route:?}, content_type: {content_type:?}, \
             etag: \"\\\"{etag}\\\"\", size: {size}, is_brotli: {is_compressed}, \
             bytes: include_bytes!({stored_path:?}) }},",
            route = file.route,
            content_type = content_type(&file.route),
            size = bytes.len(),
            stored_path = stored_path.display().to_string(),
        );
    }
    table.push_str("]\n");
    let table_path = out_dir.join(format!("{bundle}.rs"));
    if std::fs::read_to_string(&table_path).ok().as_deref() != Some(&table[..]) {
        std::fs::write(&table_path, table)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", table_path.display()));
    }
}

fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params)
        .unwrap_or_else(|e| panic!("brotli compression failed: {e}"));
    compressed
}

fn content_type(route: &str) -> &'static str {
    let extension = route.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}
