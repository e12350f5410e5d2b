//! `keystead kv ...`: typed runtime state per namespace (cursors, checkpoints, switches).

use crate::backend::Backend;
use crate::commands::Ctx;
use crate::input;
use crate::output::{json, table};
use clap::Subcommand;
use keystead::Error;
use keystead::api::Result;
use keystead::api::dto::{KvDto, KvExpiry, KvListRequest, KvSetRequest, KvType, KvValueInput};

#[derive(Subcommand)]
pub enum KvCommand {
    /// Create or update a pair. VALUE is typed by --type, or inferred: 42 → number, true → boolean,
    /// {…} → json, anything else → string ('-' reads the value from stdin). The expiry is kept
    /// unless --ttl, --expires-at or --no-expiry says otherwise.
    Set {
        namespace: String,
        key: String,
        /// The value (`-` reads it from stdin); a negative number such as -1 is a value too
        #[arg(allow_negative_numbers = true)]
        value: String,
        #[arg(long = "type", value_parser = ["string", "number", "boolean", "datetime", "date", "duration", "json"])]
        kind: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Expire after this ISO-8601 duration (PT1H, P7D): stored as an absolute time
        #[arg(long, group = "expiry")]
        ttl: Option<String>,
        /// Expire at this RFC 3339 time
        #[arg(long, group = "expiry")]
        expires_at: Option<String>,
        /// Remove the expiry
        #[arg(long, group = "expiry")]
        no_expiry: bool,
        /// Keep the current expiry (the default; for scripts that want to say so)
        #[arg(long, group = "expiry")]
        keep_expiry: bool,
        /// Write only over this version (else fail with conflict and the current version)
        #[arg(long, conflicts_with = "if_absent")]
        if_version: Option<u32>,
        /// Only create: fail with conflict when the key exists
        #[arg(long)]
        if_absent: bool,
    },
    /// Print a pair's value alone (--json: the typed document). Reads look only in NAMESPACE unless
    /// --inherit, which falls back to the nearest parent's pair.
    Get {
        namespace: String,
        key: String,
        #[arg(long)]
        inherit: bool,
    },
    /// List pairs: type, value preview, absolute expiry and time left
    List {
        namespace: String,
        /// Only keys starting with this
        #[arg(long)]
        prefix: Option<String>,
        /// Also the parents' pairs, with their origin (nearest wins)
        #[arg(long)]
        effective: bool,
    },
    /// Delete a pair
    Delete {
        namespace: String,
        key: String,
        #[arg(long)]
        if_version: Option<u32>,
    },
}

pub async fn run(ctx: &Ctx<'_, impl Backend>, command: &KvCommand) -> Result<u8> {
    match command {
        KvCommand::Set {
            namespace,
            key,
            value,
            kind,
            description,
            ttl,
            expires_at,
            no_expiry,
            keep_expiry: _,
            if_version,
            if_absent,
        } => {
            let text = if value == "-" {
                // As with secret values: one trailing newline (what `echo` adds) is not the value's.
                let mut text = input::read_text(std::path::Path::new("-"))?;
                text.truncate(text.len() - input::trailing_newline(text.as_bytes()));
                text
            } else {
                value.clone()
            };
            let kind = kind
                .as_deref()
                .map(|raw| {
                    serde_json::from_value::<KvType>(serde_json::Value::String(raw.to_owned()))
                        .map_err(|_| Error::invalid(format!("unknown type {raw}")))
                })
                .transpose()?;
            let typed_by_user = kind.is_some();
            let expiry = match (ttl, expires_at, no_expiry) {
                (Some(ttl), _, _) => KvExpiry::Ttl { ttl: ttl.clone() },
                (_, Some(at), _) => KvExpiry::At {
                    expires_at: at.clone(),
                },
                (_, _, true) => KvExpiry::Clear,
                _ => KvExpiry::Keep,
            };
            let request = KvSetRequest {
                tenant: ctx.tenant.to_owned(),
                namespace: namespace.clone(),
                key: key.clone(),
                value: Some(KvValueInput {
                    kind,
                    value: serde_json::Value::String(text),
                    parse: true,
                }),
                description: description.clone(),
                expiry,
                if_version: *if_version,
                if_absent: *if_absent,
            };
            let saved = ctx.api.kv_set(request).await?;
            if ctx.json {
                return json(&saved);
            }
            crate::out!(
                "saved {}/{} = {} ({}{}, version {}, expires {})",
                saved.namespace,
                saved.key,
                preview(&saved),
                saved.kind.as_str(),
                // A new pair's type came from the value; an existing pair's type is kept.
                if !typed_by_user && saved.version == 1 {
                    ", inferred"
                } else {
                    ""
                },
                saved.version,
                expiry_text(saved.expires_at.as_deref(), saved.expires_in)
            );
            Ok(0)
        }
        KvCommand::Get {
            namespace,
            key,
            inherit,
        } => {
            let pair = ctx.api.kv_get(ctx.tenant, namespace, key, *inherit).await?;
            if ctx.json {
                return json(&pair);
            }
            match &pair.value {
                serde_json::Value::String(text) => crate::out!("{text}"),
                other => crate::out!("{other}"),
            }
            Ok(0)
        }
        KvCommand::List {
            namespace,
            prefix,
            effective,
        } => {
            let request = KvListRequest {
                tenant: ctx.tenant.to_owned(),
                namespace: namespace.clone(),
                prefix: prefix.clone(),
                effective: *effective,
            };
            let pairs = ctx.api.kv_list(request).await?;
            if ctx.json {
                return json(&pairs);
            }
            let rows: Vec<_> = pairs
                .into_iter()
                .map(|p| {
                    vec![
                        p.key,
                        p.kind.as_str().to_owned(),
                        p.preview,
                        expiry_text(p.expires_at.as_deref(), p.expires_in),
                        p.namespace,
                        p.version.to_string(),
                    ]
                })
                .collect();
            table(
                &["KEY", "TYPE", "VALUE", "EXPIRES", "ORIGIN", "VERSION"],
                &rows,
            );
            Ok(0)
        }
        KvCommand::Delete {
            namespace,
            key,
            if_version,
        } => {
            ctx.api
                .kv_delete(ctx.tenant, namespace, key, *if_version)
                .await?;
            crate::out!("deleted {namespace}/{key}");
            Ok(0)
        }
    }
}

fn preview(pair: &KvDto) -> String {
    let text = match &pair.value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let cut: String = text.chars().take(60).collect();
    let cut = if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    };
    crate::output::printable(&cut)
}

/// `never`, or the absolute time and what is left: `2026-12-02T11:00:00.000Z (in 59m 58s)`.
pub fn expiry_text(at: Option<&str>, left: Option<i64>) -> String {
    match (at, left) {
        (Some(at), Some(secs)) => format!("{at} (in {})", human(secs)),
        (Some(at), None) => at.to_owned(),
        _ => "never".to_owned(),
    }
}

fn human(secs: i64) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}
