//! Server functions for the admin area's overview. The services decide
//! who may see it (staff only).

use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

pub use customer_core::admin::dto::{DashboardView, DayCount, GroupCount};

/// The dashboard's figures and registrations per day.
#[server(prefix = "/api/fn", endpoint = "admin_dashboard")]
pub async fn admin_dashboard() -> Result<DashboardView, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.admin.dashboard(&caller).await?)
}
