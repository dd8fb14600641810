//! `/api/customer/...`: each handler calls one service method.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post};
use axum::{Extension, Json, Router};
use customer_core::dto::{
    CustomerView, LoginInput, ProfileInput, RegisterInput, SessionView, PROFILE_FIELDS,
};
use customer_core::security::ClientInfo;
use customer_core::service::CustomerService;
use customer_core::session::AuthSession;
use customer_core::AppError;
use tower_sessions::Session;

use super::{ApiError, ApiJson, Data};
use crate::startup::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/me", get(me))
        .route("/sessions", get(sessions).delete(end_other_sessions))
        .route("/sessions/{id}", delete(end_session))
        .route("/{id}", patch(update_profile))
        .fallback(super::not_found)
}

async fn register(
    State(customers): State<CustomerService>,
    session: Session,
    Extension(client): Extension<ClientInfo>,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<(StatusCode, Json<Data<CustomerView>>), ApiError> {
    let customer = customers
        .register(&AuthSession::new(session), &client, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(Data { data: customer })))
}

async fn login(
    State(customers): State<CustomerService>,
    session: Session,
    Extension(client): Extension<ClientInfo>,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = customers
        .log_in(&AuthSession::new(session), &client, &input)
        .await?;
    Ok(Json(Data { data: customer }))
}

async fn logout(
    State(customers): State<CustomerService>,
    session: Session,
) -> Result<StatusCode, ApiError> {
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

async fn sessions(
    State(customers): State<CustomerService>,
    session: Session,
) -> Result<Json<Data<Vec<SessionView>>>, ApiError> {
    let list = customers.sessions(&AuthSession::new(session)).await?;
    Ok(Json(Data { data: list }))
}

async fn end_session(
    State(customers): State<CustomerService>,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    customers
        .end_session(&AuthSession::new(session), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn end_other_sessions(
    State(customers): State<CustomerService>,
    session: Session,
) -> Result<StatusCode, ApiError> {
    customers
        .end_other_sessions(&AuthSession::new(session))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn update_profile(
    State(customers): State<CustomerService>,
    session: Session,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    // Only the profile fields may be sent: naming anything else (email,
    // status, group, password...) is an error, not silently ignored.
    let foreign: BTreeMap<String, String> = body
        .keys()
        .filter(|k| !PROFILE_FIELDS.contains(&k.as_str()))
        .map(|k| (k.clone(), "This field cannot be changed here.".to_string()))
        .collect();
    if !foreign.is_empty() {
        return Err(AppError::validation(foreign).into());
    }
    let input: ProfileInput =
        serde_json::from_value(serde_json::Value::Object(body)).map_err(|e| {
            AppError::Validation {
                message: format!("The request body has the wrong shape: {e}"),
                fields: BTreeMap::new(),
            }
        })?;
    let customer = customers
        .update_profile(&AuthSession::new(session), &id, &input)
        .await?;
    Ok(Json(Data { data: customer }))
}
