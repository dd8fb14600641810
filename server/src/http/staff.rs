//! `/api/admin/login`, `/api/admin/logout`, `/api/admin/me`: staff log in
//! with their own accounts and cookie (`shop_staff`). Each handler calls
//! one service method.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use customer_core::services::Services;
use customer_core::staff::dto::{StaffLoginInput, StaffView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, CrossSite, Internal, StaffNotLoggedIn, WrongShape, TAG_ADMIN};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_login))
        .routes(routes!(staff_logout))
        .routes(routes!(staff_me))
}

/// Staff log in
///
/// Starts a staff login: sets the `shop_staff` cookie (HttpOnly,
/// SameSite=Strict, ends with the browser; the shop ends it after an hour
/// unused or 12 hours in all). One answer for an unknown email, a wrong
/// password and a disabled account; repeated failures are slowed down with
/// 429, as for customers. A customer's session does not count.
#[utoipa::path(
    post,
    path = "/login",
    tag = TAG_ADMIN,
    request_body = StaffLoginInput,
    responses(
        (status = 200, description = "Logged in.", body = Data<StaffView>,
            headers(("Set-Cookie" = String, description = "The new `shop_staff` cookie."))),
        (status = 400, response = BadRequest),
        (status = 401, description = "Wrong email or password (one message for both, and for \
            a disabled account).", body = ErrorBody,
            example = json!({"error": {"status": 401, "code": "UNAUTHORIZED",
                "message": "The email or password is incorrect."}})),
        (status = 403, response = CrossSite),
        (status = 422, response = WrongShape),
        (status = 429, description = "Too many failed attempts; try again later.",
            body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again.")),
            example = json!({"error": {"status": 429, "code": "RATE_LIMITED",
                "message": "Too many failed attempts. Please wait 30 seconds and try again."}})),
        (status = 500, response = Internal),
    )
)]
async fn staff_login(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<StaffLoginInput>,
) -> Result<Json<Data<StaffView>>, ApiError> {
    let staff = services.staff.log_in(&caller, &input).await?;
    Ok(Json(Data { data: staff }))
}

/// Staff log out
///
/// Ends the caller's staff login, if any (a customer session in the same
/// browser stays). Logging out twice is fine.
#[utoipa::path(
    post,
    path = "/logout",
    tag = TAG_ADMIN,
    security((), ("staff_cookie" = [])),
    responses(
        (status = 204, description = "Logged out (or was not logged in)."),
        (status = 403, response = CrossSite),
        (status = 500, response = Internal),
    )
)]
async fn staff_logout(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<StatusCode, ApiError> {
    services.staff.log_out(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The logged-in staff member
#[utoipa::path(
    get,
    path = "/me",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    responses(
        (status = 200, description = "The staff member and their role.", body = Data<StaffView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, description = "A customer's session is not a staff login.",
            body = ErrorBody,
            example = json!({"error": {"status": 403, "code": "FORBIDDEN",
                "message": "You do not have permission to do this."}})),
        (status = 500, response = Internal),
    )
)]
async fn staff_me(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<StaffView>>, ApiError> {
    let staff = services.staff.me(&caller).await?;
    Ok(Json(Data { data: staff }))
}
