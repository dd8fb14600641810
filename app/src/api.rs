//! Server functions: the UI's interface to the services. Each one takes the
//! form fields, calls one service method with the caller's session, and on
//! success redirects (so plain form posts work without JavaScript).

use customer_core::dto::{CustomerView, SessionView};
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod ssr {
    use customer_core::service::CustomerService;
    use customer_core::session::AuthSession;
    use customer_core::AppError;
    use leptos::prelude::*;

    /// Who is calling (IP and user agent), as the server worked it out.
    pub async fn client() -> Result<customer_core::security::ClientInfo, AppError> {
        leptos_axum::extract::<axum::Extension<customer_core::security::ClientInfo>>()
            .await
            .map(|axum::Extension(c)| c)
            .map_err(|e| {
                tracing::error!(error = ?e, "client info missing from the request");
                AppError::internal()
            })
    }

    /// The services and the caller's session, from the request context.
    pub async fn context() -> Result<(CustomerService, AuthSession), AppError> {
        let service = use_context::<CustomerService>().ok_or_else(|| {
            tracing::error!("CustomerService missing from the Leptos context");
            AppError::internal()
        })?;
        let session = leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|e| {
                tracing::error!(error = ?e, "session missing from the request");
                AppError::internal()
            })?;
        Ok((service, AuthSession::new(session)))
    }
}

/// The logged-in customer, or `None`.
#[server(prefix = "/api/fn", endpoint = "current_customer")]
pub async fn current_customer() -> Result<Option<CustomerView>, AppError> {
    let (service, session) = ssr::context().await?;
    Ok(service.current(&session).await?)
}

/// Creates an account, logs the customer in and goes to their account page.
#[server(prefix = "/api/fn", endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
) -> Result<CustomerView, AppError> {
    use customer_core::dto::RegisterInput;
    let (service, session) = ssr::context().await?;
    let input = RegisterInput {
        email,
        password,
        first_name,
        last_name,
        phone,
    };
    let client = ssr::client().await?;
    let customer = service.register(&session, &client, &input).await?;
    leptos_axum::redirect("/account");
    Ok(customer)
}

/// Logs in and goes to the account page.
#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<CustomerView, AppError> {
    use customer_core::dto::LoginInput;
    let (service, session) = ssr::context().await?;
    let client = ssr::client().await?;
    let customer = service
        .log_in(&session, &client, &LoginInput { email, password })
        .await?;
    leptos_axum::redirect("/account");
    Ok(customer)
}

/// Logs out and goes home.
#[server(prefix = "/api/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (service, session) = ssr::context().await?;
    service.log_out(&session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The logged-in customer's sessions ("devices").
#[server(prefix = "/api/fn", endpoint = "sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    let (service, session) = ssr::context().await?;
    Ok(service.sessions(&session).await?)
}

/// Ends one of the customer's sessions; ending this one logs out.
#[server(prefix = "/api/fn", endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    let (service, session) = ssr::context().await?;
    service.end_session(&session, &id).await?;
    if service.current(&session).await?.is_none() {
        leptos_axum::redirect("/account/login");
    } else {
        leptos_axum::redirect("/account");
    }
    Ok(())
}

/// "Log out other devices".
#[server(prefix = "/api/fn", endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    let (service, session) = ssr::context().await?;
    let ended = service.end_other_sessions(&session).await?;
    leptos_axum::redirect("/account");
    Ok(ended)
}

/// Changes the customer's own name and phone. An empty phone removes it.
#[server(prefix = "/api/fn", endpoint = "update_profile")]
pub async fn update_profile(
    id: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
) -> Result<CustomerView, AppError> {
    use customer_core::dto::ProfileInput;
    let (service, session) = ssr::context().await?;
    let input = ProfileInput {
        first_name: Some(first_name),
        last_name: Some(last_name),
        phone: Some(phone),
    };
    let customer = service.update_profile(&session, &id, &input).await?;
    leptos_axum::redirect("/account?saved=profile");
    Ok(customer)
}
