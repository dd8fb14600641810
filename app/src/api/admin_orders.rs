//! Server functions for the admin's order pages: a customer's orders, one
//! order, and moving an order to its next status (admins only; the service
//! decides). A status change redirects back to the order with
//! `?done=<status>`, so the buttons work without JavaScript.

use customer_core::dto::{OrderPage, OrderView};
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// Where the admin's order pages live.
pub const ADMIN_ORDERS_PATH: &str = "/admin/orders";

/// The admin page of one order.
pub fn admin_order_path(number: &str) -> String {
    format!("{ADMIN_ORDERS_PATH}/{number}")
}

/// A page of a customer's orders, newest first.
#[server(prefix = "/api/fn", endpoint = "admin_customer_orders")]
pub async fn admin_customer_orders(
    id: String,
    page: Option<String>,
) -> Result<OrderPage, AppError> {
    use customer_core::dto::OrderPageQuery;
    let (services, caller) = ssr::context().await?;
    let query = OrderPageQuery {
        page,
        per_page: None,
    };
    Ok(services.orders.staff_list(&caller, &id, &query).await?)
}

/// Any order, for staff.
#[server(prefix = "/api/fn", endpoint = "admin_order")]
pub async fn admin_order(number: String) -> Result<OrderView, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.orders.staff_get(&caller, &number).await?)
}

/// Moves an order to `status`, then back to the order's page.
#[server(prefix = "/api/fn", endpoint = "admin_set_order_status")]
pub async fn admin_set_order_status(number: String, status: String) -> Result<OrderView, AppError> {
    use customer_core::dto::OrderStatusInput;
    let (services, caller) = ssr::context().await?;
    let input = OrderStatusInput {
        status,
        other: Default::default(),
    };
    let order = services.orders.set_status(&caller, &number, &input).await?;
    // The number and status are the service's own: plain URL-safe text.
    leptos_axum::redirect(&format!(
        "{}?done={}",
        admin_order_path(&order.number),
        order.status.as_str()
    ));
    Ok(order)
}
