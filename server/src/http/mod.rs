//! REST under `/api/...`: JSON in and out, a module per resource (each
//! with its routes), one extractor for the caller, and one mapping from
//! [`AppError`] to a response.

pub mod auth;
pub mod customer;
mod json;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use customer_core::caller::{Caller, Resolved};
use customer_core::services::ServiceError;
use customer_core::AppError;
use serde::Serialize;

pub use json::ApiJson;

use crate::state::AppState;

/// Every REST route: `/api/customer/...` is served by the customer and the
/// auth resources together.
pub fn router() -> Router<AppState> {
    Router::new().nest(
        "/api/customer",
        customer::routes().merge(auth::routes()).fallback(not_found),
    )
}

/// The caller, as the resolving layer (`middleware::caller`) worked it out.
pub struct CurrentCaller(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for CurrentCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Resolved::from_extension(parts.extensions.get::<Resolved>())
            .map(Self)
            .map_err(ApiError)
    }
}

/// Successful bodies are `{"data": ...}`.
#[derive(Serialize)]
pub struct Data<T> {
    pub data: T,
}

/// An error as REST sends it:
/// `{"error": {"status": 422, "message": "...", "fields": {"email": "..."}}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = serde_json::json!({
            "error": {
                "status": status.as_u16(),
                "code": self.0.code(),
                "message": self.0.message(),
            }
        });
        if let Some(fields) = self.0.fields() {
            body["error"]["fields"] = serde_json::json!(fields);
        }
        let mut response = (status, Json(body)).into_response();
        // 429 and a 503 that knows when to come back.
        if let Some(retry_after_secs) = self.0.retry_after_secs() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

/// JSON 404 for unknown API paths.
pub async fn not_found() -> ApiError {
    ApiError(AppError::not_found("No such API endpoint."))
}
