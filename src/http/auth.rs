//! `Authorization: Bearer kst_…` on every route but health: the core verifies the token and says
//! who the caller is. Failed authentications are audited and limited per client address; the
//! token itself never reaches a log line.

use super::AppState;
use super::error::ApiError;
use crate::api::Caller;
use crate::audit::{self, Actor};
use crate::model::TenantId;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The caller behind a request's API token.
pub struct Authenticated(pub Caller);

/// Counts failed authentications per client address. Once an address used up its quota it is
/// refused before its token is even checked (so a right guess cannot slip through) until the
/// quota refills.
pub struct FailedAuthLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

impl FailedAuthLimiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    fn blocked(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Instant>> {
        self.blocked.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Err(seconds)` while the address is blocked.
    fn precheck(&self, ip: IpAddr) -> Result<(), u64> {
        let mut blocked = self.blocked();
        match blocked.get(&ip) {
            Some(until) if *until > Instant::now() => Err(until
                .saturating_duration_since(Instant::now())
                .as_secs()
                .max(1)),
            Some(_) => {
                blocked.remove(&ip);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failure; `Err(seconds)` when this one used up the quota.
    fn record_failure(&self, ip: IpAddr) -> Result<(), u64> {
        match self.limiter.check_key(&ip) {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
                self.blocked()
                    .insert(ip, Instant::now() + Duration::from_secs(secs));
                Err(secs)
            }
        }
    }

    /// Forgets addresses that are no longer limited (run now and then).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.blocked().retain(|_, until| *until > Instant::now());
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let client = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        if let Some(ip) = client {
            state
                .failures
                .precheck(ip)
                .map_err(ApiError::rate_limited)?;
        }
        let header = parts.headers.get(header::AUTHORIZATION);
        let token = header
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                let (scheme, token) = value.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            });
        let refusal = match token {
            None if header.is_none() => ApiError::unauthenticated(
                "this route needs an API token: send Authorization: Bearer kst_… \
                 (create one with `keystead token create`)",
                false,
            ),
            None => {
                ApiError::unauthenticated("the Authorization header must be `Bearer kst_…`", true)
            }
            Some(token) => {
                let address = client.map(|ip| ip.to_string());
                match state.keystead.authenticate(token, address.as_deref()).await {
                    Ok(caller) => return Ok(Authenticated(caller)),
                    Err(e) => ApiError::from(e),
                }
            }
        };
        audit_failure(state, parts, client, &refusal).await;
        if let Some(ip) = client
            && let Err(secs) = state.failures.record_failure(ip)
        {
            return Err(ApiError::rate_limited(secs));
        }
        Err(refusal)
    }
}

/// Records a failed authentication in the tenant the URL names (when it exists), else only logs.
async fn audit_failure(
    state: &AppState,
    parts: &Parts,
    client: Option<IpAddr>,
    refusal: &ApiError,
) {
    let from = client.map_or_else(|| "unknown address".to_owned(), |ip| ip.to_string());
    tracing::warn!(client = %from, path = %parts.uri.path(), "failed authentication");
    let tenant = parts
        .uri
        .path()
        .strip_prefix("/api/v1/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|raw| TenantId::parse(raw).ok());
    let Some(tenant) = tenant else { return };
    let actor = Actor {
        name: "(unauthenticated)".to_owned(),
        via: Some(format!("from {from}")),
    };
    let target = audit::Target {
        kind: "access",
        namespace: None,
        name: parts.uri.path(),
    };
    let detail = format!("{:?}: {}", refusal.status(), refusal_reason(refusal));
    if let Err(e) = state
        .keystead
        .record_failed_authentication(&tenant, &actor, target, &detail)
        .await
    {
        tracing::error!(error = %e, "could not audit a failed authentication");
    }
}

fn refusal_reason(refusal: &ApiError) -> String {
    refusal.message().to_owned()
}
