//! What CLI commands talk to: the local data dir (as the person at this terminal), or a
//! `keystead serve` (as the API token in KEYSTEAD_TOKEN). Both offer the same methods with the
//! same answers, so every command prints and exits the same way against either.

use keystead::api::dto::*;
use keystead::api::{Caller, Keystead, Result};
use keystead::http::Client;

/// The data dir opened here, acting as the local administrator.
pub struct Local {
    pub keystead: Keystead,
    pub caller: Caller,
}

/// Declares the command surface once and implements it for both backends.
macro_rules! backend {
    ($( fn $name:ident(&self $(, $arg:ident : $ty:ty)* ) -> $ret:ty; )*) => {
        #[allow(async_fn_in_trait)]
        pub trait Backend {
            $( async fn $name(&self $(, $arg: $ty)*) -> Result<$ret>; )*
        }

        impl Backend for Local {
            $( async fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
                self.keystead.$name(&self.caller $(, $arg)*).await
            } )*
        }

        impl Backend for Client {
            $( async fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
                Client::$name(self $(, $arg)*).await
            } )*
        }
    };
}

backend! {
    fn tenant_create(&self, id: &str) -> TenantDto;
    fn tenant_list(&self) -> Vec<TenantDto>;
    fn namespace_create(&self, tenant: &str, namespace: &str) -> ();
    fn namespace_tree(&self, tenant: &str) -> Vec<NamespaceNode>;
    fn namespace_delete(&self, tenant: &str, namespace: &str, recursive: bool) -> NamespaceDeleted;
    fn secret_set(&self, req: SecretSetRequest) -> SecretMeta;
    fn secret_get(&self, tenant: &str, namespace: &str, key: &str, reveal: bool) -> SecretView;
    fn secret_resolve(&self, tenant: &str, namespace: &str, key: &str) -> SecretValueDto;
    fn secret_list(&self, tenant: &str, namespace: &str, effective: bool) -> Vec<SecretListItem>;
    fn secret_delete(&self, tenant: &str, namespace: &str, key: &str) -> ();
    fn secret_describe(&self, tenant: &str, namespace: &str, key: &str, description: String) -> SecretMeta;
    fn secret_set_read_only(&self, tenant: &str, namespace: &str, key: &str, read_only: bool) -> SecretMeta;
    fn secret_versions(&self, tenant: &str, namespace: &str, key: &str) -> Vec<SecretVersionDto>;
    fn secret_restore(&self, tenant: &str, namespace: &str, key: &str, version: u32) -> SecretMeta;
    fn secret_import(&self, req: ImportRequest) -> ImportReport;
    fn secret_export(&self, tenant: &str, namespace: &str) -> String;
    fn credential_apply(&self, tenant: &str, def: CredentialDefinition) -> CredentialDto;
    fn credential_list(&self, req: CredentialListRequest) -> Vec<CredentialDto>;
    fn credential_show(&self, tenant: &str, namespace: Option<&str>, name: &str) -> CredentialDto;
    fn credential_delete(&self, tenant: &str, namespace: Option<&str>, name: &str) -> ();
    fn credential_copy(&self, req: CredentialCopyRequest) -> CredentialDto;
    fn credential_test(&self, tenant: &str, namespace: Option<&str>, name: &str) -> TestResult;
    fn credential_token(&self, tenant: &str, namespace: Option<&str>, name: &str) -> TokenDto;
    fn credential_types(&self, tenant: &str) -> Vec<CredentialType>;
    fn credential_type(&self, tenant: &str, id: &str) -> CredentialType;
    fn credential_type_create(&self, tenant: &str, def: CustomTypeDefinition) -> CredentialType;
    fn credential_type_update(&self, tenant: &str, id: &str, def: CustomTypeDefinition) -> CredentialType;
    fn credential_type_delete(&self, tenant: &str, id: &str) -> ();
    fn audit_list(&self, filter: AuditFilter) -> Vec<AuditEventDto>;
    fn expiring(&self, query: ExpiringQuery) -> ExpiringReport;
    fn kv_set(&self, req: KvSetRequest) -> KvDto;
    fn kv_get(&self, tenant: &str, namespace: &str, key: &str, inherit: bool) -> KvDto;
    fn kv_list(&self, req: KvListRequest) -> Vec<KvListItem>;
    fn kv_delete(&self, tenant: &str, namespace: &str, key: &str, if_version: Option<u32>) -> ();
    fn principal_create(&self, req: PrincipalCreateRequest) -> PrincipalDto;
    fn principal_list(&self, tenant: &str) -> Vec<PrincipalDto>;
    fn principal_show(&self, tenant: &str, name: &str) -> PrincipalDetail;
    fn principal_set_disabled(&self, tenant: &str, name: &str, disabled: bool) -> PrincipalDto;
    fn principal_delete(&self, tenant: &str, name: &str) -> ();
    fn role_grant(&self, req: RoleChangeRequest) -> bool;
    fn role_revoke(&self, req: RoleChangeRequest) -> ();
    fn role_list(&self, req: RoleListRequest) -> Vec<RoleBindingDto>;
    fn token_create(&self, req: TokenCreateRequest) -> CreatedToken;
    fn token_list(&self, tenant: &str, principal: Option<&str>) -> Vec<ApiTokenDto>;
    fn token_revoke(&self, tenant: &str, id: &str) -> ApiTokenDto;
    fn token_revoke_all(&self, tenant: &str, principal: &str) -> u64;
    fn token_rotate(&self, req: TokenRotateRequest) -> CreatedToken;
}
