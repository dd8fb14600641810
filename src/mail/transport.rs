//! How a mail leaves the outbox: one [`MailTransport`] interface, with
//! [`SmtpTransport`] (lettre, async, rustls) when `SMTP_URL` is set and
//! [`LogTransport`] (the server log) when it is not.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

pub use super::smtp_url::{
    SmtpCredentials, SmtpPassword, SmtpSecurity, SmtpSettings, SmtpUrlError,
};
use super::store::OutboxRow;

/// Longest wait for the SMTP server at each step (connect, each command).
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a mail was not handed over. `message` names the problem without any
/// secret (no password, no body, no link): it is logged and stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// Trying again cannot help (a 5xx answer, a malformed address).
    pub permanent: bool,
    pub message: String,
}

impl SendError {
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            permanent: true,
            message: message.into(),
        }
    }

    pub fn transient(message: impl Into<String>) -> Self {
        Self {
            permanent: false,
            message: message.into(),
        }
    }
}

/// Hands one mail from the outbox to the world.
#[async_trait]
pub trait MailTransport: Send + Sync + 'static {
    async fn send(&self, mail: &OutboxRow) -> Result<(), SendError>;

    /// Whether the mail stays only in the outbox (and the log): then it is
    /// marked `logged` with its bodies kept, not `sent` with them cleared.
    fn keeps_mail(&self) -> bool {
        false
    }

    /// For the start-up log line: where mail goes, without secrets.
    fn describe(&self) -> String;
}

/// No SMTP server: each mail is written to the log (target `mail`, level
/// info) with its link, so a developer can click through; the outbox keeps
/// the whole mail.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogTransport;

#[async_trait]
impl MailTransport for LogTransport {
    async fn send(&self, mail: &OutboxRow) -> Result<(), SendError> {
        tracing::info!(
            target: "mail",
            id = mail.id,
            kind = %mail.kind,
            to = %mail.recipient,
            subject = %mail.subject,
            link = mail.link.as_deref().unwrap_or("-"),
            "mail not sent (no SMTP_URL); kept in the outbox"
        );
        Ok(())
    }

    fn keeps_mail(&self) -> bool {
        true
    }

    fn describe(&self) -> String {
        "the server log (no SMTP_URL)".into()
    }
}

/// The sender of every mail (`MAIL_FROM`), like `Shop <no-reply@shop.example>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender(Mailbox);

impl Sender {
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.trim()
            .parse::<Mailbox>()
            .map(Self)
            .map_err(|e| format!("must be an address like \"Shop <no-reply@shop.example>\" ({e})"))
    }

    /// `name <address>`, the name quoted as needed.
    pub fn named(name: &str, address: &str) -> Result<Self, String> {
        let address = address
            .parse()
            .map_err(|e| format!("not an email address ({e})"))?;
        Ok(Self(Mailbox::new(Some(name.to_owned()), address)))
    }
}

impl std::fmt::Display for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// SMTP through lettre: pooled connections, timeouts, STARTTLS or TLS with
/// rustls and the webpki roots.
#[derive(Clone)]
pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    describe: String,
}

impl SmtpTransport {
    pub fn new(settings: &SmtpSettings, from: &Sender) -> Result<Self, SendError> {
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned())
                .map_err(|e| SendError::permanent(format!("TLS set-up failed: {e}")))
        };
        let security = match settings.security {
            SmtpSecurity::Plain => Tls::None,
            SmtpSecurity::StartTls => Tls::Required(tls(&settings.host)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls(&settings.host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            .port(settings.port)
            .tls(security)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(c) = &settings.credentials {
            builder = builder.credentials(Credentials::new(
                c.user.clone(),
                c.password.expose().to_owned(),
            ));
        }
        Ok(Self {
            inner: builder.build(),
            from: from.0.clone(),
            describe: settings.to_string(),
        })
    }

    /// The mail as lettre builds it: multipart/alternative, text then HTML.
    fn message(&self, mail: &OutboxRow) -> Result<lettre::Message, SendError> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|_| SendError::permanent("the recipient is not a valid address"))?;
        lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(mail.body_text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(mail.body_html.clone()),
                    ),
            )
            .map_err(|e| SendError::permanent(format!("could not build the mail: {e}")))
    }
}

#[async_trait]
impl MailTransport for SmtpTransport {
    async fn send(&self, mail: &OutboxRow) -> Result<(), SendError> {
        let message = self.message(mail)?;
        // The per-step timeouts bound each command; this bounds the whole.
        match tokio::time::timeout(SMTP_TIMEOUT * 6, self.inner.send(message)).await {
            Err(_) => Err(SendError::transient("the SMTP server took too long")),
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(SendError::permanent(format!(
                "refused by the SMTP server: {e}"
            ))),
            Ok(Err(e)) => Err(SendError::transient(format!("SMTP failed: {e}"))),
        }
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}

impl std::fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("server", &self.describe)
            .field("from", &self.from.to_string())
            .finish()
    }
}
