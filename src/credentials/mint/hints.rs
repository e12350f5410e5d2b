//! What the admin can do about a failure, per code and per grant.

use super::failure::{MintErrorCode, MintFailure};
use super::http::MAX_BODY_BYTES;
use super::spec::{ClientAuthMethod, GrantSpec};
use std::time::Duration;

pub(crate) fn for_failure(
    failure: &MintFailure,
    grant: &GrantSpec,
    timeout: Duration,
) -> Option<String> {
    let endpoint = grant.endpoint();
    let hint = match failure.code {
        MintErrorCode::InvalidClient => invalid_client(grant),
        MintErrorCode::InvalidScope => match grant.scope() {
            Some(scope) => format!(
                "the server rejected scope \"{scope}\"; request only scopes granted to this client \
                 (some servers want an audience or resource instead of a scope)"
            ),
            None => "the server wants a scope: set scope to one granted to this client".into(),
        },
        MintErrorCode::UnauthorizedClient => format!(
            "the client is not allowed to use this grant ({}); enable it for the client on the \
             authorization server",
            grant_name(grant)
        ),
        MintErrorCode::InvalidGrant => match grant {
            GrantSpec::JwtBearer { .. } | GrantSpec::PrivateKeyJwt { .. } => {
                "the assertion was refused: check this machine's clock (iat/exp), the assertion \
                 audience, and that the issuer/subject are registered with the server"
                    .into()
            }
            _ => "the server refused the grant: check the client's configuration and this \
                  machine's clock"
                .into(),
        },
        MintErrorCode::UnsupportedGrantType => format!(
            "the server does not support {} at this URL: check the token_url and that the grant is \
             enabled",
            grant_name(grant)
        ),
        MintErrorCode::InvalidRequest => {
            "the server found the request malformed: check audience, resource \
                              and extra_params, and the server's documentation"
                .into()
        }
        MintErrorCode::AccessDenied => "the server denied access to this client".into(),
        MintErrorCode::ConnectFailed => format!(
            "check the URL and port ({endpoint}): is the server running and reachable from this \
             machine (proxy, VPN, firewall)?"
        ),
        MintErrorCode::TlsError => format!(
            "the TLS handshake with {endpoint} failed: check https vs http, and that the \
             server's certificate is valid for its host name and trusted by this system"
        ),
        MintErrorCode::Timeout => format!(
            "no complete answer within {} ms: check the URL and network, or raise the \
             credential's timeout",
            timeout.as_millis()
        ),
        MintErrorCode::RedirectRefused => {
            "Keystead never follows redirects from a token endpoint (it would \
                               resend credentials); if the target is the right endpoint, set it \
                               as the URL"
                .into()
        }
        MintErrorCode::BodyTooLarge => format!(
            "the answer exceeded {} KiB; a token endpoint answers with a small JSON document: \
             check that the URL is the token endpoint",
            MAX_BODY_BYTES / 1024
        ),
        MintErrorCode::BadResponse => format!(
            "{endpoint} did not answer like a token endpoint: check that the URL is the token \
             endpoint (not the authorize, discovery or login page)"
        ),
        MintErrorCode::InvalidConfig => "fix the credential's inputs; nothing was sent".into(),
        _ => return None,
    };
    Some(hint)
}

fn invalid_client(grant: &GrantSpec) -> String {
    match grant {
        GrantSpec::ClientCredentials {
            auth_method: ClientAuthMethod::Basic,
            ..
        } => "the server did not accept the client: check the client ID and the client secret, or \
             try client_secret_post"
            .into(),
        GrantSpec::ClientCredentials {
            auth_method: ClientAuthMethod::Post,
            ..
        } => "the server did not accept the client: check the client ID and the client secret, or \
             try client_secret_basic"
            .into(),
        GrantSpec::ClientCredentials {
            auth_method: ClientAuthMethod::Jwt,
            ..
        } => "the server did not accept the client_secret_jwt assertion: check the client secret, \
             or try client_secret_basic"
            .into(),
        GrantSpec::PrivateKeyJwt { .. } => {
            "the server did not accept the client assertion: check that the server holds the \
             public key of private_key (and key_id), the algorithm, the assertion audience, and \
             this machine's clock"
                .into()
        }
        GrantSpec::JwtBearer { .. } => {
            "the server did not accept the client: check client_id and client_secret".into()
        }
        GrantSpec::GitHubApp { .. } => {
            "GitHub did not accept the app JWT: check app_id and private_key".into()
        }
    }
}

fn grant_name(grant: &GrantSpec) -> &'static str {
    match grant {
        GrantSpec::ClientCredentials { .. } | GrantSpec::PrivateKeyJwt { .. } => {
            "client_credentials"
        }
        GrantSpec::JwtBearer { .. } => "the JWT-bearer grant",
        GrantSpec::GitHubApp { .. } => "GitHub App installation tokens",
    }
}
