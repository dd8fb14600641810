//! Server functions answer every error with 500; this gives them their
//! real status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use customer_core::AppError;

use crate::http::ApiError;

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
        if let Some(secs) = err.retry_after_secs() {
            parts
                .headers
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
