use super::dto::{CredentialType, CustomTypeDefinition};
use super::{Caller, Keystead};
use crate::Result;
use crate::access::Role;
use crate::model::Scope;

impl Keystead {
    /// Built-in types first, then the tenant's custom types.
    pub async fn credential_types(
        &self,
        caller: &Caller,
        tenant: &str,
    ) -> Result<Vec<CredentialType>> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize_anywhere(caller, &tenant, Role::Read, "credential_type.list")
            .await?;
        self.credential_types_of(caller).list(&tenant).await
    }

    pub async fn credential_type(
        &self,
        caller: &Caller,
        tenant: &str,
        id: &str,
    ) -> Result<CredentialType> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize_anywhere(caller, &tenant, Role::Read, "credential_type.show")
            .await?;
        self.credential_types_of(caller).get(&tenant, id).await
    }

    /// Creates a custom (static) credential type.
    pub async fn credential_type_create(
        &self,
        caller: &Caller,
        tenant: &str,
        def: CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Tenant,
            "credential_type.create",
        )
        .await?;
        self.credential_types_of(caller).create(&tenant, &def).await
    }

    /// Replaces a custom type's label, description and inputs; `def.id` must be `id`. Built-in
    /// types are refused, and so is a change that would leave saved credentials of the type
    /// invalid or change what their values mean (`conflict`, naming them): see
    /// `credentials::type_change` for the rule.
    pub async fn credential_type_update(
        &self,
        caller: &Caller,
        tenant: &str,
        id: &str,
        def: CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Tenant,
            "credential_type.update",
        )
        .await?;
        self.credential_types_of(caller)
            .update(&tenant, id, &def)
            .await
    }

    /// Deletes a custom type; refused (`conflict`) for built-in types and while credentials of the
    /// tenant, in any namespace, are saved with it (the message names them).
    pub async fn credential_type_delete(
        &self,
        caller: &Caller,
        tenant: &str,
        id: &str,
    ) -> Result<()> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Tenant,
            "credential_type.delete",
        )
        .await?;
        self.credential_types_of(caller).delete(&tenant, id).await
    }
}
