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
    pub async fn tenant_create(&self, caller: &Caller, id: &str) -> Result<TenantDto> {
        self.tenants(caller).create(id).await.map(to_dto)
    }

    pub async fn tenant_list(&self, caller: &Caller) -> Result<Vec<TenantDto>> {
        let rows = self.tenants(caller).list().await?;
        Ok(rows.into_iter().map(to_dto).collect())
    }
}
