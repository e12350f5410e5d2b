//! Test of static credentials: every key-shaped secret input must parse. OpenSSH keys report their
//! SHA-256 fingerprint (from the public half, so an encrypted key needs no passphrase).

use super::mint::key_problem;
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
            .map_err(|e| format!("not a valid OpenSSH private key ({})", openssh_problem(&e)))?;
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
        .map_err(|e| format!("the PEM key does not parse ({})", key_problem(&e)))
}

/// An OpenSSH key error by kind: the errors' own texts can quote a label or algorithm name read
/// from the key.
fn openssh_problem(error: &ssh_key::Error) -> &'static str {
    match error {
        ssh_key::Error::Encoding(_) => "its PEM framing or base64 is broken",
        ssh_key::Error::AlgorithmUnknown | ssh_key::Error::AlgorithmUnsupported { .. } => {
            "its algorithm is not supported"
        }
        ssh_key::Error::Crypto | ssh_key::Error::PublicKey => "its key material is not valid",
        ssh_key::Error::FormatEncoding | ssh_key::Error::TrailingData { .. } => {
            "its structure is not valid"
        }
        _ => "it does not parse",
    }
}

#[cfg(test)]
mod tests {
    use super::describe_key;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/keys/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    /// An OpenSSH key whose algorithm name is replaced by `name` (same length), re-wrapped.
    fn openssh_with_algorithm(name: &[u8; 11]) -> String {
        let pem = fixture("openssh_ed25519");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let mut raw = STANDARD.decode(body).unwrap();
        while let Some(at) = raw.windows(11).position(|w| w == b"ssh-ed25519") {
            raw[at..at + 11].copy_from_slice(name);
        }
        let encoded = STANDARD.encode(raw);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(70)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----",
            lines.join("\n")
        )
    }

    #[test]
    fn key_errors_never_echo_the_key_bytes() {
        let rsa = fixture("rsa_pkcs8.pem");
        let bad_byte = rsa.replacen("MII", "MI!", 1);
        let bad_tag = rsa.replace("END PRIVATE KEY", "END CANARYKEY");
        for key in [openssh_with_algorithm(b"ssh-CANARYX"), bad_byte, bad_tag] {
            let problem = describe_key(&key).unwrap_err();
            assert!(!problem.contains("CANARY"), "{problem}");
            assert!(
                !problem.contains('!') && !problem.contains("33"),
                "{problem}"
            );
        }
    }

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
