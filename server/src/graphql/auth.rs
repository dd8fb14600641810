//! GraphQL for authentication: log in and out, the caller's sessions.

use async_graphql::{Context, Object, SimpleObject, ID};
use customer_core::dto::{LoginInput, SessionView};

use super::customer::Customer;
use super::{parts, to_graphql_error};

/// One of the customer's logged-in sessions ("devices").
#[derive(SimpleObject)]
pub struct CustomerSession {
    id: ID,
    created_at: String,
    last_seen_at: String,
    user_agent: Option<String>,
    ip: Option<String>,
    /// The session making this request.
    current: bool,
}

impl From<SessionView> for CustomerSession {
    fn from(s: SessionView) -> Self {
        Self {
            id: ID(s.id),
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            user_agent: s.user_agent,
            ip: s.ip,
            current: s.current,
        }
    }
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The logged-in customer's sessions, most recently used first. A list
    /// from the database: it weighs 50 plus 10 per field asked for each row,
    /// so aliases cannot repeat it many times in one request.
    #[graphql(complexity = "50 + 10 * child_complexity")]
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CustomerSession>> {
        let (services, caller) = parts(ctx)?;
        let list = services
            .auth
            .sessions(caller)
            .await
            .map_err(to_graphql_error)?;
        Ok(list.into_iter().map(CustomerSession::from).collect())
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Logs this session in. One `login` or `register` per request
    /// (`expensive::OneExpensiveMutation`).
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<Customer> {
        let (services, caller) = parts(ctx)?;
        let c = services
            .auth
            .log_in(caller, &LoginInput { email, password })
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }

    /// Ends one of the caller's sessions. Always true.
    async fn end_session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let (services, caller) = parts(ctx)?;
        services
            .auth
            .end_session(caller, &id)
            .await
            .map_err(to_graphql_error)?;
        Ok(true)
    }

    /// Ends every session of the caller but this one; returns how many.
    async fn end_other_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let (services, caller) = parts(ctx)?;
        services
            .auth
            .end_other_sessions(caller)
            .await
            .map_err(to_graphql_error)
    }

    /// Ends this session. Always true.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let (services, caller) = parts(ctx)?;
        services
            .auth
            .log_out(caller)
            .await
            .map_err(to_graphql_error)?;
        Ok(true)
    }
}
