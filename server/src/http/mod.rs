//! REST under `/api/customer`: JSON in and out, one module per resource,
//! one mapping from [`AppError`] to a response.

pub mod client;
pub mod customer;
mod json;
pub mod security;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use customer_core::service::ServiceError;
use customer_core::AppError;
use serde::Serialize;

pub use json::ApiJson;

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
        if let AppError::RateLimited {
            retry_after_secs, ..
        } = self.0
        {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}

/// Server functions answer every error with 500. Give an error response the
/// status its [`AppError`] stands for (422, 401, 409, ...), so a client's
/// mistake is never a 500, on this interface as on REST. Plain form posts
/// are redirects and pass through untouched.
pub async fn server_fn_status(res: Response) -> Response {
    const ERROR_HEADER: &str = "serverfnerror";
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 1 << 20).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "could not read a server function error");
            return ApiError(AppError::internal()).into_response();
        }
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// JSON 404 for unknown API paths.
pub async fn not_found() -> ApiError {
    ApiError(AppError::not_found("No such API endpoint."))
}
