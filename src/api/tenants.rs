use super::dto::TenantDto;
use super::{Caller, Keystead};
use crate::Result;
use crate::tenants::TenantRow;

fn to_dto(row: TenantRow) -> TenantDto {
    TenantDto {
        id: row.id,
        created_at: row.created_at,
    }
}

impl Keystead {
    /// Creates a tenant (only the administrator at the Keystead machine may).
    pub async fn tenant_create(&self, caller: &Caller, id: &str) -> Result<TenantDto> {
        self.authorize_local(caller, "tenant.create").await?;
        self.tenants(caller).create(id).await.map(to_dto)
    }

    /// Every tenant for the local administrator; a token holder sees its own.
    pub async fn tenant_list(&self, caller: &Caller) -> Result<Vec<TenantDto>> {
        let rows = self.tenants(caller).list().await?;
        Ok(rows
            .into_iter()
            .filter(|row| caller.tenant().is_none_or(|own| own.as_str() == row.id))
            .map(to_dto)
            .collect())
    }
}
