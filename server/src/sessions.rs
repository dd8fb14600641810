//! Sessions live in the same database as the customers, so every instance
//! behind a load balancer sees them.

use anyhow::Context;
use async_trait::async_trait;
use customer_core::auth::session::{hash_id, SessionHandle};
use customer_core::db::Database;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::Session;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// tower-sessions' SQL store for whichever backend the URL chose.
#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// Creates the store and its table (the store's own migration).
    pub async fn new(db: &Database) -> anyhow::Result<Self> {
        Ok(match db {
            Database::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                Self::Sqlite(store)
            }
            Database::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Self::Postgres(store)
            }
        })
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.create(record).await,
            Self::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.save(record).await,
            Self::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite(s) => s.load(id).await,
            Self::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete(id).await,
            Self::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete_expired().await,
            Self::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// The request's tower-sessions session, as the services' [`SessionHandle`].
/// The record itself only carries the login and last-seen times; who is
/// logged in is the `customer_session` row keyed by the id's hash.
#[derive(Clone, Debug)]
pub struct CookieSession(pub Session);

const AUTH_AT_KEY: &str = "auth_at_ms";
const SEEN_KEY: &str = "seen_ms";

#[async_trait]
impl SessionHandle for CookieSession {
    fn id_hash(&self) -> Option<String> {
        self.0.id().map(|id| hash_id(&id.to_string()))
    }

    async fn start(&self, now_ms: i64) -> anyhow::Result<String> {
        self.0
            .cycle_id()
            .await
            .context("could not rotate the session id")?;
        self.0
            .insert(AUTH_AT_KEY, now_ms)
            .await
            .context("could not write the session")?;
        self.0.save().await.context("could not save the session")?;
        let id = self.0.id().context("a saved session has an id")?;
        Ok(hash_id(&id.to_string()))
    }

    async fn touch(&self, now_ms: i64) -> anyhow::Result<()> {
        self.0
            .insert(SEEN_KEY, now_ms)
            .await
            .context("could not write the session")
    }

    async fn end(&self) -> anyhow::Result<()> {
        self.0.flush().await.context("could not delete the session")
    }
}
