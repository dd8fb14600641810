//! Server functions: the UI's interface to the services, a module per
//! resource. Each one takes the form fields, gets the caller the server's
//! resolving layer worked out, calls one service method and, on success,
//! redirects (so plain form posts work without JavaScript).

mod addresses;
mod admin;
mod admin_addresses;
mod admin_customers;
mod admin_groups;
mod admin_orders;
mod auth;
mod customers;
mod emails;
mod orders;
mod passwords;
mod staff;
mod wholesale;

pub use addresses::*;
pub use admin::*;
pub use admin_addresses::*;
pub use admin_customers::*;
pub use admin_groups::*;
pub use admin_orders::*;
pub use auth::*;
pub use customers::*;
pub use emails::*;
pub use orders::*;
pub use passwords::*;
pub use staff::*;
pub use wholesale::*;

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

    /// The page an emailed link opened: `path?token=...`. A token that is
    /// not plain URL-safe text cannot be one of the shop's and is left out.
    pub fn token_page(path: &str, token: &str) -> String {
        let plain = !token.is_empty()
            && token.len() <= 128
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
        match plain {
            true => format!("{path}?token={token}"),
            false => path.to_string(),
        }
    }

    /// A failed plain form post (no JavaScript) is sent back to the page it
    /// came from, found from its `Referer`. The pages an emailed link opens
    /// are served with `Referrer-Policy: no-referrer`, so their posts carry
    /// none and would land on the home page: this sends them back to
    /// `page` (a path of the shop) with the error, as for any other form.
    pub fn back_on_error<S, T>(result: Result<T, AppError>, page: &str) -> Result<T, AppError>
    where
        S: leptos::server_fn::ServerFn,
    {
        use leptos::server_fn::error::ServerFnUrlError;
        let Err(error) = &result else {
            return result;
        };
        let form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if form_post {
            // Any absolute base will do: only the path and query are kept.
            let base = format!("http://shop.invalid{page}");
            if let Ok(url) = ServerFnUrlError::new(S::PATH, error.clone()).to_url(&base) {
                let location = match url.query() {
                    Some(query) => format!("{}?{query}", url.path()),
                    None => url.path().to_string(),
                };
                leptos_axum::redirect(&location);
            }
        }
        result
    }
}
