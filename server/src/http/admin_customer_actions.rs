//! `/api/admin/customers/{id}/...`: what staff do for one customer (mails
//! on their behalf, their sessions, their history, their address book).
//! Each handler calls one service method, which decides what the staff
//! member's role allows.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::admin::dto::{HistoryPage, HistoryQuery, SessionsEnded};
use customer_core::dto::{AddressInput, AddressPatch, AddressView, NoticeView, SessionView};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, Internal, NotAllowed, StaffNotLoggedIn, TooManyMails, TAG_ADMIN};
use super::{ApiError, ApiJson, ApiQuery, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_send_password_reset))
        .routes(routes!(admin_resend_verification))
        .routes(routes!(
            admin_customer_sessions,
            admin_end_customer_sessions
        ))
        .routes(routes!(admin_customer_history))
        .routes(routes!(
            admin_customer_addresses,
            admin_add_customer_address
        ))
        .routes(routes!(
            admin_update_customer_address,
            admin_delete_customer_address
        ))
}

/// Send a password reset link
///
/// Mails the customer a link to choose a new password (support and admin),
/// within the per-address mail limit. Written to the customer's history.
#[utoipa::path(
    post,
    path = "/customers/{id}/password-reset",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    responses(
        (status = 200, description = "The link is on its way.", body = Data<NoticeView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 422, description = "The account is disabled (`fields.status`): a link \
            would not work.", body = ErrorBody),
        (status = 429, response = TooManyMails),
        (status = 500, response = Internal),
    )
)]
async fn admin_send_password_reset(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.admin.send_password_reset(&caller, &id).await?;
    Ok(Json(Data { data: notice }))
}

/// Resend the verification mail
///
/// Mails the customer a fresh link to verify their email (support and
/// admin); an address already verified gets nothing, and the notice says
/// so.
#[utoipa::path(
    post,
    path = "/customers/{id}/resend-verification",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    responses(
        (status = 200, description = "Sent, or already verified.", body = Data<NoticeView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 422, description = "The account is disabled (`fields.status`).",
            body = ErrorBody),
        (status = 429, response = TooManyMails),
        (status = 500, response = Internal),
    )
)]
async fn admin_resend_verification(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.admin.resend_verification(&caller, &id).await?;
    Ok(Json(Data { data: notice }))
}

/// The customer's devices
///
/// Their logged-in sessions, most recently used first (`current` is always
/// false here).
#[utoipa::path(
    get,
    path = "/customers/{id}/sessions",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    responses(
        (status = 200, description = "The sessions.", body = Data<Vec<SessionView>>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_customer_sessions(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<Vec<SessionView>>>, ApiError> {
    let sessions = services.admin.sessions(&caller, &id).await?;
    Ok(Json(Data { data: sessions }))
}

/// Log the customer out everywhere
///
/// Ends every session of the customer at once (support and admin); their
/// next request is logged out. Written to the customer's history.
#[utoipa::path(
    delete,
    path = "/customers/{id}/sessions",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    responses(
        (status = 200, description = "How many sessions ended.", body = Data<SessionsEnded>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_end_customer_sessions(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<SessionsEnded>>, ApiError> {
    let ended = services.admin.end_sessions(&caller, &id).await?;
    Ok(Json(Data {
        data: SessionsEnded { ended },
    }))
}

/// The customer's history
///
/// Every change to the account, newest first: when, who (`actor`: the
/// customer, a staff member or the shop itself), what, and the old and new
/// values (never a password, token or hash). `meta.next` continues.
#[utoipa::path(
    get,
    path = "/customers/{id}/history",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id."), HistoryQuery),
    responses(
        (status = 200, description = "A page of entries, newest first.", body = HistoryPage),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 422, description = "A bad `before` or `limit`.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_customer_history(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<HistoryPage>, ApiError> {
    Ok(Json(services.admin.history(&caller, &id, &query).await?))
}

/// The customer's addresses
#[utoipa::path(
    get,
    path = "/customers/{id}/addresses",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    responses(
        (status = 200, description = "The address book, oldest first.",
            body = Data<Vec<AddressView>>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_customer_addresses(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<Vec<AddressView>>>, ApiError> {
    let book = services.addresses.staff_list(&caller, &id).await?;
    Ok(Json(Data { data: book }))
}

/// Add an address for the customer
///
/// The same rules as the customer's own (`POST /api/customer/addresses`).
#[utoipa::path(
    post,
    path = "/customers/{id}/addresses",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    request_body = AddressInput,
    responses(
        (status = 201, description = "The new address.", body = Data<AddressView>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 422, description = "Invalid fields, each named in `fields`, or the book is \
            full (`fields.addresses`).", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_add_customer_address(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AddressInput>,
) -> Result<(StatusCode, Json<Data<AddressView>>), ApiError> {
    let address = services.addresses.staff_add(&caller, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(Data { data: address })))
}

/// Change one of the customer's addresses
///
/// Any subset of the fields, and the default flags, as for the customer.
#[utoipa::path(
    patch,
    path = "/customers/{id}/addresses/{address_id}",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(
        ("id" = String, Path, description = "The customer's public id."),
        ("address_id" = String, Path, description = "The address's public id."),
    ),
    request_body = AddressPatch,
    responses(
        (status = 200, description = "The changed address.", body = Data<AddressView>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer, or not one of their addresses.",
            body = ErrorBody),
        (status = 422, description = "Invalid fields, each named in `fields`.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_update_customer_address(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path((id, address_id)): Path<(String, String)>,
    ApiJson(patch): ApiJson<AddressPatch>,
) -> Result<Json<Data<AddressView>>, ApiError> {
    let address = services
        .addresses
        .staff_update(&caller, &id, &address_id, &patch)
        .await?;
    Ok(Json(Data { data: address }))
}

/// Delete one of the customer's addresses
#[utoipa::path(
    delete,
    path = "/customers/{id}/addresses/{address_id}",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(
        ("id" = String, Path, description = "The customer's public id."),
        ("address_id" = String, Path, description = "The address's public id."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer, or not one of their addresses.",
            body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_delete_customer_address(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path((id, address_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    services
        .addresses
        .staff_delete(&caller, &id, &address_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
