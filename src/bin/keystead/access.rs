//! `keystead principal|role|token ...`: who may do what, and the API tokens machines carry.

use crate::backend::Backend;
use crate::commands::Ctx;
use crate::output::{json, table};
use clap::{Args, Subcommand};
use keystead::api::Result;
use keystead::api::dto::{
    ApiTokenDto, CreatedToken, GrantDto, NamespaceId, PrincipalCreateRequest, PrincipalKind, Role,
    RoleChangeRequest, RoleListRequest, Scope, TokenCreateRequest, TokenRotateRequest,
};

#[derive(Subcommand)]
pub enum PrincipalCommand {
    /// Create a user or a service account (exactly one of --user, --service-account)
    Create {
        #[command(flatten)]
        who: Who,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// List users and service accounts
    List,
    /// Show one, with its role bindings, effective rights per namespace and its tokens
    Show { name: String },
    /// Refuse its tokens from the next request on (until enabled again)
    Disable { name: String },
    /// Accept its tokens again
    Enable { name: String },
    /// Delete it with its role bindings and tokens
    Delete { name: String },
}

/// A principal given by kind.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct Who {
    /// A person
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// A machine: a CI/CD pipeline, a script
    #[arg(long, value_name = "NAME")]
    service_account: Option<String>,
}

impl Who {
    fn name(&self) -> &str {
        self.user
            .as_deref()
            .or(self.service_account.as_deref())
            .unwrap_or_default()
    }
}

#[derive(Subcommand)]
pub enum RoleCommand {
    /// Grant ROLE (read, use or admin) on a namespace and its descendants, or the whole tenant
    Grant {
        principal: String,
        #[arg(value_parser = ["read", "use", "admin"])]
        role: String,
        /// Without it: tenant level (every namespace)
        #[arg(long)]
        namespace: Option<String>,
    },
    /// Remove a binding
    Revoke {
        principal: String,
        #[arg(value_parser = ["read", "use", "admin"])]
        role: String,
        #[arg(long)]
        namespace: Option<String>,
    },
    /// List bindings: all, of one principal, or those that reach a namespace ("who can see it")
    List {
        #[arg(long)]
        principal: Option<String>,
        #[arg(long)]
        namespace: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token; it is printed once and never shown again
    Create {
        #[command(flatten)]
        who: Who,
        /// What it is for, e.g. "github-actions deploy"
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// ISO-8601 duration (P7D, P30D, P90D, PT12H) or "never"
        #[arg(long, default_value = keystead::api::DEFAULT_TOKEN_MAX_AGE)]
        max_age: String,
        /// Each use moves the expiry to now + max age
        #[arg(long)]
        extended: bool,
        /// Narrow the token to at most this role ...
        #[arg(long, value_parser = ["read", "use", "admin"], requires = "scope")]
        role: Option<String>,
        /// ... in this namespace and below (with --role)
        #[arg(long, group = "scope")]
        namespace: Option<String>,
        /// ... at tenant level (with --role)
        #[arg(long, group = "scope")]
        tenant_level: bool,
    },
    /// List tokens (prefix, owner, expiry, last use, revoked), of everyone or of one principal
    List {
        #[arg(long)]
        principal: Option<String>,
    },
    /// Revoke a token (by the id or prefix `token list` shows), or all of a principal's
    Revoke {
        #[arg(required_unless_present = "all_of", conflicts_with = "all_of")]
        id: Option<String>,
        /// Revoke every token of this principal
        #[arg(long, value_name = "PRINCIPAL")]
        all_of: Option<String>,
    },
    /// Replace a token with a new one with the same settings (printed once)
    Rotate {
        id: String,
        /// Keep the old token working this long (ISO-8601, at most P30D)
        #[arg(long)]
        grace: Option<String>,
    },
}

fn role(raw: &str) -> Result<Role> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned())).map_err(|_| {
        keystead::Error::invalid(format!("unknown role {raw:?}: use read, use or admin"))
    })
}

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Tenant => "(tenant)".to_owned(),
        Scope::Namespace(ns) => ns.to_string(),
    }
}

pub async fn principal(ctx: &Ctx<'_, impl Backend>, command: &PrincipalCommand) -> Result<u8> {
    let tenant = ctx.tenant;
    match command {
        PrincipalCommand::Create { who, description } => {
            let kind = if who.user.is_some() {
                PrincipalKind::User
            } else {
                PrincipalKind::ServiceAccount
            };
            let request = PrincipalCreateRequest {
                tenant: tenant.to_owned(),
                name: who.name().to_owned(),
                kind,
                description: description.clone(),
            };
            let created = ctx.api.principal_create(request).await?;
            if ctx.json {
                return json(&created);
            }
            crate::out!("created {}", created.name);
        }
        PrincipalCommand::List => {
            let all = ctx.api.principal_list(tenant).await?;
            if ctx.json {
                return json(&all);
            }
            let rows: Vec<_> = all
                .into_iter()
                .map(|p| {
                    let kind = match p.kind {
                        PrincipalKind::User => "user",
                        PrincipalKind::ServiceAccount => "service account",
                    };
                    let state = if p.disabled { "disabled" } else { "" };
                    vec![p.name, kind.to_owned(), state.to_owned(), p.description]
                })
                .collect();
            table(&["NAME", "KIND", "STATE", "DESCRIPTION"], &rows);
        }
        PrincipalCommand::Show { name } => {
            let detail = ctx.api.principal_show(tenant, name).await?;
            if ctx.json {
                return json(&detail);
            }
            let p = &detail.principal;
            crate::out!("name:        {}", p.name);
            crate::out!("disabled:    {}", p.disabled);
            crate::out!("description: {}", crate::output::printable(&p.description));
            crate::out!("\neffective rights:");
            let rows: Vec<_> = detail
                .effective
                .iter()
                .map(|e| {
                    vec![
                        scope_text(&e.scope),
                        e.role.to_string(),
                        format!(
                            "{} on {}",
                            e.granted_by.role,
                            scope_text(&e.granted_by.scope)
                        ),
                    ]
                })
                .collect();
            table(&["SCOPE", "ROLE", "GRANTED BY"], &rows);
            crate::out!("\ntokens:");
            print_tokens(detail.tokens);
        }
        PrincipalCommand::Disable { name } | PrincipalCommand::Enable { name } => {
            let disable = matches!(command, PrincipalCommand::Disable { .. });
            let updated = ctx
                .api
                .principal_set_disabled(tenant, name, disable)
                .await?;
            if ctx.json {
                return json(&updated);
            }
            let state = if updated.disabled {
                "disabled"
            } else {
                "enabled"
            };
            crate::out!("{} is {state}", updated.name);
        }
        PrincipalCommand::Delete { name } => {
            ctx.api.principal_delete(tenant, name).await?;
            crate::out!("deleted {name} with its role bindings and tokens");
        }
    }
    Ok(0)
}

pub async fn role_command(ctx: &Ctx<'_, impl Backend>, command: &RoleCommand) -> Result<u8> {
    let tenant = ctx.tenant;
    match command {
        RoleCommand::Grant {
            principal,
            role: raw,
            namespace,
        }
        | RoleCommand::Revoke {
            principal,
            role: raw,
            namespace,
        } => {
            let request = RoleChangeRequest {
                tenant: tenant.to_owned(),
                principal: principal.clone(),
                role: role(raw)?,
                namespace: namespace.clone(),
            };
            let place = namespace.as_deref().unwrap_or("the whole tenant");
            if matches!(command, RoleCommand::Grant { .. }) {
                let created = ctx.api.role_grant(request).await?;
                let note = if created { "" } else { " (it already had it)" };
                crate::out!("{principal} has {raw} on {place}{note}");
            } else {
                ctx.api.role_revoke(request).await?;
                crate::out!("{principal} no longer has {raw} on {place}");
            }
        }
        RoleCommand::List {
            principal,
            namespace,
        } => {
            let request = RoleListRequest {
                tenant: tenant.to_owned(),
                principal: principal.clone(),
                namespace: namespace.clone(),
            };
            let bindings = ctx.api.role_list(request).await?;
            if ctx.json {
                return json(&bindings);
            }
            let rows: Vec<_> = bindings
                .into_iter()
                .map(|b| {
                    vec![
                        b.principal,
                        b.role.to_string(),
                        scope_text(&b.scope),
                        b.created_at,
                        b.created_by,
                    ]
                })
                .collect();
            table(&["PRINCIPAL", "ROLE", "SCOPE", "GRANTED", "BY"], &rows);
        }
    }
    Ok(0)
}

pub async fn token(ctx: &Ctx<'_, impl Backend>, command: &TokenCommand) -> Result<u8> {
    let tenant = ctx.tenant;
    match command {
        TokenCommand::Create {
            who,
            name,
            description,
            max_age,
            extended,
            role: narrow_role,
            namespace,
            tenant_level: _,
        } => {
            let narrowing = match narrow_role {
                Some(raw) => Some(GrantDto {
                    role: role(raw)?,
                    scope: match namespace {
                        Some(ns) => Scope::Namespace(NamespaceId::parse(ns)?),
                        None => Scope::Tenant,
                    },
                }),
                None => None,
            };
            let request = TokenCreateRequest {
                tenant: tenant.to_owned(),
                principal: who.name().to_owned(),
                name: name.clone(),
                description: description.clone(),
                max_age: Some(max_age.clone()),
                extended: *extended,
                narrowing,
            };
            let created = ctx.api.token_create(request).await?;
            show_once(ctx, &created)
        }
        TokenCommand::List { principal } => {
            let tokens = ctx.api.token_list(tenant, principal.as_deref()).await?;
            if ctx.json {
                return json(&tokens);
            }
            print_tokens(tokens);
            Ok(0)
        }
        TokenCommand::Revoke { id, all_of } => {
            if let Some(owner) = all_of {
                let count = ctx.api.token_revoke_all(tenant, owner).await?;
                crate::out!("revoked {count} token(s) of {owner}");
                return Ok(0);
            }
            let revoked = ctx
                .api
                .token_revoke(tenant, id.as_deref().unwrap_or_default())
                .await?;
            if ctx.json {
                return json(&revoked);
            }
            crate::out!("revoked {} ({})", revoked.prefix, revoked.name);
            Ok(0)
        }
        TokenCommand::Rotate { id, grace } => {
            let request = TokenRotateRequest {
                tenant: tenant.to_owned(),
                id: id.clone(),
                grace: grace.clone(),
            };
            let created = ctx.api.token_rotate(request).await?;
            show_once(ctx, &created)
        }
    }
}

/// Prints a new token's plaintext: its only appearance.
fn show_once(ctx: &Ctx<'_, impl Backend>, created: &CreatedToken) -> Result<u8> {
    if ctx.json {
        return json(created);
    }
    let info = &created.info;
    eprintln!(
        "API token {} for {} ({}); expires: {}. Store it now: it is shown only this once.",
        info.prefix,
        info.principal,
        info.name,
        info.expires_at.as_deref().unwrap_or("never")
    );
    crate::out!("{}", created.token);
    Ok(0)
}

fn print_tokens(tokens: Vec<ApiTokenDto>) {
    let rows: Vec<_> = tokens
        .into_iter()
        .map(|t| {
            let state = if t.revoked {
                "revoked"
            } else if t.expired {
                "expired"
            } else {
                "active"
            };
            let expires = match (&t.expires_at, t.extended) {
                (Some(at), true) => format!("{at} (extended)"),
                (Some(at), false) => at.clone(),
                (None, _) => "never".to_owned(),
            };
            let used = match (&t.last_used_at, &t.last_used_from) {
                (Some(at), Some(from)) => format!("{at} from {from}"),
                (Some(at), None) => at.clone(),
                _ => "never".to_owned(),
            };
            vec![
                t.prefix,
                t.principal,
                t.name,
                state.to_owned(),
                expires,
                used,
            ]
        })
        .collect();
    table(
        &["TOKEN", "OWNER", "NAME", "STATE", "EXPIRES", "LAST USED"],
        &rows,
    );
}
