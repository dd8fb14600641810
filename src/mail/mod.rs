//! Mail: what the shop sends its customers, written to an outbox in the
//! same transaction as the change that causes it and delivered by a
//! background worker.
//!
//! - [`Message`]: what a mail says (its kind and the facts it needs);
//!   [`render`] turns it into a subject, plain text and HTML in the shop's
//!   look (`templates.rs`).
//! - [`queue`]: renders and writes a mail to the outbox through a unit of
//!   work (`tx.mail()`), so a change that fails leaves no mail behind.
//! - `store/`: the outbox, one implementation per backend.
//! - [`transport`]: how a mail leaves (SMTP through lettre, or the log when
//!   there is no `SMTP_URL`), and `SMTP_URL` itself.
//! - [`worker`]: the background worker that claims due mails, sends them,
//!   retries with backoff and gives up after the last attempt.

mod smtp_url;
mod templates;

pub mod store;
pub mod transport;
pub mod worker;

pub use templates::{render, Rendered};
pub use transport::{LogTransport, MailTransport, SendError, Sender, SmtpSettings, SmtpTransport};
pub use worker::{MailWorker, Outcome, WorkerPolicy};

use crate::db::{StoreError, Tx};
use store::OutboxRecord;

/// Who the shop is, for mails: its name and the address every link starts
/// with (`APP_BASE_URL`, never the request's Host header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopInfo {
    pub name: String,
    /// Without a trailing slash, e.g. `https://shop.example.com`.
    pub base_url: String,
}

impl Default for ShopInfo {
    fn default() -> Self {
        Self {
            name: "Shop".into(),
            base_url: "http://127.0.0.1:3000".into(),
        }
    }
}

impl ShopInfo {
    /// `{base_url}{path}?token={token}`. Tokens are URL-safe base64.
    pub fn token_link(&self, path: &str, token: &str) -> String {
        format!(
            "{}{path}?token={token}",
            self.base_url.trim_end_matches('/')
        )
    }

    /// `{base_url}{path}`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.trim_end_matches('/'))
    }
}

/// Mail settings the services need: the shop, and how to wake the worker
/// after a commit that queued mail (it also polls).
#[derive(Clone, Default)]
pub struct MailSettings {
    pub shop: ShopInfo,
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}

/// Every mail the shop sends, with the facts it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// After registration (or on request): confirm this address.
    VerifyEmail {
        first_name: String,
        link: String,
        valid_for_hours: i64,
    },
    /// Once the address is verified (or at registration when verification
    /// is off).
    Welcome { first_name: String },
    /// "Forgot password": a link to choose a new one.
    ResetPassword {
        first_name: String,
        link: String,
        valid_for_mins: i64,
    },
    /// After a reset or a change: if it was not you, reset it.
    PasswordChanged { first_name: String },
    /// A customer created by staff: choose a password to start (the link is
    /// a single-use reset token with a longer life).
    Invitation {
        first_name: String,
        link: String,
        valid_for_days: i64,
    },
    /// To the new address: confirm the change.
    ConfirmEmailChange {
        first_name: String,
        new_email: String,
        link: String,
        valid_for_mins: i64,
    },
    /// To the old address: the email is being changed to `new_email`.
    EmailChanging {
        first_name: String,
        new_email: String,
    },
    /// To the order's email once it is placed: what was ordered, the
    /// totals, where it goes; `link` to the order in the account, for an
    /// order that belongs to one.
    OrderPlaced {
        first_name: String,
        number: String,
        /// "2 x Larkspur breakfast tea, 500 g: $36.00", then the totals.
        lines: Vec<String>,
        ship_to: String,
        link: Option<String>,
    },
}

impl Message {
    /// The kind, as stored in the outbox.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::VerifyEmail { .. } => "verify_email",
            Self::Welcome { .. } => "welcome",
            Self::ResetPassword { .. } => "reset_password",
            Self::PasswordChanged { .. } => "password_changed",
            Self::Invitation { .. } => "invitation",
            Self::ConfirmEmailChange { .. } => "confirm_email_change",
            Self::EmailChanging { .. } => "email_changing",
            Self::OrderPlaced { .. } => "order_placed",
        }
    }

    /// The link the mail carries, if any (printed in the server log when no
    /// SMTP server is configured).
    pub fn link(&self) -> Option<&str> {
        match self {
            Self::VerifyEmail { link, .. }
            | Self::ResetPassword { link, .. }
            | Self::Invitation { link, .. }
            | Self::ConfirmEmailChange { link, .. } => Some(link),
            Self::OrderPlaced { link, .. } => link.as_deref(),
            _ => None,
        }
    }
}

/// Renders `message` and writes it to the outbox through `tx`: it is sent
/// only if `tx` commits.
pub async fn queue(
    tx: &mut Tx,
    shop: &ShopInfo,
    to: &str,
    message: &Message,
    now_ms: i64,
) -> Result<(), StoreError> {
    let rendered = render(message, shop);
    tx.mail()
        .enqueue(&OutboxRecord {
            kind: message.kind().to_owned(),
            recipient: to.to_owned(),
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: rendered.html,
            link: message.link().map(str::to_owned),
            now_ms,
        })
        .await
}
