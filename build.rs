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
    // A directory is watched with everything in it: a rebuilt UI is picked up.
    watch(&dist, manifest_dir);
    if dist.join("index.html").is_file() {
        let mut files = Vec::new();
        walk(&dist, &dist, &mut files);
        return files;
    }
    println!(
        "cargo:warning={} has no index.html: the web console will say how to build it (make ui)",
        dist.display()
    );
    let page = "<!doctype html><meta charset=\"utf-8\"><title>Keystead</title>\
                <p>The web console was not built into this binary: run <code>make ui</code> \
                (or <code>cd ui &amp;&amp; npm run build</code>) and rebuild Keystead. The HTTP \
                API under <code>/api/v1</code> works without it.</p>";
    vec![placeholder(out_dir, "console-placeholder.html", page)]
}

/// The API reference at `/api/docs/`: our page and its start-up script (`src/http/api_docs`), and
/// Swagger UI's bundle and styles from the `swagger-ui-dist` npm package that `npm install` in `ui/`
/// puts in `ui/node_modules` (`make ui` runs it; or
/// `KEYSTEAD_SWAGGER_UI_DIST`). Without it, the page says how to get it and where the document is.
fn api_docs(manifest_dir: &Path, out_dir: &Path) -> Vec<Source> {
    println!("cargo:rerun-if-env-changed=KEYSTEAD_SWAGGER_UI_DIST");
    let ours = manifest_dir.join("src/http/api_docs");
    let swagger = std::env::var_os("KEYSTEAD_SWAGGER_UI_DIST").map_or_else(
        || manifest_dir.join("ui/node_modules/swagger-ui-dist"),
        PathBuf::from,
    );
    // Swagger UI's licence and notice travel with it (the bundle's first line points to its own).
    let swagger_files = [
        "swagger-ui-bundle.js",
        "swagger-ui-bundle.js.LICENSE.txt",
        "swagger-ui.css",
        "LICENSE",
        "NOTICE",
    ];
    if swagger_files
        .iter()
        .all(|name| swagger.join(name).is_file())
    {
        let files: Vec<Source> = ["index.html", "api-docs.js"]
            .iter()
            .map(|name| (name, &ours))
            .chain(swagger_files.iter().map(|name| (name, &swagger)))
            .map(|(name, dir)| Source {
                route: (*name).to_owned(),
                path: dir.join(name),
            })
            .collect();
        for file in &files {
            watch(&file.path, manifest_dir);
        }
        return files;
    }
    watch(&swagger.join("swagger-ui-bundle.js"), manifest_dir);
    println!(
        "cargo:warning=Swagger UI not found in {}: /api/docs will say how to get it (make ui)",
        swagger.display()
    );
    let page = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Keystead HTTP API</title>\
                <h1>Keystead HTTP API</h1><p>The API reference page was not built into this binary: \
                run <code>make ui</code> (or <code>cd ui &amp;&amp; npm install</code>) and rebuild \
                Keystead. The OpenAPI document is at <a href=\"../v1/openapi.json\">/api/v1/openapi.json</a>.</p></html>";
    vec![placeholder(out_dir, "api-docs-placeholder.html", page)]
}

/// Rebuild when `path` changes. While it is missing, Cargo would rerun the build script on every
/// build, so the nearest existing parent is watched instead, but only one inside the repository and
/// below its root (compared after resolving `..` and symbolic links): Cargo reads the modification
/// time of everything under a watched directory, and a missing override such as
/// `KEYSTEAD_UI_DIST=/nowhere` would otherwise have it walk the whole filesystem (`/sys` included)
/// on every build. Otherwise only a change of the variable (`rerun-if-env-changed`) reruns the
/// script, and a warning says so. A relative path is taken from the repository, as the build script
/// runs there.
fn watch(path: &Path, repository: &Path) {
    let path = repository.join(path);
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
        return;
    }
    let repository = repository.canonicalize().ok();
    let parent = path
        .ancestors()
        .skip(1)
        .find(|candidate| candidate.exists())
        .and_then(|found| found.canonicalize().ok())
        .filter(|found| {
            repository
                .as_deref()
                .is_some_and(|repository| found.starts_with(repository) && found != repository)
        });
    match parent {
        Some(parent) => println!("cargo:rerun-if-changed={}", parent.display()),
        None => println!(
            "cargo:warning={} does not exist: once it does, `touch build.rs` so that Cargo embeds it",
            path.display()
        ),
    }
}

/// Every file under `dir`, served at its path relative to `root` with `/` separators. Hidden files
/// and symbolic links are left out; a name that is not plain ASCII, or of a type the server does not
/// know, stops the build (it could not be requested, or would be served as the wrong type).
fn walk(root: &Path, dir: &Path, files: &mut Vec<Source>) {
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())))
        .collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if hidden || kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            walk(root, &path, files);
            continue;
        }
        let Some(route) = path
            .strip_prefix(root)
            .ok()
            .and_then(|relative| relative.to_str())
            .map(|relative| relative.replace(std::path::MAIN_SEPARATOR, "/"))
        else {
            panic!("{}: the file name is not UTF-8", path.display());
        };
        assert!(
            route
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c)),
            "{route}: only ASCII letters, digits, '.', '_', '-' and '/' can be served as they are"
        );
        content_type(&route);
        files.push(Source { route, path });
    }
}

/// A generated page standing in for a bundle's `index.html`.
fn placeholder(out_dir: &Path, file: &str, page: &str) -> Source {
    let path = out_dir.join(file);
    write_if_changed(&path, page.as_bytes());
    Source {
        route: "index.html".to_owned(),
        path,
    }
}

/// Writes `contents` to `path` unless it already holds them, so an unchanged build stays a no-op.
fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

/// Writes `OUT_DIR/<bundle>/<sha-256>.br` (or `.raw`, when brotli does not make it smaller) per file
/// and `OUT_DIR/<bundle>.rs`, a slice of `EmbeddedFile` for `include!`. A file compressed before (same
/// content) is not compressed again: quality 11 takes seconds for Swagger UI's bundle.
fn embed(bundle: &str, files: &[Source], out_dir: &Path) {
    let dir = out_dir.join(bundle);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let mut table = String::from("&[\n");
    for file in files {
        let bytes = std::fs::read(&file.path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.path.display()));
        let digest = Sha256::digest(&bytes);
        let etag = hex(&digest[..16]);
        let stem = hex(&digest);
        let brotli_path = dir.join(format!("{stem}.br"));
        let raw_path = dir.join(format!("{stem}.raw"));
        let is_compressed = if brotli_path.is_file() {
            true
        } else if raw_path.is_file() {
            false
        } else {
            // A file too small to gain from brotli is stored as it is.
            let compressed = compress(&bytes);
            let is_compressed = compressed.len() < bytes.len();
            let (path, stored) = if is_compressed {
                (&brotli_path, &compressed)
            } else {
                (&raw_path, &bytes)
            };
            // Written under a temporary name first: an interrupted build leaves no half file.
            let partial = path.with_extension("partial");
            std::fs::write(&partial, stored)
                .and_then(|()| std::fs::rename(&partial, path))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            is_compressed
        };
        let stored_path = if is_compressed { brotli_path } else { raw_path };
        let _ = writeln!(
            table,
            "    crate::http::embedded::EmbeddedFile {{ route: {route:?}, content_type: {content_type:?}, \
             etag: {etag:?}, size: {size}, is_brotli: {is_compressed}, \
             bytes: include_bytes!({stored_path:?}) }},",
            route = file.route,
            content_type = content_type(&file.route),
            size = bytes.len(),
            stored_path = stored_path.display().to_string(),
        );
    }
    table.push_str("]\n");
    write_if_changed(&out_dir.join(format!("{bundle}.rs")), table.as_bytes());
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
    let name = route.rsplit('/').next().unwrap_or(route);
    if name == "LICENSE" || name == "NOTICE" {
        return "text/plain; charset=utf-8";
    }
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
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
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "ttf" => "font/ttf",
        "webmanifest" => "application/manifest+json",
        _ => panic!("{route}: no content type is known for this kind of file; add one in build.rs"),
    }
}
