//! The one mapping from [`AppError`] to a REST response, and the body it
//! sends ([`ErrorBody`]), whose OpenAPI schema is derived from the type the
//! mapping serialises.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use customer_core::services::ServiceError;
use customer_core::AppError;
use serde::Serialize;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::ToSchema;

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

/// Every error answer of the REST API.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": {
    "status": 422,
    "code": "VALIDATION",
    "message": "Some fields need your attention.",
    "fields": {"email": "Enter a valid email address."}
}}))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for programs (`status`, `code`, `fields`) and for
/// people (`message`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status of the response, repeated.
    #[schema(minimum = 400, maximum = 599, example = 401)]
    pub status: u16,
    #[schema(schema_with = error_code_schema)]
    pub code: &'static str,
    /// A sentence that can be shown as it is.
    #[schema(example = "Please log in.")]
    pub message: String,
    /// Field name to message, on 422 (validation) and 409 (conflict, e.g.
    /// `email` already registered); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = BTreeMap<String, String>, required = false)]
    pub fields: Option<BTreeMap<String, String>>,
}

/// Every value of `error.code` ([`AppError::code`]).
pub const ERROR_CODES: [&str; 9] = [
    "VALIDATION",
    "BAD_REQUEST",
    "UNAUTHORIZED",
    "FORBIDDEN",
    "NOT_FOUND",
    "CONFLICT",
    "RATE_LIMITED",
    "UNAVAILABLE",
    "INTERNAL",
];

fn error_code_schema() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(ERROR_CODES))
        .description(Some(
            "A stable machine-readable code (the same as GraphQL's `extensions.code`).",
        ))
        .build()
}

impl From<&AppError> for ErrorBody {
    fn from(e: &AppError) -> Self {
        Self {
            error: ErrorDetail {
                status: status_of(e).as_u16(),
                code: e.code(),
                message: e.message(),
                fields: e.fields().cloned(),
            },
        }
    }
}

fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (status_of(&self.0), Json(ErrorBody::from(&self.0))).into_response();
        // 429, and a 503 that knows when to come back.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<AppError> {
        vec![
            AppError::field("email", "bad"),
            AppError::bad_request("x"),
            AppError::unauthorized("x"),
            AppError::forbidden("x"),
            AppError::not_found("x"),
            AppError::Conflict {
                message: "x".into(),
                fields: BTreeMap::new(),
            },
            AppError::RateLimited {
                message: "x".into(),
                retry_after_secs: 3,
            },
            AppError::unavailable("x"),
            AppError::internal(),
        ]
    }

    #[test]
    fn the_documented_codes_are_every_code() {
        let codes: Vec<&str> = every_variant().iter().map(AppError::code).collect();
        assert_eq!(codes, ERROR_CODES);
    }

    #[test]
    fn fields_are_sent_only_when_the_error_has_them() {
        let body = |e: &AppError| serde_json::to_value(ErrorBody::from(e)).expect("json");
        assert_eq!(
            body(&AppError::field("email", "bad")),
            serde_json::json!({"error": {
                "status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"email": "bad"}
            }})
        );
        assert_eq!(
            body(&AppError::internal()),
            serde_json::json!({"error": {
                "status": 500, "code": "INTERNAL", "message": "internal error"
            }})
        );
    }
}
