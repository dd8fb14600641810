//! A query-string extractor whose rejections are client errors in our
//! format (axum's own answers in plain text).

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use customer_core::AppError;
use serde::de::DeserializeOwned;

use super::ApiError;

pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError(rejection_to_error(rejection))),
        }
    }
}

fn rejection_to_error(rejection: QueryRejection) -> AppError {
    match rejection {
        QueryRejection::FailedToDeserializeQueryString(e) => AppError::Validation {
            message: format!("The query string has the wrong shape: {}", e.body_text()),
            fields: Default::default(),
        },
        _ => AppError::bad_request("The query string could not be read."),
    }
}
