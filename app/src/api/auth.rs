//! Server functions for authentication: log in and out, the devices list.

use customer_core::dto::{CustomerView, SessionView};
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// Where to go after logging in: `next` when it is a path of this shop
/// (`/wholesale`), the account page otherwise (an absolute or
/// protocol-relative URL would send the customer elsewhere).
pub fn after_login(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && path.len() <= 512
                && !path.chars().any(|c| c.is_control() || c == '\\') =>
        {
            path
        }
        _ => "/account",
    }
}

/// Logs in and goes to `next` (a page of the shop that asked the customer
/// to log in), or to the account page.
#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<CustomerView, AppError> {
    use customer_core::dto::LoginInput;
    let (services, caller) = ssr::context().await?;
    let customer = services
        .auth
        .log_in(&caller, &LoginInput { email, password })
        .await?;
    leptos_axum::redirect(after_login(next.as_deref()));
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

#[cfg(test)]
mod tests {
    use super::after_login;

    #[test]
    fn only_paths_of_this_shop_are_followed_after_login() {
        assert_eq!(after_login(Some("/wholesale")), "/wholesale");
        assert_eq!(
            after_login(Some("/account/addresses?x=1")),
            "/account/addresses?x=1"
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/a\\b",
            "wholesale",
            "/a\nb",
            "",
        ] {
            assert_eq!(after_login(Some(bad)), "/account", "{bad:?}");
        }
        assert_eq!(after_login(None), "/account");
    }
}
