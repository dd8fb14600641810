//! Server functions for the customer resource.

use customer_core::dto::CustomerView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// The logged-in customer, or `None`.
#[server(prefix = "/api/fn", endpoint = "current_customer")]
pub async fn current_customer() -> Result<Option<CustomerView>, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.customers.current(&caller).await?)
}

/// Creates an account, logs the customer in and goes to their account page;
/// when the shop requires a verified email first, it does not log in and
/// goes to the login page, which asks the customer to check their inbox.
#[server(prefix = "/api/fn", endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
) -> Result<CustomerView, AppError> {
    use customer_core::dto::RegisterInput;
    use customer_core::emails::VerificationMode;
    let (services, caller) = ssr::context().await?;
    let input = RegisterInput {
        email,
        password,
        first_name,
        last_name,
        phone,
    };
    let customer = services.customers.register(&caller, &input).await?;
    let logged_in = services.emails.mode() != VerificationMode::Required;
    leptos_axum::redirect(if logged_in {
        "/account"
    } else {
        "/account/login?notice=check_inbox"
    });
    Ok(customer)
}

/// Changes the customer's own name and phone: the form always sends all
/// three, and an empty (or missing) phone removes it.
#[server(prefix = "/api/fn", endpoint = "update_profile")]
pub async fn update_profile(
    id: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
) -> Result<CustomerView, AppError> {
    use customer_core::dto::{Patch, ProfileInput};
    let (services, caller) = ssr::context().await?;
    let input = ProfileInput {
        first_name: Patch::Set(first_name),
        last_name: Patch::Set(last_name),
        phone: Patch::from_option(phone),
        ..Default::default()
    };
    let customer = services
        .customers
        .update_profile(&caller, &id, &input)
        .await?;
    leptos_axum::redirect("/account?saved=profile");
    Ok(customer)
}
