//! Throttle gates shared by logging in and registering: a cheap read-only
//! check, and the atomic reservation that decides.
//!
//! A reservation runs in one short transaction that locks every key's row
//! (always in the order given: account or device first, then IP, so two
//! reservations never wait on each other in a cycle), decides with
//! [`ThrottlePolicy::locked_until_ms`] and, when every key allows it, counts
//! the attempt on each key in advance. Concurrent attempts on one key are
//! therefore decided one after the other, and a burst gets no more tries
//! than the policy allows. A refused attempt counts nothing (it is rolled
//! back), so an attacker's refused requests do not extend a lock.

use crate::auth::policy::ThrottlePolicy;
use crate::auth::store::ThrottleScope;
use crate::db::Database;
use crate::services::ServiceError;

/// One key an attempt is counted under.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    pub scope: ThrottleScope,
    pub key: String,
    pub policy: ThrottlePolicy,
}

impl Gate {
    pub fn new(scope: ThrottleScope, key: impl Into<String>, policy: ThrottlePolicy) -> Self {
        Self {
            scope,
            key: key.into(),
            policy,
        }
    }
}

/// How long until `until`, in whole seconds (at least one).
fn wait_secs(until: i64, now: i64) -> u64 {
    ((until - now + 999) / 1000).max(1) as u64
}

/// Read-only: the wait in seconds when a key is locked, so that a refusal
/// costs no wait for the hasher. Deciding is [`reserve`]'s job.
pub(crate) async fn check(
    db: &Database,
    gates: &[Gate],
    now: i64,
) -> Result<Option<u64>, ServiceError> {
    let mut conn = db.conn().await?;
    let mut until: Option<i64> = None;
    for gate in gates {
        let row = conn.throttles().throttle_get(gate.scope, &gate.key).await?;
        if let Some(locked) = row.and_then(|r| gate.policy.locked_until_ms(&r, now)) {
            until = Some(until.map_or(locked, |u| u.max(locked)));
        }
    }
    Ok(until.map(|until| wait_secs(until, now)))
}

/// Atomically: refuses (counting nothing) when any key is locked, otherwise
/// counts one attempt on every key. `Some(wait in seconds)` when refused.
pub(crate) async fn reserve(
    db: &Database,
    gates: &[Gate],
    now: i64,
) -> Result<Option<u64>, ServiceError> {
    let mut tx = db.begin().await?;
    let mut until: Option<i64> = None;
    for gate in gates {
        let row = tx
            .throttles()
            .throttle_lock(gate.scope, &gate.key, now)
            .await?;
        if let Some(locked) = row.and_then(|r| gate.policy.locked_until_ms(&r, now)) {
            until = Some(until.map_or(locked, |u| u.max(locked)));
        }
    }
    if let Some(until) = until {
        // Dropping the transaction rolls it back: nothing is counted.
        return Ok(Some(wait_secs(until, now)));
    }
    for gate in gates {
        let floor = now - gate.policy.window_secs * 1000;
        tx.throttles()
            .throttle_fail(gate.scope, &gate.key, now, floor)
            .await?;
    }
    tx.commit().await?;
    Ok(None)
}

/// Whether a mail asked for (a reset or verification link) may go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MailGate {
    Open,
    /// The address has had its share: the answer stays the same, no mail.
    AddressLimited,
}

/// Counts a mail asked for to `address` from the caller's network: over the
/// per-IP limit the caller is refused (that tells nothing about any
/// account); over the per-address limit the request is answered as usual
/// but sends nothing, so a burst never sends a burst of mail.
pub(crate) async fn reserve_mail(
    deps: &crate::services::Deps,
    caller: &crate::caller::Caller,
    address: &str,
) -> Result<MailGate, ServiceError> {
    let policy = &deps.policy;
    if let Some(ip) = caller.client().ip {
        let gate = Gate::new(
            ThrottleScope::MailIp,
            crate::auth::policy::ip_throttle_key(ip),
            policy.mail_ip,
        );
        if let Some(wait) = reserve(&deps.db, &[gate], deps.now_ms()).await? {
            return Err(ServiceError::TooManyMails {
                retry_after_secs: wait,
            });
        }
    }
    let gate = Gate::new(ThrottleScope::MailAccount, address, policy.mail_account);
    Ok(match reserve(&deps.db, &[gate], deps.now_ms()).await? {
        Some(_) => MailGate::AddressLimited,
        None => MailGate::Open,
    })
}

/// Runs `work` and answers no sooner than the policy's floor after it
/// started (`mail_answer_floor_ms`), so that answers which must not tell
/// whether an account exists ("forgot password", a logged-out "resend")
/// take about the same time whatever happened inside.
pub(crate) async fn after_floor<T>(
    deps: &crate::services::Deps,
    work: impl std::future::Future<Output = T>,
) -> T {
    let started = tokio::time::Instant::now();
    let result = work.await;
    let floor = std::time::Duration::from_millis(deps.policy.mail_answer_floor_ms);
    tokio::time::sleep_until(started + floor).await;
    result
}
