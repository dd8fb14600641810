//! Bounded requests (docs/SECURITY.md, "Bounded requests"): what one request
//! may cost in bytes, time and concurrency. The connection-level bounds
//! (header read timeout, connection cap) are in `crate::serve`.
//!
//! - [`bounded_body`]: refuses uploads (multipart) where nothing takes them,
//!   and reads the body up front within a size limit (smaller for GraphQL)
//!   and a time limit. Every handler buffers its body anyway (JSON, forms,
//!   GraphQL), so reading it here costs nothing extra and gives every
//!   interface the same 413/415/408 in its own error shape, whoever reads
//!   the body later (REST extractors, leptos server functions, GraphQL).
//! - [`overload`]: a deadline for the whole request (503) and a cap on
//!   requests in flight; one over the cap is refused at once with 503 and
//!   `Retry-After` instead of waiting in a queue.

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::Request;
use axum::http::{header, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use customer_core::AppError;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{BoxError, ServiceBuilder};

use crate::config::Limits;
use crate::graphql::GRAPHQL_PATH;
use crate::http::ApiError;

/// How long a client is asked to wait after a refusal for load.
pub const OVERLOAD_RETRY_AFTER_SECS: u64 = 1;

/// The refusal in the error shape of the interface asked: GraphQL-shaped
/// on `/api/graphql`, the REST body everywhere else (server functions too,
/// as for the cross-site refusal).
pub fn refusal(path: &str, e: AppError) -> Response {
    if path == GRAPHQL_PATH {
        crate::graphql::refusal(e)
    } else {
        ApiError(e).into_response()
    }
}

fn too_large(limit: usize) -> AppError {
    AppError::PayloadTooLarge {
        message: format!("The request body is too large (at most {limit} bytes here)."),
    }
}

/// Middleware: multipart refused (415), the body read within its size
/// (413) and time (408) limits, then handed on as a whole.
pub async fn bounded_body(req: Request, next: Next) -> Response {
    let limits = req
        .extensions()
        .get::<Limits>()
        .copied()
        .unwrap_or_default();
    let path = req.uri().path().to_owned();
    let limit = if path == GRAPHQL_PATH {
        limits.graphql_max_body_bytes
    } else {
        limits.max_body_bytes
    };
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .get(..10)
                .is_some_and(|t| t.eq_ignore_ascii_case("multipart/"))
        });
    if multipart {
        let e = AppError::UnsupportedMediaType {
            message: "File uploads (multipart) are not accepted here.".into(),
        };
        return refusal(&path, e);
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refusal(&path, too_large(limit));
    }
    let (parts, body) = req.into_parts();
    let read = Limited::new(body, limit).collect();
    let bytes = match tokio::time::timeout(limits.request_body_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<LengthLimitError>() => return refusal(&path, too_large(limit)),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "could not read a request body");
            return refusal(
                &path,
                AppError::bad_request("The request body could not be read."),
            );
        }
        Err(_) => {
            let e = AppError::Timeout {
                message: format!(
                    "The request body did not arrive within {} seconds.",
                    limits.request_body_timeout.as_secs()
                ),
            };
            return refusal(&path, e);
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Adds the request deadline and the cap on requests in flight to
/// `router`. The cap is shared by every route (a global semaphore), and a
/// request over it is shed at once rather than queued.
pub fn overload<S: Clone + Send + Sync + 'static>(router: Router<S>, limits: &Limits) -> Router<S> {
    router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(overload_refusal))
            .load_shed()
            .layer(GlobalConcurrencyLimitLayer::new(
                limits.max_concurrent_requests,
            ))
            .timeout(limits.request_timeout),
    )
}

/// The answer when the stack above fails a request: over the deadline or
/// over the cap (both 503 with `Retry-After`).
async fn overload_refusal(uri: Uri, err: BoxError) -> Response {
    let e = if err.is::<tower::timeout::error::Elapsed>() {
        tracing::warn!(path = uri.path(), "request over its deadline");
        AppError::busy(
            "The shop took too long to answer. Please try again.",
            OVERLOAD_RETRY_AFTER_SECS,
        )
    } else if err.is::<tower::load_shed::error::Overloaded>() {
        tracing::warn!(path = uri.path(), "request shed: too many in flight");
        AppError::busy(
            "The shop is very busy right now. Please try again in a moment.",
            OVERLOAD_RETRY_AFTER_SECS,
        )
    } else {
        tracing::error!(error = %err, "request failed in the overload layers");
        AppError::internal()
    };
    refusal(uri.path(), e)
}
