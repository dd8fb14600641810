//! Server functions for the customer's email address: verifying it,
//! sending the verification link again, and changing it with a
//! confirmation sent to the new address.

use customer_core::emails::dto::EmailStatusView;
use customer_core::passwords::dto::NoticeView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// The page a verification mail links to (`?token=...`).
pub const VERIFY_EMAIL_PATH: &str = "/account/verify-email";
/// The page an email-change confirmation links to (`?token=...`).
pub const CONFIRM_EMAIL_PATH: &str = "/account/confirm-email";
/// "Send the verification link again", for a customer who is logged out.
pub const RESEND_VERIFICATION_PATH: &str = "/account/resend-verification";

/// Whether the shop verifies email addresses at all (`EMAIL_VERIFICATION`
/// is not `off`): the dashboard's banner asks for it only then.
#[server(prefix = "/api/fn", endpoint = "email_verification_on")]
pub async fn email_verification_on() -> Result<bool, AppError> {
    use customer_core::emails::VerificationMode;
    let (services, _caller) = ssr::context().await?;
    Ok(services.emails.mode() != VerificationMode::Off)
}

/// Marks the address verified with the token from the mail. Posted by the
/// page's button, never done on GET (mail scanners open links).
#[server(prefix = "/api/fn", endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<EmailStatusView, AppError> {
    use customer_core::emails::dto::TokenInput;
    let (services, caller) = ssr::context().await?;
    let page = ssr::token_page(VERIFY_EMAIL_PATH, &token);
    let result = services.emails.verify(&caller, &TokenInput { token }).await;
    let status = ssr::back_on_error::<VerifyEmail, _>(result.map_err(Into::into), &page)?;
    leptos_axum::redirect(&format!("{VERIFY_EMAIL_PATH}?done=1"));
    Ok(status)
}

/// Completes a change of email with the token sent to the new address.
#[server(prefix = "/api/fn", endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<EmailStatusView, AppError> {
    use customer_core::emails::dto::TokenInput;
    let (services, caller) = ssr::context().await?;
    let page = ssr::token_page(CONFIRM_EMAIL_PATH, &token);
    let result = services
        .emails
        .confirm(&caller, &TokenInput { token })
        .await;
    let status = ssr::back_on_error::<ConfirmEmail, _>(result.map_err(Into::into), &page)?;
    leptos_axum::redirect(&format!("{CONFIRM_EMAIL_PATH}?done=1"));
    Ok(status)
}

/// Sends the verification link again: to the logged-in customer (the
/// dashboard's banner, no email posted), or to the address given (logged
/// out; the same answer whatever it is).
#[server(prefix = "/api/fn", endpoint = "resend_verification")]
pub async fn resend_verification(email: Option<String>) -> Result<NoticeView, AppError> {
    use customer_core::emails::dto::ResendVerificationInput;
    let (services, caller) = ssr::context().await?;
    let logged_in = caller.customer().is_some();
    let input = ResendVerificationInput { email };
    let notice = services.emails.resend_verification(&caller, &input).await?;
    leptos_axum::redirect(if logged_in {
        "/account?saved=verification"
    } else {
        "/account/resend-verification?sent=1"
    });
    Ok(notice)
}

/// Starts a change of email: a confirmation link goes to the new address,
/// a notice to the current one; nothing changes until the link is opened.
#[server(prefix = "/api/fn", endpoint = "change_email")]
pub async fn change_email(
    new_email: String,
    current_password: String,
) -> Result<NoticeView, AppError> {
    use customer_core::emails::dto::ChangeEmailInput;
    let (services, caller) = ssr::context().await?;
    let input = ChangeEmailInput {
        new_email,
        current_password,
    };
    let notice = services.emails.change(&caller, &input).await?;
    leptos_axum::redirect("/account?saved=email");
    Ok(notice)
}
