//! The customer's email address: verifying it, and changing it with a
//! confirmation sent to the new address.
//!
//! - `dto` (always, WASM too): the inputs and answers.
//! - behind `server`: [`EmailService`], and [`VerificationMode`]
//!   (`EMAIL_VERIFICATION`).

pub mod dto;

#[cfg(feature = "server")]
mod service;

#[cfg(feature = "server")]
pub(crate) use service::queue_verification;
#[cfg(feature = "server")]
pub use service::{EmailService, SAME_EMAIL};

/// Whether an unverified customer can log in (`EMAIL_VERIFICATION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerificationMode {
    /// Verification mails go out; logging in needs a verified address.
    Required,
    /// Verification mails go out; unverified customers can log in.
    #[default]
    Optional,
    /// No verification mails (a welcome mail instead).
    Off,
}

impl VerificationMode {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "required" => Some(Self::Required),
            "optional" => Some(Self::Optional),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}
