use super::Keystead;
use super::dto::{
    CredentialCopyRequest, CredentialDto, CredentialListRequest, CredentialOrder, TokenDto,
};
use crate::credentials::cache::{CacheKey, CachedToken};
use crate::credentials::definition::{CredentialDefinition, CredentialSettings, validate_inputs};
use crate::credentials::mint::{self, MintFailure, TestResult};
use crate::credentials::resolve::{mint_spec, resolve_inputs};
use crate::credentials::types::{self, CredentialType, CustomTypeDefinition, TypeKind};
use crate::model::{CredentialName, NamespaceId, TenantId};
use crate::store::credential_types::{self, CredentialTypeRow};
use crate::store::credentials::{self, CredentialRow};
use crate::{Error, ErrorCode, Result};
use secrecy::ExposeSecret;
use serde_json::Map;

const TENANT_SCOPE: &str = "";

fn scope_of(namespace: Option<&NamespaceId>) -> &str {
    namespace.map_or(TENANT_SCOPE, NamespaceId::as_str)
}

fn parse_namespace(raw: Option<&str>) -> Result<Option<NamespaceId>> {
    raw.filter(|s| !s.is_empty())
        .map(NamespaceId::parse)
        .transpose()
}

fn to_dto(row: CredentialRow, inherited: bool, shadows: Vec<String>) -> Result<CredentialDto> {
    let inputs: Map<String, serde_json::Value> =
        serde_json::from_str(&row.inputs).map_err(|e| {
            Error::Integrity(format!(
                "credential {} has unreadable inputs: {e}",
                row.name
            ))
        })?;
    let settings: CredentialSettings = serde_json::from_str(&row.settings).map_err(|e| {
        Error::Integrity(format!(
            "credential {} has unreadable settings: {e}",
            row.name
        ))
    })?;
    Ok(CredentialDto {
        namespace: (!row.scope.is_empty()).then_some(row.scope),
        name: row.name,
        type_id: row.type_id,
        description: row.description,
        inputs,
        settings,
        created_at: row.created_at,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
        inherited,
        shadows,
    })
}

fn failed_test(
    credential: &str,
    type_id: &str,
    code: &str,
    description: String,
    hint: Option<String>,
) -> TestResult {
    TestResult {
        ok: false,
        credential: credential.to_owned(),
        credential_type: type_id.to_owned(),
        http_status: None,
        elapsed_ms: 0,
        token_type: None,
        expires_in: None,
        expires_at: None,
        scope_requested: None,
        scope_granted: None,
        claims: None,
        token_preview: None,
        error: Some(code.to_owned()),
        error_description: Some(description),
        error_uri: None,
        hint,
        request: None,
    }
}

impl Keystead {
    /// Built-in types first, then the tenant's custom types.
    pub async fn credential_types(&self, tenant: &str) -> Result<Vec<CredentialType>> {
        let tenant = self.tenant(tenant).await?;
        let mut all = types::builtin();
        for row in credential_types::list(&self.pool, tenant.as_str()).await? {
            all.push(custom_type(row)?);
        }
        Ok(all)
    }

    pub async fn credential_type(&self, tenant: &str, id: &str) -> Result<CredentialType> {
        let tenant = self.tenant(tenant).await?;
        self.lookup_type(&tenant, id).await
    }

    async fn lookup_type(&self, tenant: &TenantId, id: &str) -> Result<CredentialType> {
        if let Some(builtin) = types::builtin_type(id) {
            return Ok(builtin);
        }
        match credential_types::get(&self.pool, tenant.as_str(), id).await? {
            Some(row) => custom_type(row),
            None => Err(Error::NotFound(format!(
                "no credential type {id}: see `keystead credential types list`"
            ))),
        }
    }

    /// Creates a custom (static) credential type.
    pub async fn credential_type_create(
        &self,
        tenant: &str,
        def: CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let tenant = self.tenant(tenant).await?;
        let created = types::validate_custom(&def)?;
        let row = CredentialTypeRow {
            id: created.id.clone(),
            label: created.label.clone(),
            description: created.description.clone(),
            inputs: serde_json::to_string(&created.inputs)
                .map_err(|e| Error::Internal(format!("encoding the type's inputs: {e}")))?,
        };
        if !credential_types::insert(
            &self.pool,
            tenant.as_str(),
            &row,
            &crate::time::now_rfc3339(),
        )
        .await?
        {
            return Err(Error::Conflict(format!(
                "credential type {} already exists",
                created.id
            )));
        }
        self.audit_credential(&tenant, "credential_type.create", None, &created.id, "")
            .await?;
        Ok(created)
    }

    /// Creates or replaces a credential after validating it against its type.
    pub async fn credential_apply(
        &self,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(tenant).await?;
        let namespace = parse_namespace(def.namespace.as_deref())?;
        let name = CredentialName::parse(&def.name)?;
        let credential_type = self.lookup_type(&tenant, &def.type_id).await?;
        validate_inputs(&credential_type, &def.inputs)?;
        def.settings.parse()?;
        let now = crate::time::now_rfc3339();
        let scope = scope_of(namespace.as_ref());
        let mut tx = crate::store::begin_write(&self.pool).await?;
        let existing = credentials::get(&mut *tx, tenant.as_str(), scope, name.as_str()).await?;
        if let Some(ns) = &namespace {
            crate::store::namespaces::ensure(&mut *tx, tenant.as_str(), ns.as_str(), &now).await?;
        }
        let encode = |v: &dyn erased_json::Encode| v.encode();
        let row = CredentialRow {
            scope: scope.to_owned(),
            name: name.to_string(),
            type_id: credential_type.id.clone(),
            description: def.description.clone(),
            inputs: encode(&def.inputs)?,
            settings: encode(&def.settings)?,
            created_at: existing
                .as_ref()
                .map_or_else(|| now.clone(), |r| r.created_at.clone()),
            updated_at: now,
            updated_by: self.actor.clone(),
        };
        credentials::upsert(&mut *tx, tenant.as_str(), &row).await?;
        let action = if existing.is_some() {
            "credential.update"
        } else {
            "credential.create"
        };
        crate::audit::record(
            &mut *tx,
            tenant.as_str(),
            &self.actor,
            action,
            credential_target(namespace.as_ref(), name.as_str()),
            &format!("type {}", credential_type.id),
        )
        .await?;
        tx.commit().await.map_err(|e| Error::Storage {
            context: "saving the credential".into(),
            source: e,
        })?;
        self.tokens
            .invalidate(tenant.as_str(), scope, name.as_str());
        to_dto(row, false, Vec::new())
    }

    pub async fn credential_list(&self, req: CredentialListRequest) -> Result<Vec<CredentialDto>> {
        let tenant = self.tenant(&req.tenant).await?;
        let namespace = parse_namespace(req.namespace.as_deref())?;
        let chain: Option<Vec<String>> = namespace.as_ref().map(|ns| {
            let mut scopes: Vec<String> = if req.effective {
                ns.self_and_ancestors()
                    .into_iter()
                    .map(|n| n.to_string())
                    .collect()
            } else {
                vec![ns.to_string()]
            };
            if req.effective {
                scopes.push(TENANT_SCOPE.to_owned());
            }
            scopes
        });
        let scope_refs: Option<Vec<&str>> = chain
            .as_ref()
            .map(|c| c.iter().map(String::as_str).collect());
        let rows = credentials::list_in(
            &self.pool,
            tenant.as_str(),
            scope_refs.as_deref(),
            req.type_id.as_deref(),
        )
        .await?;
        let mut out = Vec::new();
        match (&namespace, &chain) {
            (Some(ns), Some(chain)) if req.effective => {
                let depth =
                    |scope: &str| chain.iter().position(|c| c == scope).unwrap_or(usize::MAX);
                let mut rows = rows.into_iter().peekable();
                while let Some(first) = rows.next() {
                    let mut group = vec![first];
                    while rows.peek().is_some_and(|next| next.name == group[0].name) {
                        group.extend(rows.next());
                    }
                    group.sort_by_key(|row| depth(&row.scope));
                    let mut group = group.into_iter();
                    let Some(winner) = group.next() else { continue };
                    let inherited = winner.scope != ns.as_str();
                    out.push(to_dto(winner, inherited, group.map(|r| r.scope).collect())?);
                }
            }
            _ => {
                for row in rows {
                    out.push(to_dto(row, false, Vec::new())?);
                }
            }
        }
        match req.order_by.unwrap_or_default() {
            CredentialOrder::Name => {}
            CredentialOrder::Type => {
                out.sort_by(|a, b| (&a.type_id, &a.name).cmp(&(&b.type_id, &b.name)))
            }
            CredentialOrder::Updated => out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at)),
        }
        Ok(out)
    }

    /// The credential `name` as seen from `namespace` (nearest wins, tenant level last).
    pub async fn credential_show(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(tenant).await?;
        let namespace = parse_namespace(namespace)?;
        let name = CredentialName::parse(name)?;
        let row = self.locate(&tenant, namespace.as_ref(), &name).await?;
        let inherited = row.scope != scope_of(namespace.as_ref());
        to_dto(row, inherited, Vec::new())
    }

    async fn locate(
        &self,
        tenant: &TenantId,
        namespace: Option<&NamespaceId>,
        name: &CredentialName,
    ) -> Result<CredentialRow> {
        let mut scopes: Vec<String> = namespace
            .map(|ns| {
                ns.self_and_ancestors()
                    .into_iter()
                    .map(|n| n.to_string())
                    .collect()
            })
            .unwrap_or_default();
        scopes.push(TENANT_SCOPE.to_owned());
        for scope in &scopes {
            if let Some(row) =
                credentials::get(&self.pool, tenant.as_str(), scope, name.as_str()).await?
            {
                return Ok(row);
            }
        }
        Err(Error::NotFound(match namespace {
            Some(ns) => format!("no credential {name} in {ns}, its parents, or at tenant level"),
            None => format!(
                "no tenant-level credential {name} (give --namespace NS for a namespace's credentials)"
            ),
        }))
    }

    /// Deletes the credential defined exactly in `namespace` (or at tenant level).
    pub async fn credential_delete(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<()> {
        let tenant = self.tenant(tenant).await?;
        let namespace = parse_namespace(namespace)?;
        let name = CredentialName::parse(name)?;
        let scope = scope_of(namespace.as_ref());
        if !credentials::delete(&self.pool, tenant.as_str(), scope, name.as_str()).await? {
            return Err(Error::NotFound(format!(
                "no credential {name} defined {}",
                namespace
                    .as_ref()
                    .map_or("at tenant level".to_owned(), |ns| format!("in {ns}"))
            )));
        }
        self.tokens
            .invalidate(tenant.as_str(), scope, name.as_str());
        self.audit_credential(
            &tenant,
            "credential.delete",
            namespace.as_ref(),
            name.as_str(),
            "",
        )
        .await
    }

    /// Copies a credential server side (inputs and settings; role bindings are not copied).
    pub async fn credential_copy(&self, req: CredentialCopyRequest) -> Result<CredentialDto> {
        let tenant = self.tenant(&req.tenant).await?;
        let namespace = parse_namespace(req.namespace.as_deref())?;
        let name = CredentialName::parse(&req.name)?;
        let source = self.locate(&tenant, namespace.as_ref(), &name).await?;
        let target_namespace = match req.target_namespace.as_deref() {
            Some(raw) => parse_namespace(Some(raw))?,
            None => parse_namespace(Some(&source.scope))?,
        };
        let target_name = req
            .target_name
            .as_deref()
            .map(CredentialName::parse)
            .transpose()?
            .unwrap_or(name.clone());
        let target_scope = scope_of(target_namespace.as_ref());
        if credentials::get(
            &self.pool,
            tenant.as_str(),
            target_scope,
            target_name.as_str(),
        )
        .await?
        .is_some()
        {
            return Err(Error::Conflict(format!(
                "credential {target_name} already exists {}: choose another name or namespace",
                target_namespace
                    .as_ref()
                    .map_or("at tenant level".to_owned(), |ns| format!("in {ns}"))
            )));
        }
        let source_dto = to_dto(source, false, Vec::new())?;
        let copied = self
            .credential_apply(
                tenant.as_str(),
                CredentialDefinition {
                    namespace: target_namespace.as_ref().map(ToString::to_string),
                    name: target_name.to_string(),
                    type_id: source_dto.type_id,
                    description: source_dto.description,
                    inputs: source_dto.inputs,
                    settings: source_dto.settings,
                },
            )
            .await?;
        let from = format!(
            "copied from {}/{}",
            source_dto.namespace.as_deref().unwrap_or("(tenant)"),
            source_dto.name
        );
        self.audit_credential(
            &tenant,
            "credential.copy",
            target_namespace.as_ref(),
            target_name.as_str(),
            &from,
        )
        .await?;
        Ok(copied)
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
        let tenant_id = self.tenant(tenant).await?;
        let ns = parse_namespace(namespace)?;
        let cred_name = CredentialName::parse(name)?;
        let row = self.locate(&tenant_id, ns.as_ref(), &cred_name).await?;
        let dto = to_dto(row, false, Vec::new())?;
        let context = ns.or(parse_namespace(dto.namespace.as_deref())?);
        let result = self
            .run_test(
                &tenant_id,
                context.as_ref(),
                &dto.name,
                &dto.type_id,
                &dto.inputs,
                &dto.settings,
            )
            .await?;
        let detail = match &result.error {
            None => "ok".to_owned(),
            Some(code) => format!("failed: {code}"),
        };
        self.audit_credential(
            &tenant_id,
            "credential.test",
            context.as_ref(),
            &dto.name,
            &detail,
        )
        .await?;
        Ok(result)
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
        let result = self
            .run_test(
                &tenant_id,
                namespace.as_ref(),
                label,
                &def.type_id,
                &def.inputs,
                &def.settings,
            )
            .await?;
        let detail = match &result.error {
            None => "unsaved definition: ok".to_owned(),
            Some(code) => format!("unsaved definition: failed: {code}"),
        };
        self.audit_credential(
            &tenant_id,
            "credential.test",
            namespace.as_ref(),
            label,
            &detail,
        )
        .await?;
        Ok(result)
    }

    async fn run_test(
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
                    let mut result = failed_test(name, type_id, "", String::new(), None);
                    result.ok = true;
                    result.error = None;
                    result.error_description = None;
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
        let tenant_id = self.tenant(tenant).await?;
        let ns = parse_namespace(namespace)?;
        let cred_name = CredentialName::parse(name)?;
        let row = self.locate(&tenant_id, ns.as_ref(), &cred_name).await?;
        let dto = to_dto(row.clone(), false, Vec::new())?;
        let credential_type = self.lookup_type(&tenant_id, &dto.type_id).await?;
        if credential_type.kind == TypeKind::Static {
            return Err(Error::invalid(format!(
                "{} is a static {} credential: it has no access token to mint",
                dto.name, dto.type_id
            )));
        }
        let settings = dto.settings.parse()?;
        let context = ns.or(parse_namespace(dto.namespace.as_deref())?);
        let key = CacheKey {
            tenant: tenant_id.to_string(),
            scope: row.scope.clone(),
            name: row.name.clone(),
            version: format!("{}|{}", row.updated_at, scope_of(context.as_ref())),
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

    async fn audit_credential(
        &self,
        tenant: &TenantId,
        action: &str,
        namespace: Option<&NamespaceId>,
        name: &str,
        detail: &str,
    ) -> Result<()> {
        crate::audit::record(
            &self.pool,
            tenant.as_str(),
            &self.actor,
            action,
            credential_target(namespace, name),
            detail,
        )
        .await
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

fn credential_target<'a>(
    namespace: Option<&'a NamespaceId>,
    name: &'a str,
) -> crate::audit::Target<'a> {
    crate::audit::Target {
        kind: "credential",
        namespace: namespace.map(NamespaceId::as_str),
        name,
    }
}

fn custom_type(row: CredentialTypeRow) -> Result<CredentialType> {
    let inputs = serde_json::from_str(&row.inputs).map_err(|e| {
        Error::Integrity(format!(
            "credential type {} has unreadable inputs: {e}",
            row.id
        ))
    })?;
    Ok(CredentialType {
        id: row.id,
        label: row.label,
        description: row.description,
        kind: TypeKind::Static,
        managed: false,
        inputs,
    })
}

mod erased_json {
    use crate::{Error, Result};

    /// Encodes any serializable value as JSON text for storage.
    pub trait Encode {
        fn encode(&self) -> Result<String>;
    }

    impl<T: serde::Serialize> Encode for T {
        fn encode(&self) -> Result<String> {
            serde_json::to_string(self).map_err(|e| Error::Internal(format!("encoding JSON: {e}")))
        }
    }
}
