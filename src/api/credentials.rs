use std::collections::HashMap;

use super::dto::{
    CredentialCopyRequest, CredentialDefinition, CredentialDto, CredentialListRequest,
    CredentialOrder, LastTestDto,
};
use super::{Caller, Keystead, parse_scope};
use crate::access::{Rights, Role, current_rights};
use crate::credentials::{Credential, ListFilter, SecretReach};
use crate::model::inheritance::Effective;
use crate::model::{CredentialName, NamespaceId, PrincipalName, Scope, SecretKey, TenantId};
use crate::{ErrorCode, Result};

fn to_dto(found: Effective<Credential>) -> CredentialDto {
    let c = found.item;
    CredentialDto {
        namespace: c.scope.namespace().map(ToString::to_string),
        name: c.name.to_string(),
        type_id: c.type_id,
        description: c.description,
        inputs: c.inputs,
        settings: c.settings,
        created_at: c.created_at,
        updated_at: c.updated_at,
        updated_by: c.updated_by,
        inherited: found.inherited,
        shadows: found.shadows,
        last_test: c.last_test.map(|t| LastTestDto {
            at: t.at,
            ok: t.ok,
            error: t.error,
        }),
        secret_reach: c.secret_reach.up_to,
    }
}

/// How far up a credential saved by `caller` in `scope` may take secrets: the topmost scope from
/// `scope` up where the caller has `use`, and the principal whose rights bound it from then on.
fn secret_reach(caller: &Caller, tenant: &TenantId, scope: &Scope) -> SecretReach {
    SecretReach {
        up_to: SecretReach::topmost_use(scope, |at| caller.role_at(tenant, at)),
        saver: caller.principal().cloned(),
        origins: None,
    }
}

fn own(credential: Credential) -> CredentialDto {
    to_dto(Effective {
        origin: credential.scope.clone(),
        inherited: false,
        shadows: Vec::new(),
        item: credential,
    })
}

impl Keystead {
    /// Creates or replaces a credential after validating it against its type.
    pub async fn credential_apply(
        &self,
        caller: &Caller,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let (scope, secrets) = self.credentials(caller).references(&tenant, &def).await?;
        self.authorize(caller, &tenant, Role::Admin, &scope, "credential.apply")
            .await?;
        let reach = self
            .authorize_references(caller, &tenant, &scope, secrets)
            .await?;
        let saved = self.credentials(caller).apply(&tenant, &def, reach).await?;
        Ok(own(saved))
    }

    /// A credential that references a secret can send it anywhere: whoever saves one needs `use`
    /// where each referenced secret is defined (as seen from the credential's namespace). Returns
    /// how far up the credential may take secrets from then on: no higher than where its
    /// references are defined now (its own namespace for one defined nowhere yet), nor than where
    /// the caller may use secrets. Deleting a namespace's own secret then never makes it send a
    /// parent's of the same name unsaid: someone saves it again to accept that one.
    pub(super) async fn authorize_references(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        scope: &Scope,
        secrets: Vec<SecretKey>,
    ) -> Result<SecretReach> {
        let mut reach = secret_reach(caller, tenant, scope);
        // Tenant level needs tenant admin, which includes use everywhere; its references
        // resolve in the namespace it is used from.
        let Scope::Namespace(namespace) = scope else {
            return Ok(reach);
        };
        let mut highest = scope.clone();
        let mut origins = std::collections::BTreeMap::new();
        for key in secrets {
            let defined_in = match self.secrets(caller).locate(tenant, namespace, &key).await {
                Ok(found) => Scope::Namespace(NamespaceId::parse(&found.item.namespace)?),
                Err(e) if e.code() == ErrorCode::NotFound => scope.clone(),
                Err(e) => return Err(e),
            };
            if !caller.is_local_admin() {
                let action = format!("reference secret {key} in a credential");
                self.authorize(caller, tenant, Role::Use, &defined_in, &action)
                    .await?;
            }
            if defined_in.covers(&highest) {
                highest = defined_in.clone();
            }
            origins.insert(key.to_string(), defined_in);
        }
        reach.up_to = SecretReach::lower(&reach.up_to, &highest);
        reach.origins = Some(origins);
        Ok(reach)
    }

    pub async fn credential_list(
        &self,
        caller: &Caller,
        req: CredentialListRequest,
    ) -> Result<Vec<CredentialDto>> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        if let Some(ns) = req.namespace.as_deref().filter(|ns| !ns.is_empty()) {
            self.authorize(
                caller,
                &tenant,
                Role::Read,
                &parse_scope(Some(ns))?,
                "credential.list",
            )
            .await?;
        }
        let filter = ListFilter {
            scope: match req.namespace.as_deref() {
                Some(ns) if !ns.is_empty() => Some(parse_scope(Some(ns))?),
                _ => None,
            },
            effective: req.effective,
            type_id: req.type_id,
        };
        let found = self.credentials(caller).list(&tenant, &filter).await?;
        // Listing the whole tenant shows what the caller may read.
        let mut savers = HashMap::new();
        let mut out = Vec::with_capacity(found.len());
        for c in found {
            if filter.scope.is_some() || caller.role_at(&tenant, &c.origin).is_some() {
                out.push(self.shown(&tenant, c, &mut savers).await?);
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
        caller: &Caller,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let from = parse_scope(namespace)?;
        let name = CredentialName::parse(name)?;
        self.authorize(caller, &tenant, Role::Read, &from, "credential.show")
            .await?;
        let found = self
            .credentials(caller)
            .locate(&tenant, &from, &name)
            .await?;
        let found = Effective {
            shadows: Vec::new(),
            ..found
        };
        self.shown(&tenant, found, &mut HashMap::new()).await
    }

    /// `found` as shown, with the reach a mint would apply today: the recorded one lowered to
    /// where its saver may use secrets now (each saver's rights read once per call, in `savers`).
    async fn shown(
        &self,
        tenant: &TenantId,
        found: Effective<Credential>,
        savers: &mut HashMap<PrincipalName, Option<Rights>>,
    ) -> Result<CredentialDto> {
        let reach = &found.item.secret_reach;
        let today = match &reach.saver {
            None => reach.up_to.clone(),
            Some(saver) => {
                if !savers.contains_key(saver) {
                    let rights = current_rights(&self.pool, tenant, saver).await?;
                    savers.insert(saver.clone(), rights);
                }
                let rights = savers.get(saver).and_then(Option::as_ref);
                reach.now(&found.item.scope, rights)
            }
        };
        let mut dto = to_dto(found);
        dto.secret_reach = today;
        Ok(dto)
    }

    /// Deletes the credential defined exactly in `namespace` (or at tenant level).
    pub async fn credential_delete(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<()> {
        let tenant = self.tenant(caller, tenant).await?;
        let scope = parse_scope(namespace)?;
        let name = CredentialName::parse(name)?;
        self.authorize(caller, &tenant, Role::Admin, &scope, "credential.delete")
            .await?;
        self.credentials(caller)
            .delete(&tenant, &scope, &name)
            .await
    }

    /// Copies a credential server side (inputs and settings; role bindings are not copied). A taken
    /// target is a `conflict`: copy never overwrites.
    pub async fn credential_copy(
        &self,
        caller: &Caller,
        req: CredentialCopyRequest,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let from = parse_scope(req.namespace.as_deref())?;
        let name = CredentialName::parse(&req.name)?;
        let target_scope = req
            .target_namespace
            .as_deref()
            .map(|ns| parse_scope(Some(ns)))
            .transpose()?;
        let target_name = req
            .target_name
            .as_deref()
            .map(CredentialName::parse)
            .transpose()?;
        self.authorize(caller, &tenant, Role::Read, &from, "credential.copy")
            .await?;
        let source = self
            .credentials(caller)
            .locate(&tenant, &from, &name)
            .await?;
        let mut def = source.item.definition();
        let target = target_scope.clone().unwrap_or(source.origin);
        def.namespace = target.namespace().map(ToString::to_string);
        let (_, secrets) = self.credentials(caller).references(&tenant, &def).await?;
        self.authorize(caller, &tenant, Role::Admin, &target, "credential.copy")
            .await?;
        let reach = self
            .authorize_references(caller, &tenant, &target, secrets)
            .await?;
        let copied = self
            .credentials(caller)
            .copy(&tenant, &from, &name, target_scope, target_name, reach)
            .await?;
        Ok(own(copied))
    }
}
