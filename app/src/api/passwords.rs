//! Server functions for passwords: "forgot password", the reset by emailed
//! link, and the change while logged in.

use customer_core::passwords::dto::NoticeView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// The "forgot password" page.
pub const FORGOT_PASSWORD_PATH: &str = "/account/forgot-password";
/// The page a reset mail links to (`?token=...`).
pub const RESET_PASSWORD_PATH: &str = "/account/reset-password";

/// Mails a reset link if the email has an account; the answer is the same
/// either way. Without JavaScript the page comes back with `?sent=1`.
#[server(prefix = "/api/fn", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<NoticeView, AppError> {
    use customer_core::passwords::dto::ForgotPasswordInput;
    let (services, caller) = ssr::context().await?;
    let notice = services
        .passwords
        .forgot(&caller, &ForgotPasswordInput { email })
        .await?;
    leptos_axum::redirect(&format!("{FORGOT_PASSWORD_PATH}?sent=1"));
    Ok(notice)
}

/// Sets a new password with the token from the mail, then goes to the login
/// page (a reset ends every session and does not log in).
#[server(prefix = "/api/fn", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<NoticeView, AppError> {
    use customer_core::passwords::dto::ResetPasswordInput;
    let (services, caller) = ssr::context().await?;
    let page = ssr::token_page(RESET_PASSWORD_PATH, &token);
    let input = ResetPasswordInput { token, password };
    let result = services.passwords.reset(&caller, &input).await;
    let notice = ssr::back_on_error::<ResetPassword, _>(result.map_err(Into::into), &page)?;
    leptos_axum::redirect("/account/login?notice=password_reset");
    Ok(notice)
}

/// The logged-in customer's new password: other devices are logged out,
/// this one stays logged in.
#[server(prefix = "/api/fn", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<NoticeView, AppError> {
    use customer_core::passwords::dto::ChangePasswordInput;
    let (services, caller) = ssr::context().await?;
    let input = ChangePasswordInput {
        current_password,
        new_password,
    };
    let notice = services.passwords.change(&caller, &input).await?;
    leptos_axum::redirect("/account?saved=password");
    Ok(notice)
}
