//! Who performs an action. Every [`super::Keystead`] method takes a caller; the audit log's actor
//! comes from it, and (with roles) what the caller may do.

/// The shell a local administrator works in; it shows in the audit log's actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Cli,
    Desktop,
}

/// Who performs an action.
#[derive(Debug, Clone)]
pub struct Caller {
    actor: String,
    authority: Authority,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Authority {
    /// The person at the desktop or the CLI on this machine: admin everywhere.
    LocalAdmin,
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
            actor: actor.into(),
            authority: Authority::LocalAdmin,
        }
    }

    /// The name the audit log records for this caller's actions.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn is_local_admin(&self) -> bool {
        self.authority == Authority::LocalAdmin
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
