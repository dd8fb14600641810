//! What the admin customer service needs from storage beyond the customer,
//! session and search stores: groups by public id, customers by public id
//! (locked for a change), and a customer's group. The statements are the
//! same on both backends but for the row lock, so one macro implements
//! [`AdminStore`] for each unit of work.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::customers::store::{CustomerId, CustomerRow};
use crate::db::StoreError;

/// A customer group as the admin service needs it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
}

#[async_trait]
pub trait AdminStore {
    async fn group_by_public_id(&mut self, public_id: &str)
        -> Result<Option<GroupRow>, StoreError>;
    /// Every group, by row id (the built-in ones first).
    async fn all_groups(&mut self) -> Result<Vec<GroupRow>, StoreError>;
    /// The customer with this public id. With `lock`, inside a transaction
    /// on PostgreSQL, the row stays locked until the end (`FOR UPDATE`), so
    /// two changes to one customer run one after the other and each sees
    /// the other's result; SQLite's write transaction already holds the
    /// database.
    async fn customer_by_public_id(
        &mut self,
        public_id: &str,
        lock: bool,
    ) -> Result<Option<CustomerRow>, StoreError>;
    /// The customers among these public ids, by row id, locked as above.
    async fn customers_by_public_ids(
        &mut self,
        public_ids: &[String],
    ) -> Result<Vec<CustomerRow>, StoreError>;
    /// Moves a customer to another group; false if there is no such customer.
    async fn set_customer_group(
        &mut self,
        id: CustomerId,
        group_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}

macro_rules! impl_admin_store {
    ($tx:ty, $db:ty, $map_err:path, $lock:literal) => {
        #[async_trait]
        impl AdminStore for $tx {
            async fn group_by_public_id(
                &mut self,
                public_id: &str,
            ) -> Result<Option<GroupRow>, StoreError> {
                sqlx::query_as(
                    "SELECT id, public_id, name FROM customer_group WHERE public_id = $1",
                )
                .bind(public_id)
                .fetch_optional(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn all_groups(&mut self) -> Result<Vec<GroupRow>, StoreError> {
                sqlx::query_as("SELECT id, public_id, name FROM customer_group ORDER BY id")
                    .fetch_all(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn customer_by_public_id(
                &mut self,
                public_id: &str,
                lock: bool,
            ) -> Result<Option<CustomerRow>, StoreError> {
                let sql = format!(
                    "SELECT {} FROM customer c JOIN customer_group g ON g.id = c.group_id
                     WHERE c.public_id = $1{}",
                    crate::customers::store::CUSTOMER_COLUMNS,
                    if lock { $lock } else { "" }
                );
                sqlx::query_as(&sql)
                    .bind(public_id)
                    .fetch_optional(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn customers_by_public_ids(
                &mut self,
                public_ids: &[String],
            ) -> Result<Vec<CustomerRow>, StoreError> {
                if public_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb: sqlx::QueryBuilder<$db> = sqlx::QueryBuilder::new(format!(
                    "SELECT {} FROM customer c JOIN customer_group g ON g.id = c.group_id
                     WHERE c.public_id IN (",
                    crate::customers::store::CUSTOMER_COLUMNS
                ));
                let mut list = qb.separated(", ");
                for id in public_ids {
                    list.push_bind(id.as_str());
                }
                qb.push(concat!(") ORDER BY c.id", $lock));
                qb.build_query_as::<CustomerRow>()
                    .fetch_all(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn set_customer_group(
                &mut self,
                id: CustomerId,
                group_id: i64,
                now: DateTime<Utc>,
            ) -> Result<bool, StoreError> {
                let done =
                    sqlx::query("UPDATE customer SET group_id = $1, updated_at = $2 WHERE id = $3")
                        .bind(group_id)
                        .bind(now)
                        .bind(id.0)
                        .execute(self.conn_mut())
                        .await
                        .map_err($map_err)?;
                Ok(done.rows_affected() > 0)
            }
        }
    };
}

impl_admin_store!(
    crate::db::SqliteTx,
    sqlx::Sqlite,
    crate::db::sqlite_map_err,
    ""
);
impl_admin_store!(
    crate::db::PgTx,
    sqlx::Postgres,
    crate::db::postgres_map_err,
    " FOR UPDATE OF c"
);
