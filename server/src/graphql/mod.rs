//! GraphQL at `/api/graphql` for external consumers: the same services and
//! the same session cookie as the UI and REST.

mod customer;

use async_graphql::http::GraphiQLSource;
use async_graphql::{EmptySubscription, ErrorExtensions, MergedObject, Schema};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::response::{Html, IntoResponse};
use axum::Extension;
use customer_core::security::ClientInfo;
use customer_core::service::CustomerService;
use customer_core::session::AuthSession;
use customer_core::AppError;
use tower_sessions::Session;

#[derive(MergedObject, Default)]
pub struct QueryRoot(customer::CustomerQuery);

#[derive(MergedObject, Default)]
pub struct MutationRoot(customer::CustomerMutation);

pub type ShopSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

pub fn schema(customers: CustomerService) -> ShopSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .data(customers)
    .limit_depth(12)
    .limit_complexity(500)
    .finish()
}

pub async fn graphql_handler(
    State(schema): State<ShopSchema>,
    session: Session,
    Extension(client): Extension<ClientInfo>,
    request: GraphQLRequest,
) -> GraphQLResponse {
    schema
        .execute(
            request
                .into_inner()
                .data(AuthSession::new(session))
                .data(client),
        )
        .await
        .into()
}

pub async fn graphiql() -> impl IntoResponse {
    Html(GraphiQLSource::build().endpoint("/api/graphql").finish())
}

/// The one mapping from [`AppError`] to a GraphQL error: the message, and
/// `extensions.code` (plus `extensions.fields` for field errors).
pub fn to_graphql_error(e: impl Into<AppError>) -> async_graphql::Error {
    let e: AppError = e.into();
    async_graphql::Error::new(e.message()).extend_with(|_, ext| {
        ext.set("code", e.code());
        ext.set("status", e.status());
        if let Some(fields) = e.fields() {
            let mut map = async_graphql::indexmap::IndexMap::new();
            for (k, v) in fields {
                map.insert(
                    async_graphql::Name::new(k),
                    async_graphql::Value::from(v.as_str()),
                );
            }
            ext.set("fields", async_graphql::Value::Object(map));
        }
    })
}
