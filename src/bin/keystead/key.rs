//! `keystead key ...`: the key lifecycle, on the Keystead machine only.

use crate::input;
use crate::output::{json, table};
use clap::Subcommand;
use keystead::Error;
use keystead::api::dto::{KeyMode, KeyRotationDto, KeyStatusDto};
use keystead::api::{Caller, Keystead, Result};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Where the master key is kept; when each key was made, rotated or changed
    Status,
    /// Recovery key: the way back in when the keyring entry or the passphrase is lost
    #[command(subcommand)]
    Recovery(RecoveryCommand),
    /// The passphrase that wraps the master key
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Move the master key into the OS keyring, or behind a passphrase (KEYSTEAD_NEW_PASSPHRASE
    /// or asked for)
    Move {
        #[arg(long, value_parser = ["keyring", "passphrase"])]
        to: String,
    },
    /// A new master key with every data key re-wrapped, or with --data-keys a new data key per
    /// tenant with every value (old versions too) re-sealed; atomic, audited
    Rotate {
        #[arg(long)]
        data_keys: bool,
        /// Where to write the recovery key that replaces the current one (a new file, 0600).
        /// Needed when the output is not a terminal and a recovery key exists
        #[arg(long, value_name = "FILE", conflicts_with = "data_keys")]
        recovery_key_file: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum RecoveryCommand {
    /// Create a recovery key (an earlier one stops working); printed once, never stored
    Create,
}

#[derive(Subcommand)]
pub enum PassphraseCommand {
    /// Wrap the master key with a new passphrase (KEYSTEAD_NEW_PASSPHRASE, or asked for twice)
    Change,
}

pub async fn run(k: &Keystead, caller: &Caller, as_json: bool, command: &KeyCommand) -> Result<u8> {
    match command {
        KeyCommand::Status => print_status(&k.key_status(caller).await?, as_json),
        KeyCommand::Recovery(RecoveryCommand::Create) => {
            let created = k.key_recovery_create(caller).await?;
            if as_json {
                return json(&created);
            }
            show_recovery_key(&created.recovery_key);
            Ok(0)
        }
        KeyCommand::Passphrase(PassphraseCommand::Change) => {
            let new = input::new_passphrase()?;
            let status = k.key_passphrase_change(caller, new).await?;
            eprintln!("keystead: the master key is now wrapped by the new passphrase");
            print_status(&status, as_json)
        }
        KeyCommand::Move { to } => {
            let (mode, passphrase) = match to.as_str() {
                "keyring" => (KeyMode::Keyring, None),
                _ => (KeyMode::Passphrase, Some(input::new_passphrase()?)),
            };
            let status = k.key_move(caller, mode, passphrase).await?;
            eprintln!("keystead: {}", status.description);
            print_status(&status, as_json)
        }
        KeyCommand::Rotate {
            data_keys: true, ..
        } => {
            let done = k.key_rotate_data_keys(caller).await?;
            if as_json {
                return json(&done);
            }
            crate::out!(
                "rotated the data keys of {} tenant(s): {} value(s) re-sealed in {} ms",
                done.tenants,
                done.values,
                done.elapsed_ms
            );
            Ok(0)
        }
        KeyCommand::Rotate {
            data_keys: false,
            recovery_key_file,
        } => {
            use std::io::IsTerminal;
            let status = k.key_status(caller).await?;
            let passphrase = match status.mode {
                KeyMode::Passphrase => Some(input::current_passphrase()?),
                KeyMode::Keyring => None,
            };
            // The recovery key wraps the master key: a rotation makes a new one, and the old one
            // stops working. Know where the new one goes before anything changes.
            let to_file = recovery_key_file
                .as_deref()
                .map(crate::output::NewFile::create)
                .transpose()?;
            let shown_here = as_json || std::io::stdout().is_terminal();
            if status.recovery_key_created_at.is_some() && to_file.is_none() && !shown_here {
                return Err(Error::invalid(
                    "key rotate replaces the recovery key, and shows the new one only on a \
                     terminal: run it on a terminal, or give --recovery-key-file FILE (a new file, \
                     readable by you only); nothing was changed",
                ));
            }
            // A failed rotation drops (removes) the file it would have filled.
            let mut rotated = k.key_rotate(caller, passphrase).await?;
            if let Some(file) = to_file {
                let path = file.path();
                let Some(text) = rotated.recovery_key.take() else {
                    drop(file);
                    eprintln!(
                        "keystead: there was no recovery key, so none was made: nothing written to \
                         {}",
                        path.display()
                    );
                    return finish_rotation(&rotated, as_json);
                };
                if let Err(e) = file.write_and_keep(format!("{text}\n").as_bytes()) {
                    // The only copy of the new recovery key is in memory: a terminal still sees it.
                    if shown_here && !as_json {
                        show_recovery_key(&text);
                    }
                    return Err(Error::invalid(format!(
                        "the master key was rotated, but writing its recovery key to {} failed \
                         ({e}): use the one shown above if there is one, else make a new one with \
                         keystead key recovery create",
                        path.display()
                    )));
                }
                eprintln!(
                    "keystead: the old recovery key no longer works; its replacement is in {}",
                    path.display()
                );
            }
            finish_rotation(&rotated, as_json)
        }
    }
}

/// What a master-key rotation prints; a recovery key left in `rotated` is shown here.
fn finish_rotation(rotated: &KeyRotationDto, as_json: bool) -> Result<u8> {
    if as_json {
        return json(rotated);
    }
    crate::out!(
        "rotated the master key: generation {}, every data key re-wrapped",
        rotated.status.generation
    );
    if let Some(text) = &rotated.recovery_key {
        eprintln!("keystead: the old recovery key no longer works; here is its replacement.");
        show_recovery_key(text);
    }
    Ok(0)
}

/// Prints a recovery key with what to do with it.
pub fn show_recovery_key(text: &str) {
    eprintln!(
        "Recovery key (shown once, Keystead does not keep it). Store it offline, apart from this \
         machine; with it, KEYSTEAD_RECOVERY_KEY opens this data dir when the keyring entry or \
         the passphrase is lost:"
    );
    crate::out!("{text}");
}

fn print_status(status: &KeyStatusDto, as_json: bool) -> Result<u8> {
    if as_json {
        return json(status);
    }
    let never = || "never".to_owned();
    crate::out!("master key:   {}", status.description);
    crate::out!(
        "created:      {} (generation {})",
        status.created_at,
        status.generation
    );
    crate::out!(
        "rotated:      {}",
        status.rotated_at.clone().unwrap_or_else(never)
    );
    if status.mode == KeyMode::Passphrase {
        crate::out!(
            "passphrase:   changed {}",
            status.passphrase_changed_at.clone().unwrap_or_else(never)
        );
    }
    crate::out!(
        "recovery key: {}",
        status.recovery_key_created_at.as_ref().map_or(
            "none (create one: keystead key recovery create)".to_owned(),
            |at| { format!("created {at}") }
        )
    );
    if status.opened_with_recovery_key {
        crate::out!("              (this session was opened with it)");
    }
    let rows: Vec<_> = status
        .data_keys
        .iter()
        .map(|d| {
            vec![
                d.tenant.clone(),
                d.version.to_string(),
                d.created_at.clone(),
            ]
        })
        .collect();
    table(&["TENANT", "DATA KEY", "CREATED"], &rows);
    Ok(0)
}

/// Key commands change this machine's data dir: they never go through --server.
pub fn refuse_remote() -> Error {
    Error::invalid("key commands run on the Keystead machine itself: drop --server")
}
