//! The customer's email address: verification and change. Wire types.

use serde::{Deserialize, Serialize};

/// A token from a mail's link.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 128))]
    pub token: String,
}

impl std::fmt::Debug for TokenInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInput")
            .field("token", &"<redacted>")
            .finish()
    }
}

/// "Send the verification mail again": the logged-in customer's own
/// address, or (logged out, for example when verification is required
/// before logging in) the address given.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResendVerificationInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Email, example = "ann@example.com"))]
    pub email: Option<String>,
}

/// A logged-in customer asking to change their email address.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailInput {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, format = Email, example = "ann.new@example.com")
    )]
    pub new_email: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Password))]
    pub current_password: String,
}

impl std::fmt::Debug for ChangeEmailInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeEmailInput")
            .field("new_email", &self.new_email)
            .field("current_password", &"<redacted>")
            .finish()
    }
}

/// The address a verification or change confirmed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailStatusView {
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    pub email_verified: bool,
}

/// The one answer to "send the verification mail again" when logged out.
pub const VERIFICATION_SENT_IF: &str =
    "If that address belongs to an account that still needs verifying, we have sent it a new link.";
/// The answer when logged in.
pub const VERIFICATION_SENT: &str =
    "We have sent you a new verification link. It works for 48 hours.";
/// The answer when there is nothing to verify.
pub const ALREADY_VERIFIED: &str = "Your email address is already verified.";
/// The answer to a change request.
pub const CONFIRM_NEW_EMAIL_SENT: &str = "We have sent a link to your new address. Your email changes when you open it; until then, keep using the current one.";
