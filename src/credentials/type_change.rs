//! What changing a custom type's inputs would do to the credentials saved with it.
//!
//! The rule: an update may not leave a saved credential behind. It is refused when any credential of
//! the type would no longer validate against the new inputs (it has a value for an input that goes
//! or is renamed, lacks one for an input that becomes required, or holds a value the new kind,
//! choices or format reject), or when a credential has a value for an input whose `secret` flag
//! flips (a secret reference would be read as plain text, or plain text taken for a reference).
//! Labels, help, defaults, order, new optional inputs and inputs no credential uses can always change.

use super::definition::input_problems;
use super::types::CredentialType;
use crate::model::Scope;
use serde_json::{Map, Value};

/// A credential saved with the type: where it is and its inputs.
pub struct Saved {
    pub scope: Scope,
    pub name: String,
    pub inputs: Map<String, Value>,
}

impl Saved {
    /// `ops/approle`, or `approle (tenant level)`.
    pub fn place(&self) -> String {
        match &self.scope {
            Scope::Tenant => format!("{} (tenant level)", self.name),
            Scope::Namespace(ns) => format!("{ns}/{}", self.name),
        }
    }
}

/// The problems `next` would cause, one line per credential and input (empty: the change is safe).
pub fn breaking_changes(
    current: &CredentialType,
    next: &CredentialType,
    saved: &[Saved],
) -> Vec<String> {
    let mut problems = Vec::new();
    for credential in saved {
        let place = credential.place();
        let mut reported: Vec<&str> = Vec::new();
        for name in credential.inputs.keys() {
            let Some(field) = next.inputs.iter().find(|f| &f.id == name) else {
                problems.push(format!(
                    "{place}: has a value for {name}, an input this change removes or renames"
                ));
                reported.push(name.as_str());
                continue;
            };
            let was_secret = current
                .inputs
                .iter()
                .find(|f| &f.id == name)
                .is_some_and(|f| f.secret);
            if field.secret != was_secret {
                let change = if field.secret {
                    "plain text to sensitive (a secret reference)"
                } else {
                    "sensitive (a secret reference) to plain text"
                };
                problems.push(format!(
                    "{place}: has a value for {name}, which this change turns from {change}"
                ));
                reported.push(name.as_str());
            }
        }
        for problem in input_problems(next, &credential.inputs) {
            let about = problem
                .strip_prefix("inputs.")
                .and_then(|rest| rest.split(':').next())
                .unwrap_or("");
            if !reported.contains(&about) {
                problems.push(format!("{place}: {problem}"));
            }
        }
    }
    problems
}

/// At most `limit` lines, then how many more there are.
pub fn listed(lines: &[String], limit: usize) -> String {
    let mut text = lines
        .iter()
        .take(limit)
        .map(|line| format!("\n  - {line}"))
        .collect::<String>();
    if lines.len() > limit {
        text.push_str(&format!("\n  - … and {} more", lines.len() - limit));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::types::{CustomTypeDefinition, InputField, validate_custom};
    use crate::model::NamespaceId;
    use serde_json::json;

    fn input(id: &str, required: bool, secret: bool) -> InputField {
        serde_json::from_value(
            json!({"id": id, "label": id, "required": required, "secret": secret}),
        )
        .unwrap()
    }

    fn custom(inputs: Vec<InputField>) -> CredentialType {
        validate_custom(&CustomTypeDefinition {
            id: "vault".into(),
            label: "Vault".into(),
            description: String::new(),
            inputs,
        })
        .unwrap()
    }

    fn saved(ns: Option<&str>, name: &str, inputs: Value) -> Saved {
        Saved {
            scope: ns.map_or(Scope::Tenant, |ns| {
                Scope::Namespace(NamespaceId::parse(ns).unwrap())
            }),
            name: name.into(),
            inputs: inputs.as_object().unwrap().clone(),
        }
    }

    #[test]
    fn relabelling_reordering_and_optional_inputs_are_safe() {
        let current = custom(vec![
            input("role_id", true, false),
            input("token", false, true),
        ]);
        let mut relabelled = input("role_id", true, false);
        relabelled.label = "Role".into();
        relabelled.help = "The AppRole's role id.".into();
        let next = custom(vec![
            input("token", false, true),
            relabelled,
            input("mount", false, false),
        ]);
        let credentials = [saved(Some("ops"), "approle", json!({"role_id": "r-1"}))];
        assert!(breaking_changes(&current, &next, &credentials).is_empty());
        // An input nobody has a value for may go.
        let fewer = custom(vec![input("role_id", true, false)]);
        assert!(breaking_changes(&current, &fewer, &credentials).is_empty());
    }

    #[test]
    fn removing_requiring_and_flipping_used_inputs_names_each_credential() {
        let current = custom(vec![
            input("role_id", true, false),
            input("token", false, true),
        ]);
        let credentials = [
            saved(
                Some("ops"),
                "approle",
                json!({"role_id": "r-1", "token": "{{ secret('T') }}"}),
            ),
            saved(None, "shared", json!({"role_id": "r-2"})),
        ];
        let renamed = custom(vec![
            input("role", true, false),
            input("token", false, true),
        ]);
        let problems = breaking_changes(&current, &renamed, &credentials);
        assert!(
            problems.contains(
                &"ops/approle: has a value for role_id, an input this change removes or renames"
                    .into()
            ),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"shared (tenant level): inputs.role: required (role)".into()),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");

        let now_required = custom(vec![
            input("role_id", true, false),
            input("token", true, true),
        ]);
        let problems = breaking_changes(&current, &now_required, &credentials);
        assert_eq!(
            problems,
            vec!["shared (tenant level): inputs.token: required (token)".to_owned()]
        );

        let plain = custom(vec![
            input("role_id", true, false),
            input("token", false, false),
        ]);
        let problems = breaking_changes(&current, &plain, &credentials);
        assert_eq!(
            problems,
            vec![
                "ops/approle: has a value for token, which this change turns from sensitive (a secret reference) to plain text"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn a_kind_change_is_checked_against_the_saved_values() {
        let current = custom(vec![input("port", false, false)]);
        let mut integer = input("port", false, false);
        integer.kind = crate::credentials::types::FieldKind::Integer;
        let next = custom(vec![integer]);
        let problems = breaking_changes(
            &current,
            &next,
            &[saved(Some("ops"), "db", json!({"port": "5432"}))],
        );
        assert_eq!(
            problems,
            vec!["ops/db: inputs.port: must be an integer".to_owned()]
        );
    }

    #[test]
    fn long_lists_are_cut() {
        let lines: Vec<String> = (0..5).map(|n| format!("c{n}")).collect();
        assert_eq!(listed(&lines, 2), "\n  - c0\n  - c1\n  - … and 3 more");
    }
}
