//! Server functions: the UI's interface to the services. Each one takes the
//! form fields, calls one service method with the caller's session, and on
//! success redirects (so plain form posts work without JavaScript).

use customer_core::dto::CustomerView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod ssr {
    use customer_core::service::CustomerService;
    use customer_core::session::AuthSession;
    use customer_core::AppError;
    use leptos::prelude::*;

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
    let customer = service.register(&session, &input).await?;
    leptos_axum::redirect("/account");
    Ok(customer)
}

/// Logs in and goes to the account page.
#[server(prefix = "/api/fn", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<CustomerView, AppError> {
    use customer_core::dto::LoginInput;
    let (service, session) = ssr::context().await?;
    let customer = service
        .log_in(&session, &LoginInput { email, password })
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
