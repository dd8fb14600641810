//! The SQLite unit of work. Each resource implements its store trait for
//! [`SqliteTx`] in `src/<resource>/store/sqlite.rs`.

use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::Sqlite;

use super::{other, Held, StoreError};

pub struct SqliteTx(Held<Sqlite>);

impl SqliteTx {
    pub(crate) async fn begin(pool: &SqlitePool) -> Result<Self, StoreError> {
        let tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(map_err)?;
        Ok(Self(Held::Tx(tx)))
    }

    pub(crate) async fn conn(pool: &SqlitePool) -> Result<Self, StoreError> {
        Ok(Self(Held::Conn(pool.acquire().await.map_err(map_err)?)))
    }

    pub(crate) fn conn_mut(&mut self) -> &mut SqliteConnection {
        self.0.conn()
    }

    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.0.commit().await.map_err(map_err)
    }

    pub(crate) async fn ping(&mut self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }
}

/// Unique violations as SQLite reports them (it names the columns, not the
/// index), translated to the constraint names the PostgreSQL migrations
/// give the same rules. Matched exactly, never by substring.
const UNIQUE_VIOLATIONS: &[(&str, &str)] = &[
    (
        "UNIQUE constraint failed: customer.email",
        crate::customers::store::EMAIL_UNIQUE,
    ),
    (
        "UNIQUE constraint failed: staff.email",
        crate::staff::store::STAFF_EMAIL_UNIQUE,
    ),
    (
        "UNIQUE constraint failed: customer_order.number",
        crate::orders::store::ORDER_NUMBER_UNIQUE,
    ),
    // An index on an expression is named by the index.
    (
        "UNIQUE constraint failed: index 'customer_group_name_key'",
        crate::groups::store::GROUP_NAME_UNIQUE,
    ),
];

/// SQLite names a violated CHECK or foreign key only loosely; a unique
/// violation is translated through [`UNIQUE_VIOLATIONS`].
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db)
            if db.is_unique_violation()
                || db.is_foreign_key_violation()
                || db.is_check_violation() =>
        {
            let constraint = UNIQUE_VIOLATIONS
                .iter()
                .find(|(message, _)| db.message() == *message)
                .map(|(_, name)| (*name).to_owned())
                .or_else(|| db.constraint().map(str::to_owned));
            StoreError::Conflict { constraint }
        }
        e => other(e),
    }
}
