//! The token cache: memory only, never persisted. One slot per credential version: a fresh token
//! is read without waiting, and a slot's async lock makes concurrent callers of a stale
//! credential share one mint.

use crate::model::Scope;
use secrecy::SecretString;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Clone)]
pub struct CachedToken {
    pub access_token: SecretString,
    pub token_type: String,
    pub expires_at: OffsetDateTime,
}

impl std::fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl CachedToken {
    /// Valid for longer than `refresh_before` from `now`. Checked arithmetic: a huge refresh
    /// window makes every token stale rather than overflowing.
    fn fresh(&self, now: OffsetDateTime, refresh_before: Duration) -> bool {
        time::Duration::try_from(refresh_before)
            .ok()
            .and_then(|window| now.checked_add(window))
            .is_some_and(|refresh_at| self.expires_at > refresh_at)
    }
}

/// Identifies a credential *as defined at `version`* (its `updated_at`), so an edit never serves a
/// token minted from the old definition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    pub tenant: String,
    /// Where the credential is defined.
    pub scope: Scope,
    pub name: String,
    pub version: String,
}

#[derive(Default)]
struct Slot {
    token: RwLock<Option<CachedToken>>,
    /// Held by the one caller minting for this slot.
    minting: tokio::sync::Mutex<()>,
    /// How many mints have finished, and the last one's failure when it failed: callers that
    /// waited for that mint get it too instead of calling the token endpoint again.
    finished: Mutex<(u64, Option<Box<dyn Any + Send + Sync>>)>,
}

impl Slot {
    fn fresh(&self, refresh_before: Duration) -> Option<CachedToken> {
        let now = OffsetDateTime::now_utc();
        self.token
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|t| t.fresh(now, refresh_before))
            .cloned()
    }

    fn store(&self, token: Option<CachedToken>) {
        *self.token.write().unwrap_or_else(PoisonError::into_inner) = token;
    }

    /// The token, stale or not, while it has not expired (served when a mint failed for a
    /// reason that does not drop it).
    fn still_valid(&self) -> Option<CachedToken> {
        let now = OffsetDateTime::now_utc();
        self.token
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|t| t.expires_at > now)
            .cloned()
    }

    fn mints_finished(&self) -> u64 {
        self.finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .0
    }

    /// Notes a finished mint and, when it failed, a copy of its failure to share.
    fn finish(&self, failure: Option<Box<dyn Any + Send + Sync>>) {
        let mut finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        finished.0 += 1;
        finished.1 = failure;
    }

    /// The failure of a mint that finished after `seen` mints had, if the last one failed.
    fn failed_since<E: 'static>(&self, seen: u64, share: impl Fn(&E) -> Option<E>) -> Option<E> {
        let finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        if finished.0 == seen {
            return None;
        }
        finished.1.as_ref()?.downcast_ref::<E>().and_then(share)
    }
}

/// Slots kept at most. A slot's key names the namespace a token was asked from (its secrets
/// resolve from there), and any name below one a caller may use can be asked from.
const MAX_SLOTS: usize = 4096;

/// Makes room: first drops the slots nobody is using whose token has expired or was never
/// minted, then, if that was not enough, every slot nobody is using (their tokens are minted
/// again when asked for).
fn prune(slots: &mut HashMap<CacheKey, Arc<Slot>>) {
    let now = OffsetDateTime::now_utc();
    let in_use = |slot: &Arc<Slot>| Arc::strong_count(slot) > 1;
    slots.retain(|_, slot| {
        in_use(slot)
            || slot
                .token
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
                .is_some_and(|token| token.expires_at > now)
    });
    if slots.len() >= MAX_SLOTS {
        slots.retain(|_, slot| in_use(slot));
    }
}

#[derive(Default)]
pub struct TokenCache {
    slots: Mutex<HashMap<CacheKey, Arc<Slot>>>,
}

/// Whether a served token came from the cache or was minted by this call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Cache,
    Minted,
}

impl TokenCache {
    pub fn new() -> Self {
        Self::default()
    }

    fn slot(&self, key: &CacheKey) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = slots.get(key) {
            return Arc::clone(slot);
        }
        if slots.len() >= MAX_SLOTS {
            prune(&mut slots);
        }
        Arc::clone(slots.entry(key.clone()).or_default())
    }

    /// The cached token if it stays valid for longer than `refresh_before`; never waits for a mint.
    pub fn peek(&self, key: &CacheKey, refresh_before: Duration) -> Option<CachedToken> {
        self.slot(key).fresh(refresh_before)
    }

    /// Returns a fresh cached token, or mints one. Concurrent callers for the same key wait for the
    /// one mint in flight and share its result, a failure too (as far as `share` copies it: an
    /// error it does not copy lets the next caller try again). A failed mint whose error
    /// `drops_token` (a 4xx) empties the slot; other failures still serve a cached token that has
    /// not expired yet.
    pub async fn get_or_mint<E, F, Fut>(
        &self,
        key: &CacheKey,
        refresh_before: Duration,
        mint: F,
        drops_token: impl Fn(&E) -> bool,
        share: impl Fn(&E) -> Option<E>,
    ) -> Result<(CachedToken, Source), E>
    where
        E: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<CachedToken, E>>,
    {
        let slot = self.slot(key);
        let seen = slot.mints_finished();
        if let Some(token) = slot.fresh(refresh_before) {
            return Ok((token, Source::Cache));
        }
        let _minting = slot.minting.lock().await;
        // Whoever held the lock before may have minted meanwhile.
        if let Some(token) = slot.fresh(refresh_before) {
            return Ok((token, Source::Cache));
        }
        if let Some(failure) = slot.failed_since(seen, &share) {
            return slot
                .still_valid()
                .map(|t| (t, Source::Cache))
                .ok_or(failure);
        }
        let outcome = mint().await;
        let shared = outcome.as_ref().err().and_then(&share);
        slot.finish(shared.map(|e| Box::new(e) as Box<dyn Any + Send + Sync>));
        match outcome {
            Ok(token) => {
                slot.store(Some(token.clone()));
                Ok((token, Source::Minted))
            }
            Err(e) if drops_token(&e) => {
                slot.store(None);
                Err(e)
            }
            Err(e) => slot.still_valid().map(|t| (t, Source::Cache)).ok_or(e),
        }
    }

    /// Forgets every cached token of a credential (on update, delete, or a reported 401).
    pub fn invalidate(&self, tenant: &str, scope: &Scope, name: &str) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.retain(|k, _| !(k.tenant == tenant && &k.scope == scope && k.name == name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn key() -> CacheKey {
        CacheKey {
            tenant: "main".into(),
            scope: Scope::Namespace(crate::model::NamespaceId::parse("ns").unwrap()),
            name: "c".into(),
            version: "v1".into(),
        }
    }

    fn token(secs: i64) -> CachedToken {
        CachedToken {
            access_token: SecretString::from("tok".to_owned()),
            token_type: "Bearer".into(),
            expires_at: OffsetDateTime::now_utc() + time::Duration::seconds(secs),
        }
    }

    fn asked_from(i: usize) -> CacheKey {
        CacheKey {
            version: format!("v1|ns.child{i}"),
            ..key()
        }
    }

    #[tokio::test]
    async fn slots_stay_bounded_and_a_valid_token_outlives_empty_slots() {
        let cache = TokenCache::new();
        let valid = asked_from(0);
        cache
            .get_or_mint(
                &valid,
                Duration::ZERO,
                || async { Ok::<_, ()>(token(3600)) },
                |_| true,
                |_| None,
            )
            .await
            .unwrap();
        let held = cache.slot(&asked_from(1));
        for i in 2..3 * MAX_SLOTS {
            assert!(cache.peek(&asked_from(i), Duration::ZERO).is_none());
        }
        let kept = cache.slots.lock().unwrap().len();
        assert!(kept <= MAX_SLOTS, "{kept} slots");
        assert!(
            cache.peek(&valid, Duration::ZERO).is_some(),
            "dropped before the empty ones"
        );
        assert!(
            Arc::ptr_eq(&held, &cache.slot(&asked_from(1))),
            "in use: kept"
        );
    }

    /// `n` concurrent callers of one mint that takes `delay` and ends in `outcome`: what each of
    /// them got, and how many times the mint ran.
    async fn callers_of_one_slow_mint(
        n: usize,
        delay: Duration,
        outcome: std::result::Result<CachedToken, String>,
    ) -> (
        Arc<TokenCache>,
        Vec<std::result::Result<(CachedToken, Source), String>>,
        usize,
    ) {
        let cache = Arc::new(TokenCache::new());
        let mints = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..n {
            let (cache, mints, outcome) = (cache.clone(), mints.clone(), outcome.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_mint(
                        &key(),
                        Duration::from_secs(60),
                        || async move {
                            mints.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(delay).await;
                            outcome
                        },
                        |_| false,
                        |e: &String| Some(e.clone()),
                    )
                    .await
            }));
        }
        let mut got = Vec::new();
        for task in tasks {
            got.push(task.await.unwrap());
        }
        (cache, got, mints.load(Ordering::SeqCst))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_callers_of_a_stale_credential_share_one_mint() {
        let (_, got, mints) =
            callers_of_one_slow_mint(100, Duration::from_millis(50), Ok(token(3600))).await;
        let minted = got
            .into_iter()
            .filter(|outcome| outcome.as_ref().unwrap().1 == Source::Minted)
            .count();
        assert_eq!(mints, 1);
        assert_eq!(minted, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn callers_that_waited_for_a_failed_mint_share_its_failure() {
        let (cache, got, mints) =
            callers_of_one_slow_mint(20, Duration::from_millis(200), Err("timeout".into())).await;
        for outcome in got {
            assert_eq!(outcome.unwrap_err(), "timeout");
        }
        assert_eq!(mints, 1, "one call to the server");
        // A caller that comes after the failure tries again.
        let again = cache
            .get_or_mint(
                &key(),
                Duration::from_secs(60),
                || async { Ok::<_, String>(token(3600)) },
                |_| false,
                |e: &String| Some(e.clone()),
            )
            .await
            .unwrap();
        assert_eq!(again.1, Source::Minted);
    }

    #[tokio::test]
    async fn token_inside_the_refresh_window_is_reminted() {
        let cache = TokenCache::new();
        let refresh = Duration::from_secs(60);
        cache
            .get_or_mint(
                &key(),
                refresh,
                || async { Ok::<_, ()>(token(30)) },
                |_| true,
                |_| None,
            )
            .await
            .unwrap();
        assert!(
            cache.peek(&key(), refresh).is_none(),
            "30 s left < 60 s refresh window"
        );
        let (_, source) = cache
            .get_or_mint(
                &key(),
                refresh,
                || async { Ok::<_, ()>(token(3600)) },
                |_| true,
                |_| None,
            )
            .await
            .unwrap();
        assert_eq!(source, Source::Minted);
        assert!(cache.peek(&key(), refresh).is_some());
    }

    #[tokio::test]
    async fn client_error_drops_the_token_and_transient_error_keeps_a_valid_one() {
        let cache = TokenCache::new();
        let refresh = Duration::from_secs(60);
        let mint_ok = || async { Ok::<_, &str>(token(30)) };
        cache
            .get_or_mint(&key(), refresh, mint_ok, |_| true, |_| None)
            .await
            .unwrap();
        let (_, source) = cache
            .get_or_mint(
                &key(),
                refresh,
                || async { Err("503") },
                |e: &&str| e.starts_with('4'),
                |e: &&str| Some(*e),
            )
            .await
            .unwrap();
        assert_eq!(
            source,
            Source::Cache,
            "a 503 still serves the unexpired token"
        );
        let err = cache
            .get_or_mint(
                &key(),
                refresh,
                || async { Err("401") },
                |e: &&str| e.starts_with('4'),
                |e: &&str| Some(*e),
            )
            .await
            .unwrap_err();
        assert_eq!(err, "401");
        let err = cache
            .get_or_mint(
                &key(),
                refresh,
                || async { Err("503") },
                |e: &&str| e.starts_with('4'),
                |e: &&str| Some(*e),
            )
            .await
            .unwrap_err();
        assert_eq!(err, "503", "after a 4xx nothing is cached any more");
    }

    #[test]
    fn freshness_holds_at_the_edges_of_time() {
        let now = OffsetDateTime::now_utc();
        let at = |expires_at| CachedToken {
            expires_at,
            ..token(0)
        };
        let far = now.saturating_add(time::Duration::MAX);
        assert!(at(far).fresh(now, Duration::from_secs(60)));
        assert!(
            !at(far).fresh(now, Duration::MAX),
            "a window past the calendar is stale"
        );
        assert!(!at(now).fresh(now, Duration::ZERO));
        let past = now.saturating_sub(time::Duration::MAX);
        assert!(!at(past).fresh(now, Duration::ZERO));
    }

    #[test]
    fn invalidate_forgets_all_versions() {
        let cache = TokenCache::new();
        cache.slot(&key());
        cache.invalidate("main", &key().scope, "c");
        assert!(cache.slots.lock().unwrap().is_empty());
    }
}
