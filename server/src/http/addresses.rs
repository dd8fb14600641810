//! `/api/customer/addresses/...`: the caller's address book. Each handler
//! calls one service method and carries its OpenAPI description.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::dto::{AddressInput, AddressPatch, AddressView};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, CrossSite, Internal, NotLoggedIn, TAG_ADDRESSES};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_addresses, add_address))
        .routes(routes!(update_address, delete_address))
}

/// The caller's addresses
///
/// Oldest first; `default_shipping` / `default_billing` mark the defaults.
#[utoipa::path(
    get,
    path = "/addresses",
    tag = TAG_ADDRESSES,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The address book.", body = Data<Vec<AddressView>>),
        (status = 401, response = NotLoggedIn),
        (status = 500, response = Internal),
    )
)]
async fn list_addresses(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<Vec<AddressView>>>, ApiError> {
    let addresses = services.addresses.list(&caller).await?;
    Ok(Json(Data { data: addresses }))
}

/// Add an address
///
/// Checked against the country's rules (`GET /api/countries/{code}`). The
/// first address becomes the default shipping and billing address; a later
/// one takes over a default when `default_shipping` / `default_billing` is
/// true. At most 50 addresses.
#[utoipa::path(
    post,
    path = "/addresses",
    tag = TAG_ADDRESSES,
    security(("session_cookie" = [])),
    request_body = AddressInput,
    responses(
        (status = 201, description = "The new address.", body = Data<AddressView>),
        (status = 400, response = BadRequest),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 422, description = "Invalid fields, each named in `fields` (the country's \
            postal code pattern, a province of another country...), or the book is full \
            (`fields.addresses`).", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"postal_code": "Postal code for Canada looks like K1A 0B1."}}})),
        (status = 500, response = Internal),
    )
)]
async fn add_address(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<AddressInput>,
) -> Result<(StatusCode, Json<Data<AddressView>>), ApiError> {
    let address = services.addresses.add(&caller, &input).await?;
    Ok((StatusCode::CREATED, Json(Data { data: address })))
}

/// Change an address
///
/// Any subset of the fields; the whole address is checked again.
/// `default_shipping: true` makes it the default shipping address (the old
/// default stops being one), `false` leaves the customer without one; the
/// same for `default_billing`.
#[utoipa::path(
    patch,
    path = "/addresses/{id}",
    tag = TAG_ADDRESSES,
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The address's public id.")),
    request_body = AddressPatch,
    responses(
        (status = 200, description = "The changed address.", body = Data<AddressView>),
        (status = 400, response = BadRequest),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 404, description = "Not one of the caller's addresses.", body = ErrorBody,
            example = json!({"error": {"status": 404, "code": "NOT_FOUND",
                "message": "No such address."}})),
        (status = 422, description = "Invalid fields, each named in `fields`.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn update_address(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<AddressPatch>,
) -> Result<Json<Data<AddressView>>, ApiError> {
    let address = services.addresses.update(&caller, &id, &patch).await?;
    Ok(Json(Data { data: address }))
}

/// Delete an address
///
/// A default address that is deleted leaves the customer without that
/// default; no other address is promoted in its place.
#[utoipa::path(
    delete,
    path = "/addresses/{id}",
    tag = TAG_ADDRESSES,
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The address's public id.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 404, description = "Not one of the caller's addresses.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn delete_address(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    services.addresses.delete(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
