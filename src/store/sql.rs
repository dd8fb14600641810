//! The SQLite and PostgreSQL stores. Their SQL is portable (numbered `$n`
//! placeholders work in both), so one macro writes both implementations;
//! where the dialects differ, each gets its own statement.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{CustomerId, CustomerRow, NewCustomerRecord, Store, StoreError};

/// An open, migrated database of either kind.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Database {
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite(pool) => Arc::new(SqliteStore(pool.clone())),
            Self::Postgres(pool) => Arc::new(PgStore(pool.clone())),
        }
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

/// Opens the database named by `url` (`sqlite:` or `postgres://`), creating
/// an SQLite file and its folder if needed, and runs the migrations.
pub async fn connect(url: &str) -> anyhow::Result<Database> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = PgPoolOptions::new()
            .max_connections(20)
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
            .max_connections(8)
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

fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db)
            if db.is_unique_violation()
                || db.is_foreign_key_violation()
                || db.is_check_violation() =>
        {
            StoreError::Conflict {
                constraint: db
                    .constraint()
                    .map(str::to_owned)
                    .or_else(|| Some(db.message().to_owned())),
            }
        }
        other => StoreError::Other(anyhow::Error::new(other).context("database query failed")),
    }
}

const SELECT_CUSTOMER: &str = "SELECT c.id, c.public_id, c.email, c.password_hash, c.first_name, \
     c.last_name, c.phone, c.group_id, g.name AS group_name, c.status, c.email_verified_at, \
     c.created_at, c.updated_at \
     FROM customer c JOIN customer_group g ON g.id = c.group_id";

const INSERT_CUSTOMER: &str = "INSERT INTO customer \
     (public_id, email, password_hash, first_name, last_name, phone, group_id, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, \
     (SELECT id FROM customer_group WHERE is_default = $7), $8, $8) RETURNING id";

/// Writes the [`Store`] implementation for one backend. `$true` is the
/// backend's spelling of a true boolean value bound from Rust.
macro_rules! sql_store {
    ($name:ident, $pool:ty, $true:expr) => {
        #[derive(Clone)]
        pub struct $name(pub $pool);

        #[async_trait]
        impl Store for $name {
            async fn insert_customer(
                &self,
                new: NewCustomerRecord,
            ) -> Result<CustomerRow, StoreError> {
                let now = chrono::Utc::now();
                let mut tx = self.0.begin().await.map_err(map_err)?;
                let id: i64 = sqlx::query_scalar(INSERT_CUSTOMER)
                    .bind(&new.public_id)
                    .bind(&new.email)
                    .bind(&new.password_hash)
                    .bind(&new.first_name)
                    .bind(&new.last_name)
                    .bind(&new.phone)
                    .bind($true)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_err)?;
                let row =
                    sqlx::query_as::<_, CustomerRow>(&format!("{SELECT_CUSTOMER} WHERE c.id = $1"))
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(row)
            }

            async fn customer_by_email(
                &self,
                email: &str,
            ) -> Result<Option<CustomerRow>, StoreError> {
                sqlx::query_as::<_, CustomerRow>(&format!("{SELECT_CUSTOMER} WHERE c.email = $1"))
                    .bind(email)
                    .fetch_optional(&self.0)
                    .await
                    .map_err(map_err)
            }

            async fn customer_by_id(
                &self,
                id: CustomerId,
            ) -> Result<Option<CustomerRow>, StoreError> {
                sqlx::query_as::<_, CustomerRow>(&format!("{SELECT_CUSTOMER} WHERE c.id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.0)
                    .await
                    .map_err(map_err)
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
        }
    };
}

// SQLite keeps booleans as 0/1 integers; PostgreSQL has a real BOOLEAN.
sql_store!(SqliteStore, SqlitePool, 1_i64);
sql_store!(PgStore, PgPool, true);
