use super::Keystead;
use super::credentials::{parse_namespace, scope_of, to_dto};
use super::dto::TokenDto;
use crate::credentials::cache::{CacheKey, CachedToken};
use crate::credentials::definition::{CredentialDefinition, CredentialSettings, validate_inputs};
use crate::credentials::mint::{self, MintFailure, TestResult};
use crate::credentials::resolve::{mint_spec, resolve_inputs};
use crate::credentials::types::TypeKind;
use crate::model::{CredentialName, NamespaceId, TenantId};
use crate::{Error, ErrorCode, Result};
use secrecy::ExposeSecret;
use serde_json::Map;

/// A Test that ended before any request was sent (unresolved secret, bad configuration, bad key).
fn failed_test(
    credential: &str,
    type_id: &str,
    code: &str,
    description: String,
    hint: Option<String>,
) -> TestResult {
    let mut result = TestResult::empty(credential, type_id);
    result.error = Some(code.to_owned());
    result.error_description = Some(description);
    result.hint = hint;
    result
}

/// A saved credential looked up for use from a namespace.
struct InUse {
    tenant_id: TenantId,
    /// Where the credential is defined (`None`: tenant level).
    defined_in: Option<NamespaceId>,
    /// Where its secret references resolve: the namespace it is used from, else where it is defined.
    context: Option<NamespaceId>,
    dto: super::dto::CredentialDto,
}

impl Keystead {
    /// Finds `name` as seen from `namespace` (nearest wins, tenant level last).
    async fn in_use(&self, tenant: &str, namespace: Option<&str>, name: &str) -> Result<InUse> {
        let tenant_id = self.tenant(tenant).await?;
        let from = parse_namespace(namespace)?;
        let row = self
            .locate(&tenant_id, from.as_ref(), &CredentialName::parse(name)?)
            .await?;
        let dto = to_dto(row, false, Vec::new())?;
        let defined_in = parse_namespace(dto.namespace.as_deref())?;
        Ok(InUse {
            context: from.or_else(|| defined_in.clone()),
            tenant_id,
            defined_in,
            dto,
        })
    }

    /// RFC 8414 / OIDC discovery for the credential form: fills the token URL and tells which client
    /// authentication methods and signing algorithms the server supports.
    pub async fn credential_discover(&self, issuer: &str) -> Result<mint::Discovery> {
        mint::discover(&self.http, issuer, std::time::Duration::from_secs(10))
            .await
            .map_err(|f| mint_error(issuer, &f))
    }

    /// Test of a saved credential: a live token retrieval (or validation for static types).
    pub async fn credential_test(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<TestResult> {
        let InUse {
            tenant_id,
            context,
            dto,
            ..
        } = self.in_use(tenant, namespace, name).await?;
        self.run_test(
            &tenant_id,
            context.as_ref(),
            &dto.name,
            &dto.type_id,
            &dto.inputs,
            &dto.settings,
            "",
        )
        .await
    }

    /// Test of an unsaved definition (the form's Test button). Validates, then tests live.
    pub async fn credential_test_definition(
        &self,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<TestResult> {
        let tenant_id = self.tenant(tenant).await?;
        let namespace = parse_namespace(def.namespace.as_deref())?;
        let credential_type = self.lookup_type(&tenant_id, &def.type_id).await?;
        validate_inputs(&credential_type, &def.inputs)?;
        let label = if def.name.is_empty() {
            "(unsaved)"
        } else {
            def.name.as_str()
        };
        self.run_test(
            &tenant_id,
            namespace.as_ref(),
            label,
            &def.type_id,
            &def.inputs,
            &def.settings,
            "unsaved definition: ",
        )
        .await
    }

    /// Performs the Test and records it in the audit log (`detail_prefix` tells unsaved definitions apart).
    #[allow(clippy::too_many_arguments)]
    async fn run_test(
        &self,
        tenant: &TenantId,
        namespace: Option<&NamespaceId>,
        name: &str,
        type_id: &str,
        inputs: &Map<String, serde_json::Value>,
        settings: &CredentialSettings,
        detail_prefix: &str,
    ) -> Result<TestResult> {
        let result = self
            .perform_test(tenant, namespace, name, type_id, inputs, settings)
            .await?;
        let detail = match &result.error {
            None => format!("{detail_prefix}ok"),
            Some(code) => format!("{detail_prefix}failed: {code}"),
        };
        self.audit_credential(tenant, "credential.test", namespace, name, &detail)
            .await?;
        Ok(result)
    }

    async fn perform_test(
        &self,
        tenant: &TenantId,
        namespace: Option<&NamespaceId>,
        name: &str,
        type_id: &str,
        inputs: &Map<String, serde_json::Value>,
        settings: &CredentialSettings,
    ) -> Result<TestResult> {
        let credential_type = self.lookup_type(tenant, type_id).await?;
        let settings = settings.parse()?;
        let resolved = match resolve_inputs(
            &self.secrets(),
            tenant,
            namespace,
            &credential_type,
            inputs,
        )
        .await
        {
            Ok(resolved) => resolved,
            Err(e) if matches!(e.code(), ErrorCode::NotFound | ErrorCode::InvalidInput) => {
                let hint = Some("create the referenced secret, or fix the reference".to_owned());
                return Ok(failed_test(
                    name,
                    type_id,
                    "secret_unresolved",
                    e.to_string(),
                    hint,
                ));
            }
            Err(e) => return Err(e),
        };
        if credential_type.kind == TypeKind::Static {
            return Ok(match crate::credentials::static_check::check_keys(&credential_type, &resolved) {
                Ok(findings) => {
                    let mut result = TestResult::empty(name, type_id);
                    result.ok = true;
                    let mut hint = format!(
                        "static credential: every required input is set and {} secret reference(s) resolve",
                        resolved.secret_count()
                    );
                    for finding in findings {
                        hint.push_str(&format!("; {finding}"));
                    }
                    result.hint = Some(hint);
                    result
                }
                Err(problem) => failed_test(
                    name,
                    type_id,
                    "invalid_key",
                    problem,
                    Some("store the private key itself (PEM or OpenSSH format) in the referenced secret".into()),
                ),
            });
        }
        let spec = match mint_spec(&self.http, type_id, &resolved, &settings).await {
            Ok(spec) => spec,
            Err(failure) => {
                let description = failure.error_description.clone().unwrap_or_default();
                return Ok(failed_test(
                    name,
                    type_id,
                    &failure.code,
                    description,
                    failure.hint,
                ));
            }
        };
        Ok(mint::test(&self.http, &spec, name, type_id).await)
    }

    /// An access token for a job: cached while valid for longer than `refresh_before_expiry`,
    /// otherwise minted (one mint in flight per credential; concurrent callers share it).
    pub async fn credential_token(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<TokenDto> {
        let InUse {
            tenant_id,
            defined_in,
            context,
            dto,
        } = self.in_use(tenant, namespace, name).await?;
        let credential_type = self.lookup_type(&tenant_id, &dto.type_id).await?;
        if credential_type.kind == TypeKind::Static {
            return Err(Error::invalid(format!(
                "{} is a static {} credential: it has no access token to mint",
                dto.name, dto.type_id
            )));
        }
        let settings = dto.settings.parse()?;
        let key = CacheKey {
            tenant: tenant_id.to_string(),
            scope: scope_of(defined_in.as_ref()).to_owned(),
            name: dto.name.clone(),
            version: format!("{}|{}", dto.updated_at, scope_of(context.as_ref())),
        };
        let mint_once = || async {
            let resolved = resolve_inputs(
                &self.secrets(),
                &tenant_id,
                context.as_ref(),
                &credential_type,
                &dto.inputs,
            )
            .await
            .map_err(MintError::Keystead)?;
            let spec = mint_spec(&self.http, &dto.type_id, &resolved, &settings)
                .await
                .map_err(MintError::Mint)?;
            let minted = mint::mint(&self.http, &spec)
                .await
                .map_err(MintError::Mint)?;
            Ok(CachedToken {
                access_token: minted.access_token,
                token_type: minted.token_type,
                expires_at: minted.expires_at,
            })
        };
        let outcome = if settings.cache {
            self.tokens
                .get_or_mint(
                    &key,
                    settings.refresh_before_expiry.duration(),
                    mint_once,
                    |e: &MintError| matches!(e, MintError::Mint(f) if f.is_client_error),
                )
                .await
                .map(|(token, source)| {
                    (
                        token,
                        matches!(source, crate::credentials::cache::Source::Cache),
                    )
                })
        } else {
            mint_once().await.map(|token| (token, false))
        };
        let detail = match &outcome {
            Ok((_, true)) => "served from cache".to_owned(),
            Ok((_, false)) => "minted".to_owned(),
            Err(MintError::Mint(f)) => format!("failed: {}", f.code),
            Err(MintError::Keystead(e)) => format!("failed: {:?}", e.code()),
        };
        self.audit_credential(
            &tenant_id,
            "credential.token",
            context.as_ref(),
            &dto.name,
            &detail,
        )
        .await?;
        let (token, _) = outcome.map_err(|e| match e {
            MintError::Keystead(e) => e,
            MintError::Mint(f) => mint_error(&dto.name, &f),
        })?;
        Ok(TokenDto {
            access_token: token.access_token.expose_secret().to_owned(),
            token_type: token.token_type,
            expires_at: crate::time::format(token.expires_at),
        })
    }
}

enum MintError {
    Keystead(Error),
    Mint(MintFailure),
}

fn mint_error(name: &str, failure: &MintFailure) -> Error {
    let mut message = format!("{name}: {}", failure.code);
    if let Some(status) = failure.http_status {
        message.push_str(&format!(" (HTTP {status})"));
    }
    if let Some(description) = &failure.error_description {
        message.push_str(&format!(": {description}"));
    }
    if let Some(hint) = &failure.hint {
        message.push_str(&format!(" — {hint}"));
    }
    Error::TokenMint(message)
}
