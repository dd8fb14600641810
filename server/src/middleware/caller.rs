//! The one step that resolves the caller, for every interface: a layer that
//! wraps the request's cookie session as the services' `SessionHandle`, asks
//! `AuthService::resolve` who is calling, and puts the answer
//! ([`Resolved`]) in the request's extensions. REST handlers take it through
//! the `http::CurrentCaller` extractor, the GraphQL handler and the server
//! functions read the same extension, and each maps a failure its own way.
//!
//! Static files (`/pkg/...`, anything with a file extension) and `/health`
//! skip it: they have no caller.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use customer_core::auth::session::SessionHandle;
use customer_core::caller::{ClientInfo, Resolved};
use customer_core::services::Services;
use customer_core::AppError;
use tower_sessions::Session;

use crate::sessions::CookieSession;

/// Whether a request path is served without a caller.
fn needs_no_caller(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    path.starts_with("/pkg/") || path == "/health" || last.contains('.')
}

pub async fn resolve_caller(
    State(services): State<Services>,
    mut req: Request,
    next: Next,
) -> Response {
    if !needs_no_caller(req.uri().path()) {
        let session = req
            .extensions()
            .get::<Session>()
            .cloned()
            .map(|s| Arc::new(CookieSession(s)) as Arc<dyn SessionHandle>);
        let client = req
            .extensions()
            .get::<ClientInfo>()
            .cloned()
            .unwrap_or_default();
        let resolved = services
            .auth
            .resolve(session, client)
            .await
            .map_err(AppError::from);
        req.extensions_mut().insert(Resolved(resolved));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_files_and_health_have_no_caller() {
        for path in ["/pkg/shop.wasm", "/favicon.svg", "/health", "/pkg/x"] {
            assert!(needs_no_caller(path), "{path}");
        }
        for path in [
            "/",
            "/account",
            "/api/customer/me",
            "/api/graphql",
            "/api/fn/login",
        ] {
            assert!(!needs_no_caller(path), "{path}");
        }
    }
}
