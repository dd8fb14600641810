//! GraphQL at `/api/graphql` for external consumers: the same services, the
//! same caller and the same session cookie as the UI and REST. A module per
//! resource, each with its query and mutation parts; `admin` is for staff
//! (their `shop_staff` cookie), beside the customer's.

mod addresses;
mod admin;
mod auth;
mod customer;
mod emails;
mod expensive;
pub mod graphiql;
mod groups;
pub mod limits;
mod orders;
mod passwords;

use async_graphql::{Context, EmptySubscription, ErrorExtensions, MergedObject, Schema};
use async_graphql_axum::GraphQLResponse;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use customer_core::caller::{Caller, Resolved};
use customer_core::services::Services;
use customer_core::AppError;

use crate::config::Limits;

/// Where GraphQL is served.
pub const GRAPHQL_PATH: &str = "/api/graphql";

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    customer::CustomerQuery,
    admin::AdminQuery,
    auth::AuthQuery,
    addresses::AddressQuery,
    groups::GroupQuery,
    orders::OrderQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    customer::CustomerMutation,
    admin::AdminMutation,
    auth::AuthMutation,
    addresses::AddressMutation,
    passwords::PasswordMutation,
    emails::EmailMutation,
    groups::GroupMutation,
    orders::OrderMutation,
);

pub type ShopSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// The schema over the services; `introspection: false`
/// (`GRAPHQL_INTROSPECTION=false`) refuses `__schema` and `__type` queries.
pub fn schema(services: Services, introspection: bool) -> ShopSchema {
    let builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .data(services)
    .limit_depth(12)
    .limit_complexity(500)
    .extension(expensive::OneExpensiveMutation);
    if introspection {
        builder.finish()
    } else {
        builder.disable_introspection().finish()
    }
}

/// Runs a request with the caller the resolving layer worked out; when it
/// could not (the database is down), answers with that error, GraphQL-shaped.
/// The body arrives already bounded in size (`middleware::bounds`); its
/// nesting and the query's length and nesting are checked here before
/// anything parses them ([`limits::read_request`]).
pub async fn graphql_handler(
    State(schema): State<ShopSchema>,
    limits: Option<Extension<Limits>>,
    resolved: Option<Extension<Resolved>>,
    body: Bytes,
) -> Response {
    let limits = limits.map(|l| l.0).unwrap_or_default();
    let request = match limits::read_request(&body, &limits) {
        Ok(request) => request,
        Err(e) => return refusal(e),
    };
    let caller = match Resolved::from_extension(resolved.as_ref().map(|r| &r.0)) {
        Ok(caller) => caller,
        Err(e) => return GraphQLResponse::from(error_response(e)).into_response(),
    };
    GraphQLResponse::from(schema.execute(request.data(caller)).await).into_response()
}

/// A request refused before it ran: the error GraphQL-shaped, with the
/// HTTP status it stands for (413, 415, 408, 503, ...).
pub fn refusal(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let retry_after = e.retry_after_secs();
    let mut res = (status, axum::Json(error_response(e))).into_response();
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, secs.into());
    }
    res
}

/// A response carrying only `error`, as GraphQL clients expect it.
pub fn error_response(e: AppError) -> async_graphql::Response {
    async_graphql::Response::from_errors(vec![
        to_graphql_error(e).into_server_error(async_graphql::Pos::default())
    ])
}

/// The services and the caller, from a resolver's context.
fn parts<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<(&'a Services, &'a Caller)> {
    let internal = || to_graphql_error(AppError::internal());
    Ok((
        ctx.data::<Services>().map_err(|_| internal())?,
        ctx.data::<Caller>().map_err(|_| internal())?,
    ))
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

/// GraphQL's own "absent, null or a value", as the one
/// [`Patch`](customer_core::dto::Patch) meaning every interface shares.
fn patch(value: async_graphql::MaybeUndefined<String>) -> customer_core::dto::Patch<String> {
    use async_graphql::MaybeUndefined;
    use customer_core::dto::Patch;
    match value {
        MaybeUndefined::Undefined => Patch::Keep,
        MaybeUndefined::Null => Patch::Clear,
        MaybeUndefined::Value(v) => Patch::Set(v),
    }
}
