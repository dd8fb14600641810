//! GraphQL for the customer resource: the current customer, registration
//! and the profile (with the address book's defaults and addresses).

use async_graphql::{ComplexObject, Context, MaybeUndefined, Object, SimpleObject, ID};
use customer_core::dto::{CustomerView, GroupView, ProfileInput, RegisterInput};

use super::addresses::Address;
use super::orders::{page_query, OrderList};
use super::{parts, patch, to_graphql_error};

#[derive(SimpleObject)]
pub struct CustomerGroup {
    id: ID,
    name: String,
}

impl From<GroupView> for CustomerGroup {
    fn from(g: GroupView) -> Self {
        Self {
            id: ID(g.id),
            name: g.name,
        }
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
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
    default_shipping_address: Option<Address>,
    default_billing_address: Option<Address>,
    /// Read by staff (`customer`, `customers`): `addresses` is then this
    /// customer's book, not the caller's.
    #[graphql(skip)]
    for_staff: bool,
}

impl Customer {
    /// A customer as staff read them (`admin.rs`).
    pub fn for_staff(view: CustomerView) -> Self {
        Self {
            for_staff: true,
            ..Self::from(view)
        }
    }
}

#[ComplexObject]
impl Customer {
    /// The address book, oldest first: the caller's own, or, for staff
    /// reading a customer, that customer's. Weighs like `sessions` in the
    /// complexity limit: a database read that aliases cannot repeat.
    #[graphql(complexity = "50 + 10 * child_complexity")]
    async fn addresses(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Address>> {
        let (services, caller) = parts(ctx)?;
        let book = match self.for_staff {
            true => services.addresses.staff_list(caller, &self.id).await,
            false => services.addresses.list(caller).await,
        }
        .map_err(to_graphql_error)?;
        Ok(book.into_iter().map(Address::from).collect())
    }

    /// Orders, newest first, a page at a time (`perPage` 1 to 100, default
    /// 10): the caller's own, or, for staff reading a customer, theirs.
    #[graphql(complexity = "50 + 10 * child_complexity")]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        per_page: Option<i32>,
    ) -> async_graphql::Result<OrderList> {
        let (services, caller) = parts(ctx)?;
        let query = page_query(page, per_page);
        let orders = match self.for_staff {
            true => services.orders.staff_list(caller, &self.id, &query).await,
            false => services.orders.list(caller, &query).await,
        }
        .map_err(to_graphql_error)?;
        Ok(orders.into())
    }
}

impl From<CustomerView> for Customer {
    fn from(c: CustomerView) -> Self {
        Self {
            id: ID(c.id),
            email: c.email,
            first_name: c.first_name,
            last_name: c.last_name,
            phone: c.phone,
            group: c.group.into(),
            status: c.status.as_str().to_string(),
            email_verified: c.email_verified,
            created_at: c.created_at,
            default_shipping_address: c.default_shipping_address.map(Address::from),
            default_billing_address: c.default_billing_address.map(Address::from),
            for_staff: false,
        }
    }
}

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// The customer logged in with this session, or null.
    async fn current_customer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Customer>> {
        let (services, caller) = parts(ctx)?;
        let current = services
            .customers
            .current(caller)
            .await
            .map_err(to_graphql_error)?;
        Ok(current.map(Customer::from))
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// Creates an account and logs this session in. One `register` or
    /// `login` per request (`expensive::OneExpensiveMutation`).
    async fn register(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
        first_name: String,
        last_name: String,
        phone: Option<String>,
    ) -> async_graphql::Result<Customer> {
        let (services, caller) = parts(ctx)?;
        let input = RegisterInput {
            email,
            password,
            first_name,
            last_name,
            phone,
        };
        let c = services
            .customers
            .register(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }

    /// Changes the caller's own name and phone (`id` from `currentCustomer`).
    /// An omitted field stays as it is; `phone: null` or `phone: ""` removes
    /// the number.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        id: ID,
        first_name: MaybeUndefined<String>,
        last_name: MaybeUndefined<String>,
        phone: MaybeUndefined<String>,
    ) -> async_graphql::Result<Customer> {
        let (services, caller) = parts(ctx)?;
        let input = ProfileInput {
            first_name: patch(first_name),
            last_name: patch(last_name),
            phone: patch(phone),
            ..Default::default()
        };
        let c = services
            .customers
            .update_profile(caller, &id, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(c.into())
    }
}
