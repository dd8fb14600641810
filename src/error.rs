//! The one error type a client ever sees, whatever the interface.
//!
//! Services turn their own errors into this; each transport has exactly one
//! mapping from it (REST status and body, GraphQL `extensions.code`, server
//! function error shown in the page). Internal details never reach it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Some fields are wrong; `fields` maps each field name to a message.
    #[error("{message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// The request itself could not be read (not JSON, wrong content type).
    #[error("{message}")]
    BadRequest { message: String },
    #[error("{message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    /// The request clashes with stored data (e.g. an email already in use).
    #[error("{message}")]
    Conflict {
        message: String,
        fields: BTreeMap<String, String>,
    },
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after_secs: u64,
    },
    /// The shop cannot answer now (overloaded, a dependency down); when it
    /// knows, `retry_after_secs` says when to try again (`Retry-After`).
    #[error("{message}")]
    Unavailable {
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    },
    /// The request body is larger than this endpoint takes.
    #[error("{message}")]
    PayloadTooLarge { message: String },
    /// The request body is of a type this endpoint does not take (uploads).
    #[error("{message}")]
    UnsupportedMediaType { message: String },
    /// The client took too long to send its request.
    #[error("{message}")]
    Timeout { message: String },
    #[error("{message}")]
    Internal { message: String },
}

impl AppError {
    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        Self::Validation {
            message: "Some fields need your attention.".into(),
            fields,
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(BTreeMap::from([(field.to_string(), message.into())]))
    }

    pub fn internal() -> Self {
        Self::Internal {
            message: "internal error".into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest {
            message: message.into(),
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::Unauthorized {
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden {
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound {
            message: message.into(),
        }
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::Unavailable {
            message: message.into(),
            retry_after_secs: None,
        }
    }

    /// Unavailable for now: try again in `retry_after_secs`.
    pub fn busy(message: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::Unavailable {
            message: message.into(),
            retry_after_secs: Some(retry_after_secs),
        }
    }

    /// Seconds to wait before trying again (`Retry-After`), when known.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            Self::Unavailable {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }

    /// The HTTP status this error stands for.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation { .. } => 422,
            Self::BadRequest { .. } => 400,
            Self::Unauthorized { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound { .. } => 404,
            Self::Conflict { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::Unavailable { .. } => 503,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::Timeout { .. } => 408,
            Self::Internal { .. } => 500,
        }
    }

    /// A stable machine-readable code (GraphQL `extensions.code`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation { .. } => "VALIDATION",
            Self::BadRequest { .. } => "BAD_REQUEST",
            Self::Unauthorized { .. } => "UNAUTHORIZED",
            Self::Forbidden { .. } => "FORBIDDEN",
            Self::NotFound { .. } => "NOT_FOUND",
            Self::Conflict { .. } => "CONFLICT",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Unavailable { .. } => "UNAVAILABLE",
            Self::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType { .. } => "UNSUPPORTED_MEDIA_TYPE",
            Self::Timeout { .. } => "TIMEOUT",
            Self::Internal { .. } => "INTERNAL",
        }
    }

    pub fn message(&self) -> String {
        self.to_string()
    }

    pub fn fields(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Self::Validation { fields, .. } | Self::Conflict { fields, .. } => Some(fields),
            _ => None,
        }
    }

    /// The message for one field, if this error names it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        self.fields().and_then(|f| f.get(field).cloned())
    }
}

/// The one mapping from domain field errors to what a client sees.
impl From<crate::domain::FieldErrors> for AppError {
    fn from(e: crate::domain::FieldErrors) -> Self {
        Self::validation(e.into_map())
    }
}

// Server functions carry this error type directly, so a field error raised in
// a service arrives beside its field in the page, with or without WASM.
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::Deserialization(_) | E::MissingArg(_) => Self::Validation {
                message: "The form could not be read. Please check every field.".into(),
                fields: BTreeMap::new(),
            },
            E::Request(_) | E::Response(_) => {
                Self::unavailable("Could not reach the shop. Check your connection and try again.")
            }
            _ => Self::internal(),
        }
    }

    /// On the server the only errors decoded are the ones a page reads from
    /// its URL after a no-JavaScript redirect (`__err`), which anyone can
    /// craft: keep only messages the shop writes (see `messages`). The
    /// WASM client decodes real server responses unchanged.
    fn de(data: server_fn::Bytes) -> Self {
        use server_fn::Decodes as _;
        let decoded = Self::Encoder::decode(data).unwrap_or_else(|e| {
            Self::from_server_fn_error(server_fn::error::ServerFnErrorErr::Deserialization(
                e.to_string(),
            ))
        });
        #[cfg(feature = "server")]
        let decoded = crate::messages::only_known(decoded);
        decoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_codes() {
        assert_eq!(AppError::field("email", "bad").status(), 422);
        assert_eq!(AppError::unauthorized("x").status(), 401);
        assert_eq!(AppError::internal().message(), "internal error");
        assert_eq!(
            AppError::field("email", "bad")
                .field_message("email")
                .as_deref(),
            Some("bad")
        );
    }

    #[test]
    fn every_variant_round_trips() {
        let all = [
            AppError::field("phone", "Enter a phone number"),
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
            AppError::busy("x", 2),
            AppError::PayloadTooLarge {
                message: "x".into(),
            },
            AppError::UnsupportedMediaType {
                message: "x".into(),
            },
            AppError::Timeout {
                message: "x".into(),
            },
            AppError::internal(),
        ];
        for e in all {
            assert_eq!(serde_json_roundtrip(&e), e);
        }
    }

    fn serde_json_roundtrip(e: &AppError) -> AppError {
        // `de` on the server keeps only the shop's own messages (see
        // `messages`); the wire format itself round-trips.
        use server_fn::error::FromServerFnError;
        serde_json::from_slice(&e.ser()).expect("json")
    }
}
