//! Credential types as data: an input schema per type. Built-in types are managed (not editable or
//! deletable); admins add custom static types.

use crate::model::CredentialName;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldKind {
    String,
    Boolean,
    Integer,
    /// A JSON object (for example `extra_params`, `permissions`, `extra_claims`).
    Object,
    /// A JSON array of strings.
    List,
}

/// One input of a credential type.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct InputField {
    pub id: String,
    pub label: String,
    #[serde(rename = "type", default = "default_kind")]
    pub kind: FieldKind,
    /// A sensitive input: holds a `{{ secret('KEY') }}` reference, never a literal value.
    #[serde(default)]
    pub secret: bool,
    #[serde(default)]
    pub multiline: bool,
    /// `url`, `pem`, `duration` (ISO-8601) or none.
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub default: Option<Value>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: String,
}

fn default_kind() -> FieldKind {
    FieldKind::String
}

/// How a credential of this type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeKind {
    /// Mints short-lived access tokens.
    Minting,
    /// Holds static values (SSH keys, passwords, cloud keys).
    Static,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CredentialType {
    pub id: String,
    pub label: String,
    pub description: String,
    pub kind: TypeKind,
    /// Built-in types are managed: they cannot be edited or deleted.
    pub managed: bool,
    pub inputs: Vec<InputField>,
}

/// A custom type as an admin writes it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CustomTypeDefinition {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub inputs: Vec<InputField>,
}

pub const CLIENT_CREDENTIALS: &str = "oauth2_client_credentials";
pub const PRIVATE_KEY_JWT: &str = "oauth2_private_key_jwt";
pub const JWT_BEARER: &str = "oauth2_jwt_bearer";
pub const GITHUB_APP: &str = "github_app";

struct F(InputField);

fn field(id: &str, label: &str) -> F {
    F(InputField {
        id: id.into(),
        label: label.into(),
        kind: FieldKind::String,
        secret: false,
        multiline: false,
        format: None,
        choices: Vec::new(),
        default: None,
        required: false,
        help: String::new(),
    })
}

impl F {
    fn required(mut self) -> Self {
        self.0.required = true;
        self
    }
    fn secret(mut self) -> Self {
        self.0.secret = true;
        self
    }
    fn multiline(mut self) -> Self {
        self.0.multiline = true;
        self
    }
    fn format(mut self, format: &str) -> Self {
        self.0.format = Some(format.into());
        self
    }
    fn kind(mut self, kind: FieldKind) -> Self {
        self.0.kind = kind;
        self
    }
    fn choices(mut self, choices: &[&str]) -> Self {
        self.0.choices = choices.iter().map(|c| (*c).to_owned()).collect();
        self
    }
    fn default(mut self, value: Value) -> Self {
        self.0.default = Some(value);
        self
    }
    fn help(mut self, help: &str) -> Self {
        self.0.help = help.into();
        self
    }
}

fn token_endpoint_fields() -> Vec<F> {
    vec![
        field("token_url", "Token URL").format("url").help(
            "The token endpoint. Leave empty and set Issuer to discover it (RFC 8414 / OIDC).",
        ),
        field("issuer", "Issuer")
            .format("url")
            .help("Authorization server issuer URL, used for discovery when Token URL is empty."),
    ]
}

fn scope_fields() -> Vec<F> {
    vec![
        field("scope", "Scope").help("Space-separated scopes to request."),
        field("audience", "Audience").help("`audience` parameter (Auth0, Okta and others)."),
        field("resource", "Resource")
            .format("url")
            .help("RFC 8707 resource indicator."),
    ]
}

const ALGORITHMS: &[&str] = &["RS256", "PS256", "ES256", "EdDSA"];

fn signing_fields() -> Vec<F> {
    vec![
        field("private_key", "Private key")
            .required()
            .secret()
            .multiline()
            .format("pem")
            .help("PEM private key (PKCS#1 or PKCS#8), as a secret reference."),
        field("key_id", "Key ID").help("`kid` header of the assertion, if the server needs it."),
        field("algorithm", "Algorithm")
            .choices(ALGORITHMS)
            .default(Value::from("RS256")),
        field("assertion_lifetime", "Assertion lifetime")
            .format("duration")
            .default(Value::from("PT1M"))
            .help("How long the signed assertion is valid (keep it short)."),
    ]
}

fn finish(
    id: &str,
    label: &str,
    description: &str,
    kind: TypeKind,
    fields: Vec<F>,
) -> CredentialType {
    CredentialType {
        id: id.into(),
        label: label.into(),
        description: description.into(),
        kind,
        managed: true,
        inputs: fields.into_iter().map(|f| f.0).collect(),
    }
}

/// The built-in, managed credential types.
pub fn builtin() -> Vec<CredentialType> {
    BUILTIN.clone()
}

/// Built once: a token request looks its credential's type up on every call.
static BUILTIN: std::sync::LazyLock<Vec<CredentialType>> = std::sync::LazyLock::new(build_builtin);

fn build_builtin() -> Vec<CredentialType> {
    let mut client_credentials = token_endpoint_fields();
    client_credentials.extend([
        field("client_id", "Client ID").required(),
        field("client_secret", "Client secret").required().secret(),
        field("auth_method", "Client authentication")
            .choices(&["client_secret_basic", "client_secret_post", "client_secret_jwt"])
            .default(Value::from("client_secret_basic"))
            .help("How the client authenticates: HTTP Basic, form fields, or an HS256-signed assertion."),
    ]);
    client_credentials.extend(scope_fields());
    client_credentials.push(
        field("extra_params", "Extra parameters")
            .kind(FieldKind::Object)
            .help("Additional form parameters, as a JSON object of strings."),
    );

    let mut private_key_jwt = token_endpoint_fields();
    private_key_jwt.push(field("client_id", "Client ID").required());
    private_key_jwt.extend(signing_fields());
    private_key_jwt.push(
        field("assertion_audience", "Assertion audience")
            .default(Value::from("token_endpoint"))
            .help("`token_endpoint`, `issuer`, or a URL."),
    );
    private_key_jwt.extend(scope_fields());

    let mut jwt_bearer = token_endpoint_fields();
    jwt_bearer.extend([
        field("assertion_issuer", "Assertion issuer (iss)").required(),
        field("subject", "Subject (sub)").required(),
        field("assertion_audience", "Assertion audience (aud)").help("Defaults to the token URL."),
    ]);
    jwt_bearer.extend(signing_fields());
    jwt_bearer.extend([
        field("extra_claims", "Extra claims")
            .kind(FieldKind::Object)
            .help("Additional JWT claims, as JSON."),
        field("scope", "Scope").help("Space-separated scopes to request."),
        field("client_id", "Client ID").help("Optional client authentication."),
        field("client_secret", "Client secret").secret(),
    ]);

    let github_app = vec![
        field("api_url", "API URL")
            .format("url")
            .default(Value::from("https://api.github.com"))
            .help("GitHub's REST API, or your GitHub Enterprise Server's /api/v3."),
        field("app_id", "App ID or Client ID").required(),
        field("installation_id", "Installation ID").required(),
        field("private_key", "Private key")
            .required()
            .secret()
            .multiline()
            .format("pem")
            .help("The App's PEM private key, as a secret reference."),
        field("repositories", "Repositories")
            .kind(FieldKind::List)
            .help("Narrow the token to these repository names."),
        field("permissions", "Permissions")
            .kind(FieldKind::Object)
            .help("Narrow the token's permissions, e.g. {\"contents\": \"read\"}."),
    ];

    let ssh_machine = vec![
        field("host", "Host"),
        field("username", "Username").required(),
        field("ssh_key_data", "SSH private key")
            .secret()
            .multiline()
            .format("pem"),
        field("ssh_key_unlock", "Key passphrase").secret(),
        field("password", "Password").secret(),
        field("become_method", "Privilege escalation").choices(&["", "sudo", "su", "doas"]),
        field("become_username", "Privilege escalation user"),
        field("become_password", "Privilege escalation password").secret(),
    ];
    let source_control = vec![
        field("username", "Username"),
        field("password", "Password or token").secret(),
        field("ssh_key_data", "SSH private key")
            .secret()
            .multiline()
            .format("pem"),
        field("ssh_key_unlock", "Key passphrase").secret(),
    ];
    let aws = vec![
        field("access_key", "Access key ID").required(),
        field("secret_key", "Secret access key").required().secret(),
        field("security_token", "Session token").secret(),
    ];

    vec![
        finish(
            CLIENT_CREDENTIALS,
            "OAuth2 client credentials",
            "Mints tokens with the client_credentials grant (RFC 6749 §4.4).",
            TypeKind::Minting,
            client_credentials,
        ),
        finish(
            PRIVATE_KEY_JWT,
            "OAuth2 private_key_jwt",
            "client_credentials, authenticating with a JWT signed by the client's private key (RFC 7523).",
            TypeKind::Minting,
            private_key_jwt,
        ),
        finish(
            JWT_BEARER,
            "OAuth2 JWT bearer grant",
            "Exchanges a signed JWT assertion for a token (RFC 7523 §2.1), e.g. service accounts.",
            TypeKind::Minting,
            jwt_bearer,
        ),
        finish(
            GITHUB_APP,
            "GitHub App",
            "Mints installation access tokens for a GitHub App.",
            TypeKind::Minting,
            github_app,
        ),
        finish(
            "ssh_machine",
            "SSH machine",
            "Static SSH login material.",
            TypeKind::Static,
            ssh_machine,
        ),
        finish(
            "source_control",
            "Source control",
            "Static credentials for Git servers.",
            TypeKind::Static,
            source_control,
        ),
        finish(
            "aws",
            "AWS",
            "Static AWS access keys.",
            TypeKind::Static,
            aws,
        ),
    ]
}

pub fn builtin_type(id: &str) -> Option<CredentialType> {
    builtin_ref(id).cloned()
}

/// The built-in type `id`, without a copy.
pub fn builtin_ref(id: &str) -> Option<&'static CredentialType> {
    BUILTIN.iter().find(|t| t.id == id)
}

/// Validates a custom type: its id must not clash with a built-in and its schema must be coherent.
pub fn validate_custom(def: &CustomTypeDefinition) -> Result<CredentialType> {
    CredentialName::parse(&def.id)
        .map_err(|e| Error::invalid(format!("credential type id: {e}")))?;
    if builtin_type(&def.id).is_some() {
        return Err(Error::Conflict(format!(
            "{} is a built-in (managed) type: choose another id",
            def.id
        )));
    }
    if def.label.trim().is_empty() {
        return Err(Error::invalid("the type needs a label"));
    }
    if def.inputs.is_empty() {
        return Err(Error::invalid("the type needs at least one input"));
    }
    let mut seen = std::collections::HashSet::new();
    for input in &def.inputs {
        let id_ok = input
            .id
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase())
            && input
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !id_ok {
            return Err(Error::invalid(format!(
                "input id {:?}: use a-z, 0-9 and '_', starting with a letter",
                input.id
            )));
        }
        if !seen.insert(input.id.as_str()) {
            return Err(Error::invalid(format!(
                "input {} is defined twice",
                input.id
            )));
        }
        if let Some(format) = &input.format
            && !matches!(format.as_str(), "url" | "pem" | "duration")
        {
            return Err(Error::invalid(format!(
                "input {}: unknown format {format:?} (use url, pem or duration)",
                input.id
            )));
        }
        if input.secret && input.kind != FieldKind::String {
            return Err(Error::invalid(format!(
                "input {}: secret inputs must be of type string",
                input.id
            )));
        }
        // A default is what a credential gets when it leaves the input out: it must be a value the
        // input takes (for a secret input, a reference: a literal would be readable by anyone
        // who may read the type).
        if let Some(default) = input.default.as_ref().filter(|d| !d.is_null()) {
            let mut problems = Vec::new();
            let at = format!("input {}: the default", input.id);
            super::definition::value_problems(input, default, &at, &mut problems);
            if !problems.is_empty() {
                return Err(Error::invalid(problems.join("; ")));
            }
        }
    }
    Ok(CredentialType {
        id: def.id.clone(),
        label: def.label.clone(),
        description: def.description.clone(),
        kind: TypeKind::Static,
        managed: false,
        inputs: def.inputs.clone(),
    })
}
