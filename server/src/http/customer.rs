//! `/api/customer/...`: each handler calls one service method.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use customer_core::dto::{CustomerView, LoginInput, RegisterInput};
use customer_core::service::CustomerService;
use customer_core::session::AuthSession;
use tower_sessions::Session;

use super::{ApiError, ApiJson, Data};
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/me", get(me))
        .fallback(super::not_found)
}

async fn register(
    State(customers): State<CustomerService>,
    session: Session,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<(StatusCode, Json<Data<CustomerView>>), ApiError> {
    let customer = customers
        .register(&AuthSession::new(session), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(Data { data: customer })))
}

async fn login(
    State(customers): State<CustomerService>,
    session: Session,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = customers.log_in(&AuthSession::new(session), &input).await?;
    Ok(Json(Data { data: customer }))
}

async fn logout(
    State(customers): State<CustomerService>,
    session: Session,
) -> Result<impl IntoResponse, ApiError> {
    customers.log_out(&AuthSession::new(session)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(
    State(customers): State<CustomerService>,
    session: Session,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = customers
        .require_current(&AuthSession::new(session))
        .await?;
    Ok(Json(Data { data: customer }))
}
