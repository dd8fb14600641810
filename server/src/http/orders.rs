//! Orders over REST: checkout (`/api/checkout`), the customer's history
//! (`/api/customer/orders...`), and staff's view and status changes
//! (`/api/admin/customers/{id}/orders`, `/api/admin/orders/{number}`).
//! Each handler calls one `OrderService` method.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::orders::dto::{
    CheckoutInput, CheckoutResult, OrderPage, OrderPageQuery, OrderStatusInput, OrderView,
};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{
    BadRequest, CrossSite, Internal, NotAllowed, NotLoggedIn, StaffNotLoggedIn, TAG_ADMIN,
    TAG_ORDERS,
};
use super::{ApiError, ApiJson, ApiQuery, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

/// Mounted at `/api`.
pub fn checkout_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(checkout))
}

/// Mounted at `/api/customer`.
pub fn customer_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_orders))
        .routes(routes!(my_order))
}

/// Mounted at `/api/admin`.
pub fn admin_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_customer_orders))
        .routes(routes!(admin_get_order, admin_set_order_status))
}

/// Place an order
///
/// For a guest or a logged-in customer. Stock and prices are checked in
/// the same transaction that writes the order; the order is `pending` (no
/// payment is taken online). With `create_account` a guest's account is
/// created with the order's email, the order's addresses go to its book,
/// the order belongs to it and the answer logs it in (the session cookie,
/// as registering would), all or nothing. If the email already has an
/// account, the order is a guest order and `meta.account` is `exists`: the
/// customer sees it in their history once logged in with a verified email.
#[utoipa::path(
    post,
    path = "/checkout",
    tag = TAG_ORDERS,
    request_body = CheckoutInput,
    responses(
        (status = 201, description = "Placed.", body = CheckoutResult,
            headers(("Set-Cookie" = String,
                description = "The new `shop_session` cookie, when an account was created."))),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 422, description = "A field is missing or invalid, a SKU is unknown or a \
            quantity more than the stock left; each is named in `fields` by its path.",
            body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"items[1].sku": "There is no product LK-XXX.",
                    "items[0].quantity": "Only 3 of Cast iron teapot, 1 l left.",
                    "shipping_address.postal_code": "Enter a postal code like K1A 0B1."}}})),
        (status = 429, description = "Too many accounts created from this network \
            (with `create_account`).", body = ErrorBody),
        (status = 500, response = Internal),
        (status = 503, description = "Too busy to hash the password now; `Retry-After` says \
            when to try again.", body = ErrorBody),
    )
)]
async fn checkout(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<CheckoutInput>,
) -> Result<(StatusCode, Json<CheckoutResult>), ApiError> {
    let placed = services.orders.checkout(&caller, &input).await?;
    Ok((StatusCode::CREATED, Json(placed)))
}

/// The caller's orders
///
/// Newest first, a page at a time.
#[utoipa::path(
    get,
    path = "/orders",
    tag = TAG_ORDERS,
    security(("session_cookie" = [])),
    params(OrderPageQuery),
    responses(
        (status = 200, description = "One page of orders and the total.", body = OrderPage),
        (status = 401, response = NotLoggedIn),
        (status = 422, description = "`page` or `per_page` is out of range.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"per_page": "Show from 1 to 100 orders per page."}}})),
        (status = 500, response = Internal),
    )
)]
async fn my_orders(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiQuery(query): ApiQuery<OrderPageQuery>,
) -> Result<Json<OrderPage>, ApiError> {
    Ok(Json(services.orders.list(&caller, &query).await?))
}

/// One of the caller's orders
///
/// Items, totals, both addresses as they were when it was placed, and every
/// status with its time. Another customer's order is not found.
#[utoipa::path(
    get,
    path = "/orders/{number}",
    tag = TAG_ORDERS,
    security(("session_cookie" = [])),
    params(("number" = String, Path, description = "The order number, like `7KQ2-M9XD`.")),
    responses(
        (status = 200, description = "The order.", body = Data<OrderView>),
        (status = 401, response = NotLoggedIn),
        (status = 404, description = "No such order (for the caller).", body = ErrorBody,
            example = json!({"error": {"status": 404, "code": "NOT_FOUND",
                "message": "No such order."}})),
        (status = 500, response = Internal),
    )
)]
async fn my_order(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(number): Path<String>,
) -> Result<Json<Data<OrderView>>, ApiError> {
    Ok(Json(Data {
        data: services.orders.get(&caller, &number).await?,
    }))
}

/// A customer's orders
///
/// Newest first, a page at a time (staff: admin or support).
#[utoipa::path(
    get,
    path = "/customers/{id}/orders",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id."), OrderPageQuery),
    responses(
        (status = 200, description = "One page of orders and the total.", body = OrderPage),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 422, description = "`page` or `per_page` is out of range.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_customer_orders(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<OrderPageQuery>,
) -> Result<Json<OrderPage>, ApiError> {
    Ok(Json(
        services.orders.staff_list(&caller, &id, &query).await?,
    ))
}

/// One order
///
/// Any order, a guest's too (staff: admin or support).
#[utoipa::path(
    get,
    path = "/orders/{number}",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("number" = String, Path, description = "The order number.")),
    responses(
        (status = 200, description = "The order.", body = Data<OrderView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such order.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_get_order(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(number): Path<String>,
) -> Result<Json<Data<OrderView>>, ApiError> {
    Ok(Json(Data {
        data: services.orders.staff_get(&caller, &number).await?,
    }))
}

/// Change an order's status
///
/// Admins only. `pending` -> `paid` or `cancelled` (which puts the stock
/// back); `paid` -> `shipped` or `refunded`; `shipped` -> `delivered`;
/// `delivered` -> `refunded`. Any other move is a 422 on `status` saying
/// where the order can go.
#[utoipa::path(
    patch,
    path = "/orders/{number}",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("number" = String, Path, description = "The order number.")),
    request_body = OrderStatusInput,
    responses(
        (status = 200, description = "The order with its new status.", body = Data<OrderView>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such order.", body = ErrorBody),
        (status = 422, description = "Not a status, or not one this order can move to.",
            body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"status": "A pending order cannot become shipped; it can become paid or cancelled."}}})),
        (status = 500, response = Internal),
    )
)]
async fn admin_set_order_status(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(number): Path<String>,
    ApiJson(input): ApiJson<OrderStatusInput>,
) -> Result<Json<Data<OrderView>>, ApiError> {
    Ok(Json(Data {
        data: services.orders.set_status(&caller, &number, &input).await?,
    }))
}
