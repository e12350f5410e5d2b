//! A credential as an admin writes it (file, form or API), and its validation against its type.

use super::mint::endpoint::{endpoint_url, is_endpoint_field};
use super::types::{CredentialType, FieldKind, InputField, TypeKind};
use crate::model::{IsoDuration, SecretKey};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

/// `{namespace?, name, type, description?, inputs, settings?}` — the `credential apply -f` format.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CredentialDefinition {
    /// Absent: a tenant-level credential, visible in every namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub type_id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[ts(type = "Record<string, unknown>")]
    pub inputs: Map<String, Value>,
    #[serde(default)]
    pub settings: CredentialSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CredentialSettings {
    /// Keep minted tokens in memory until shortly before they expire.
    #[serde(default = "yes")]
    pub cache: bool,
    /// ISO-8601 duration: a cached token this close to expiry is replaced.
    #[serde(default = "default_refresh")]
    pub refresh_before_expiry: String,
    /// ISO-8601 duration bounding each call to the token endpoint.
    #[serde(default = "default_timeout")]
    pub timeout: String,
}

fn yes() -> bool {
    true
}
fn default_refresh() -> String {
    "PT1M".into()
}
fn default_timeout() -> String {
    "PT30S".into()
}

impl Default for CredentialSettings {
    fn default() -> Self {
        Self {
            cache: true,
            refresh_before_expiry: default_refresh(),
            timeout: default_timeout(),
        }
    }
}

/// Settings with durations parsed.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub cache: bool,
    pub refresh_before_expiry: IsoDuration,
    pub timeout: IsoDuration,
}

const MAX_TIMEOUT_SECS: u64 = 300;

impl CredentialSettings {
    pub fn parse(&self) -> Result<Settings> {
        let refresh = IsoDuration::parse(&self.refresh_before_expiry)
            .map_err(|e| Error::invalid(format!("settings.refresh_before_expiry: {e}")))?;
        let timeout = IsoDuration::parse(&self.timeout)
            .map_err(|e| Error::invalid(format!("settings.timeout: {e}")))?;
        let secs = timeout.duration().as_secs();
        if secs == 0 || secs > MAX_TIMEOUT_SECS {
            return Err(Error::invalid(format!(
                "settings.timeout is {timeout}: use between PT1S and PT{}M",
                MAX_TIMEOUT_SECS / 60
            )));
        }
        Ok(Settings {
            cache: self.cache,
            refresh_before_expiry: refresh,
            timeout,
        })
    }
}

/// Parses `{{ secret('KEY') }}` (single or double quotes, optional spaces) into the key.
pub fn secret_reference(raw: &str) -> Option<SecretKey> {
    let inner = raw.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let args = inner
        .strip_prefix("secret")?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')?
        .trim();
    let quote = args.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let key = args.strip_prefix(quote)?.strip_suffix(quote)?;
    SecretKey::parse(key).ok()
}

/// The secrets a definition's sensitive inputs reference (each key once, in input order): as a
/// mint reads them, the type's default where an input is left out.
pub fn referenced_secrets(
    credential_type: &CredentialType,
    inputs: &Map<String, Value>,
) -> Vec<SecretKey> {
    let mut keys: Vec<SecretKey> = Vec::new();
    for field in credential_type.inputs.iter().filter(|f| f.secret) {
        let given = inputs
            .get(&field.id)
            .filter(|v| !v.is_null() && v.as_str() != Some(""));
        let reference = given
            .or(field.default.as_ref())
            .and_then(Value::as_str)
            .and_then(secret_reference);
        if let Some(key) = reference
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    keys
}

/// Checks inputs against the type's schema; every problem is reported at once.
pub fn validate_inputs(
    credential_type: &CredentialType,
    inputs: &Map<String, Value>,
) -> Result<()> {
    let problems = input_problems(credential_type, inputs);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "the credential does not match type {}:\n  - {}",
            credential_type.id,
            problems.join("\n  - ")
        )))
    }
}

/// What is wrong with `inputs` for the type's schema, one line per problem (`inputs.NAME: ...`).
pub fn input_problems(
    credential_type: &CredentialType,
    inputs: &Map<String, Value>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for name in inputs.keys() {
        if !credential_type.inputs.iter().any(|f| &f.id == name) {
            let known: Vec<&str> = credential_type
                .inputs
                .iter()
                .map(|f| f.id.as_str())
                .collect();
            problems.push(format!(
                "inputs.{name}: not an input of {} (known: {})",
                credential_type.id,
                known.join(", ")
            ));
        }
    }
    for field in &credential_type.inputs {
        let value = inputs
            .get(&field.id)
            .filter(|v| !v.is_null() && v.as_str() != Some(""));
        let Some(value) = value else {
            if field.required {
                problems.push(format!("inputs.{}: required ({})", field.id, field.label));
            }
            continue;
        };
        value_problems(field, value, &format!("inputs.{}", field.id), &mut problems);
    }
    // Minting types need a token endpoint, given or discoverable (GitHub has a default API URL).
    let has = |id: &str| {
        inputs
            .get(id)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    };
    let needs_endpoint = credential_type.kind == TypeKind::Minting
        && credential_type.inputs.iter().any(|f| f.id == "token_url");
    if needs_endpoint && !has("token_url") && !has("issuer") {
        problems
            .push("inputs.token_url: required unless inputs.issuer is set for discovery".into());
    }
    if let Some(Value::Object(params)) = inputs.get("extra_params")
        && params.values().any(|v| !v.is_string())
    {
        problems.push("inputs.extra_params: values must be strings".into());
    }
    problems
}

/// What is wrong with `value` for `field` (named `at` in the messages), pushed onto `problems`.
pub(crate) fn value_problems(
    field: &InputField,
    value: &Value,
    at: &str,
    problems: &mut Vec<String>,
) {
    match field.kind {
        FieldKind::String => match value.as_str() {
            None => problems.push(format!("{at}: must be a string")),
            Some(text) if field.secret => {
                if secret_reference(text).is_none() {
                    problems.push(format!(
                        "{at}: sensitive inputs hold a secret reference such as {{{{ secret('MY_KEY') }}}}, \
                         never a literal value (create the secret first)"
                    ));
                }
            }
            Some(text) => {
                if !field.choices.is_empty() && !field.choices.iter().any(|c| c == text) {
                    problems.push(format!(
                        "{at}: {text:?} is not one of {}",
                        field.choices.join(", ")
                    ));
                }
                match field.format.as_deref() {
                    Some("url")
                        if !(text.starts_with("https://") || text.starts_with("http://")) =>
                    {
                        problems.push(format!("{at}: {text:?} is not an http(s) URL"));
                    }
                    // Refused at save, not only when the first mint would send to it.
                    Some("url") if is_endpoint_field(&field.id) && !text.is_empty() => {
                        if let Err(refused) = endpoint_url(text, &field.id) {
                            let reason = refused.error_description.unwrap_or_default();
                            problems.push(format!("{at}: {reason}"));
                        }
                    }
                    Some("duration") => {
                        if let Err(e) = IsoDuration::parse(text) {
                            problems.push(format!("{at}: {e}"));
                        }
                    }
                    _ => {}
                }
            }
        },
        FieldKind::Boolean if !value.is_boolean() => {
            problems.push(format!("{at}: must be true or false"))
        }
        FieldKind::Integer if !value.is_i64() => problems.push(format!("{at}: must be an integer")),
        FieldKind::Object if !value.is_object() => {
            problems.push(format!("{at}: must be a JSON object"))
        }
        FieldKind::List
            if !value
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string)) =>
        {
            problems.push(format!("{at}: must be a list of strings"));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::types::builtin_type;
    use serde_json::json;

    #[test]
    fn parses_secret_references() {
        for ok in [
            "{{ secret('API_KEY') }}",
            "{{secret(\"API_KEY\")}}",
            "  {{ secret( 'API_KEY' ) }} ",
        ] {
            assert_eq!(secret_reference(ok).unwrap().as_str(), "API_KEY", "{ok}");
        }
        for bad in [
            "API_KEY",
            "{{ secret('bad-key') }}",
            "{{ secret('A\") }}",
            "{{ kv('A') }}",
            "{{ secret(A) }}",
        ] {
            assert!(secret_reference(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn reports_every_problem() {
        let t = builtin_type("oauth2_client_credentials").unwrap();
        let inputs = json!({
            "client_secret": "plain-text-secret",
            "auth_method": "magic",
            "bogus": 1,
            "token_url": "ftp://x"
        });
        let err = validate_inputs(&t, inputs.as_object().unwrap())
            .unwrap_err()
            .to_string();
        for expected in [
            "inputs.bogus: not an input",
            "inputs.client_id: required",
            "inputs.client_secret: sensitive inputs hold a secret reference",
            "inputs.auth_method: \"magic\" is not one of",
            "inputs.token_url: \"ftp://x\" is not an http(s) URL",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in {err}");
        }
        assert!(
            !err.contains("plain-text-secret"),
            "a literal secret is never echoed back"
        );
    }

    #[test]
    fn accepts_a_valid_definition_and_requires_an_endpoint() {
        let t = builtin_type("oauth2_client_credentials").unwrap();
        let mut inputs = json!({"client_id": "ci", "client_secret": "{{ secret('S') }}", "issuer": "https://id.example"});
        assert!(validate_inputs(&t, inputs.as_object().unwrap()).is_ok());
        inputs.as_object_mut().unwrap().remove("issuer");
        let err = validate_inputs(&t, inputs.as_object().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("token_url: required unless"), "{err}");
    }

    #[test]
    fn plain_http_endpoints_are_refused_at_save_unless_they_are_this_machine() {
        let t = builtin_type("oauth2_client_credentials").unwrap();
        let with = |issuer: &str, resource: &str| {
            let inputs = json!({"client_id": "ci", "client_secret": "{{ secret('S') }}",
                                "issuer": issuer, "resource": resource});
            validate_inputs(&t, inputs.as_object().unwrap()).map_err(|e| e.to_string())
        };
        let err = with("http://id.example", "https://api.example").unwrap_err();
        assert!(
            err.contains("inputs.issuer: issuer uses http:// to id.example")
                && err.contains("use https"),
            "{err}"
        );
        assert!(with("http://127.0.0.1:8080", "https://api.example").is_ok());
        assert!(with("http://localhost:8080", "https://api.example").is_ok());
        assert!(
            with("https://id.example", "http://api.example").is_ok(),
            "a resource indicator only names the API: it is not sent to"
        );
    }

    #[test]
    fn settings_bounds() {
        assert!(CredentialSettings::default().parse().is_ok());
        let bad = CredentialSettings {
            timeout: "PT1H".into(),
            ..Default::default()
        };
        assert!(
            bad.parse()
                .unwrap_err()
                .to_string()
                .contains("between PT1S and PT5M")
        );
    }
}
