//! REST under `/api/...`: JSON in and out, a module per resource (each
//! with its routes and their OpenAPI descriptions), one extractor for the
//! caller, and one mapping from [`AppError`](customer_core::AppError) to a
//! response ([`error`]). The OpenAPI document and its docs page are in
//! [`openapi`].

pub mod addresses;
pub mod admin_customer_actions;
pub mod admin_customers;
pub mod admin_export;
pub mod auth;
pub mod catalog;
pub mod countries;
pub mod customer;
pub mod emails;
pub mod error;
pub mod groups;
mod json;
pub mod openapi;
pub mod orders;
pub mod passwords;
mod query;
pub mod staff;
pub mod wholesale;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::Router;
use customer_core::caller::{Caller, Resolved};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

pub use error::{not_found, ApiError, ErrorBody};
pub use json::ApiJson;
pub use query::ApiQuery;

use crate::state::AppState;

/// Every REST route, with the OpenAPI document at `/api/openapi.json` and
/// its docs page at `/api/docs`.
pub fn router() -> Router<AppState> {
    let (routes, document) = rest_routes().split_for_parts();
    routes.merge(openapi::routes(document))
}

/// `/api/customer/...` is served by the customer, auth and address
/// resources together; `/api/countries` by the address rules;
/// `/api/admin/...` by the staff login and the admin customer pages. Each route is registered with its description
/// (`utoipa_axum::routes!`), so the document lists exactly these routes.
fn rest_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base_document())
        .nest(
            "/api/customer",
            customer::routes()
                .merge(auth::routes())
                .merge(addresses::routes())
                .merge(passwords::routes())
                .merge(emails::routes())
                .merge(orders::customer_routes())
                .fallback(not_found),
        )
        .nest("/api", countries::routes().merge(orders::checkout_routes()))
        .nest("/api/catalog", catalog::routes().fallback(not_found))
        .nest("/api/wholesale", wholesale::routes().fallback(not_found))
        .nest(
            "/api/admin",
            staff::routes()
                .merge(groups::routes())
                .merge(admin_customers::routes())
                .merge(admin_customer_actions::routes())
                .merge(admin_export::routes())
                .merge(orders::admin_routes())
                .fallback(not_found),
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
#[derive(Serialize, ToSchema)]
pub struct Data<T> {
    pub data: T,
}
