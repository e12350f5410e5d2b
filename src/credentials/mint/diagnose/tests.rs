use super::published::*;
use super::*;
use crate::credentials::mint::discovery::Discovery;
use secrecy::SecretString;

fn client_credentials(method: ClientAuthMethod, scope: Option<&str>) -> GrantSpec {
    GrantSpec::ClientCredentials {
        token_url: "https://idp.example/realms/acme/protocol/openid-connect/token".into(),
        client_id: "ci".into(),
        client_secret: SecretString::from("s3cret-value"),
        auth_method: method,
        scope: scope.map(str::to_owned),
        audience: None,
        resource: None,
        extra_params: Default::default(),
    }
}

fn metadata(methods: &[&str], scopes: &[&str]) -> Discovery {
    Discovery {
        issuer: "https://idp.example/realms/acme".into(),
        token_endpoint: "https://idp.example/realms/acme/protocol/openid-connect/token".into(),
        token_endpoint_auth_methods_supported: methods.iter().map(|m| m.to_string()).collect(),
        token_endpoint_auth_signing_alg_values_supported: vec![],
        scopes_supported: scopes.iter().map(|m| m.to_string()).collect(),
    }
}

fn plain(text: &str) -> String {
    text.to_owned()
}

#[test]
fn issuer_candidates_walk_up_the_token_path_longest_first() {
    let grant = client_credentials(ClientAuthMethod::Basic, None);
    assert_eq!(
        issuer_candidates(&grant),
        [
            "https://idp.example/realms/acme/protocol/openid-connect",
            "https://idp.example/realms/acme/protocol",
            "https://idp.example/realms/acme",
            "https://idp.example/realms",
            "https://idp.example",
        ]
    );
}

#[test]
fn the_method_the_server_lists_is_offered_and_an_accepted_one_is_not_blamed() {
    let grant = client_credentials(ClientAuthMethod::Basic, None);
    let found = auth_method(&grant, &metadata(&["client_secret_post"], &[]), &plain).unwrap();
    let fix = found.fix.unwrap();
    assert_eq!(
        (fix.input.as_str(), fix.value.as_str()),
        ("auth_method", "client_secret_post")
    );
    let accepted = metadata(&["client_secret_basic", "client_secret_post"], &[]);
    assert!(auth_method(&grant, &accepted, &plain).is_none());
    // Without a list the RFC 8414 default is client_secret_basic.
    let post = client_credentials(ClientAuthMethod::Post, None);
    let fix = auth_method(&post, &metadata(&[], &[]), &plain)
        .unwrap()
        .fix
        .unwrap();
    assert_eq!(fix.value, "client_secret_basic");
}

#[test]
fn unknown_scopes_are_named_and_the_rest_offered() {
    let grant = client_credentials(ClientAuthMethod::Basic, Some("read write admin"));
    let found = scope(&grant, &metadata(&[], &["read", "write"]), &plain).unwrap();
    assert!(
        found.finding.contains("1 of the requested scopes: admin"),
        "{}",
        found.finding
    );
    assert_eq!(found.fix.unwrap().value, "read write");
    let none_known = client_credentials(ClientAuthMethod::Basic, Some("admin"));
    let found = scope(&none_known, &metadata(&[], &["read"]), &plain).unwrap();
    assert!(found.fix.is_none());
}

#[test]
fn clock_skew_is_reported_for_signed_assertions_only_and_past_the_threshold() {
    let failure = MintFailure::from_server("invalid_grant", 400);
    let signed = client_credentials(ClientAuthMethod::Jwt, None);
    let found = clock_skew(&signed, &failure, 312).unwrap();
    assert!(
        found.finding.contains("5 min 12 s behind"),
        "{}",
        found.finding
    );
    let found = clock_skew(&signed, &failure, -7200).unwrap();
    assert!(
        found.finding.contains("2 h 0 min ahead of"),
        "{}",
        found.finding
    );
    assert!(clock_skew(&signed, &failure, 29).is_none());
    let secret = client_credentials(ClientAuthMethod::Basic, None);
    assert!(clock_skew(&secret, &failure, 600).is_none());
    let transport = MintFailure::local(MintErrorCode::Timeout, "slow");
    assert!(clock_skew(&signed, &transport, 600).is_none());
}

#[test]
fn audience_words_are_matched_whole() {
    let with = |text: &str| {
        let mut failure = MintFailure::from_server("invalid_grant", 400);
        failure.error_description = Some(text.into());
        audience_refused(&failure)
    };
    assert!(with("Invalid aud claim"));
    assert!(with("audience mismatch"));
    assert!(!with("audit failed"));
    assert!(!with("laudable"));
}

#[test]
fn a_fragment_or_relative_resource_is_named() {
    assert!(is_resource_indicator("https://api.example/v1"));
    assert!(!is_resource_indicator("https://api.example/v1#x"));
    assert!(!is_resource_indicator("api.example"));
    assert!(is_resource_indicator("urn:example:api"));
}
