//! `/api/customer/...` for authentication: log in and out, the caller's
//! sessions ("devices"). Each handler calls one service method and carries
//! its OpenAPI description (`#[utoipa::path]`), registered with it by
//! `routes!`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::dto::{CustomerView, LoginInput, SessionView};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, CrossSite, Internal, NotLoggedIn, TAG_AUTH};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

/// One `routes!` per path (its handlers differ by method): it registers the
/// handlers and their descriptions.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(sessions, end_other_sessions))
        .routes(routes!(end_session))
}

/// Log in
///
/// Starts a new session (a new cookie value) for the customer. Repeated
/// failures for one account or from one address are slowed down with 429.
#[utoipa::path(
    post,
    path = "/login",
    tag = TAG_AUTH,
    request_body = LoginInput,
    responses(
        (status = 200, description = "Logged in.", body = Data<CustomerView>,
            headers(("Set-Cookie" = String, description = "The new `shop_session` cookie."))),
        (status = 400, response = BadRequest),
        (status = 401, description = "Wrong email or password (one message for both, and for \
            a disabled account).", body = ErrorBody,
            example = json!({"error": {"status": 401, "code": "UNAUTHORIZED",
                "message": "The email or password is incorrect."}})),
        (status = 403, response = CrossSite),
        (status = 422, description = "The body has the wrong shape.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "The request body has the wrong shape: ..."}})),
        (status = 429, description = "Too many failed attempts; try again later.",
            body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again.")),
            example = json!({"error": {"status": 429, "code": "RATE_LIMITED",
                "message": "Too many failed attempts. Please wait 15 minutes and try again."}})),
        (status = 500, response = Internal),
    )
)]
async fn login(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = services.auth.log_in(&caller, &input).await?;
    Ok(Json(Data { data: customer }))
}

/// Log out
///
/// Ends the caller's session, if any: logging out twice is fine.
#[utoipa::path(
    post,
    path = "/logout",
    tag = TAG_AUTH,
    security((), ("session_cookie" = [])),
    responses(
        (status = 204, description = "Logged out (or was not logged in)."),
        (status = 403, response = CrossSite),
        (status = 500, response = Internal),
    )
)]
async fn logout(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<StatusCode, ApiError> {
    services.auth.log_out(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's sessions ("devices")
///
/// Most recently used first; `current` marks the session of this request.
#[utoipa::path(
    get,
    path = "/sessions",
    tag = TAG_AUTH,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The caller's logged-in sessions.",
            body = Data<Vec<SessionView>>),
        (status = 401, response = NotLoggedIn),
        (status = 500, response = Internal),
    )
)]
async fn sessions(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<Vec<SessionView>>>, ApiError> {
    let list = services.auth.sessions(&caller).await?;
    Ok(Json(Data { data: list }))
}

/// End one session ("log out that device")
///
/// Ending the current session logs the caller out.
#[utoipa::path(
    delete,
    path = "/sessions/{id}",
    tag = TAG_AUTH,
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "A session's public id (`id` in `/sessions`).")),
    responses(
        (status = 204, description = "The session is ended."),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 404, description = "No such session of the caller's (already logged out, or \
            another customer's).", body = ErrorBody,
            example = json!({"error": {"status": 404, "code": "NOT_FOUND",
                "message": "That device is already logged out."}})),
        (status = 500, response = Internal),
    )
)]
async fn end_session(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    services.auth.end_session(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End every other session ("log out other devices")
#[utoipa::path(
    delete,
    path = "/sessions",
    tag = TAG_AUTH,
    security(("session_cookie" = [])),
    responses(
        (status = 204, description = "Every session but this one is ended."),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 500, response = Internal),
    )
)]
async fn end_other_sessions(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<StatusCode, ApiError> {
    services.auth.end_other_sessions(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
