use async_graphql::{Context, Object, SimpleObject, ID};
use customer_core::dto::{CustomerView, LoginInput, ProfileInput, RegisterInput, SessionView};
use customer_core::security::ClientInfo;
use customer_core::service::CustomerService;
use customer_core::session::AuthSession;
use customer_core::AppError;

use super::to_graphql_error;

#[derive(SimpleObject)]
pub struct CustomerGroup {
    id: ID,
    name: String,
}

#[derive(SimpleObject)]
pub struct Customer {
    id: ID,
    email: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
    group: CustomerGroup,
    /// `active` or `disabled`.
    status: String,
    email_verified: bool,
    /// RFC 3339, UTC.
    created_at: String,
}

impl From<CustomerView> for Customer {
    fn from(c: CustomerView) -> Self {
        Self {
            id: ID(c.id),
            email: c.email,
            first_name: c.first_name,
            last_name: c.last_name,
            phone: c.phone,
            group: CustomerGroup {
                id: ID(c.group.id.to_string()),
                name: c.group.name,
            },
            status: c.status.as_str().to_string(),
            email_verified: c.email_verified,
            created_at: c.created_at,
        }
    }
}

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

fn client<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a ClientInfo> {
    ctx.data::<ClientInfo>()
        .map_err(|_| to_graphql_error(AppError::internal()))
}

fn parts<'a>(
    ctx: &'a Context<'_>,
) -> async_graphql::Result<(&'a CustomerService, &'a AuthSession)> {
    let internal = || to_graphql_error(AppError::internal());
    Ok((
        ctx.data::<CustomerService>().map_err(|_| internal())?,
        ctx.data::<AuthSession>().map_err(|_| internal())?,
    ))
}

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// The customer logged in with this session, or null.
    async fn current_customer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Customer>> {
        let (customers, session) = parts(ctx)?;
        let current = customers.current(session).await.map_err(to_graphql_error)?;
        Ok(current.map(Customer::from))
    }

    /// The logged-in customer's sessions, most recently used first.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CustomerSession>> {
        let (customers, session) = parts(ctx)?;
        let list = customers
            .sessions(session)
            .await
            .map_err(to_graphql_error)?;
        Ok(list.into_iter().map(CustomerSession::from).collect())
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// Creates an account and logs this session in.
    async fn register(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
        first_name: String,
        last_name: String,
        phone: Option<String>,
    ) -> async_graphql::Result<Customer> {
        let (customers, session) = parts(ctx)?;
        let input = RegisterInput {
            email,
            password,
            first_name,
            last_name,
            phone,
        };
        let c = customers
            .register(session, client(ctx)?, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }

    /// Logs this session in.
    async fn login(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> async_graphql::Result<Customer> {
        let (customers, session) = parts(ctx)?;
        let c = customers
            .log_in(session, client(ctx)?, &LoginInput { email, password })
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }

    /// Changes the caller's own name and phone (`id` from `currentCustomer`).
    /// An omitted field stays as it is; `phone: ""` removes the number.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        id: ID,
        first_name: Option<String>,
        last_name: Option<String>,
        phone: Option<String>,
    ) -> async_graphql::Result<Customer> {
        let (customers, session) = parts(ctx)?;
        let input = ProfileInput {
            first_name,
            last_name,
            phone: phone.map(Some),
        };
        let c = customers
            .update_profile(session, &id, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }

    /// Ends one of the caller's sessions. Always true.
    async fn end_session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let (customers, session) = parts(ctx)?;
        customers
            .end_session(session, &id)
            .await
            .map_err(to_graphql_error)?;
        Ok(true)
    }

    /// Ends every session of the caller but this one; returns how many.
    async fn end_other_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let (customers, session) = parts(ctx)?;
        customers
            .end_other_sessions(session)
            .await
            .map_err(to_graphql_error)
    }

    /// Ends this session. Always true.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let (customers, session) = parts(ctx)?;
        customers.log_out(session).await.map_err(to_graphql_error)?;
        Ok(true)
    }
}
