//! Mail settings: where mail goes (`SMTP_URL`, `MAIL_FROM`), who the shop
//! is in its mails (`SHOP_NAME`), how hard the worker tries, how long
//! emailed links work, whether an address must be verified, and how many
//! mails a customer may ask for.

use customer_core::auth::policy::SecurityPolicy;
use customer_core::emails::VerificationMode;
use customer_core::mail::transport::{Sender, SmtpSettings};
use customer_core::mail::WorkerPolicy;
use customer_core::tokens::TokenLifetimes;

use super::{bounded, ConfigError};

/// What `MAIL_FROM` is without it: the shop's name at a local address.
pub const DEFAULT_FROM_ADDRESS: &str = "no-reply@localhost";

#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `SMTP_URL`; `None` keeps mails in the outbox and logs their links.
    /// Its `Debug` and `Display` never show the password.
    pub smtp: Option<SmtpSettings>,
    /// `MAIL_FROM`.
    pub from: Sender,
    /// `SHOP_NAME`, in every mail's header, subject and signature.
    pub shop_name: String,
    /// `MAIL_MAX_ATTEMPTS`: tries before a mail is marked failed.
    pub max_attempts: i32,
    /// `EMAIL_VERIFICATION`.
    pub email_verification: VerificationMode,
    /// `RESET_TOKEN_TTL_SECS`, `VERIFY_TOKEN_TTL_SECS`,
    /// `EMAIL_CHANGE_TOKEN_TTL_SECS`.
    pub tokens: TokenLifetimes,
    /// `MAIL_MAX_PER_ADDRESS`: mails asked for per address per hour.
    pub max_per_address: i64,
    /// `MAIL_MAX_PER_IP`: mails asked for per client network per hour.
    pub max_per_ip: i64,
    /// `MAIL_ANSWER_FLOOR_MS`.
    pub answer_floor_ms: u64,
}

/// Longest token lifetime accepted: 30 days.
const MAX_TOKEN_SECS: u64 = 30 * 24 * 3600;

impl MailConfig {
    pub(super) fn from_lookup(
        var: &impl Fn(&'static str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let number = |name: &'static str, default: u64, min: u64, max: u64, unit: &str| {
            var(name).map_or(Ok(default), |raw| bounded(name, &raw, min, max, unit))
        };
        let smtp = match var("SMTP_URL") {
            None => None,
            Some(raw) => Some(SmtpSettings::parse(&raw).map_err(|e| ConfigError {
                var: "SMTP_URL",
                // Never the value: it may hold a password.
                message: e.to_string(),
            })?),
        };
        let shop_name = var("SHOP_NAME")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| "Shop".into());
        if shop_name.chars().count() > 100 || shop_name.chars().any(char::is_control) {
            return Err(ConfigError {
                var: "SHOP_NAME",
                message: "must be one line of at most 100 characters".into(),
            });
        }
        let from = match var("MAIL_FROM") {
            Some(raw) => Sender::parse(&raw).map_err(|message| ConfigError {
                var: "MAIL_FROM",
                message: format!("{message} (got {raw:?})"),
            })?,
            None => {
                Sender::named(&shop_name, DEFAULT_FROM_ADDRESS).map_err(|message| ConfigError {
                    var: "SHOP_NAME",
                    message: format!("cannot name the default sender: {message}"),
                })?
            }
        };
        let email_verification = match var("EMAIL_VERIFICATION") {
            None => VerificationMode::default(),
            Some(raw) => VerificationMode::parse(raw.trim().to_ascii_lowercase().as_str())
                .ok_or_else(|| ConfigError {
                    var: "EMAIL_VERIFICATION",
                    message: format!("must be required, optional or off (got {raw:?})"),
                })?,
        };
        let d = TokenLifetimes::default();
        let ttl = |name, default: i64| {
            number(name, default.unsigned_abs(), 60, MAX_TOKEN_SECS, "seconds").map(|v| v as i64)
        };
        let tokens = TokenLifetimes {
            reset_secs: ttl("RESET_TOKEN_TTL_SECS", d.reset_secs)?,
            verify_secs: ttl("VERIFY_TOKEN_TTL_SECS", d.verify_secs)?,
            change_email_secs: ttl("EMAIL_CHANGE_TOKEN_TTL_SECS", d.change_email_secs)?,
        };
        let policy = SecurityPolicy::default();
        let max_attempts = number(
            "MAIL_MAX_ATTEMPTS",
            WorkerPolicy::default().max_attempts.unsigned_abs().into(),
            1,
            50,
            "attempts",
        )? as i32;
        let max_per_address = number(
            "MAIL_MAX_PER_ADDRESS",
            policy.mail_account.max_failures.unsigned_abs(),
            1,
            1000,
            "mails",
        )? as i64;
        let max_per_ip = number(
            "MAIL_MAX_PER_IP",
            policy.mail_ip.max_failures.unsigned_abs(),
            1,
            1_000_000,
            "mails",
        )? as i64;
        let answer_floor_ms = number(
            "MAIL_ANSWER_FLOOR_MS",
            policy.mail_answer_floor_ms,
            0,
            10_000,
            "milliseconds",
        )?;
        Ok(Self {
            smtp,
            from,
            shop_name,
            max_attempts,
            email_verification,
            tokens,
            max_per_address,
            max_per_ip,
            answer_floor_ms,
        })
    }

    /// Writes these settings into the services' policy.
    pub fn apply(&self, policy: &mut SecurityPolicy) {
        policy.mail_account.max_failures = self.max_per_address;
        policy.mail_ip.max_failures = self.max_per_ip;
        policy.tokens = self.tokens;
        policy.email_verification = self.email_verification;
        policy.mail_answer_floor_ms = self.answer_floor_ms;
    }

    /// The worker's policy: the defaults with `MAIL_MAX_ATTEMPTS`.
    pub fn worker_policy(&self) -> WorkerPolicy {
        WorkerPolicy {
            max_attempts: self.max_attempts,
            ..WorkerPolicy::default()
        }
    }
}

/// `APP_BASE_URL`, every emailed link's start: http(s), a host, no query
/// or fragment; without a trailing slash.
pub(super) fn base_url(raw: &str) -> Result<String, ConfigError> {
    let url = raw.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !rest.contains(['?', '#'])
                && !rest.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(url.to_string())
        }
        _ => Err(ConfigError {
            var: "APP_BASE_URL",
            message: format!(
                "must be an http:// or https:// URL with a host and no query, like https://shop.example.com (got {raw:?})"
            ),
        }),
    }
}
