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

use super::{
    CustomerId, CustomerRow, NewCustomerRecord, NewSessionRecord, ProfileChange, SessionRow, Store,
    StoreError, ThrottleRow, ThrottleScope,
};

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

const UPDATE_PROFILE: &str = "UPDATE customer SET first_name = $1, last_name = $2, phone = $3, \
     updated_at = $4 WHERE id = $5";

const THROTTLE_FAIL: &str = "INSERT INTO login_throttle \
     (scope, key, failures, window_start_ms, last_failure_ms) VALUES ($1, $2, 1, $3, $3) \
     ON CONFLICT (scope, key) DO UPDATE SET \
     failures = CASE WHEN login_throttle.window_start_ms < $4 THEN 1 ELSE login_throttle.failures + 1 END, \
     window_start_ms = CASE WHEN login_throttle.window_start_ms < $4 THEN $3 ELSE login_throttle.window_start_ms END, \
     last_failure_ms = $3 \
     RETURNING failures, window_start_ms, last_failure_ms";

const SESSION_COLUMNS: &str =
    "SELECT public_id, customer_id, created_at_ms, last_seen_at_ms, user_agent, ip FROM customer_session";

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

            async fn update_profile(
                &self,
                id: CustomerId,
                change: ProfileChange,
            ) -> Result<Option<CustomerRow>, StoreError> {
                let mut tx = self.0.begin().await.map_err(map_err)?;
                let updated = sqlx::query(UPDATE_PROFILE)
                    .bind(&change.first_name)
                    .bind(&change.last_name)
                    .bind(&change.phone)
                    .bind(chrono::Utc::now())
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                if updated == 0 {
                    return Ok(None);
                }
                let row = sqlx::query_as::<_, CustomerRow>(&format!("{SELECT_CUSTOMER} WHERE c.id = $1"))
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(Some(row))
            }

            async fn set_customer_status(
                &self,
                id: CustomerId,
                status: crate::dto::CustomerStatus,
            ) -> Result<bool, StoreError> {
                Ok(sqlx::query("UPDATE customer SET status = $1, updated_at = $2 WHERE id = $3")
                    .bind(status.as_str())
                    .bind(chrono::Utc::now())
                    .bind(id.0)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?
                    .rows_affected()
                    > 0)
            }

            async fn throttle_get(
                &self,
                scope: ThrottleScope,
                key: &str,
            ) -> Result<Option<ThrottleRow>, StoreError> {
                sqlx::query_as::<_, ThrottleRow>(
                    "SELECT failures, window_start_ms, last_failure_ms FROM login_throttle \
                     WHERE scope = $1 AND key = $2",
                )
                .bind(scope.as_str())
                .bind(key)
                .fetch_optional(&self.0)
                .await
                .map_err(map_err)
            }

            async fn throttle_fail(
                &self,
                scope: ThrottleScope,
                key: &str,
                now_ms: i64,
                window_floor_ms: i64,
            ) -> Result<ThrottleRow, StoreError> {
                sqlx::query_as::<_, ThrottleRow>(THROTTLE_FAIL)
                    .bind(scope.as_str())
                    .bind(key)
                    .bind(now_ms)
                    .bind(window_floor_ms)
                    .fetch_one(&self.0)
                    .await
                    .map_err(map_err)
            }

            async fn throttle_clear(&self, scope: ThrottleScope, key: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM login_throttle WHERE scope = $1 AND key = $2")
                    .bind(scope.as_str())
                    .bind(key)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }

            async fn throttle_prune(&self, before_ms: i64) -> Result<u64, StoreError> {
                Ok(sqlx::query("DELETE FROM login_throttle WHERE last_failure_ms < $1")
                    .bind(before_ms)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?
                    .rows_affected())
            }

            async fn insert_session(&self, new: NewSessionRecord) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO customer_session (public_id, session_hash, customer_id, \
                     created_at_ms, last_seen_at_ms, user_agent, ip) VALUES ($1, $2, $3, $4, $4, $5, $6)",
                )
                .bind(&new.public_id)
                .bind(&new.session_hash)
                .bind(new.customer_id)
                .bind(new.now_ms)
                .bind(&new.user_agent)
                .bind(&new.ip)
                .execute(&self.0)
                .await
                .map_err(map_err)?;
                Ok(())
            }

            async fn session_by_hash(&self, hash: &str) -> Result<Option<SessionRow>, StoreError> {
                sqlx::query_as::<_, SessionRow>(&format!("{SESSION_COLUMNS} WHERE session_hash = $1"))
                    .bind(hash)
                    .fetch_optional(&self.0)
                    .await
                    .map_err(map_err)
            }

            async fn touch_session(&self, hash: &str, now_ms: i64) -> Result<(), StoreError> {
                sqlx::query("UPDATE customer_session SET last_seen_at_ms = $1 WHERE session_hash = $2")
                    .bind(now_ms)
                    .bind(hash)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }

            async fn sessions_of(&self, customer: CustomerId) -> Result<Vec<SessionRow>, StoreError> {
                sqlx::query_as::<_, SessionRow>(&format!(
                    "{SESSION_COLUMNS} WHERE customer_id = $1 ORDER BY last_seen_at_ms DESC, id DESC"
                ))
                .bind(customer.0)
                .fetch_all(&self.0)
                .await
                .map_err(map_err)
            }

            async fn delete_session_by_hash(&self, hash: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM customer_session WHERE session_hash = $1")
                    .bind(hash)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }

            async fn delete_session(&self, customer: CustomerId, public_id: &str) -> Result<bool, StoreError> {
                Ok(sqlx::query("DELETE FROM customer_session WHERE customer_id = $1 AND public_id = $2")
                    .bind(customer.0)
                    .bind(public_id)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?
                    .rows_affected()
                    > 0)
            }

            async fn delete_other_sessions(
                &self,
                customer: CustomerId,
                keep_public_id: &str,
            ) -> Result<u64, StoreError> {
                Ok(sqlx::query("DELETE FROM customer_session WHERE customer_id = $1 AND public_id <> $2")
                    .bind(customer.0)
                    .bind(keep_public_id)
                    .execute(&self.0)
                    .await
                    .map_err(map_err)?
                    .rows_affected())
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
