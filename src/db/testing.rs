//! Throwaway databases for tests (feature `test-support`).
//!
//! SQLite: a fresh file under the system temp folder. PostgreSQL: a fresh
//! database `test_<uuid>` created through `TEST_DATABASE_URL` (an admin URL
//! such as `postgres://postgres@127.0.0.1:5432/postgres`).

use anyhow::Context;
use sqlx::Connection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The admin URL for PostgreSQL tests. Missing it fails the test, unless
/// `SKIP_POSTGRES=1` says the caller chose to run SQLite only.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("SKIP_POSTGRES").as_deref() == Ok("1") => None,
        _ => panic!(
            "TEST_DATABASE_URL is not set: PostgreSQL tests need it (or set SKIP_POSTGRES=1 to skip them)"
        ),
    }
}

/// A URL for a new, empty database of the given kind, or `None` when the
/// PostgreSQL tests are explicitly skipped.
pub async fn fresh_database_url(backend: Backend) -> anyhow::Result<Option<String>> {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join("customer-platform-tests");
            std::fs::create_dir_all(&dir)?;
            Ok(Some(format!(
                "sqlite:{}",
                dir.join(format!("{unique}.db")).display()
            )))
        }
        Backend::Postgres => {
            let Some(admin) = postgres_admin_url() else {
                return Ok(None);
            };
            let name = format!("test_{unique}");
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .context("could not connect to TEST_DATABASE_URL")?;
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .await
                .context("could not create a test database")?;
            conn.close().await.ok();
            let base = admin
                .rsplit_once('/')
                .map(|(base, _)| base.to_string())
                .context("TEST_DATABASE_URL has no database name")?;
            Ok(Some(format!("{base}/{name}")))
        }
    }
}
