//! `keystead credential ...`: credentials that mint tokens, their Test, and credential types.

use crate::backend::Backend;
use crate::commands::Ctx;
use crate::credential_test;
use crate::input;
use crate::output::{json, table};
use clap::Subcommand;
use keystead::Error;
use keystead::api::Result;
use keystead::api::dto::{
    CredentialCopyRequest, CredentialDefinition, CredentialDto, CredentialListRequest,
    CredentialOrder, CustomTypeDefinition,
};
use keystead::credentials::definition::secret_reference;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum CredentialCommand {
    /// Create or update a credential from a JSON or YAML file ('-' reads stdin):
    /// {namespace?, name, type, description?, inputs: {...}, settings?: {cache, refresh_before_expiry, timeout}}.
    /// Sensitive inputs hold secret references: client_secret: "{{ secret('OKTA_SECRET') }}"
    Apply {
        #[arg(short, long, value_name = "FILE")]
        file: PathBuf,
    },
    /// List credentials (all of the tenant, or of one namespace)
    List {
        #[arg(long)]
        namespace: Option<String>,
        /// With --namespace: also those inherited from parents and the tenant level
        #[arg(long)]
        effective: bool,
        /// Only this type
        #[arg(long = "type")]
        type_id: Option<String>,
        #[arg(long, value_enum, default_value = "name")]
        order: OrderArg,
    },
    /// Show a credential (sensitive inputs are secret references, never values)
    Show {
        #[arg(long)]
        namespace: Option<String>,
        name: String,
    },
    /// Copy a credential server side, optionally into another namespace or under another name
    Copy {
        #[arg(long)]
        namespace: Option<String>,
        name: String,
        #[arg(long)]
        to_namespace: Option<String>,
        #[arg(long)]
        to_name: Option<String>,
    },
    /// Delete the credential defined in this namespace (or at tenant level without --namespace)
    Delete {
        #[arg(long)]
        namespace: Option<String>,
        name: String,
    },
    /// Retrieve a token live and report what happened (exit 0 ok, 1 test failed, 2 other error).
    /// With --all, Test every credential --namespace sees (its own and inherited ones; without
    /// --namespace, every credential of the tenant where it is defined): exit 0 when all passed
    Test {
        #[arg(long)]
        namespace: Option<String>,
        /// Test every credential instead of one, four at a time, then print a summary
        #[arg(long, conflicts_with = "name")]
        all: bool,
        /// The credential (required without --all)
        name: Option<String>,
    },
    /// Print an access token for the credential, and nothing else (cached while valid)
    Token {
        #[arg(long)]
        namespace: Option<String>,
        name: String,
    },
    /// Credential types: built-in (managed) and custom
    #[command(subcommand)]
    Types(TypesCommand),
}

#[derive(Subcommand)]
pub enum TypesCommand {
    /// List credential types
    List,
    /// Show a type's input schema
    Show { id: String },
    /// Create a custom static type from a JSON or YAML file: {id, label, description?, inputs: [...]}
    Create {
        #[arg(short, long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Replace a custom type's label, description and inputs from a file (same format; same id).
    /// Refused while it would break saved credentials of the type: removing or renaming an input
    /// one of them uses, requiring an input one lacks, or changing what a used input holds
    Update {
        /// The custom type to change (its id cannot change)
        id: String,
        #[arg(short, long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Delete a custom type (refused while any credential of the tenant uses it)
    Delete { id: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OrderArg {
    Name,
    Type,
    Updated,
}

fn read_definition<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = input::read_text(path)?;
    let source = if path == Path::new("-") {
        "the definition on stdin".to_owned()
    } else {
        path.display().to_string()
    };
    // A parser quotes what it could not read: never echo the file (it may be a .env of secrets).
    let invalid = |e: &dyn std::fmt::Display| {
        Error::invalid(format!(
            "{source} is not valid: {}",
            keystead::error::without_quoted_input(&e.to_string())
        ))
    };
    if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| invalid(&e))
    } else {
        serde_norway::from_str(&text).map_err(|e| invalid(&e))
    }
}

/// Says which referenced secrets the namespace does not see yet: a Test would fail, and the
/// credential only takes a secret defined later in its own namespace or below it.
async fn warn_about_undefined_secrets(
    ctx: &Ctx<'_, impl Backend>,
    namespace: &str,
    inputs: &serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    let referenced: Vec<String> = inputs
        .values()
        .filter_map(|v| v.as_str().and_then(secret_reference))
        .map(|key| key.to_string())
        .collect();
    if referenced.is_empty() {
        return Ok(());
    }
    let seen = ctx.api.secret_list(ctx.tenant, namespace, true).await?;
    for key in referenced {
        if !seen.iter().any(|item| item.meta.key == key) {
            eprintln!(
                "keystead: warning: secret {key} is not defined in {namespace} or a namespace \
                 above it that you can see: Tests fail until it is (keystead secret set \
                 {namespace} {key}); one defined later above {namespace} is used once the \
                 credential is saved again"
            );
        }
    }
    Ok(())
}

pub async fn run(ctx: &Ctx<'_, impl Backend>, command: &CredentialCommand) -> Result<u8> {
    let tenant = ctx.tenant;
    match command {
        CredentialCommand::Apply { file } => {
            let def: CredentialDefinition = read_definition(file)?;
            let saved = ctx.api.credential_apply(tenant, def).await?;
            if ctx.json {
                return json(&saved);
            }
            let place = saved.namespace.as_deref().unwrap_or("tenant level");
            crate::out!(
                "saved credential {} ({}) in {place}",
                saved.name,
                saved.type_id
            );
            if let Some(namespace) = saved.namespace.as_deref() {
                warn_about_undefined_secrets(ctx, namespace, &saved.inputs).await?;
            }
            Ok(0)
        }
        CredentialCommand::List {
            namespace,
            effective,
            type_id,
            order,
        } => {
            let request = CredentialListRequest {
                tenant: tenant.to_owned(),
                namespace: namespace.clone(),
                effective: *effective,
                type_id: type_id.clone(),
                order_by: Some(match order {
                    OrderArg::Name => CredentialOrder::Name,
                    OrderArg::Type => CredentialOrder::Type,
                    OrderArg::Updated => CredentialOrder::Updated,
                }),
            };
            list(ctx, request).await
        }
        CredentialCommand::Show { namespace, name } => json(
            &ctx.api
                .credential_show(tenant, namespace.as_deref(), name)
                .await?,
        ),
        CredentialCommand::Copy {
            namespace,
            name,
            to_namespace,
            to_name,
        } => {
            let request = CredentialCopyRequest {
                tenant: tenant.to_owned(),
                namespace: namespace.clone(),
                name: name.clone(),
                target_namespace: to_namespace.clone(),
                target_name: to_name.clone(),
            };
            let copied = ctx.api.credential_copy(request).await?;
            if ctx.json {
                return json(&copied);
            }
            let place = copied.namespace.as_deref().unwrap_or("tenant level");
            crate::out!("copied {name} to {} in {place}", copied.name);
            Ok(0)
        }
        CredentialCommand::Delete { namespace, name } => {
            ctx.api
                .credential_delete(tenant, namespace.as_deref(), name)
                .await?;
            crate::out!("deleted credential {name}");
            Ok(0)
        }
        CredentialCommand::Test {
            namespace,
            all: true,
            ..
        } => credential_test::all(ctx, namespace.as_deref()).await,
        CredentialCommand::Test {
            namespace,
            name: Some(name),
            ..
        } => credential_test::one(ctx, namespace.as_deref(), name).await,
        CredentialCommand::Test { name: None, .. } => Err(Error::invalid(
            "name the credential to Test, or pass --all to Test every one",
        )),
        CredentialCommand::Token { namespace, name } => {
            let token = ctx
                .api
                .credential_token(tenant, namespace.as_deref(), name)
                .await?;
            if ctx.json {
                return json(&token);
            }
            crate::out!("{}", token.access_token);
            Ok(0)
        }
        CredentialCommand::Types(command) => types(ctx, command).await,
    }
}

async fn list(ctx: &Ctx<'_, impl Backend>, request: CredentialListRequest) -> Result<u8> {
    let items = ctx.api.credential_list(request).await?;
    if ctx.json {
        return json(&items);
    }
    let rows: Vec<_> = items.into_iter().map(list_row).collect();
    table(
        &[
            "NAME",
            "TYPE",
            "NAMESPACE",
            "UPDATED",
            "FLAGS",
            "DESCRIPTION",
        ],
        &rows,
    );
    Ok(0)
}

fn list_row(c: CredentialDto) -> Vec<String> {
    let mut flags = Vec::new();
    if c.inherited {
        flags.push("inherited".to_owned());
    }
    if !c.shadows.is_empty() {
        let shadows: Vec<_> = c.shadows.iter().map(ToString::to_string).collect();
        flags.push(format!("shadows {}", shadows.join(",")));
    }
    vec![
        c.name,
        c.type_id,
        c.namespace.unwrap_or_else(|| "(tenant)".into()),
        c.updated_at,
        flags.join(" "),
        c.description,
    ]
}

async fn types(ctx: &Ctx<'_, impl Backend>, command: &TypesCommand) -> Result<u8> {
    let tenant = ctx.tenant;
    match command {
        TypesCommand::List => {
            let all = ctx.api.credential_types(tenant).await?;
            if ctx.json {
                return json(&all);
            }
            let rows: Vec<_> = all
                .into_iter()
                .map(|t| {
                    let kind = serde_json::to_value(t.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned));
                    let managed = if t.managed { "managed" } else { "custom" };
                    vec![t.id, kind.unwrap_or_default(), managed.to_owned(), t.label]
                })
                .collect();
            table(&["TYPE", "KIND", "", "LABEL"], &rows);
            Ok(0)
        }
        TypesCommand::Show { id } => json(&ctx.api.credential_type(tenant, id).await?),
        TypesCommand::Create { file } => {
            let def: CustomTypeDefinition = read_definition(file)?;
            let created = ctx.api.credential_type_create(tenant, def).await?;
            if ctx.json {
                return json(&created);
            }
            crate::out!("created credential type {}", created.id);
            Ok(0)
        }
        TypesCommand::Update { id, file } => {
            let def: CustomTypeDefinition = read_definition(file)?;
            let updated = ctx.api.credential_type_update(tenant, id, def).await?;
            if ctx.json {
                return json(&updated);
            }
            crate::out!("updated credential type {}", updated.id);
            Ok(0)
        }
        TypesCommand::Delete { id } => {
            ctx.api.credential_type_delete(tenant, id).await?;
            if ctx.json {
                return json(&serde_json::json!({ "deleted": id }));
            }
            crate::out!("deleted credential type {id}");
            Ok(0)
        }
    }
}
