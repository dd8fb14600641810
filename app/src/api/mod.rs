//! Server functions: the UI's interface to the services, a module per
//! resource. Each one takes the form fields, gets the caller the server's
//! resolving layer worked out, calls one service method and, on success,
//! redirects (so plain form posts work without JavaScript).

mod addresses;
mod auth;
mod customers;

pub use addresses::*;
pub use auth::*;
pub use customers::*;

#[cfg(feature = "ssr")]
pub mod ssr {
    use customer_core::caller::{Caller, Resolved};
    use customer_core::services::Services;
    use customer_core::AppError;
    use leptos::prelude::*;

    /// The services and the caller, from the request context. The caller was
    /// resolved once for the request by the server's middleware.
    pub async fn context() -> Result<(Services, Caller), AppError> {
        let services = use_context::<Services>().ok_or_else(|| {
            tracing::error!("Services missing from the Leptos context");
            AppError::internal()
        })?;
        let resolved = leptos_axum::extract::<Option<axum::Extension<Resolved>>>()
            .await
            .map_err(|e| {
                tracing::error!(error = ?e, "could not read the request");
                AppError::internal()
            })?;
        let caller = Resolved::from_extension(resolved.as_ref().map(|r| &r.0))?;
        Ok((services, caller))
    }
}
