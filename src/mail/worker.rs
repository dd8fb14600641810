//! The background worker that empties the outbox: it claims one due mail
//! at a time (never one another worker holds), hands it to the transport,
//! and marks it sent, logged, due again later (backoff) or failed.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::store::OutboxRow;
use super::transport::{MailTransport, SendError};
use crate::clock::Clock;
use crate::db::{Database, StoreError};

/// How hard and how often the worker tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerPolicy {
    /// Attempts before a mail is marked failed (`MAIL_MAX_ATTEMPTS`).
    pub max_attempts: i32,
    /// Wait after the first failed attempt; doubles after each further one.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// How often the outbox is looked at without a wake-up.
    pub poll_interval: Duration,
    /// A mail left in `sending` this long (its worker died) is taken again.
    pub stale_lock: Duration,
    /// Finished mails (sent, logged, failed) are deleted after this.
    pub keep_finished: Duration,
    /// Tokens are deleted this long after they expire (until then a link
    /// says "expired" rather than "not valid").
    pub keep_expired_tokens: Duration,
}

impl Default for WorkerPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(3600),
            poll_interval: Duration::from_secs(1),
            stale_lock: Duration::from_secs(300),
            keep_finished: Duration::from_secs(7 * 24 * 3600),
            keep_expired_tokens: Duration::from_secs(24 * 3600),
        }
    }
}

impl WorkerPolicy {
    /// The wait before the next try of a mail that failed `attempts` times:
    /// base, 2 x base, 4 x base, ... up to the cap.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let doublings = attempts.saturating_sub(1).clamp(0, 30) as u32;
        self.backoff_base
            .saturating_mul(1_u32 << doublings)
            .min(self.backoff_cap)
    }
}

/// What [`MailWorker::run_once`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No mail was due.
    Idle,
    /// Handed to SMTP; bodies cleared.
    Sent { id: i64 },
    /// Written to the log; bodies kept.
    Logged { id: i64 },
    /// Failed for now; due again at `run_at_ms`.
    Retry {
        id: i64,
        attempts: i32,
        run_at_ms: i64,
    },
    /// Given up (a permanent error, or the last attempt failed).
    Failed { id: i64, attempts: i32 },
    /// Another worker took the mail over while this one was sending (it
    /// was held past the stale limit); its result was left alone.
    Lost { id: i64 },
}

/// How many rows a prune deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub mails: u64,
    pub tokens: u64,
}

/// The longest error text kept in the outbox.
const MAX_ERROR_LEN: usize = 500;

pub struct MailWorker {
    db: Database,
    transport: Arc<dyn MailTransport>,
    policy: WorkerPolicy,
    wake: Arc<Notify>,
    clock: Arc<dyn Clock>,
    id: String,
}

impl MailWorker {
    /// A worker with the default policy and its own id (a UUID, written to
    /// `locked_by`).
    pub fn new(
        db: Database,
        transport: Arc<dyn MailTransport>,
        wake: Arc<Notify>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            db,
            transport,
            policy: WorkerPolicy::default(),
            wake,
            clock,
            id: uuid::Uuid::new_v4().to_string(),
        }
    }

    pub fn with_policy(mut self, policy: WorkerPolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn policy(&self) -> &WorkerPolicy {
        &self.policy
    }

    /// Claims and handles one due mail, if there is one.
    pub async fn run_once(&self) -> Result<Outcome, StoreError> {
        let now = self.clock.now_ms();
        let stale_before = now - millis(self.policy.stale_lock);
        // SQLite: `BEGIN IMMEDIATE`, one claim at a time. PostgreSQL: SKIP
        // LOCKED inside. Committed at once: the send happens outside it.
        let mut tx = self.db.begin().await?;
        let claimed = tx.mail().claim_mail(&self.id, now, stale_before).await?;
        tx.commit().await?;
        let Some(mail) = claimed else {
            return Ok(Outcome::Idle);
        };
        if mail.attempts > self.policy.max_attempts {
            // Taken back from dead workers until out of attempts.
            let error = "gave up: no attempt finished";
            return self.fail(&mail, error).await;
        }
        let result = self.transport.send(&mail).await;
        let now = self.clock.now_ms();
        let mut conn = self.db.conn().await?;
        let store = conn.mail();
        match result {
            Ok(()) if self.transport.keeps_mail() => {
                let held = store.mark_logged(mail.id, &self.id, now).await?;
                Ok(self.held(held, Outcome::Logged { id: mail.id }))
            }
            Ok(()) => {
                let held = store.mark_sent(mail.id, &self.id, now).await?;
                Ok(self.held(held, Outcome::Sent { id: mail.id }))
            }
            Err(e) if e.permanent || mail.attempts >= self.policy.max_attempts => {
                drop(conn);
                self.fail(&mail, &e.message).await
            }
            Err(SendError { message, .. }) => {
                let wait = self.policy.backoff(mail.attempts);
                let run_at_ms = now + millis(wait);
                let held = store
                    .mark_retry(mail.id, &self.id, run_at_ms, clip(&message))
                    .await?;
                tracing::warn!(
                    target: "mail",
                    id = mail.id,
                    kind = %mail.kind,
                    attempts = mail.attempts,
                    retry_in_secs = wait.as_secs(),
                    error = %message,
                    "mail not sent; will retry"
                );
                Ok(self.held(
                    held,
                    Outcome::Retry {
                        id: mail.id,
                        attempts: mail.attempts,
                        run_at_ms,
                    },
                ))
            }
        }
    }

    async fn fail(&self, mail: &OutboxRow, error: &str) -> Result<Outcome, StoreError> {
        let held = self
            .db
            .conn()
            .await?
            .mail()
            .mark_failed(mail.id, &self.id, clip(error))
            .await?;
        tracing::error!(
            target: "mail",
            id = mail.id,
            kind = %mail.kind,
            attempts = mail.attempts,
            error = %error,
            "mail failed; not trying again"
        );
        Ok(self.held(
            held,
            Outcome::Failed {
                id: mail.id,
                attempts: mail.attempts,
            },
        ))
    }

    fn held(&self, held: bool, outcome: Outcome) -> Outcome {
        match outcome {
            Outcome::Sent { id }
            | Outcome::Logged { id }
            | Outcome::Retry { id, .. }
            | Outcome::Failed { id, .. }
                if !held =>
            {
                tracing::warn!(target: "mail", id, "mail was taken over by another worker");
                Outcome::Lost { id }
            }
            outcome => outcome,
        }
    }

    /// Sends every due mail, then sleeps until woken (a commit that queued
    /// mail), the poll interval passes, or `shutdown` resolves. A mail being
    /// sent when `shutdown` comes is finished first.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        tracing::info!(
            target: "mail",
            worker = %self.id,
            to = %self.transport.describe(),
            "mail worker started"
        );
        tokio::pin!(shutdown);
        loop {
            loop {
                // Between mails: stop if asked to, without waiting.
                let stop = tokio::select! {
                    biased;
                    () = &mut shutdown => true,
                    () = std::future::ready(()) => false,
                };
                if stop {
                    return;
                }
                match self.run_once().await {
                    Ok(Outcome::Idle) => break,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(target: "mail", error = ?e, "could not read the outbox");
                        break;
                    }
                }
            }
            tokio::select! {
                () = &mut shutdown => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.policy.poll_interval) => {}
            }
        }
    }

    /// Deletes finished mails past `keep_finished` and tokens expired for
    /// longer than `keep_expired_tokens`.
    pub async fn prune(&self) -> Result<Pruned, StoreError> {
        let now = self.clock.now_ms();
        let mut conn = self.db.conn().await?;
        let mails = conn
            .mail()
            .prune_mail(now - millis(self.policy.keep_finished))
            .await?;
        let tokens = conn
            .tokens()
            .prune_tokens(now - millis(self.policy.keep_expired_tokens))
            .await?;
        Ok(Pruned { mails, tokens })
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

/// At most [`MAX_ERROR_LEN`] bytes, cut on a character boundary.
fn clip(s: &str) -> &str {
    let mut end = s.len().min(MAX_ERROR_LEN);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = WorkerPolicy::default();
        let secs: Vec<u64> = (1..=9).map(|a| p.backoff(a).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(p.backoff(1000).as_secs(), 3600);
        assert_eq!(p.backoff(0).as_secs(), 30);
    }

    #[test]
    fn long_errors_are_clipped_on_a_character() {
        let long = "é".repeat(400);
        let clipped = clip(&long);
        assert!(clipped.len() <= MAX_ERROR_LEN);
        assert!(long.starts_with(clipped));
        assert_eq!(clip("short"), "short");
    }
}
