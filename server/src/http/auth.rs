//! `/api/customer/...` for authentication: log in and out, the caller's
//! sessions ("devices"). Each handler calls one service method.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use customer_core::dto::{CustomerView, LoginInput, SessionView};
use customer_core::services::Services;

use super::{ApiError, ApiJson, CurrentCaller, Data};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/sessions", get(sessions).delete(end_other_sessions))
        .route("/sessions/{id}", delete(end_session))
}

async fn login(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = services.auth.log_in(&caller, &input).await?;
    Ok(Json(Data { data: customer }))
}

async fn logout(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<StatusCode, ApiError> {
    services.auth.log_out(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn sessions(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<Vec<SessionView>>>, ApiError> {
    let list = services.auth.sessions(&caller).await?;
    Ok(Json(Data { data: list }))
}

async fn end_session(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    services.auth.end_session(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn end_other_sessions(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<StatusCode, ApiError> {
    services.auth.end_other_sessions(&caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
