//! Test of static credentials: every key-shaped secret input must parse. OpenSSH keys report their
//! SHA-256 fingerprint (from the public half, so an encrypted key needs no passphrase).

use super::resolve::ResolvedInputs;
use super::types::CredentialType;
use secrecy::ExposeSecret;

/// Findings (one line per checked key), or the first problem found.
pub fn check_keys(
    credential_type: &CredentialType,
    inputs: &ResolvedInputs,
) -> Result<Vec<String>, String> {
    let mut findings = Vec::new();
    for field in credential_type
        .inputs
        .iter()
        .filter(|f| f.format.as_deref() == Some("pem"))
    {
        let Some(value) = inputs.secret(&field.id) else {
            continue;
        };
        findings.push(format!(
            "{}: {}",
            field.id,
            describe_key(value.expose_secret()).map_err(|why| format!("{}: {why}", field.id))?
        ));
    }
    Ok(findings)
}

fn describe_key(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
        let key = ssh_key::PrivateKey::from_openssh(text)
            .map_err(|e| format!("not a valid OpenSSH private key ({e})"))?;
        let fingerprint = key.public_key().fingerprint(ssh_key::HashAlg::Sha256);
        let encrypted = if key.is_encrypted() {
            ", encrypted"
        } else {
            ""
        };
        return Ok(format!("{} key {fingerprint}{encrypted}", key.algorithm()));
    }
    let parsed = if text.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        jsonwebtoken::EncodingKey::from_rsa_pem(text.as_bytes()).map(|_| "RSA (PKCS#1)")
    } else if text.starts_with("-----BEGIN PRIVATE KEY-----") {
        jsonwebtoken::EncodingKey::from_rsa_pem(text.as_bytes())
            .map(|_| "RSA (PKCS#8)")
            .or_else(|_| {
                jsonwebtoken::EncodingKey::from_ec_pem(text.as_bytes()).map(|_| "EC (PKCS#8)")
            })
            .or_else(|_| {
                jsonwebtoken::EncodingKey::from_ed_pem(text.as_bytes()).map(|_| "Ed25519 (PKCS#8)")
            })
    } else if text.starts_with("-----BEGIN EC PRIVATE KEY-----") {
        return Ok("EC private key (SEC1 PEM): convert it to PKCS#8 for signing (openssl pkcs8 -topk8 -nocrypt)".into());
    } else {
        return Err(
            "not a PEM or OpenSSH private key (expected a -----BEGIN ... PRIVATE KEY----- block)"
                .into(),
        );
    };
    parsed
        .map(|kind| format!("{kind} private key parses"))
        .map_err(|e| format!("the PEM key does not parse ({e})"))
}

#[cfg(test)]
mod tests {
    use super::describe_key;

    #[test]
    fn rejects_non_keys_and_reports_pem_kinds() {
        assert!(
            describe_key("hunter2")
                .unwrap_err()
                .contains("not a PEM or OpenSSH")
        );
        let bad = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----";
        assert!(
            describe_key(bad)
                .unwrap_err()
                .contains("not a valid OpenSSH")
        );
        let rsa = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/keys/rsa2_pkcs1.pem"
        ))
        .unwrap();
        assert_eq!(
            describe_key(&rsa).unwrap(),
            "RSA (PKCS#1) private key parses"
        );
        let ec = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/keys/ec_p256_pkcs8.pem"
        ))
        .unwrap();
        assert_eq!(describe_key(&ec).unwrap(), "EC (PKCS#8) private key parses");
    }
}
