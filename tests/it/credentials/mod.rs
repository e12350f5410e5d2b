//! Credentials end to end through the command surface, against the real local token server.
//!
//! `minting` tests and mints tokens for saved credentials, `definitions` applies, lists, copies and
//! deletes them, and `types` covers the static and custom credential types.

use keystead::credentials::definition::CredentialDefinition;
use serde_json::Value;

mod definitions;
mod minting;
mod types;

fn definition(
    namespace: Option<&str>,
    name: &str,
    type_id: &str,
    inputs: Value,
) -> CredentialDefinition {
    CredentialDefinition {
        namespace: namespace.map(str::to_owned),
        name: name.into(),
        type_id: type_id.into(),
        description: String::new(),
        inputs: inputs.as_object().unwrap().clone(),
        settings: Default::default(),
    }
}
