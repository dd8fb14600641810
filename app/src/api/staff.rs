//! Server functions for the staff: log in and out of the admin area, and
//! who is logged in there. The staff login is its own cookie; the caller
//! the server resolves carries it (`caller.staff()`).

use customer_core::staff::dto::StaffView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// Logs a staff member in and goes to the dashboard.
#[server(prefix = "/api/fn", endpoint = "staff_login")]
pub async fn staff_login(email: String, password: String) -> Result<StaffView, AppError> {
    use customer_core::staff::dto::StaffLoginInput;
    let (services, caller) = ssr::context().await?;
    let staff = services
        .staff
        .log_in(&caller, &StaffLoginInput { email, password })
        .await?;
    leptos_axum::redirect("/admin");
    Ok(staff)
}

/// Logs the staff member out and goes to the staff login.
#[server(prefix = "/api/fn", endpoint = "staff_logout")]
pub async fn staff_logout() -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    services.staff.log_out(&caller).await?;
    leptos_axum::redirect("/admin/login");
    Ok(())
}

/// The logged-in staff member, or `None` when the caller has no staff
/// login (anonymous, or only a customer's login, which the service refuses
/// as forbidden).
#[server(prefix = "/api/fn", endpoint = "current_staff")]
pub async fn current_staff() -> Result<Option<StaffView>, AppError> {
    use customer_core::services::ServiceError;
    let (services, caller) = ssr::context().await?;
    match services.staff.me(&caller).await {
        Ok(staff) => Ok(Some(staff)),
        Err(ServiceError::NotLoggedIn | ServiceError::Forbidden) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
