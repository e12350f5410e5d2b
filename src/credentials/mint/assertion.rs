//! Signed JWTs Keystead sends: client assertions (RFC 7523 §2.2), JWT-bearer grants (§2.1) and
//! GitHub App JWTs. Every assertion gets a fresh `jti` and a short `exp`.

use super::failure::MintFailure;
use super::spec::SigningAlgorithm;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};
use std::time::Duration;
use time::OffsetDateTime;

/// A private key parsed for one algorithm.
pub(crate) struct SigningKey {
    key: EncodingKey,
    algorithm: Algorithm,
}

impl SigningKey {
    pub fn from_pem(pem: &SecretString, algorithm: SigningAlgorithm) -> Result<Self, MintFailure> {
        let pem = pem.expose_secret().trim();
        if !pem.starts_with("-----BEGIN") {
            return Err(MintFailure::invalid_config(
                "private_key is not a PEM document (expected -----BEGIN ... PRIVATE KEY-----)",
            ));
        }
        if pem.contains("ENCRYPTED PRIVATE KEY") {
            return Err(MintFailure::invalid_config(
                "private_key is encrypted; store it decrypted (as a secret): \
                 openssl pkey -in key.pem -out plain.pem",
            ));
        }
        let bytes = pem.as_bytes();
        let (parsed, family) = match algorithm {
            SigningAlgorithm::Rs256 | SigningAlgorithm::Ps256 => (
                EncodingKey::from_rsa_pem(bytes),
                "an RSA key (PKCS#1 or PKCS#8 PEM)",
            ),
            SigningAlgorithm::Es256 => {
                if pem.contains("BEGIN EC PRIVATE KEY") {
                    return Err(MintFailure::invalid_config(
                        "ES256 needs the P-256 key as PKCS#8 (BEGIN PRIVATE KEY), not SEC1 \
                         (BEGIN EC PRIVATE KEY); convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem",
                    ));
                }
                (EncodingKey::from_ec_pem(bytes), "a P-256 key in PKCS#8 PEM")
            }
            SigningAlgorithm::EdDsa => (
                EncodingKey::from_ed_pem(bytes),
                "an Ed25519 key in PKCS#8 PEM",
            ),
        };
        let key = parsed.map_err(|e| {
            MintFailure::invalid_config(format!(
                "private_key is not usable for {}: expected {family} ({})",
                algorithm.as_str(),
                e.kind_name()
            ))
        })?;
        // A key that parses but does not fit the algorithm fails at sign(), still before sending.
        Ok(SigningKey {
            key,
            algorithm: jwt_algorithm(algorithm),
        })
    }

    pub fn sign(&self, key_id: Option<&str>, claims: &Value) -> Result<String, MintFailure> {
        let mut header = Header::new(self.algorithm);
        header.kid = key_id.filter(|k| !k.is_empty()).map(str::to_owned);
        jsonwebtoken::encode(&header, claims, &self.key).map_err(|e| {
            MintFailure::invalid_config(format!(
                "could not sign with the private key as {:?}: {}",
                self.algorithm,
                e.kind_name()
            ))
        })
    }
}

fn jwt_algorithm(algorithm: SigningAlgorithm) -> Algorithm {
    match algorithm {
        SigningAlgorithm::Rs256 => Algorithm::RS256,
        SigningAlgorithm::Ps256 => Algorithm::PS256,
        SigningAlgorithm::Es256 => Algorithm::ES256,
        SigningAlgorithm::EdDsa => Algorithm::EdDSA,
    }
}

/// Error kinds are named without their payload: jsonwebtoken messages never hold key bytes, but
/// keeping to the kind makes that a property of this code.
trait KindName {
    fn kind_name(&self) -> String;
}

impl KindName for jsonwebtoken::errors::Error {
    fn kind_name(&self) -> String {
        key_problem(self).to_owned()
    }
}

/// What is wrong with a key, by kind only: never the key's bytes, a base64 byte or a PEM label.
pub(crate) fn key_problem(error: &jsonwebtoken::errors::Error) -> &'static str {
    use jsonwebtoken::errors::ErrorKind;
    match error.kind() {
        ErrorKind::InvalidKeyFormat => "the key format is not valid for this algorithm",
        ErrorKind::InvalidRsaKey(_) => "the RSA key is not valid",
        ErrorKind::InvalidEcdsaKey => "the EC key is not valid",
        ErrorKind::InvalidEddsaKey => "the Ed25519 key is not valid",
        ErrorKind::InvalidAlgorithm => "the key does not match the algorithm",
        ErrorKind::InvalidAlgorithmName => "unknown algorithm",
        ErrorKind::Base64(_) => "the PEM body is not valid base64",
        ErrorKind::Signing(_) => "signing failed",
        _ => "the key was refused",
    }
}

/// Registered claims of an assertion valid for `lifetime` from now.
pub(crate) fn registered_claims(
    issuer: &str,
    subject: &str,
    audience: &str,
    lifetime: Duration,
) -> Map<String, Value> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let lifetime = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX).max(1);
    let mut claims = Map::new();
    claims.insert("iss".into(), issuer.into());
    claims.insert("sub".into(), subject.into());
    claims.insert("aud".into(), audience.into());
    claims.insert("iat".into(), now.into());
    claims.insert("exp".into(), now.saturating_add(lifetime).into());
    claims.insert("jti".into(), uuid::Uuid::new_v4().to_string().into());
    claims
}

/// RFC 7523 §3 client assertion for `private_key_jwt` (iss = sub = client_id).
pub(crate) fn client_assertion(
    key: &SigningKey,
    key_id: Option<&str>,
    client_id: &str,
    audience: &str,
    lifetime: Duration,
) -> Result<String, MintFailure> {
    key.sign(
        key_id,
        &Value::Object(registered_claims(client_id, client_id, audience, lifetime)),
    )
}

/// Signs a `private_key_jwt` client assertion from a PEM key: what a mint sends, for callers that
/// check a key (and for the benchmarks).
pub fn sign_client_assertion(
    private_key: &SecretString,
    algorithm: SigningAlgorithm,
    key_id: Option<&str>,
    client_id: &str,
    audience: &str,
    lifetime: Duration,
) -> Result<String, MintFailure> {
    let key = SigningKey::from_pem(private_key, algorithm)?;
    client_assertion(&key, key_id, client_id, audience, check_lifetime(lifetime)?)
}

/// `client_secret_jwt`: the same claims, HS256 keyed with the client secret.
pub(crate) fn client_secret_assertion(
    secret: &SecretString,
    client_id: &str,
    audience: &str,
    lifetime: Duration,
) -> Result<String, MintFailure> {
    let claims = Value::Object(registered_claims(client_id, client_id, audience, lifetime));
    let key = EncodingKey::from_secret(secret.expose_secret().as_bytes());
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).map_err(|e| {
        MintFailure::invalid_config(format!(
            "could not sign the HS256 assertion: {}",
            e.kind_name()
        ))
    })
}

/// Rejects an assertion lifetime no server would accept (or that outlives its purpose).
pub(crate) fn check_lifetime(lifetime: Duration) -> Result<Duration, MintFailure> {
    if lifetime.is_zero() {
        return Ok(super::spec::DEFAULT_ASSERTION_LIFETIME);
    }
    if lifetime > Duration::from_secs(3600) {
        return Err(MintFailure::invalid_config(
            "assertion_lifetime must be at most one hour (PT1H); a few minutes is usual",
        ));
    }
    Ok(lifetime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_claims_have_fresh_jti_and_short_exp() {
        let first = registered_claims("c", "c", "https://idp/token", Duration::from_secs(60));
        let second = registered_claims("c", "c", "https://idp/token", Duration::from_secs(60));
        assert_ne!(first["jti"], second["jti"]);
        let lifetime = first["exp"].as_i64().unwrap() - first["iat"].as_i64().unwrap();
        assert_eq!(lifetime, 60);
    }

    #[test]
    fn garbage_key_is_invalid_config_without_echoing_it() {
        let key =
            SecretString::from("-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----");
        let failure = SigningKey::from_pem(&key, SigningAlgorithm::Rs256)
            .err()
            .unwrap();
        assert_eq!(failure.code, "invalid_config");
        assert!(!failure.to_string().contains("QUJD"));
    }
}
