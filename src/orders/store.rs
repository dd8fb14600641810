//! Orders' storage, the same SQL on both backends (one macro implements
//! [`OrderStore`] for each unit of work).

use async_trait::async_trait;

use crate::customers::store::CustomerId;
use crate::db::StoreError;

/// The unique index on order numbers (SQLite's message is translated to it).
pub const ORDER_NUMBER_UNIQUE: &str = "customer_order_number_key";

/// A row of `customer_order`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub customer_id: Option<i64>,
    pub email: String,
    pub status: String,
    pub currency: String,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub item_count: i32,
    /// JSON of `OrderAddress`.
    pub shipping_address: String,
    pub billing_address: String,
    pub placed_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A row of `order_item`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub sku: String,
    pub name: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
    pub line_total_minor: i64,
}

/// A row of `order_status_change`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusRow {
    pub status: String,
    pub at_ms: i64,
    pub actor_name: Option<String>,
}

/// An order to insert, with its lines; its first status is `pending`.
#[derive(Debug, Clone)]
pub struct NewOrderRecord {
    pub number: String,
    pub customer_id: Option<CustomerId>,
    pub email: String,
    pub currency: String,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub item_count: i32,
    pub shipping_address: String,
    pub billing_address: String,
    pub placed_at_ms: i64,
    pub items: Vec<ItemRow>,
}

const COLUMNS: &str = "id, number, customer_id, email, status, currency, subtotal_minor, \
     shipping_minor, tax_minor, total_minor, item_count, shipping_address, billing_address, \
     placed_at_ms, updated_at_ms";

#[async_trait]
pub trait OrderStore {
    /// Inserts the order, its lines and its first status (`pending` at
    /// `placed_at_ms`).
    async fn insert_order(&mut self, new: &NewOrderRecord) -> Result<OrderRow, StoreError>;

    /// One order by its number; `lock` holds the row until the unit of
    /// work ends (PostgreSQL `FOR UPDATE`; SQLite's transactions already
    /// hold the write lock).
    async fn order_by_number(
        &mut self,
        number: &str,
        lock: bool,
    ) -> Result<Option<OrderRow>, StoreError>;

    /// The order's lines, in their order.
    async fn items_of(&mut self, order: i64) -> Result<Vec<ItemRow>, StoreError>;

    /// Every status the order has had, oldest first.
    async fn statuses_of(&mut self, order: i64) -> Result<Vec<StatusRow>, StoreError>;

    /// Moves the order to `status` and records the change.
    async fn set_status(
        &mut self,
        order: i64,
        status: &str,
        at_ms: i64,
        actor_name: Option<&str>,
    ) -> Result<(), StoreError>;

    /// How many orders the customer has.
    async fn count_of(&mut self, customer: CustomerId) -> Result<i64, StoreError>;

    /// One page of the customer's orders, newest first.
    async fn page_of(
        &mut self,
        customer: CustomerId,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<OrderRow>, StoreError>;

    /// Gives the customer every guest order placed with `email`; returns
    /// how many.
    async fn claim_guest_orders(
        &mut self,
        customer: CustomerId,
        email: &str,
        now_ms: i64,
    ) -> Result<u64, StoreError>;
}

macro_rules! impl_order_store {
    ($tx:ty, $map_err:path, $for_update:literal) => {
        #[async_trait]
        impl OrderStore for $tx {
            async fn insert_order(
                &mut self,
                new: &NewOrderRecord,
            ) -> Result<OrderRow, StoreError> {
                let row: OrderRow = sqlx::query_as(&format!(
                    "INSERT INTO customer_order (number, customer_id, email, status, currency,
                         subtotal_minor, shipping_minor, tax_minor, total_minor, item_count,
                         shipping_address, billing_address, placed_at_ms, updated_at_ms)
                     VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
                     RETURNING {COLUMNS}"
                ))
                .bind(&new.number)
                .bind(new.customer_id.map(|c| c.0))
                .bind(&new.email)
                .bind(&new.currency)
                .bind(new.subtotal_minor)
                .bind(new.shipping_minor)
                .bind(new.tax_minor)
                .bind(new.total_minor)
                .bind(new.item_count)
                .bind(&new.shipping_address)
                .bind(&new.billing_address)
                .bind(new.placed_at_ms)
                .fetch_one(self.conn_mut())
                .await
                .map_err($map_err)?;
                for (position, item) in new.items.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO order_item (order_id, position, sku, name,
                             unit_price_minor, quantity, line_total_minor)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(row.id)
                    .bind(i32::try_from(position).unwrap_or(i32::MAX))
                    .bind(&item.sku)
                    .bind(&item.name)
                    .bind(item.unit_price_minor)
                    .bind(item.quantity)
                    .bind(item.line_total_minor)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                }
                sqlx::query(
                    "INSERT INTO order_status_change (order_id, position, status, at_ms)
                     VALUES ($1, 0, 'pending', $2)",
                )
                .bind(row.id)
                .bind(new.placed_at_ms)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(row)
            }

            async fn order_by_number(
                &mut self,
                number: &str,
                lock: bool,
            ) -> Result<Option<OrderRow>, StoreError> {
                let lock = if lock { $for_update } else { "" };
                sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM customer_order WHERE number = $1{lock}"
                ))
                .bind(number)
                .fetch_optional(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn items_of(&mut self, order: i64) -> Result<Vec<ItemRow>, StoreError> {
                sqlx::query_as(
                    "SELECT sku, name, unit_price_minor, quantity, line_total_minor
                     FROM order_item WHERE order_id = $1 ORDER BY position",
                )
                .bind(order)
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn statuses_of(&mut self, order: i64) -> Result<Vec<StatusRow>, StoreError> {
                sqlx::query_as(
                    "SELECT status, at_ms, actor_name
                     FROM order_status_change WHERE order_id = $1 ORDER BY position",
                )
                .bind(order)
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn set_status(
                &mut self,
                order: i64,
                status: &str,
                at_ms: i64,
                actor_name: Option<&str>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE customer_order SET status = $2, updated_at_ms = $3 WHERE id = $1",
                )
                .bind(order)
                .bind(status)
                .bind(at_ms)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                sqlx::query(
                    "INSERT INTO order_status_change (order_id, position, status, at_ms, actor_name)
                     SELECT $1, COALESCE(MAX(position), -1) + 1, $2, $3, $4
                     FROM order_status_change WHERE order_id = $1",
                )
                .bind(order)
                .bind(status)
                .bind(at_ms)
                .bind(actor_name)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(())
            }

            async fn count_of(&mut self, customer: CustomerId) -> Result<i64, StoreError> {
                sqlx::query_scalar("SELECT COUNT(*) FROM customer_order WHERE customer_id = $1")
                    .bind(customer.0)
                    .fetch_one(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn page_of(
                &mut self,
                customer: CustomerId,
                limit: i64,
                offset: i64,
            ) -> Result<Vec<OrderRow>, StoreError> {
                sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM customer_order WHERE customer_id = $1
                     ORDER BY placed_at_ms DESC, id DESC LIMIT $2 OFFSET $3"
                ))
                .bind(customer.0)
                .bind(limit)
                .bind(offset)
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn claim_guest_orders(
                &mut self,
                customer: CustomerId,
                email: &str,
                now_ms: i64,
            ) -> Result<u64, StoreError> {
                let done = sqlx::query(
                    "UPDATE customer_order SET customer_id = $1, updated_at_ms = $3
                     WHERE customer_id IS NULL AND email = $2",
                )
                .bind(customer.0)
                .bind(email)
                .bind(now_ms)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(done.rows_affected())
            }
        }
    };
}

impl_order_store!(crate::db::SqliteTx, crate::db::sqlite_map_err, "");
impl_order_store!(crate::db::PgTx, crate::db::postgres_map_err, " FOR UPDATE");
