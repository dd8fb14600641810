use async_graphql::{Context, Object, SimpleObject, ID};
use customer_core::dto::{CustomerView, LoginInput, RegisterInput};
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
            .register(session, &input)
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
            .log_in(session, &LoginInput { email, password })
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }

    /// Ends this session. Always true.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let (customers, session) = parts(ctx)?;
        customers.log_out(session).await.map_err(to_graphql_error)?;
        Ok(true)
    }
}
