//! Server functions for authentication: log in and out, the devices list.

use customer_core::dto::{CustomerView, SessionView};
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// Logs in and goes to the account page.
#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<CustomerView, AppError> {
    use customer_core::dto::LoginInput;
    let (services, caller) = ssr::context().await?;
    let customer = services
        .auth
        .log_in(&caller, &LoginInput { email, password })
        .await?;
    leptos_axum::redirect("/account");
    Ok(customer)
}

/// Logs out and goes home.
#[server(prefix = "/api/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    services.auth.log_out(&caller).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The logged-in customer's sessions ("devices").
#[server(prefix = "/api/fn", endpoint = "sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.auth.sessions(&caller).await?)
}

/// Ends one of the customer's sessions; ending this one logs out.
#[server(prefix = "/api/fn", endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    let was_current = services.auth.end_session(&caller, &id).await?;
    leptos_axum::redirect(if was_current {
        "/account/login"
    } else {
        "/account"
    });
    Ok(())
}

/// "Log out other devices".
#[server(prefix = "/api/fn", endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    let (services, caller) = ssr::context().await?;
    let ended = services.auth.end_other_sessions(&caller).await?;
    leptos_axum::redirect("/account");
    Ok(ended)
}
