//! `/api/customer/...` for the customer resource: registration, the
//! caller's own account and profile. Each handler calls one service method
//! and carries its OpenAPI description (`#[utoipa::path]`), registered with
//! it by `routes!`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::dto::{CustomerView, ProfileInput, RegisterInput};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, CrossSite, Internal, NotLoggedIn, TAG_CUSTOMER};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

/// One `routes!` per path: it registers the handler and its description.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(me))
        .routes(routes!(update_profile))
}

/// Create an account
///
/// Registers a customer and logs them in: the answer sets the session
/// cookie, as a login would.
#[utoipa::path(
    post,
    path = "/register",
    tag = TAG_CUSTOMER,
    request_body = RegisterInput,
    responses(
        (status = 201, description = "Registered and logged in.", body = Data<CustomerView>,
            headers(("Set-Cookie" = String, description = "The new `shop_session` cookie."))),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 409, description = "The email is already registered; `fields.email` says so.",
            body = ErrorBody,
            example = json!({"error": {"status": 409, "code": "CONFLICT",
                "message": "An account with this email already exists.",
                "fields": {"email": "An account with this email already exists. Log in instead?"}}})),
        (status = 422, description = "Missing or invalid fields, each named in `fields`.",
            body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"email": "Enter a valid email address, like name@example.com.",
                    "last_name": "Enter your last name."}}})),
        (status = 500, response = Internal),
    )
)]
async fn register(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<(StatusCode, Json<Data<CustomerView>>), ApiError> {
    let customer = services.customers.register(&caller, &input).await?;
    Ok((StatusCode::CREATED, Json(Data { data: customer })))
}

/// The logged-in customer
#[utoipa::path(
    get,
    path = "/me",
    tag = TAG_CUSTOMER,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The caller's account.", body = Data<CustomerView>),
        (status = 401, response = NotLoggedIn),
        (status = 500, response = Internal),
    )
)]
async fn me(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = services.customers.require_current(&caller).await?;
    Ok(Json(Data { data: customer }))
}

/// Change the caller's own profile
///
/// Only `first_name`, `last_name` and `phone` may be sent; the domain names
/// any other field in a 422 (`ProfileChange::parse`).
#[utoipa::path(
    patch,
    path = "/{id}",
    tag = TAG_CUSTOMER,
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The caller's own public id (`data.id` of `/me`).")),
    request_body = ProfileInput,
    responses(
        (status = 200, description = "The updated account.", body = Data<CustomerView>),
        (status = 400, response = BadRequest),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 404, description = "Not the caller's id: another customer is never found.",
            body = ErrorBody,
            example = json!({"error": {"status": 404, "code": "NOT_FOUND",
                "message": "No such customer."}})),
        (status = 422, description = "Invalid values, or keys that cannot be changed here, \
            each named in `fields`.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"email": "This field cannot be changed here."}}})),
        (status = 500, response = Internal),
    )
)]
async fn update_profile(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = services
        .customers
        .update_profile(&caller, &id, &input)
        .await?;
    Ok(Json(Data { data: customer }))
}
