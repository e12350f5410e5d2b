//! KV pairs.

use super::{Client, transport};
use crate::api::dto::*;
use crate::error::Result;
use reqwest::{Method, Url};
use serde_json::json;

impl Client {
    fn kv_url(&self, tenant: &str, namespace: &str, key: &str) -> Result<Url> {
        self.url(&[tenant, "namespaces", namespace, "kv", key], &[])
    }

    pub async fn kv_set(&self, req: KvSetRequest) -> Result<KvDto> {
        // A command line's text is typed here, as the server would type it.
        let value = match req.value {
            Some(input) if input.parse => {
                let text = input.value.as_str().unwrap_or_default();
                let typed = match input.kind {
                    Some(kind) => crate::kv::TypedValue::from_text(kind, text)?,
                    None => crate::kv::TypedValue::infer(text)?,
                };
                Some((Some(typed.kind), typed.value))
            }
            Some(input) => Some((input.kind, input.value)),
            None => None,
        };
        let body = json!({
            "type": value.as_ref().and_then(|(kind, _)| *kind),
            "value": value.map(|(_, v)| v),
            "description": req.description,
            "expiry": req.expiry,
            "if_absent": req.if_absent,
        });
        let url = self.kv_url(&req.tenant, &req.namespace, &req.key)?;
        let bytes = self
            .send_if(Method::PUT, url, Some(body), req.if_version)
            .await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| transport(format!("the server's answer does not fit: {e}")))
    }

    pub async fn kv_get(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        inherit: bool,
    ) -> Result<KvDto> {
        let mut url = self.kv_url(tenant, namespace, key)?;
        if inherit {
            url.query_pairs_mut().append_pair("inherit", "true");
        }
        self.call(Method::GET, url, None).await
    }

    pub async fn kv_list(&self, req: KvListRequest) -> Result<Vec<KvListItem>> {
        let url = self.url(
            &[&req.tenant, "namespaces", &req.namespace, "kv"],
            &[
                ("prefix", req.prefix),
                ("effective", Some(req.effective.to_string())),
            ],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn kv_delete(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        if_version: Option<u32>,
    ) -> Result<()> {
        let url = self.kv_url(tenant, namespace, key)?;
        self.send_if(Method::DELETE, url, None, if_version)
            .await
            .map(drop)
    }
}
