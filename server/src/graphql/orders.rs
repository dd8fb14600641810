//! GraphQL for the catalogue and orders: `products`, `order(number)`,
//! `Customer.orders` (the caller's, or for staff the customer's), the
//! `checkout` mutation, and staff's `adminOrder` and `setOrderStatus`.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use customer_core::dto::{
    CheckoutInput, CheckoutItemInput, CheckoutResult, CreateAccountInput, Money, OrderAddress,
    OrderPage, OrderPageQuery, OrderStatusInput, OrderView, ProductView,
};

use super::addresses::NewAddress;
use super::{parts, to_graphql_error};

/// Where an order is in its life.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "customer_core::dto::OrderStatus")]
pub enum OrderStatus {
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

/// An amount in the currency's minor unit (cents for USD).
#[derive(SimpleObject)]
#[graphql(name = "Money")]
pub struct MoneyObject {
    amount: i64,
    /// ISO 4217.
    currency: String,
}

impl From<Money> for MoneyObject {
    fn from(m: Money) -> Self {
        Self {
            amount: m.amount,
            currency: m.currency,
        }
    }
}

#[derive(SimpleObject)]
pub struct Product {
    sku: String,
    name: String,
    price: MoneyObject,
    stock: u32,
}

impl From<ProductView> for Product {
    fn from(p: ProductView) -> Self {
        Self {
            sku: p.sku,
            name: p.name,
            price: p.price.into(),
            stock: p.stock,
        }
    }
}

/// An address as it was when the order was placed.
#[derive(SimpleObject)]
#[graphql(name = "OrderAddress")]
pub struct OrderAddressObject {
    first_name: String,
    last_name: String,
    company: Option<String>,
    line1: String,
    line2: Option<String>,
    city: String,
    province: Option<String>,
    province_name: Option<String>,
    postal_code: Option<String>,
    country: String,
    country_name: String,
    phone: Option<String>,
}

impl From<OrderAddress> for OrderAddressObject {
    fn from(a: OrderAddress) -> Self {
        Self {
            first_name: a.first_name,
            last_name: a.last_name,
            company: a.company,
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            province: a.province,
            province_name: a.province_name,
            postal_code: a.postal_code,
            country: a.country,
            country_name: a.country_name,
            phone: a.phone,
        }
    }
}

#[derive(SimpleObject)]
pub struct OrderItem {
    sku: String,
    name: String,
    unit_price: MoneyObject,
    quantity: u32,
    line_total: MoneyObject,
}

#[derive(SimpleObject)]
pub struct StatusChange {
    status: OrderStatus,
    /// RFC 3339, UTC.
    at: String,
}

#[derive(SimpleObject)]
pub struct Order {
    number: String,
    status: OrderStatus,
    currency: String,
    items: Vec<OrderItem>,
    subtotal: MoneyObject,
    shipping: MoneyObject,
    tax: MoneyObject,
    total: MoneyObject,
    email: String,
    guest: bool,
    /// The owner's public id; null for a guest order.
    customer_id: Option<async_graphql::ID>,
    shipping_address: OrderAddressObject,
    billing_address: OrderAddressObject,
    /// RFC 3339, UTC.
    placed_at: String,
    history: Vec<StatusChange>,
}

impl From<OrderView> for Order {
    fn from(o: OrderView) -> Self {
        Self {
            number: o.number,
            status: o.status.into(),
            currency: o.currency,
            items: o
                .items
                .into_iter()
                .map(|i| OrderItem {
                    sku: i.sku,
                    name: i.name,
                    unit_price: i.unit_price.into(),
                    quantity: i.quantity,
                    line_total: i.line_total.into(),
                })
                .collect(),
            subtotal: o.subtotal.into(),
            shipping: o.shipping.into(),
            tax: o.tax.into(),
            total: o.total.into(),
            email: o.email,
            guest: o.guest,
            customer_id: o.customer_id.map(async_graphql::ID),
            shipping_address: o.shipping_address.into(),
            billing_address: o.billing_address.into(),
            placed_at: o.placed_at,
            history: o
                .history
                .into_iter()
                .map(|h| StatusChange {
                    status: h.status.into(),
                    at: h.at,
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct OrderSummary {
    number: String,
    status: OrderStatus,
    placed_at: String,
    total: MoneyObject,
    item_count: u32,
}

/// One page of orders, newest first.
#[derive(SimpleObject)]
pub struct OrderList {
    nodes: Vec<OrderSummary>,
    total: u64,
    page: u32,
    per_page: u32,
}

impl From<OrderPage> for OrderList {
    fn from(p: OrderPage) -> Self {
        Self {
            nodes: p
                .data
                .into_iter()
                .map(|s| OrderSummary {
                    number: s.number,
                    status: s.status.into(),
                    placed_at: s.placed_at,
                    total: s.total.into(),
                    item_count: s.item_count,
                })
                .collect(),
            total: p.meta.total,
            page: p.meta.page,
            per_page: p.meta.per_page,
        }
    }
}

/// The paging arguments as the service reads them.
pub fn page_query(page: Option<i32>, per_page: Option<i32>) -> OrderPageQuery {
    OrderPageQuery {
        page: page.map(|p| p.to_string()),
        per_page: per_page.map(|p| p.to_string()),
    }
}

#[derive(InputObject)]
pub struct CheckoutLine {
    sku: String,
    quantity: i64,
}

#[derive(InputObject)]
pub struct NewAccount {
    password: String,
}

/// An order to place (see `POST /api/checkout`).
#[derive(InputObject)]
pub struct Checkout {
    email: Option<String>,
    items: Vec<CheckoutLine>,
    shipping_address: Option<NewAddress>,
    shipping_address_id: Option<String>,
    billing_address: Option<NewAddress>,
    billing_address_id: Option<String>,
    create_account: Option<NewAccount>,
}

/// What checkout answers: the order, and what happened to the account
/// asked for (`created`, `exists`, or null).
#[derive(SimpleObject)]
pub struct CheckoutOutcome {
    order: Order,
    account: Option<String>,
    logged_in: bool,
}

impl From<CheckoutResult> for CheckoutOutcome {
    fn from(r: CheckoutResult) -> Self {
        Self {
            order: r.data.into(),
            account: r.meta.account.map(|a| match a {
                customer_core::dto::CheckoutAccount::Created => "created".to_owned(),
                customer_core::dto::CheckoutAccount::Exists => "exists".to_owned(),
            }),
            logged_in: r.meta.logged_in,
        }
    }
}

#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// The catalogue, in its order.
    async fn products(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Product>> {
        let (services, _) = parts(ctx)?;
        let products = services
            .catalog
            .products()
            .await
            .map_err(to_graphql_error)?;
        Ok(products.into_iter().map(Product::from).collect())
    }

    /// One of the caller's orders (another customer's is not found).
    async fn order(&self, ctx: &Context<'_>, number: String) -> async_graphql::Result<Order> {
        let (services, caller) = parts(ctx)?;
        let order = services
            .orders
            .get(caller, &number)
            .await
            .map_err(to_graphql_error)?;
        Ok(order.into())
    }

    /// Any order, for staff.
    async fn admin_order(&self, ctx: &Context<'_>, number: String) -> async_graphql::Result<Order> {
        let (services, caller) = parts(ctx)?;
        let order = services
            .orders
            .staff_get(caller, &number)
            .await
            .map_err(to_graphql_error)?;
        Ok(order.into())
    }
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// Places an order (with `createAccount`, also creates the guest's
    /// account and logs this session in). One per request with the other
    /// expensive mutations (`expensive::OneExpensiveMutation`).
    async fn checkout(
        &self,
        ctx: &Context<'_>,
        input: Checkout,
    ) -> async_graphql::Result<CheckoutOutcome> {
        let (services, caller) = parts(ctx)?;
        let input = CheckoutInput {
            email: input.email,
            items: input
                .items
                .into_iter()
                .map(|l| CheckoutItemInput {
                    sku: l.sku,
                    quantity: l.quantity,
                })
                .collect(),
            shipping_address: input.shipping_address.map(Into::into),
            shipping_address_id: input.shipping_address_id,
            billing_address: input.billing_address.map(Into::into),
            billing_address_id: input.billing_address_id,
            create_account: input.create_account.map(|a| CreateAccountInput {
                password: a.password,
            }),
            other: Default::default(),
        };
        let placed = services
            .orders
            .checkout(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(placed.into())
    }

    /// Moves an order to another status (admins; see
    /// `PATCH /api/admin/orders/{number}` for the allowed moves).
    async fn set_order_status(
        &self,
        ctx: &Context<'_>,
        number: String,
        status: OrderStatus,
    ) -> async_graphql::Result<Order> {
        let (services, caller) = parts(ctx)?;
        let status: customer_core::dto::OrderStatus = status.into();
        let input = OrderStatusInput {
            status: status.as_str().to_owned(),
            other: Default::default(),
        };
        let order = services
            .orders
            .set_status(caller, &number, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(order.into())
    }
}
