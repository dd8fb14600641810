//! The PostgreSQL unit of work. Each resource implements its store trait for
//! [`PgTx`] in `src/<resource>/store/postgres.rs`.

use sqlx::postgres::{PgConnection, PgPool};
use sqlx::Postgres;

use super::{other, Held, StoreError};

pub struct PgTx(Held<Postgres>);

impl PgTx {
    pub(crate) async fn begin(pool: &PgPool) -> Result<Self, StoreError> {
        Ok(Self(Held::Tx(pool.begin().await.map_err(map_err)?)))
    }

    pub(crate) async fn conn(pool: &PgPool) -> Result<Self, StoreError> {
        Ok(Self(Held::Conn(pool.acquire().await.map_err(map_err)?)))
    }

    pub(crate) fn conn_mut(&mut self) -> &mut PgConnection {
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

/// PostgreSQL names the violated constraint; migrations name every one a
/// service reacts to.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db)
            if db.is_unique_violation()
                || db.is_foreign_key_violation()
                || db.is_check_violation() =>
        {
            StoreError::Conflict {
                constraint: db.constraint().map(str::to_owned),
            }
        }
        e => other(e),
    }
}
