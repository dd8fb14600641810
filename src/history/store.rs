//! History storage. The statements are the same on both backends, so one
//! macro implements [`HistoryStore`] for each unit of work.

use async_trait::async_trait;

use crate::customers::store::CustomerId;
use crate::db::StoreError;
use crate::history::dto::{ActorView, FieldChange, HistoryEntryView};

/// A history row to insert.
#[derive(Debug, Clone)]
pub struct NewHistoryRecord<'a> {
    pub customer_id: i64,
    pub at_ms: i64,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_name: Option<&'a str>,
    pub action: &'a str,
    /// A JSON array of [`FieldChange`].
    pub changes: String,
}

/// A stored history row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub at_ms: i64,
    pub actor_type: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub action: String,
    pub changes: String,
}

impl HistoryRow {
    pub fn to_view(&self) -> HistoryEntryView {
        HistoryEntryView {
            at: crate::clock::rfc3339_ms(self.at_ms),
            actor: ActorView {
                kind: self.actor_type.clone(),
                id: self.actor_id.clone(),
                name: self.actor_name.clone(),
            },
            action: self.action.clone(),
            changes: serde_json::from_str::<Vec<FieldChange>>(&self.changes).unwrap_or_default(),
        }
    }
}

#[async_trait]
pub trait HistoryStore {
    async fn insert_history(&mut self, new: &NewHistoryRecord<'_>) -> Result<(), StoreError>;
    /// The customer's newest `limit` entries with an id below `before_id`
    /// (all when `None`), newest first, each with its id for the next page.
    async fn history_of(
        &mut self,
        customer: CustomerId,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<(i64, HistoryRow)>, StoreError>;
}

#[derive(sqlx::FromRow)]
struct HistorySqlRow {
    id: i64,
    #[sqlx(flatten)]
    row: HistoryRow,
}

macro_rules! impl_history_store {
    ($tx:ty, $map_err:path) => {
        #[async_trait]
        impl HistoryStore for $tx {
            async fn insert_history(
                &mut self,
                new: &NewHistoryRecord<'_>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO customer_history
                         (customer_id, at_ms, actor_type, actor_id, actor_name, action, changes)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(new.customer_id)
                .bind(new.at_ms)
                .bind(new.actor_type)
                .bind(new.actor_id)
                .bind(new.actor_name)
                .bind(new.action)
                .bind(&new.changes)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(())
            }

            async fn history_of(
                &mut self,
                customer: CustomerId,
                before_id: Option<i64>,
                limit: u32,
            ) -> Result<Vec<(i64, HistoryRow)>, StoreError> {
                let rows: Vec<HistorySqlRow> = sqlx::query_as(
                    "SELECT id, at_ms, actor_type, actor_id, actor_name, action, changes
                     FROM customer_history
                     WHERE customer_id = $1 AND id < $2
                     ORDER BY id DESC
                     LIMIT $3",
                )
                .bind(customer.0)
                .bind(before_id.unwrap_or(i64::MAX))
                .bind(i64::from(limit))
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(rows.into_iter().map(|r| (r.id, r.row)).collect())
            }
        }
    };
}

impl_history_store!(crate::db::SqliteTx, crate::db::sqlite_map_err);
impl_history_store!(crate::db::PgTx, crate::db::postgres_map_err);
