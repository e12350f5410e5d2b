//! Using saved credentials: a live Test (or validation for static types) and access tokens for
//! jobs, through the token cache. Every Test and token request is audited.

use super::cache::{CacheKey, CachedToken, Source, TokenCache};
use super::catalog::{Credential, Credentials};
use super::definition::{CredentialDefinition, CredentialSettings, validate_inputs};
use super::mint::{self, HttpClient, MintErrorCode, MintFailure, TestResult};
use super::reach::{ReachNow, SecretReach};
use super::resolve::{ResolvedInputs, mint_spec, resolve_inputs};
use super::type_catalog::CredentialTypes;
use super::types::TypeKind;
use crate::audit::{self, Actor};
use crate::cache::Caches;
use crate::crypto::DataKeys;
use crate::model::{CredentialName, NamespaceId, Scope, TenantId};
use crate::secrets::Secrets;
use crate::store;
use crate::store::credentials as rows;
use crate::{Error, ErrorCode, Result};
use secrecy::SecretString;
use serde_json::Map;
use sqlx::SqlitePool;

/// A Test that ended before any request was sent (unresolved secret, bad configuration, bad key).
fn failed_test(
    credential: &str,
    type_id: &str,
    code: MintErrorCode,
    description: String,
    hint: Option<String>,
) -> TestResult {
    let mut result = TestResult::empty(credential, type_id);
    result.error = Some(code);
    result.error_description = Some(description);
    result.hint = hint;
    result
}

/// Testing credentials and minting their tokens, for one actor. Every Test and token request is
/// audited.
pub struct CredentialUse<'a> {
    pub pool: &'a SqlitePool,
    pub caches: &'a Caches,
    pub keys: &'a DataKeys,
    pub actor: &'a Actor,
    pub http: &'a HttpClient,
    pub tokens: &'a TokenCache,
}

/// A saved credential looked up for use from a scope.
struct InUse {
    credential: Credential,
    /// Where its secret references resolve: the namespace it is used from, else where it is defined.
    context: Option<NamespaceId>,
}

/// An access token for a job.
pub struct IssuedToken {
    pub access_token: SecretString,
    pub token_type: String,
    pub expires_at: time::OffsetDateTime,
}

impl CredentialUse<'_> {
    fn catalog(&self) -> Credentials<'_> {
        Credentials {
            pool: self.pool,
            caches: self.caches,
            actor: self.actor,
            tokens: self.tokens,
        }
    }

    fn types(&self) -> CredentialTypes<'_> {
        CredentialTypes {
            pool: self.pool,
            actor: self.actor,
        }
    }

    fn secrets(&self) -> Secrets<'_> {
        Secrets {
            pool: self.pool,
            caches: self.caches,
            keys: self.keys,
            actor: self.actor,
        }
    }

    /// Finds `name` as seen from `from` (nearest wins, tenant level last).
    async fn in_use(
        &self,
        tenant: &TenantId,
        from: &Scope,
        name: &CredentialName,
    ) -> Result<InUse> {
        let credential = self.catalog().locate(tenant, from, name).await?.item;
        let context = from.namespace().or(credential.scope.namespace()).cloned();
        Ok(InUse {
            credential,
            context,
        })
    }

    /// How far up `credential` may take secrets now: as recorded when it was saved, lowered to
    /// where the principal that saved it may use secrets today (a role removed, or the principal
    /// disabled or deleted, counts at the next mint).
    async fn reach_now(&self, tenant: &TenantId, credential: &Credential) -> Result<ReachNow> {
        let rights = match &credential.secret_reach.saver {
            Some(saver) => crate::access::current_rights(self.pool, tenant, saver).await?,
            None => None,
        };
        let now = credential
            .secret_reach
            .now(&credential.scope, rights.as_ref());
        Ok(credential.secret_reach.applied(now, &credential.scope))
    }

    /// RFC 8414 / OIDC discovery for the credential form: fills the token URL and tells which client
    /// authentication methods and signing algorithms the server supports.
    pub async fn discover(&self, issuer: &str) -> Result<mint::Discovery> {
        mint::discover(self.http, issuer, std::time::Duration::from_secs(10))
            .await
            .map_err(|f| mint_error(issuer, &f))
    }

    /// Test of a saved credential as seen from `from`.
    pub async fn test_saved(
        &self,
        tenant: &TenantId,
        from: &Scope,
        name: &CredentialName,
    ) -> Result<TestResult> {
        let InUse {
            credential,
            context,
        } = self.in_use(tenant, from, name).await?;
        let name = credential.name.as_str();
        let reach = self.reach_now(tenant, &credential).await?;
        let result = self
            .perform_test(
                tenant,
                context.as_ref(),
                &reach,
                name,
                &credential.type_id,
                &credential.inputs,
                &credential.settings,
            )
            .await?;
        // The outcome stays on the credential (for the credentials list and the expiring-soon
        // view), committed with its audit row.
        let mut tx = store::begin_write(self.pool).await?;
        rows::record_test(
            &mut *tx,
            tenant.as_str(),
            &credential.scope,
            name,
            &crate::time::now_rfc3339(),
            result.error.map(MintErrorCode::as_str),
        )
        .await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "credential.test",
            credential_target(context.as_ref(), name),
            &test_detail("", &result),
        )
        .await?;
        store::commit(tx, "recording the credential's Test").await?;
        Ok(result)
    }

    /// Test of an unsaved definition (the form's Test button). Validates, then tests live, sending
    /// only secrets defined within `secret_reach` (where the caller may use secrets).
    pub async fn test_definition(
        &self,
        tenant: &TenantId,
        def: &CredentialDefinition,
        secret_reach: &SecretReach,
    ) -> Result<TestResult> {
        let namespace = def
            .namespace
            .as_deref()
            .filter(|ns| !ns.is_empty())
            .map(NamespaceId::parse)
            .transpose()?;
        let credential_type = self.types().get(tenant, &def.type_id).await?;
        validate_inputs(&credential_type, &def.inputs)?;
        let label = if def.name.is_empty() {
            "(unsaved)"
        } else {
            def.name.as_str()
        };
        let own = Scope::from_namespace(namespace.clone());
        let reach = secret_reach.applied(secret_reach.up_to.clone(), &own);
        self.run_test(
            tenant,
            namespace.as_ref(),
            &reach,
            label,
            &def.type_id,
            &def.inputs,
            &def.settings,
            "unsaved definition: ",
        )
        .await
    }

    /// Performs the Test of an unsaved definition and records it in the audit log.
    #[allow(clippy::too_many_arguments)]
    async fn run_test(
        &self,
        tenant: &TenantId,
        namespace: Option<&NamespaceId>,
        secret_reach: &ReachNow,
        name: &str,
        type_id: &str,
        inputs: &Map<String, serde_json::Value>,
        settings: &CredentialSettings,
        detail_prefix: &str,
    ) -> Result<TestResult> {
        let result = self
            .perform_test(
                tenant,
                namespace,
                secret_reach,
                name,
                type_id,
                inputs,
                settings,
            )
            .await?;
        let detail = test_detail(detail_prefix, &result);
        self.audit(tenant, "credential.test", namespace, name, &detail)
            .await?;
        Ok(result)
    }

    #[allow(clippy::too_many_arguments)]
    async fn perform_test(
        &self,
        tenant: &TenantId,
        namespace: Option<&NamespaceId>,
        secret_reach: &ReachNow,
        name: &str,
        type_id: &str,
        inputs: &Map<String, serde_json::Value>,
        settings: &CredentialSettings,
    ) -> Result<TestResult> {
        let credential_type = self.types().get(tenant, type_id).await?;
        let settings = settings.parse()?;
        let resolved = match resolve_inputs(
            &self.secrets(),
            tenant,
            namespace,
            secret_reach,
            &credential_type,
            inputs,
        )
        .await
        {
            Ok(resolved) => resolved,
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::NotFound | ErrorCode::InvalidInput | ErrorCode::Forbidden
                ) =>
            {
                let hint = Some(
                    if e.code() == ErrorCode::Forbidden {
                        "have someone with use where the secret is defined save the credential, \
                         or define the secret in the credential's namespace"
                    } else {
                        "create the referenced secret, or fix the reference"
                    }
                    .to_owned(),
                );
                return Ok(failed_test(
                    name,
                    type_id,
                    MintErrorCode::SecretUnresolved,
                    e.to_string(),
                    hint,
                ));
            }
            Err(e) => return Err(e),
        };
        if credential_type.kind == TypeKind::Static {
            self.record_secret_use(tenant, name, &resolved, "a static check (nothing sent)")
                .await?;
            return Ok(static_test(name, type_id, &credential_type, &resolved));
        }
        let spec = match mint_spec(self.http, type_id, &resolved, &settings).await {
            Ok(spec) => {
                let destination = spec.grant.destination_origin();
                self.record_secret_use(tenant, name, &resolved, &destination)
                    .await?;
                spec
            }
            Err(failure) => {
                let description = failure.error_description.clone().unwrap_or_default();
                return Ok(failed_test(
                    name,
                    type_id,
                    failure.code,
                    description,
                    failure.hint,
                ));
            }
        };
        Ok(mint::test(self.http, &spec, name, type_id).await)
    }

    /// An access token for a job: cached while valid for longer than `refresh_before_expiry`,
    /// otherwise minted (one mint in flight per credential; concurrent callers share it).
    pub async fn token(
        &self,
        tenant: &TenantId,
        from: &Scope,
        name: &CredentialName,
    ) -> Result<IssuedToken> {
        let InUse {
            credential,
            context,
        } = self.in_use(tenant, from, name).await?;
        if self.types().kind(tenant, &credential.type_id).await? == TypeKind::Static {
            return Err(Error::invalid(format!(
                "{} is a static {} credential: it has no access token to mint",
                credential.name, credential.type_id
            )));
        }
        let settings = credential.settings.parse()?;
        let key = CacheKey {
            tenant: tenant.to_string(),
            scope: credential.scope.clone(),
            name: credential.name.to_string(),
            version: format!(
                "{}|{}",
                credential.updated_at,
                context.as_ref().map_or("", NamespaceId::as_str)
            ),
        };
        let mint_once = || async {
            let credential_type = self
                .types()
                .get(tenant, &credential.type_id)
                .await
                .map_err(UseError::Keystead)?;
            let reach = self
                .reach_now(tenant, &credential)
                .await
                .map_err(UseError::Keystead)?;
            let resolved = resolve_inputs(
                &self.secrets(),
                tenant,
                context.as_ref(),
                &reach,
                &credential_type,
                &credential.inputs,
            )
            .await
            .map_err(UseError::Keystead)?;
            let spec = mint_spec(self.http, &credential.type_id, &resolved, &settings)
                .await
                .map_err(UseError::Mint)?;
            let destination = spec.grant.destination_origin();
            self.record_secret_use(tenant, credential.name.as_str(), &resolved, &destination)
                .await
                .map_err(UseError::Keystead)?;
            let minted = mint::mint(self.http, &spec).await.map_err(UseError::Mint)?;
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
                    |e: &UseError| matches!(e, UseError::Mint(f) if f.is_client_error),
                    |e: &UseError| match e {
                        UseError::Mint(failure) => Some(UseError::Mint(failure.clone())),
                        UseError::Keystead(_) => None,
                    },
                )
                .await
                .map(|(token, source)| (token, source == Source::Cache))
        } else {
            mint_once().await.map(|token| (token, false))
        };
        let detail = match &outcome {
            Ok((_, true)) => "served from cache".to_owned(),
            Ok((_, false)) => "minted".to_owned(),
            Err(UseError::Mint(f)) => format!("failed: {}", f.code),
            Err(UseError::Keystead(e)) => format!("failed: {:?}", e.code()),
        };
        self.audit(
            tenant,
            "credential.token",
            context.as_ref(),
            credential.name.as_str(),
            &detail,
        )
        .await?;
        let (token, _) = outcome.map_err(|e| match e {
            UseError::Keystead(e) => e,
            UseError::Mint(f) => mint_error(credential.name.as_str(), &f),
        })?;
        Ok(IssuedToken {
            access_token: token.access_token,
            token_type: token.token_type,
            expires_at: token.expires_at,
        })
    }

    /// One `secret.use` event per secret a Test or mint resolved: which secret, for which
    /// credential and input, sent where. Never the value.
    async fn record_secret_use(
        &self,
        tenant: &TenantId,
        credential: &str,
        resolved: &ResolvedInputs,
        destination: &str,
    ) -> Result<()> {
        for source in &resolved.sources {
            let purpose = format!("credential {credential} ({}) → {destination}", source.input);
            self.secrets()
                .record_use(tenant, &source.origin, &source.key, &purpose)
                .await?;
        }
        Ok(())
    }

    async fn audit(
        &self,
        tenant: &TenantId,
        action: &str,
        namespace: Option<&NamespaceId>,
        name: &str,
        detail: &str,
    ) -> Result<()> {
        audit::record_now(
            self.pool,
            tenant.as_str(),
            self.actor,
            action,
            credential_target(namespace, name),
            detail,
        )
        .await
    }
}

fn credential_target<'a>(namespace: Option<&'a NamespaceId>, name: &'a str) -> audit::Target<'a> {
    audit::Target {
        kind: "credential",
        namespace: namespace.map(NamespaceId::as_str),
        name,
    }
}

/// The audit detail of a Test (`detail_prefix` tells unsaved definitions apart).
fn test_detail(detail_prefix: &str, result: &TestResult) -> String {
    match &result.error {
        None => format!("{detail_prefix}ok"),
        Some(code) => format!("{detail_prefix}failed: {code}"),
    }
}

/// A static credential's Test: every required input set, references resolved, keys parse.
fn static_test(
    name: &str,
    type_id: &str,
    credential_type: &super::types::CredentialType,
    resolved: &ResolvedInputs,
) -> TestResult {
    match super::static_check::check_keys(credential_type, resolved) {
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
            MintErrorCode::InvalidKey,
            problem,
            Some(
                "store the private key itself (PEM or OpenSSH format) in the referenced secret"
                    .into(),
            ),
        ),
    }
}

enum UseError {
    Keystead(Error),
    Mint(MintFailure),
}

fn mint_error(name: &str, failure: &MintFailure) -> Error {
    // Inputs that cannot make a request are the caller's to fix, not a failed exchange.
    if failure.code == MintErrorCode::InvalidConfig {
        let mut what = failure
            .error_description
            .clone()
            .unwrap_or_else(|| "invalid configuration".to_owned());
        if let Some(hint) = &failure.hint {
            what.push_str(&format!(" — {hint}"));
        }
        return Error::invalid(if name.is_empty() {
            what
        } else {
            format!("{name}: {what}")
        });
    }
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
    Error::TokenMint {
        code: failure.code,
        message,
    }
}
