//! Server functions for the admin customer pages: the grid, one customer,
//! and what staff do to them. Each calls one `services.admin` method, which
//! decides from the caller's role; on success a change redirects back to
//! the customer's page with what happened in `?done=`, so the forms work
//! without JavaScript.

use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

pub use customer_core::admin::dto::{
    AdminCustomerDetail, CustomerPage, CustomerQuery, HistoryPage, PageMeta,
};
pub use customer_core::auth::dto::SessionView;
pub use customer_core::history::dto::HistoryEntryView;

/// Where the admin's customer pages live.
pub const ADMIN_CUSTOMERS_PATH: &str = "/admin/customers";

/// The page of one customer.
pub fn admin_customer_path(id: &str) -> String {
    format!("{ADMIN_CUSTOMERS_PATH}/{id}")
}

/// One page of the customer grid.
#[server(prefix = "/api/fn", endpoint = "admin_customers")]
pub async fn admin_customers(
    #[server(default)] query: CustomerQuery,
) -> Result<CustomerPage, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.admin.list(&caller, &query).await?)
}

/// One customer with their addresses and how many devices are logged in.
#[server(prefix = "/api/fn", endpoint = "admin_customer")]
pub async fn admin_customer(id: String) -> Result<AdminCustomerDetail, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.admin.get(&caller, &id).await?)
}

/// A page of a customer's history, newest first.
#[server(prefix = "/api/fn", endpoint = "admin_customer_history")]
pub async fn admin_customer_history(
    id: String,
    before: Option<String>,
) -> Result<HistoryPage, AppError> {
    use customer_core::admin::dto::HistoryQuery;
    let (services, caller) = ssr::context().await?;
    let query = HistoryQuery {
        before,
        limit: Some("50".into()),
    };
    Ok(services.admin.history(&caller, &id, &query).await?)
}

/// The devices a customer is logged in on.
#[server(prefix = "/api/fn", endpoint = "admin_customer_sessions")]
pub async fn admin_customer_sessions(id: String) -> Result<Vec<SessionView>, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.admin.sessions(&caller, &id).await?)
}

/// Changes a customer's names and phone (an empty phone removes it).
#[server(prefix = "/api/fn", endpoint = "admin_update_profile")]
pub async fn admin_update_profile(
    id: String,
    first_name: String,
    last_name: String,
    phone: String,
) -> Result<(), AppError> {
    use customer_core::admin::dto::AdminCustomerPatch;
    use customer_core::dto::Patch;
    let (services, caller) = ssr::context().await?;
    let patch = AdminCustomerPatch {
        first_name: Patch::Set(first_name),
        last_name: Patch::Set(last_name),
        phone: match phone.trim() {
            "" => Patch::Clear,
            _ => Patch::Set(phone),
        },
        ..Default::default()
    };
    let customer = services.admin.update(&caller, &id, &patch).await?;
    done(&customer.id, "profile");
    Ok(())
}

/// Moves a customer to another group (admins only).
#[server(prefix = "/api/fn", endpoint = "admin_set_group")]
pub async fn admin_set_group(id: String, group_id: String) -> Result<(), AppError> {
    use customer_core::admin::dto::AdminCustomerPatch;
    use customer_core::dto::Patch;
    let (services, caller) = ssr::context().await?;
    let patch = AdminCustomerPatch {
        group_id: Patch::Set(group_id),
        ..Default::default()
    };
    let customer = services.admin.update(&caller, &id, &patch).await?;
    done(&customer.id, "group");
    Ok(())
}

/// Disables (logging them out everywhere) or enables a customer (admins
/// only).
#[server(prefix = "/api/fn", endpoint = "admin_set_status")]
pub async fn admin_set_status(id: String, status: String) -> Result<(), AppError> {
    use customer_core::admin::dto::AdminCustomerPatch;
    use customer_core::dto::Patch;
    let (services, caller) = ssr::context().await?;
    let patch = AdminCustomerPatch {
        status: Patch::Set(status),
        ..Default::default()
    };
    let customer = services.admin.update(&caller, &id, &patch).await?;
    done(&customer.id, customer.status.as_str());
    Ok(())
}

/// Mails the customer a link to choose a new password.
#[server(prefix = "/api/fn", endpoint = "admin_send_reset")]
pub async fn admin_send_reset(id: String) -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    services.admin.send_password_reset(&caller, &id).await?;
    done(&id, "reset_sent");
    Ok(())
}

/// Mails the customer a new link to verify their email.
#[server(prefix = "/api/fn", endpoint = "admin_resend_verification")]
pub async fn admin_resend_verification(id: String) -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    services.admin.resend_verification(&caller, &id).await?;
    done(&id, "verification_sent");
    Ok(())
}

/// Logs the customer out on every device.
#[server(prefix = "/api/fn", endpoint = "admin_end_sessions")]
pub async fn admin_end_sessions(id: String) -> Result<u64, AppError> {
    let (services, caller) = ssr::context().await?;
    let ended = services.admin.end_sessions(&caller, &id).await?;
    done(&id, "sessions_ended");
    Ok(ended)
}

/// Creates a customer and mails them an invitation to choose a password
/// (admins only); goes to their page.
#[server(prefix = "/api/fn", endpoint = "admin_create_customer")]
pub async fn admin_create_customer(
    email: String,
    first_name: String,
    last_name: String,
    phone: String,
    group_id: String,
) -> Result<(), AppError> {
    use customer_core::admin::dto::AdminNewCustomer;
    let (services, caller) = ssr::context().await?;
    let input = AdminNewCustomer {
        email,
        first_name,
        last_name,
        phone: Some(phone).filter(|p| !p.trim().is_empty()),
        group_id: Some(group_id).filter(|g| !g.is_empty()),
        other: Default::default(),
    };
    let customer = services.admin.create(&caller, &input).await?;
    done(&customer.id, "created");
    Ok(())
}

/// One action on the customers ticked in the grid (admins only), then
/// back to the grid as it was (`back`: the grid's query string).
#[server(prefix = "/api/fn", endpoint = "admin_bulk")]
pub async fn admin_bulk(
    #[server(default)] ids: Vec<String>,
    action: String,
    #[server(default)] group_id: String,
    #[server(default)] back: String,
) -> Result<u64, AppError> {
    use customer_core::admin::dto::BulkInput;
    let (services, caller) = ssr::context().await?;
    let input = BulkInput {
        ids,
        action: action.clone(),
        group_id: Some(group_id).filter(|g| !g.is_empty() && action == "assign_group"),
        other: Default::default(),
    };
    let result = services.admin.bulk(&caller, &input).await?;
    leptos_axum::redirect(&bulk_done_path(&back, &action, result.updated));
    Ok(result.updated)
}

/// The grid again after a bulk action: its own query (the part of `back`
/// that is a query string; anything else is dropped) with what was done.
#[cfg(feature = "ssr")]
fn bulk_done_path(back: &str, action: &str, updated: u64) -> String {
    let mut query: Vec<(String, String)> =
        form_urlencoded::parse(back.trim_start_matches('?').as_bytes())
            .filter(|(k, _)| k != "done" && k != "updated")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    query.push(("done".into(), action.into()));
    query.push(("updated".into(), updated.to_string()));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("{ADMIN_CUSTOMERS_PATH}?{query}")
}

/// Back to the customer's page, saying what was done.
#[cfg(feature = "ssr")]
fn done(id: &str, what: &str) {
    // The id was found by the service, so it is a plain UUID.
    leptos_axum::redirect(&format!("{}?done={what}", admin_customer_path(id)));
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::bulk_done_path;

    #[test]
    fn bulk_goes_back_to_the_grid_it_came_from() {
        assert_eq!(
            bulk_done_path("?q=ann&page=2&done=x", "disable", 3),
            "/admin/customers?q=ann&page=2&done=disable&updated=3"
        );
        // Only a query is kept: another path or host cannot be smuggled in.
        assert_eq!(
            bulk_done_path("https://evil.example/x", "enable", 0),
            "/admin/customers?https%3A%2F%2Fevil.example%2Fx=&done=enable&updated=0"
        );
    }
}
