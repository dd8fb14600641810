//! What every handler can reach: the services, the GraphQL schema and the
//! Leptos options.

use axum::extract::FromRef;
use customer_core::services::Services;
use leptos::config::LeptosOptions;

use crate::graphql::ShopSchema;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub schema: ShopSchema,
}
