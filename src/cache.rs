//! What nearly every request reads, kept in memory for one change generation: the tenants, a
//! verified API token with its owner's rights, where a secret is defined and its sealed value, and
//! the credential a name resolves to. Any committed change in this process starts a new generation
//! at once, a change by another process on the same data dir at the next read after its commit (see
//! [`crate::store::writer::Changes`]). Values stay sealed here: a secret is decrypted for each use.

use crate::Result;
use crate::access::TokenEntry;
use crate::credentials::Credential;
use crate::model::inheritance::Effective;
use crate::store::read_cache::ReadCache;
use crate::store::secret_versions::SecretVersionRow;
use crate::store::secrets::SecretRow;
use crate::store::writer::Changes;
use sqlx::SqlitePool;
use std::hash::Hash;
use std::sync::Arc;

/// (tenant, namespace or `""` for tenant level, name)
pub type NameKey = (String, String, String);

pub struct Caches {
    changes: Changes,
    pub(crate) tenants: ReadCache<String, ()>,
    /// By token id; the hash is compared on every use.
    pub(crate) tokens: ReadCache<String, Arc<TokenEntry>>,
    /// (tenant, namespace asked from, key) → where it is defined.
    pub(crate) secret_locations: ReadCache<NameKey, Arc<Effective<SecretRow>>>,
    /// (tenant, namespace, key, version) → the sealed value.
    pub(crate) sealed: ReadCache<(String, String, String, i64), Arc<SecretVersionRow>>,
    /// (tenant, scope asked from, name) → the credential that wins.
    pub(crate) credentials: ReadCache<NameKey, Arc<Effective<Credential>>>,
}

impl Caches {
    pub fn new(pool: &SqlitePool) -> Self {
        Self {
            changes: Changes::of(pool),
            tenants: ReadCache::default(),
            tokens: ReadCache::default(),
            secret_locations: ReadCache::default(),
            sealed: ReadCache::default(),
            credentials: ReadCache::default(),
        }
    }

    /// `key` from `cache` when it holds it for the current generation, else `load`ed and kept.
    /// Errors (a name that does not exist) are not kept.
    pub async fn read<K, V, F, Fut>(
        &self,
        pool: &SqlitePool,
        cache: &ReadCache<K, V>,
        key: K,
        load: F,
    ) -> Result<V>
    where
        K: Eq + Hash,
        V: Clone,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V>>,
    {
        let generation = self.changes.generation(pool).await?;
        if let Some(found) = cache.get(generation, &key) {
            return Ok(found);
        }
        let loaded = load().await?;
        cache.put(&self.changes, generation, key, loaded.clone());
        Ok(loaded)
    }
}
