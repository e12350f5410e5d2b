//! From a stored definition to a [`MintSpec`]: defaults applied, secret references resolved through
//! namespace inheritance, discovery performed when only an issuer is given.

use super::definition::{Settings, secret_reference};
use super::mint::{
    AssertionAudience, ClientAuthMethod, GrantSpec, HttpClient, MintFailure, MintSpec,
    SigningAlgorithm, discover,
};
use super::reach::ReachNow;
use super::types::{CLIENT_CREDENTIALS, CredentialType, GITHUB_APP, JWT_BEARER, PRIVATE_KEY_JWT};
use crate::model::{IsoDuration, NamespaceId, SecretKey, TenantId};
use crate::secrets::Secrets;
use crate::{Error, Result};
use secrecy::SecretString;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Inputs with defaults applied and secret references replaced by their values.
pub struct ResolvedInputs {
    values: Map<String, Value>,
    secrets: BTreeMap<String, SecretString>,
    /// Which secret each sensitive input came from, for the `secret.use` audit events.
    pub sources: Vec<SecretSource>,
}

/// A resolved secret reference: the input, the key, and the namespace that defines it.
#[derive(Debug, Clone)]
pub struct SecretSource {
    pub input: String,
    pub key: SecretKey,
    pub origin: NamespaceId,
}

impl ResolvedInputs {
    fn text(&self, id: &str) -> Option<String> {
        self.values
            .get(id)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    fn required(&self, id: &str) -> std::result::Result<String, MintFailure> {
        self.text(id)
            .ok_or_else(|| MintFailure::invalid_config(format!("input {id} is required")))
    }

    pub(crate) fn secret(&self, id: &str) -> Option<SecretString> {
        self.secrets.get(id).cloned()
    }

    fn required_secret(&self, id: &str) -> std::result::Result<SecretString, MintFailure> {
        self.secret(id)
            .ok_or_else(|| MintFailure::invalid_config(format!("input {id} is required")))
    }

    fn object(&self, id: &str) -> Map<String, Value> {
        self.values
            .get(id)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    }

    fn string_map(&self, id: &str) -> BTreeMap<String, String> {
        self.object(id)
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
            .collect()
    }

    fn duration(&self, id: &str) -> std::result::Result<std::time::Duration, MintFailure> {
        match self.text(id) {
            None => Ok(super::mint::DEFAULT_ASSERTION_LIFETIME),
            // The parse error quotes the value: name the input only.
            Some(raw) => IsoDuration::parse(&raw).map(|d| d.duration()).map_err(|_| {
                MintFailure::invalid_config(format!(
                    "input {id} is not an ISO-8601 duration such as PT30S, PT1M or PT5M"
                ))
            }),
        }
    }

    pub fn secret_count(&self) -> usize {
        self.secrets.len()
    }
}

/// Applies defaults and resolves every secret reference as seen from `namespace`, refusing a
/// secret defined outside `reach` (see [`super::Credential::secret_reach`]).
pub async fn resolve_inputs(
    secrets: &Secrets<'_>,
    tenant: &TenantId,
    namespace: Option<&NamespaceId>,
    reach: &ReachNow,
    credential_type: &CredentialType,
    inputs: &Map<String, Value>,
) -> Result<ResolvedInputs> {
    let mut values = Map::new();
    let mut resolved = BTreeMap::new();
    let mut sources = Vec::new();
    for field in &credential_type.inputs {
        let given = inputs
            .get(&field.id)
            .filter(|v| !v.is_null() && v.as_str() != Some(""));
        let Some(value) = given.or(field.default.as_ref()) else {
            continue;
        };
        if field.secret {
            let reference = value.as_str().and_then(secret_reference).ok_or_else(|| {
                Error::invalid(format!(
                    "input {} must be a secret reference such as {{{{ secret('KEY') }}}}",
                    field.id
                ))
            })?;
            let Some(namespace) = namespace else {
                return Err(Error::invalid(format!(
                    "input {} references secret {reference}, and a tenant-level credential resolves secrets in \
                     the namespace it is used from: give a namespace (--namespace NS)",
                    field.id
                )));
            };
            let (origin, plain) = secrets
                .resolve(tenant, namespace, &reference, &reach.for_key(&reference))
                .await?;
            resolved.insert(field.id.clone(), SecretString::from(plain.to_string()));
            sources.push(SecretSource {
                input: field.id.clone(),
                key: reference,
                origin,
            });
        } else {
            values.insert(field.id.clone(), value.clone());
        }
    }
    Ok(ResolvedInputs {
        values,
        secrets: resolved,
        sources,
    })
}

/// Builds what to mint. Performs discovery when the token URL is not given but an issuer is.
pub async fn mint_spec(
    http: &HttpClient,
    type_id: &str,
    inputs: &ResolvedInputs,
    settings: &Settings,
) -> std::result::Result<MintSpec, MintFailure> {
    let timeout = settings.timeout.duration();
    let token_url = || async {
        match (inputs.text("token_url"), inputs.text("issuer")) {
            (Some(url), _) => Ok(url),
            (None, Some(issuer)) => discover(http, &issuer, timeout)
                .await
                .map(|d| d.token_endpoint),
            (None, None) => Err(MintFailure::invalid_config(
                "set token_url, or issuer for discovery",
            )),
        }
    };
    let algorithm =
        |inputs: &ResolvedInputs| -> std::result::Result<SigningAlgorithm, MintFailure> {
            inputs
                .text("algorithm")
                .map_or(Ok(SigningAlgorithm::default()), |a| a.parse())
        };
    let grant = match type_id {
        CLIENT_CREDENTIALS => GrantSpec::ClientCredentials {
            token_url: token_url().await?,
            client_id: inputs.required("client_id")?,
            client_secret: inputs.required_secret("client_secret")?,
            auth_method: inputs
                .text("auth_method")
                .map_or(Ok(ClientAuthMethod::default()), |m| m.parse())?,
            scope: inputs.text("scope"),
            audience: inputs.text("audience"),
            resource: inputs.text("resource"),
            extra_params: inputs.string_map("extra_params"),
        },
        PRIVATE_KEY_JWT => GrantSpec::PrivateKeyJwt {
            token_url: token_url().await?,
            issuer: inputs.text("issuer"),
            client_id: inputs.required("client_id")?,
            private_key: inputs.required_secret("private_key")?,
            key_id: inputs.text("key_id"),
            algorithm: algorithm(inputs)?,
            assertion_audience: match inputs.text("assertion_audience").as_deref() {
                None | Some("token_endpoint") => AssertionAudience::TokenEndpoint,
                Some("issuer") => AssertionAudience::Issuer,
                Some(url) => AssertionAudience::Url(url.to_owned()),
            },
            assertion_lifetime: inputs.duration("assertion_lifetime")?,
            scope: inputs.text("scope"),
            audience: inputs.text("audience"),
            resource: inputs.text("resource"),
        },
        JWT_BEARER => GrantSpec::JwtBearer {
            token_url: token_url().await?,
            assertion_issuer: inputs.required("assertion_issuer")?,
            subject: inputs.required("subject")?,
            assertion_audience: inputs.text("assertion_audience"),
            private_key: inputs.required_secret("private_key")?,
            key_id: inputs.text("key_id"),
            algorithm: algorithm(inputs)?,
            assertion_lifetime: inputs.duration("assertion_lifetime")?,
            extra_claims: inputs.object("extra_claims"),
            scope: inputs.text("scope"),
            client_id: inputs.text("client_id"),
            client_secret: inputs.secret("client_secret"),
        },
        GITHUB_APP => GrantSpec::GitHubApp {
            // The type's default (https://api.github.com) is applied by resolve_inputs.
            api_url: inputs.required("api_url")?,
            app_id: inputs.required("app_id")?,
            installation_id: inputs.required("installation_id")?,
            private_key: inputs.required_secret("private_key")?,
            repositories: inputs
                .values
                .get("repositories")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            permissions: inputs.string_map("permissions"),
        },
        other => {
            return Err(MintFailure::invalid_config(format!(
                "credential type {other} does not mint tokens"
            )));
        }
    };
    Ok(MintSpec { grant, timeout })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inputs(values: Value) -> ResolvedInputs {
        ResolvedInputs {
            values: values.as_object().cloned().unwrap_or_default(),
            secrets: BTreeMap::new(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_bad_duration_is_named_by_its_input_without_echoing_it() {
        let bad = inputs(json!({ "assertion_lifetime": "PT5M-CANARY-7f3a" }));
        let failure = bad.duration("assertion_lifetime").unwrap_err();
        let message = failure.to_string();
        assert!(message.contains("assertion_lifetime"), "{message}");
        assert!(!message.contains("CANARY"), "{message}");
        let good = inputs(json!({ "assertion_lifetime": "PT2M" }));
        assert_eq!(
            good.duration("assertion_lifetime").ok(),
            Some(std::time::Duration::from_secs(120))
        );
    }
}
