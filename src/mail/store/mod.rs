//! The mail outbox: the trait each backend implements for its unit of work
//! (`sqlite.rs`, `postgres.rs`), and its rows. Times are Unix milliseconds.

use async_trait::async_trait;

use crate::db::StoreError;

mod postgres;
mod sqlite;

/// A mail to write to the outbox.
#[derive(Debug, Clone)]
pub struct OutboxRecord {
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub link: Option<String>,
    pub now_ms: i64,
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub link: Option<String>,
    pub state: String,
    pub attempts: i32,
    pub run_at_ms: i64,
    pub created_at_ms: i64,
    pub sent_at_ms: Option<i64>,
    pub last_error: Option<String>,
    /// The worker sending it (state `sending`), or the last one that did.
    pub locked_by: Option<String>,
    pub locked_at_ms: Option<i64>,
}

pub(crate) const OUTBOX_COLUMNS: &str = "id, kind, recipient, subject, body_text, body_html, \
    link, state, attempts, run_at_ms, created_at_ms, sent_at_ms, last_error, locked_by, \
    locked_at_ms";

/// Which mails a claim may take: due and ready, or stuck in `sending`
/// since before `$3` (a worker that died mid-send). Oldest due first.
/// Each backend wraps it in its own claim (`sqlite.rs`, `postgres.rs`).
pub(crate) const OUTBOX_DUE: &str = "SELECT id FROM mail_outbox
    WHERE (state = 'ready' AND run_at_ms <= $2)
       OR (state = 'sending' AND locked_at_ms < $3)
    ORDER BY run_at_ms, id
    LIMIT 1";

/// The marks below change a mail only while `$2` (the worker) holds it, so
/// a worker that lost a stale mail to another cannot overwrite its result.
const HELD: &str = "WHERE id = $1 AND locked_by = $2 AND state = 'sending'";

/// Handed to SMTP: the bodies and link (a token link) are not kept.
pub(crate) fn mark_sent_sql() -> String {
    format!(
        "UPDATE mail_outbox SET state = 'sent', sent_at_ms = $3, body_text = '', \
         body_html = '', link = NULL, last_error = NULL {HELD}"
    )
}

/// Written to the log (no SMTP server): bodies kept for the developer.
pub(crate) fn mark_logged_sql() -> String {
    format!("UPDATE mail_outbox SET state = 'logged', sent_at_ms = $3, last_error = NULL {HELD}")
}

pub(crate) fn mark_retry_sql() -> String {
    format!(
        "UPDATE mail_outbox SET state = 'ready', run_at_ms = $3, last_error = $4, \
         locked_at_ms = NULL {HELD}"
    )
}

/// Given up: the bodies and link are not kept either.
pub(crate) fn mark_failed_sql() -> String {
    format!(
        "UPDATE mail_outbox SET state = 'failed', last_error = $3, body_text = '', \
         body_html = '', link = NULL, locked_at_ms = NULL {HELD}"
    )
}

pub(crate) const OUTBOX_PRUNE: &str = "DELETE FROM mail_outbox
    WHERE state IN ('sent', 'logged', 'failed') AND created_at_ms < $1";

pub(crate) const OUTBOX_INSERT: &str = "INSERT INTO mail_outbox
        (kind, recipient, subject, body_text, body_html, link, state, attempts, run_at_ms, created_at_ms)
    VALUES ($1, $2, $3, $4, $5, $6, 'ready', 0, $7, $7)";

#[async_trait]
pub trait MailStore {
    /// Adds a mail, ready to send at once.
    async fn enqueue(&mut self, mail: &OutboxRecord) -> Result<(), StoreError>;
    /// The mails to `recipient`, oldest first (tests, and the developer's
    /// view of what was sent).
    async fn outbox_for(&mut self, recipient: &str) -> Result<Vec<OutboxRow>, StoreError>;
    /// Takes the next due mail for `worker` (ready and due at `now_ms`, or
    /// left in `sending` since before `stale_before_ms`): marks it
    /// `sending`, locked by `worker` at `now_ms`, one attempt more, in one
    /// statement. Two workers never take the same mail (PostgreSQL: `FOR
    /// UPDATE SKIP LOCKED`; SQLite: call it inside `Database::begin`,
    /// whose `BEGIN IMMEDIATE` lets one writer in at a time).
    async fn claim_mail(
        &mut self,
        worker: &str,
        now_ms: i64,
        stale_before_ms: i64,
    ) -> Result<Option<OutboxRow>, StoreError>;
    /// Handed to SMTP: state `sent`, bodies and link cleared. Each mark
    /// returns false (and changes nothing) unless `worker` holds the mail.
    async fn mark_sent(&mut self, id: i64, worker: &str, now_ms: i64) -> Result<bool, StoreError>;
    /// Written to the log instead: state `logged`, bodies kept.
    async fn mark_logged(&mut self, id: i64, worker: &str, now_ms: i64)
        -> Result<bool, StoreError>;
    /// Back to `ready`, due again at `run_at_ms`.
    async fn mark_retry(
        &mut self,
        id: i64,
        worker: &str,
        run_at_ms: i64,
        error: &str,
    ) -> Result<bool, StoreError>;
    /// Given up: state `failed`, bodies and link cleared.
    async fn mark_failed(&mut self, id: i64, worker: &str, error: &str)
        -> Result<bool, StoreError>;
    /// Deletes finished mails (sent, logged, failed) created before
    /// `before_ms`; returns how many.
    async fn prune_mail(&mut self, before_ms: i64) -> Result<u64, StoreError>;
}
