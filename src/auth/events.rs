//! Security events: one structured log line each, under the target
//! `security`, with the account's public id when it is known, the client's
//! IP and a reason. Never a password, token, session id, hash or email
//! address. The reason a login failed is told only here: the client always
//! gets the same answer.

use std::fmt;

use crate::caller::Caller;

/// The client's IP, or `unknown`.
struct Ip(Option<std::net::IpAddr>);

impl fmt::Display for Ip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ip) => write!(f, "{ip}"),
            None => f.write_str("unknown"),
        }
    }
}

fn ip(caller: &Caller) -> Ip {
    Ip(caller.client().ip)
}

/// Why a login failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginFailure {
    UnknownEmail,
    WrongPassword,
    Disabled,
    /// Right password, but the email is not verified and verification is
    /// required.
    Unverified,
}

impl LoginFailure {
    fn as_str(self) -> &'static str {
        match self {
            Self::UnknownEmail => "unknown_email",
            Self::WrongPassword => "wrong_password",
            Self::Disabled => "disabled",
            Self::Unverified => "unverified",
        }
    }
}

pub(crate) fn login_failed(caller: &Caller, customer: Option<&str>, reason: LoginFailure) {
    tracing::info!(
        target: "security",
        customer = customer.unwrap_or("-"),
        ip = %ip(caller),
        reason = reason.as_str(),
        "login failed"
    );
}

/// `reason`: why the attempt was refused before bcrypt ran (`cooldown`:
/// the account or the client IP is in a cooldown).
pub(crate) fn login_throttled(caller: &Caller, reason: &str, retry_after_secs: u64) {
    tracing::warn!(
        target: "security",
        ip = %ip(caller),
        reason,
        retry_after_secs,
        "login throttled"
    );
}

pub(crate) fn logged_out(caller: &Caller) {
    let customer = caller.customer().map(|me| me.customer.public_id.as_str());
    tracing::info!(
        target: "security",
        customer = customer.unwrap_or("-"),
        ip = %ip(caller),
        "logged out"
    );
}

/// `reason`: `end_one` (one device, `current` when it was the caller's own)
/// or `end_others`; `count` sessions ended.
pub(crate) fn session_revoked(caller: &Caller, reason: &str, current: bool, count: u64) {
    let customer = caller.customer().map(|me| me.customer.public_id.as_str());
    tracing::info!(
        target: "security",
        customer = customer.unwrap_or("-"),
        ip = %ip(caller),
        reason,
        current,
        count,
        "session revoked"
    );
}

/// `reason`: `email_taken` or `invalid_input` (with the fields' names).
pub(crate) fn registration_refused(caller: &Caller, reason: &str, fields: &str) {
    tracing::info!(
        target: "security",
        ip = %ip(caller),
        reason,
        fields,
        "registration refused"
    );
}

/// A mail-driven account change: `action` is `password_reset_requested`,
/// `password_reset`, `password_changed`, `email_verified`,
/// `email_change_requested` or `email_changed`; `customer` when known.
pub(crate) fn account_event(caller: &Caller, customer: Option<&str>, action: &str) {
    tracing::info!(
        target: "security",
        customer = customer.unwrap_or("-"),
        ip = %ip(caller),
        action,
        "account change"
    );
}
