//! Who performs an action. Every [`super::Keystead`] method takes a caller: the audit log's actor
//! comes from it, and so do the rights the method checks first.

use crate::access::{Rights, Role};
use crate::audit::Actor;
use crate::model::{PrincipalName, Scope, TenantId};

/// The shell a local administrator works in; it shows in the audit log's actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Cli,
    Desktop,
}

/// Who performs an action.
#[derive(Debug, Clone)]
pub struct Caller {
    actor: Actor,
    authority: Authority,
}

#[derive(Debug, Clone)]
enum Authority {
    /// The person at the desktop or the CLI on this machine: admin everywhere.
    LocalAdmin,
    /// A principal authenticated by an API token, with the rights read at that verification.
    Principal(TokenHolder),
}

#[derive(Debug, Clone)]
struct TokenHolder {
    tenant: TenantId,
    principal: PrincipalName,
    token_id: String,
    rights: Rights,
}

impl Caller {
    /// The person at this machine, named after the OS user: `cli:alice`, `desktop:alice`.
    pub fn local_user(surface: Surface) -> Self {
        let prefix = match surface {
            Surface::Cli => "cli",
            Surface::Desktop => "desktop",
        };
        Self::local_admin(format!("{prefix}:{}", os_user_name()))
    }

    /// A local administrator with an explicit audit name (tests, tools).
    pub fn local_admin(actor: impl Into<String>) -> Self {
        Self {
            actor: Actor::named(actor),
            authority: Authority::LocalAdmin,
        }
    }

    /// A principal that presented a valid API token (see [`super::Keystead::authenticate`]).
    pub(super) fn token_holder(
        tenant: TenantId,
        principal: PrincipalName,
        token_id: String,
        rights: Rights,
        client: Option<&str>,
    ) -> Self {
        let mut via = crate::access::TOKEN_PREFIX.to_owned() + &token_id;
        if let Some(client) = client {
            via.push_str(" from ");
            via.push_str(client);
        }
        Self {
            actor: Actor {
                name: principal.to_string(),
                via: Some(via),
            },
            authority: Authority::Principal(TokenHolder {
                tenant,
                principal,
                token_id,
                rights,
            }),
        }
    }

    /// The name the audit log records for this caller's actions.
    pub fn actor(&self) -> &str {
        &self.actor.name
    }

    pub(crate) fn audit_actor(&self) -> &Actor {
        &self.actor
    }

    pub fn is_local_admin(&self) -> bool {
        matches!(self.authority, Authority::LocalAdmin)
    }

    /// The principal behind a token caller.
    pub fn principal(&self) -> Option<&PrincipalName> {
        match &self.authority {
            Authority::LocalAdmin => None,
            Authority::Principal(holder) => Some(&holder.principal),
        }
    }

    /// The id of the token a token caller presented.
    pub fn token_id(&self) -> Option<&str> {
        match &self.authority {
            Authority::LocalAdmin => None,
            Authority::Principal(holder) => Some(&holder.token_id),
        }
    }

    /// The tenant a token caller belongs to (local administrators act in every tenant).
    pub fn tenant(&self) -> Option<&TenantId> {
        match &self.authority {
            Authority::LocalAdmin => None,
            Authority::Principal(holder) => Some(&holder.tenant),
        }
    }

    /// The strongest role this caller has at `scope` of `tenant` (admin for local administrators).
    pub fn role_at(&self, tenant: &TenantId, scope: &Scope) -> Option<Role> {
        match &self.authority {
            Authority::LocalAdmin => Some(Role::Admin),
            Authority::Principal(holder) if &holder.tenant == tenant => {
                holder.rights.role_at(scope).map(|(role, _)| role)
            }
            Authority::Principal(_) => None,
        }
    }

    pub(super) fn rights(&self) -> Option<&Rights> {
        match &self.authority {
            Authority::LocalAdmin => None,
            Authority::Principal(holder) => Some(&holder.rights),
        }
    }
}

/// The OS account name: from the environment the process started with, else (on Unix, where a
/// desktop launcher may not set USER) the account database entry of the process's user id.
fn os_user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .or_else(account_of_process_uid)
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(unix)]
fn account_of_process_uid() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_owned())
    })
}

#[cfg(not(unix))]
fn account_of_process_uid() -> Option<String> {
    None
}
