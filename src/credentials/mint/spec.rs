//! What to mint: a resolved credential definition (secret references already replaced by values).

use super::MintFailure;
use secrecy::SecretString;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// Client assertions live this long unless the credential says otherwise.
pub const DEFAULT_ASSERTION_LIFETIME: Duration = Duration::from_secs(60);
/// Assumed token lifetime when the server states none (no `expires_in`, no JWT `exp`).
pub const DEFAULT_EXPIRES_IN: u64 = 3600;

#[derive(Debug, Clone)]
pub struct MintSpec {
    pub grant: GrantSpec,
    /// Total time for one mint, connect included; a hanging server ends with `timeout`.
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub enum GrantSpec {
    /// RFC 6749 §4.4, client authenticated by its secret.
    ClientCredentials {
        token_url: String,
        client_id: String,
        client_secret: SecretString,
        auth_method: ClientAuthMethod,
        scope: Option<String>,
        audience: Option<String>,
        resource: Option<String>,
        extra_params: BTreeMap<String, String>,
    },
    /// RFC 6749 §4.4 with RFC 7523 §2.2 client authentication (`private_key_jwt`).
    PrivateKeyJwt {
        token_url: String,
        /// The authorization server's issuer identifier, for [`AssertionAudience::Issuer`].
        issuer: Option<String>,
        client_id: String,
        /// PEM: PKCS#1 or PKCS#8 for RSA, PKCS#8 for ES256 and EdDSA.
        private_key: SecretString,
        key_id: Option<String>,
        algorithm: SigningAlgorithm,
        assertion_audience: AssertionAudience,
        assertion_lifetime: Duration,
        scope: Option<String>,
        audience: Option<String>,
        resource: Option<String>,
    },
    /// RFC 7523 §2.1: a signed JWT is the grant.
    JwtBearer {
        token_url: String,
        assertion_issuer: String,
        subject: String,
        /// Defaults to `token_url`.
        assertion_audience: Option<String>,
        private_key: SecretString,
        key_id: Option<String>,
        algorithm: SigningAlgorithm,
        assertion_lifetime: Duration,
        /// Added to the assertion; may not override iss, sub, aud, exp, iat, jti.
        extra_claims: serde_json::Map<String, serde_json::Value>,
        scope: Option<String>,
        /// With a secret: client_secret_basic. Alone: sent as a form parameter (public client).
        client_id: Option<String>,
        client_secret: Option<SecretString>,
    },
    /// GitHub App installation access token.
    GitHubApp {
        /// `https://api.github.com` or a GitHub Enterprise Server `https://HOST/api/v3`.
        api_url: String,
        /// App ID or Client ID: the JWT's `iss`.
        app_id: String,
        installation_id: String,
        private_key: SecretString,
        repositories: Vec<String>,
        permissions: BTreeMap<String, String>,
    },
}

impl GrantSpec {
    /// The URL a failure is about, for hints.
    pub(crate) fn endpoint(&self) -> &str {
        match self {
            GrantSpec::ClientCredentials { token_url, .. }
            | GrantSpec::PrivateKeyJwt { token_url, .. }
            | GrantSpec::JwtBearer { token_url, .. } => token_url,
            GrantSpec::GitHubApp { api_url, .. } => api_url,
        }
    }

    /// Where the request goes, as `scheme://host[:port]` (what an audit event may name).
    pub fn destination_origin(&self) -> String {
        match url::Url::parse(self.endpoint().trim()) {
            Ok(url) => url.origin().ascii_serialization(),
            Err(_) => "(an unparsable URL)".to_owned(),
        }
    }

    pub(crate) fn scope(&self) -> Option<&str> {
        match self {
            GrantSpec::ClientCredentials { scope, .. }
            | GrantSpec::PrivateKeyJwt { scope, .. }
            | GrantSpec::JwtBearer { scope, .. } => scope.as_deref().filter(|s| !s.is_empty()),
            GrantSpec::GitHubApp { .. } => None,
        }
    }
}

/// How a client authenticates with its secret (RFC 6749 §2.3.1, OIDC Core §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuthMethod {
    #[default]
    Basic,
    Post,
    /// `client_secret_jwt`: an HS256 assertion keyed with the secret.
    Jwt,
}

impl ClientAuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuthMethod::Basic => "client_secret_basic",
            ClientAuthMethod::Post => "client_secret_post",
            ClientAuthMethod::Jwt => "client_secret_jwt",
        }
    }
}

impl FromStr for ClientAuthMethod {
    type Err = MintFailure;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw {
            "client_secret_basic" => Ok(ClientAuthMethod::Basic),
            "client_secret_post" => Ok(ClientAuthMethod::Post),
            "client_secret_jwt" => Ok(ClientAuthMethod::Jwt),
            _ => Err(MintFailure::invalid_config(
                "auth_method is not supported: use client_secret_basic, client_secret_post or \
                 client_secret_jwt",
            )),
        }
    }
}

/// Asymmetric JWS algorithms for assertions. `none` and HMAC are not representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SigningAlgorithm {
    #[default]
    Rs256,
    Ps256,
    Es256,
    EdDsa,
}

impl SigningAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            SigningAlgorithm::Rs256 => "RS256",
            SigningAlgorithm::Ps256 => "PS256",
            SigningAlgorithm::Es256 => "ES256",
            SigningAlgorithm::EdDsa => "EdDSA",
        }
    }
}

impl FromStr for SigningAlgorithm {
    type Err = MintFailure;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw {
            "RS256" => Ok(SigningAlgorithm::Rs256),
            "PS256" => Ok(SigningAlgorithm::Ps256),
            "ES256" => Ok(SigningAlgorithm::Es256),
            "EdDSA" => Ok(SigningAlgorithm::EdDsa),
            none if none.eq_ignore_ascii_case("none") => Err(MintFailure::invalid_config(
                "algorithm \"none\" is refused: an unsigned assertion proves nothing; use RS256, \
                 PS256, ES256 or EdDSA",
            )),
            hmac if hmac.to_ascii_uppercase().starts_with("HS") => {
                Err(MintFailure::invalid_config(
                    "algorithm is a shared-secret (HS*) algorithm: a private key assertion needs \
                     RS256, PS256, ES256 or EdDSA (for an HS256 assertion keyed with the client \
                     secret use oauth2_client_credentials with client_secret_jwt)",
                ))
            }
            _ => Err(MintFailure::invalid_config(
                "algorithm is not supported: use RS256, PS256, ES256 or EdDSA",
            )),
        }
    }
}

/// The `aud` of a `private_key_jwt` client assertion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssertionAudience {
    #[default]
    TokenEndpoint,
    Issuer,
    Url(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_and_hmac_algorithms_are_refused_as_invalid_config() {
        for raw in ["none", "None", "HS256", "hs512"] {
            let failure = raw.parse::<SigningAlgorithm>().unwrap_err();
            assert_eq!(failure.code, "invalid_config", "{raw}");
        }
        assert_eq!(
            "ES256".parse::<SigningAlgorithm>().ok(),
            Some(SigningAlgorithm::Es256)
        );
    }

    #[test]
    fn unknown_choices_are_refused_without_echoing_the_value() {
        let auth = "CANARY-7f3a".parse::<ClientAuthMethod>().unwrap_err();
        let algorithm = "CANARY-7f3a".parse::<SigningAlgorithm>().unwrap_err();
        let hmac = "HS256-CANARY-7f3a".parse::<SigningAlgorithm>().unwrap_err();
        for failure in [auth, algorithm, hmac] {
            assert_eq!(failure.code, "invalid_config");
            assert!(!failure.to_string().contains("CANARY"), "{failure}");
        }
    }

    #[test]
    fn auth_methods_round_trip() {
        for method in [
            ClientAuthMethod::Basic,
            ClientAuthMethod::Post,
            ClientAuthMethod::Jwt,
        ] {
            assert_eq!(
                method.as_str().parse::<ClientAuthMethod>().ok(),
                Some(method)
            );
        }
        assert!("private_key_jwt".parse::<ClientAuthMethod>().is_err());
    }
}
