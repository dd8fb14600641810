//! Password recovery and change: wire types.

use serde::{Deserialize, Serialize};

/// "Forgot password": where to send the link.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordInput {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, format = Email, example = "ann@example.com")
    )]
    pub email: String,
}

/// A new password, with the token from the reset mail.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 128))]
    pub token: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, format = Password, example = "correct horse battery staple")
    )]
    pub password: String,
}

impl std::fmt::Debug for ResetPasswordInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResetPasswordInput")
            .field("token", &"<redacted>")
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A logged-in customer changing their password.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Password))]
    pub current_password: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, format = Password, example = "correct horse battery staple")
    )]
    pub new_password: String,
}

impl std::fmt::Debug for ChangePasswordInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangePasswordInput")
            .field("current_password", &"<redacted>")
            .field("new_password", &"<redacted>")
            .finish()
    }
}

/// What happened, in words for the customer (the same words whatever the
/// email was, where an answer must not tell whether an account exists).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeView {
    pub message: String,
}

/// The one answer to "forgot password", whatever the email.
pub const RESET_LINK_SENT: &str = "If an account exists for that email, we have sent it a link to choose a new password. The link works for an hour.";
/// After a reset.
pub const PASSWORD_RESET_DONE: &str =
    "Your password has been changed. Log in with your new password.";
/// After a change while logged in.
pub const PASSWORD_CHANGED: &str =
    "Your password has been changed. Every other device has been logged out.";
