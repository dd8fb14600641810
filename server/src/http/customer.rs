//! `/api/customer/...` for the customer resource: registration, the
//! caller's own account and profile. Each handler calls one service method.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use customer_core::dto::{CustomerView, ProfileInput, RegisterInput};
use customer_core::services::Services;

use super::{ApiError, ApiJson, CurrentCaller, Data};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/me", get(me))
        .route("/{id}", patch(update_profile))
}

async fn register(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<(StatusCode, Json<Data<CustomerView>>), ApiError> {
    let customer = services.customers.register(&caller, &input).await?;
    Ok((StatusCode::CREATED, Json(Data { data: customer })))
}

async fn me(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = services.customers.require_current(&caller).await?;
    Ok(Json(Data { data: customer }))
}

/// Only `first_name`, `last_name` and `phone` may be sent; the domain names
/// any other field in a 422 (`ProfileChange::parse`).
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
