//! Server functions for the admin area's overview. The services decide
//! who may see it (staff only).

use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

// PLACEHOLDER until the core's admin service lands: the wire types of its
// contract (`services.admin.dashboard(&caller) -> DashboardView`), to be
// replaced by the core's own.
pub use placeholder::{DashboardView, DayCount, GroupCount};
mod placeholder {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
    pub struct DashboardView {
        pub customers: u64,
        pub new_this_week: u64,
        pub by_group: Vec<GroupCount>,
        /// 90 entries, oldest first, zeros included.
        pub registrations_per_day: Vec<DayCount>,
    }

    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
    pub struct GroupCount {
        pub id: String,
        pub name: String,
        pub members: u64,
    }

    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
    pub struct DayCount {
        /// `YYYY-MM-DD`.
        pub day: String,
        pub count: u64,
    }
}

/// The dashboard's figures and registrations per day.
#[server(prefix = "/api/fn", endpoint = "admin_dashboard")]
pub async fn admin_dashboard() -> Result<DashboardView, AppError> {
    let (services, caller) = ssr::context().await?;
    // PLACEHOLDER: staff only, and no figures until the core's
    // `services.admin.dashboard(&caller)` lands.
    services.staff.me(&caller).await?;
    Err(AppError::unavailable(
        "The dashboard's figures are not available yet.",
    ))
}
