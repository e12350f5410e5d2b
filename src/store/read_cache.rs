//! A map of rows read from the database, valid for one change generation ([`Changes`]): a lookup
//! under a newer generation misses, and the first entry stored under it drops the older ones.

use super::writer::Changes;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{PoisonError, RwLock};

/// Entries per map; a full map starts over (rows are small, and a miss only costs a query).
const MAX_ENTRIES: usize = 10_000;

pub struct ReadCache<K, V> {
    inner: RwLock<Entries<K, V>>,
}

struct Entries<K, V> {
    generation: u64,
    map: HashMap<K, V>,
}

impl<K: Eq + Hash, V: Clone> Default for ReadCache<K, V> {
    fn default() -> Self {
        Self {
            inner: RwLock::new(Entries {
                generation: 0,
                map: HashMap::new(),
            }),
        }
    }
}

impl<K: Eq + Hash, V: Clone> ReadCache<K, V> {
    /// The entry for `key` if it was stored under `generation`.
    pub fn get(&self, generation: u64, key: &K) -> Option<V> {
        let entries = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        if entries.generation != generation {
            return None;
        }
        entries.map.get(key).cloned()
    }

    /// Stores what was read under `generation` (taken before the read), unless a change has been
    /// committed since: then it may already be out of date and is not kept.
    pub fn put(&self, changes: &Changes, generation: u64, key: K, value: V) {
        if changes.known() != generation {
            return;
        }
        let mut entries = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if entries.generation > generation {
            return;
        }
        if entries.generation < generation || entries.map.len() >= MAX_ENTRIES {
            entries.map.clear();
            entries.generation = generation;
        }
        entries.map.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    #[tokio::test]
    async fn a_read_overtaken_by_a_commit_is_not_kept_and_a_commit_empties_the_map() {
        let dir = tempfile::tempdir().unwrap();
        let pool = store::open(dir.path()).await.unwrap();
        let changes = Changes::of(&pool);
        let cache = ReadCache::<&str, u32>::default();
        let before = changes.generation(&pool).await.unwrap();
        cache.put(&changes, before, "a", 1);
        assert_eq!(cache.get(before, &"a"), Some(1));

        let tx = store::begin_write(&pool).await.unwrap();
        tx.commit().await.unwrap();
        let after = changes.generation(&pool).await.unwrap();
        assert!(after > before);
        assert_eq!(cache.get(after, &"a"), None, "stored before the commit");
        cache.put(&changes, before, "b", 2);
        assert_eq!(cache.get(before, &"b"), None, "read before the commit");
        assert_eq!(cache.get(after, &"b"), None);

        let mut tx = store::begin_write(&pool).await.unwrap();
        tx.leaves_caches();
        tx.commit().await.unwrap();
        cache.put(&changes, after, "c", 3);
        assert_eq!(
            cache.get(changes.generation(&pool).await.unwrap(), &"c"),
            Some(3)
        );
        pool.close().await;
    }
}
