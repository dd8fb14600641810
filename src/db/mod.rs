//! The database: which backend, its pool, and the unit of work.
//!
//! A service opens a [`Tx`] with [`Database::begin`] (one transaction: every
//! store call on it commits together or not at all) or [`Database::conn`]
//! (a pooled connection in autocommit mode, for reads and single writes),
//! then reaches each resource's store through it: `tx.customers()`,
//! `tx.sessions()`, `tx.throttles()`, `tx.addresses()`, `tx.tokens()`,
//! `tx.mail()`, `tx.staff()`, `tx.history()`, `tx.groups()`,
//! `tx.wholesale()`, `tx.customer_search()` (the admin grid), `tx.admin()`,
//! `tx.catalog()`, `tx.orders()`. Each resource's
//! store trait lives in
//! `src/<resource>/store/` with one implementation per backend.

mod postgres;
mod sqlite;
#[cfg(feature = "test-support")]
pub mod testing;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub(crate) use postgres::map_err as postgres_map_err;
pub use postgres::PgTx;
pub(crate) use sqlite::map_err as sqlite_map_err;
pub use sqlite::SqliteTx;

use crate::addresses::store::AddressStore;
use crate::auth::store::{SessionStore, ThrottleStore};
use crate::customers::search::CustomerSearchStore;
use crate::customers::store::CustomerStore;
use crate::groups::store::GroupStore;
use crate::history::store::HistoryStore;
use crate::mail::store::MailStore;
use crate::staff::store::StaffStore;
use crate::tokens::store::TokenStore;
use crate::wholesale::store::WholesaleStore;

/// What can go wrong in storage, in the words the services need.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// An integrity rule refused the write. `constraint` is the rule's exact
    /// name (migrations name every constraint a service reacts to), or
    /// `None` when the database did not say which.
    #[error("conflict on {constraint:?}")]
    Conflict { constraint: Option<String> },
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl StoreError {
    /// Whether this is a violation of the named constraint.
    pub fn is_conflict_on(&self, name: &str) -> bool {
        matches!(self, Self::Conflict { constraint: Some(c) } if c == name)
    }
}

/// An open, migrated database of either kind.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A unit of work: a transaction, or a plain connection (autocommit).
pub enum Tx {
    Sqlite(SqliteTx),
    Postgres(PgTx),
}

impl Database {
    /// Starts a transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers never deadlock upgrading a read.
    /// Never hold one across bcrypt or a session-store write.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(SqliteTx::begin(pool).await?),
            Self::Postgres(pool) => Tx::Postgres(PgTx::begin(pool).await?),
        })
    }

    /// A pooled connection in autocommit mode: each statement stands alone.
    pub async fn conn(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(SqliteTx::conn(pool).await?),
            Self::Postgres(pool) => Tx::Postgres(PgTx::conn(pool).await?),
        })
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub fn customers(&mut self) -> &mut (dyn CustomerStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    /// The admin grid: search, filters, sorts, pages and figures.
    pub fn customer_search(&mut self) -> &mut (dyn CustomerSearchStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn addresses(&mut self) -> &mut (dyn AddressStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn sessions(&mut self) -> &mut (dyn SessionStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn throttles(&mut self) -> &mut (dyn ThrottleStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn mail(&mut self) -> &mut (dyn MailStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn history(&mut self) -> &mut (dyn HistoryStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn staff(&mut self) -> &mut (dyn StaffStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    /// What the admin customer pages need beyond the other stores.
    pub fn admin(&mut self) -> &mut (dyn crate::admin::store::AdminStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn tokens(&mut self) -> &mut (dyn TokenStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn groups(&mut self) -> &mut (dyn GroupStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn catalog(&mut self) -> &mut (dyn crate::catalog::store::CatalogStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn orders(&mut self) -> &mut (dyn crate::orders::store::OrderStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    pub fn wholesale(&mut self) -> &mut (dyn WholesaleStore + Send) {
        match self {
            Self::Sqlite(tx) => tx,
            Self::Postgres(tx) => tx,
        }
    }

    /// Commits a transaction; a plain connection has nothing to commit.
    /// Dropping a `Tx` without committing rolls it back.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(tx) => tx.commit().await,
            Self::Postgres(tx) => tx.commit().await,
        }
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&mut self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(tx) => tx.ping().await,
            Self::Postgres(tx) => tx.ping().await,
        }
    }
}

/// What a unit of work holds: a transaction or a plain pooled connection.
pub(crate) enum Held<DB: sqlx::Database> {
    Tx(sqlx::Transaction<'static, DB>),
    Conn(sqlx::pool::PoolConnection<DB>),
}

impl<DB: sqlx::Database> Held<DB> {
    pub(crate) fn conn(&mut self) -> &mut DB::Connection {
        match self {
            Self::Tx(tx) => tx,
            Self::Conn(conn) => conn,
        }
    }

    async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Tx(tx) => tx.commit().await,
            Self::Conn(_) => Ok(()),
        }
    }
}

/// Opens the database named by `url` (`sqlite:` or `postgres://`), creating
/// an SQLite file and its folder if needed, and runs the migrations.
pub async fn connect(url: &str) -> anyhow::Result<Database> {
    connect_with(url, None).await
}

/// Like [`connect`], with at most `max_connections` in the pool (default:
/// 20 for PostgreSQL, 8 for SQLite). Idle connections close after a minute.
pub async fn connect_with(url: &str, max_connections: Option<u32>) -> anyhow::Result<Database> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.unwrap_or(20))
            .idle_timeout(Duration::from_secs(60))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .context("could not connect to PostgreSQL (DATABASE_URL)")?;
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .context("PostgreSQL migrations failed")?;
        Ok(Database::Postgres(pool))
    } else if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .context("DATABASE_URL is not a valid SQLite URL")?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).with_context(|| {
                    format!("could not create the database folder {}", parent.display())
                })?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.unwrap_or(8))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .context("could not open the SQLite database (DATABASE_URL)")?;
        sqlx::migrate!("migrations/sqlite")
            .run(&pool)
            .await
            .context("SQLite migrations failed")?;
        Ok(Database::Sqlite(pool))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://")
    }
}

/// Errors that are not integrity conflicts, for both backends.
fn other(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        e => StoreError::Other(anyhow::Error::new(e).context("database query failed")),
    }
}
