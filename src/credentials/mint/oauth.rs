//! The three token-endpoint grants: client_credentials with a secret, client_credentials with
//! private_key_jwt, and the JWT-bearer grant. Each request carries exactly one client
//! authentication method.

use super::assertion::{self, SigningKey};
use super::echo::SentSecrets;
use super::endpoint::endpoint_url;
use super::failure::MintFailure;
use super::http::{self, Body, HttpClient, OutboundRequest};
use super::spec::{AssertionAudience, ClientAuthMethod, GrantSpec};
use super::{Attempt, token_response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

const CLIENT_CREDENTIALS: &str = "client_credentials";
const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const JWT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Form parameters Keystead sets itself; `extra_params` may not override them.
const RESERVED_PARAMS: &[&str] = &[
    "grant_type",
    "client_id",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
    "assertion",
    "scope",
    "audience",
    "resource",
];

pub(crate) async fn mint(
    http: &HttpClient,
    grant: &GrantSpec,
    deadline: Instant,
    sent: &mut SentSecrets,
) -> Attempt {
    let request = match build(grant) {
        Ok(request) => request,
        Err(failure) => return Attempt::refused(failure),
    };
    sent.add_request(&request);
    let summary = Some(request.summary());
    match http::send(http, &request, deadline).await {
        Ok(reply) => Attempt {
            outcome: token_response::read(&reply, grant.scope()),
            request: summary,
            http_status: Some(reply.status),
            server_clock_ahead: http::server_clock_ahead(&reply.headers),
        },
        Err(failure) => {
            let http_status = failure.http_status;
            Attempt {
                outcome: Err(failure),
                request: summary,
                http_status,
                server_clock_ahead: None,
            }
        }
    }
}

/// Builds the token request for an OAuth grant (not GitHub).
pub(crate) fn build(grant: &GrantSpec) -> Result<OutboundRequest, MintFailure> {
    match grant {
        GrantSpec::ClientCredentials {
            token_url,
            client_id,
            client_secret,
            auth_method,
            scope,
            audience,
            resource,
            extra_params,
        } => {
            let url = endpoint_url(token_url, "token_url")?;
            require(client_id, "client_id")?;
            require(client_secret.expose_secret(), "client_secret")?;
            let mut form = base_form(CLIENT_CREDENTIALS, scope, audience, resource);
            for (name, value) in extra_params {
                if RESERVED_PARAMS.contains(&name.as_str()) {
                    return Err(MintFailure::invalid_config(format!(
                        "extra_params may not set {name:?}: Keystead sets it from the credential's own fields"
                    )));
                }
                form.push((name.clone(), value.clone()));
            }
            let client = SecretClient {
                id: client_id,
                secret: client_secret,
                method: *auth_method,
                token_url,
            };
            client.authenticate(token_request(url), form)
        }
        GrantSpec::PrivateKeyJwt {
            token_url,
            issuer,
            client_id,
            private_key,
            key_id,
            algorithm,
            assertion_audience,
            assertion_lifetime,
            scope,
            audience,
            resource,
        } => {
            let url = endpoint_url(token_url, "token_url")?;
            require(client_id, "client_id")?;
            let lifetime = assertion::check_lifetime(*assertion_lifetime)?;
            let aud = client_assertion_audience(token_url, issuer.as_deref(), assertion_audience)?;
            let key = SigningKey::from_pem(private_key, *algorithm)?;
            let jwt =
                assertion::client_assertion(&key, key_id.as_deref(), client_id, &aud, lifetime)?;
            let mut form = base_form(CLIENT_CREDENTIALS, scope, audience, resource);
            push_client_assertion(&mut form, client_id, jwt);
            Ok(with_form(token_request(url), form))
        }
        GrantSpec::JwtBearer {
            token_url,
            assertion_issuer,
            subject,
            assertion_audience,
            private_key,
            key_id,
            algorithm,
            assertion_lifetime,
            extra_claims,
            scope,
            client_id,
            client_secret,
        } => {
            let url = endpoint_url(token_url, "token_url")?;
            require(assertion_issuer, "assertion_issuer")?;
            require(subject, "subject")?;
            let lifetime = assertion::check_lifetime(*assertion_lifetime)?;
            let aud = assertion_audience
                .as_deref()
                .filter(|a| !a.is_empty())
                .map_or_else(|| token_url.trim().to_owned(), str::to_owned);
            let mut claims =
                assertion::registered_claims(assertion_issuer, subject, &aud, lifetime);
            for (name, value) in extra_claims {
                if claims.contains_key(name) {
                    return Err(MintFailure::invalid_config(format!(
                        "extra_claims may not set {name:?}: use assertion_issuer, subject and \
                         assertion_audience; iat, exp and jti are set per request"
                    )));
                }
                claims.insert(name.clone(), value.clone());
            }
            let key = SigningKey::from_pem(private_key, *algorithm)?;
            let jwt = key.sign(key_id.as_deref(), &serde_json::Value::Object(claims))?;
            let mut form = base_form(JWT_BEARER_GRANT, scope, &None, &None);
            form.insert(1, ("assertion".to_owned(), jwt));
            optional_client_authentication(
                token_request(url),
                form,
                client_id.as_deref(),
                client_secret.as_ref(),
            )
        }
        GrantSpec::GitHubApp { .. } => Err(MintFailure::invalid_config(
            "a GitHub App credential has no OAuth token endpoint",
        )),
    }
}

fn token_request(url: Url) -> OutboundRequest {
    OutboundRequest::new(Method::POST, url).header("Accept", "application/json")
}

/// `grant_type` first, then the optional scope, audience and resource.
fn base_form(
    grant_type: &str,
    scope: &Option<String>,
    audience: &Option<String>,
    resource: &Option<String>,
) -> Vec<(String, String)> {
    let mut form = vec![("grant_type".to_owned(), grant_type.to_owned())];
    push_optional(&mut form, "scope", scope);
    push_optional(&mut form, "audience", audience);
    push_optional(&mut form, "resource", resource);
    form
}

/// A client that authenticates with its secret, by exactly one method.
struct SecretClient<'a> {
    id: &'a str,
    secret: &'a SecretString,
    method: ClientAuthMethod,
    token_url: &'a str,
}

impl SecretClient<'_> {
    fn authenticate(
        &self,
        request: OutboundRequest,
        mut form: Vec<(String, String)>,
    ) -> Result<OutboundRequest, MintFailure> {
        match self.method {
            ClientAuthMethod::Basic => Ok(with_basic(request, self.id, self.secret, form)),
            ClientAuthMethod::Post => {
                form.push(("client_id".into(), self.id.to_owned()));
                form.push((
                    "client_secret".into(),
                    self.secret.expose_secret().to_owned(),
                ));
                Ok(with_form(request, form))
            }
            ClientAuthMethod::Jwt => {
                let jwt = assertion::client_secret_assertion(
                    self.secret,
                    self.id,
                    self.token_url.trim(),
                    super::spec::DEFAULT_ASSERTION_LIFETIME,
                )?;
                push_client_assertion(&mut form, self.id, jwt);
                Ok(with_form(request, form))
            }
        }
    }
}

/// The `aud` of a private_key_jwt client assertion.
fn client_assertion_audience(
    token_url: &str,
    issuer: Option<&str>,
    audience: &AssertionAudience,
) -> Result<String, MintFailure> {
    match audience {
        AssertionAudience::TokenEndpoint => Ok(token_url.trim().to_owned()),
        AssertionAudience::Issuer => match issuer.filter(|i| !i.is_empty()) {
            Some(issuer) => Ok(issuer.to_owned()),
            None => Err(MintFailure::invalid_config(
                "assertion_audience is \"issuer\" but no issuer is set",
            )),
        },
        AssertionAudience::Url(aud) => {
            require(aud, "assertion_audience")?;
            Ok(aud.clone())
        }
    }
}

/// The JWT-bearer grant's optional client authentication: Basic with a secret, else the client_id
/// alone in the form, else none.
fn optional_client_authentication(
    request: OutboundRequest,
    mut form: Vec<(String, String)>,
    client_id: Option<&str>,
    client_secret: Option<&SecretString>,
) -> Result<OutboundRequest, MintFailure> {
    let client_id = client_id.filter(|c| !c.is_empty());
    let client_secret = client_secret.filter(|s| !s.expose_secret().is_empty());
    match (client_id, client_secret) {
        (Some(id), Some(secret)) => Ok(with_basic(request, id, secret, form)),
        (Some(id), None) => {
            form.push(("client_id".into(), id.to_owned()));
            Ok(with_form(request, form))
        }
        (None, Some(_)) => Err(MintFailure::invalid_config(
            "client_secret is set without client_id; set both or neither",
        )),
        (None, None) => Ok(with_form(request, form)),
    }
}

/// RFC 6749 §2.3.1: client id and secret are form-urlencoded before base64.
pub(crate) fn basic_authorization(client_id: &str, secret: &SecretString) -> String {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", encode(client_id), encode(secret.expose_secret()));
    format!("Basic {}", STANDARD.encode(pair))
}

fn with_basic(
    request: OutboundRequest,
    client_id: &str,
    secret: &SecretString,
    form: Vec<(String, String)>,
) -> OutboundRequest {
    let request = request.secret_header("Authorization", basic_authorization(client_id, secret));
    with_form(request, form)
}

fn with_form(mut request: OutboundRequest, form: Vec<(String, String)>) -> OutboundRequest {
    request.body = Body::Form(form);
    request
}

fn push_client_assertion(form: &mut Vec<(String, String)>, client_id: &str, jwt: String) {
    // client_id is optional with an assertion (RFC 7521 §4.2) but some servers require it.
    form.push(("client_id".into(), client_id.to_owned()));
    form.push(("client_assertion_type".into(), JWT_ASSERTION_TYPE.into()));
    form.push(("client_assertion".into(), jwt));
}

fn push_optional(form: &mut Vec<(String, String)>, name: &str, value: &Option<String>) {
    if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        form.push((name.to_owned(), value.to_owned()));
    }
}

fn require(value: &str, field: &str) -> Result<(), MintFailure> {
    if value.trim().is_empty() {
        return Err(MintFailure::invalid_config(format!("{field} is empty")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_form_encoded_before_base64() {
        let header = basic_authorization("svc:a b", &SecretString::from("p@ss:w/rd+&"));
        let decoded = STANDARD
            .decode(header.trim_start_matches("Basic "))
            .unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "svc%3Aa+b:p%40ss%3Aw%2Frd%2B%26"
        );
    }
}
