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
}

pub(crate) const OUTBOX_COLUMNS: &str = "id, kind, recipient, subject, body_text, body_html, \
    link, state, attempts, run_at_ms, created_at_ms, sent_at_ms, last_error";

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
}
