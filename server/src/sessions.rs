//! Sessions live in the same database as the customers, so every instance
//! behind a load balancer sees them. The table holds only a hash of each
//! session id ([`stored_id`]), never the id the cookie carries.

use anyhow::Context;
use async_trait::async_trait;
use customer_core::auth::session::{hash_id, SessionHandle};
use customer_core::db::Database;
use sha2::{Digest, Sha256};
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

/// The id a session is stored under: the first 16 bytes of the SHA-256 of
/// the cookie's id. The table never holds an id a browser could send, so
/// read access to the database is not enough to take over a session.
pub fn stored_id(cookie_id: &Id) -> Id {
    let digest = Sha256::digest(cookie_id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

/// `record` as stored: the same data under the derived id.
fn to_stored(record: &Record) -> Record {
    Record {
        id: stored_id(&record.id),
        ..record.clone()
    }
}

/// Every call works on the derived id ([`stored_id`]); the record handed
/// back carries the cookie's own id.
#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let mut stored = to_stored(record);
            let wanted = stored.id;
            // The inner store replaces an id that is taken with a random
            // one, which no cookie id hashes to: drop that row and try a
            // fresh cookie id.
            self.inner_create(&mut stored).await?;
            if stored.id == wanted {
                return Ok(());
            }
            self.delete_stored(&stored.id).await?;
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let stored = to_stored(record);
        match self {
            Self::Sqlite(s) => s.save(&stored).await,
            Self::Postgres(s) => s.save(&stored).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let stored = stored_id(id);
        let found = match self {
            Self::Sqlite(s) => s.load(&stored).await,
            Self::Postgres(s) => s.load(&stored).await,
        }?;
        Ok(found.map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.delete_stored(&stored_id(id)).await
    }
}

impl DbSessionStore {
    async fn inner_create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.create(record).await,
            Self::Postgres(s) => s.create(record).await,
        }
    }

    async fn delete_stored(&self, stored: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite(s) => s.delete(stored).await,
            Self::Postgres(s) => s.delete(stored).await,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    async fn store() -> DbSessionStore {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .expect("sqlite");
        let store = SqliteStore::new(pool);
        store.migrate().await.expect("migrate");
        DbSessionStore::Sqlite(store)
    }

    fn record(id: i128) -> Record {
        Record {
            id: Id(id),
            data: HashMap::from([("k".to_string(), serde_json::json!(id.to_string()))]),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        }
    }

    #[tokio::test]
    async fn records_are_stored_under_the_hash_and_handed_back_with_the_cookie_id() {
        let store = store().await;
        let mut r = record(7);
        store.create(&mut r).await.expect("create");
        assert_eq!(r.id, Id(7));
        let DbSessionStore::Sqlite(inner) = &store else {
            unreachable!()
        };
        assert!(inner.load(&Id(7)).await.expect("load").is_none());
        assert!(inner
            .load(&stored_id(&Id(7)))
            .await
            .expect("load")
            .is_some());
        let loaded = store.load(&Id(7)).await.expect("load").expect("found");
        assert_eq!(loaded.id, Id(7));
        assert_eq!(loaded.data, r.data);
        store.delete(&Id(7)).await.expect("delete");
        assert!(store.load(&Id(7)).await.expect("load").is_none());
    }

    #[tokio::test]
    async fn a_taken_stored_id_gives_the_session_a_fresh_cookie_id() {
        let store = store().await;
        let DbSessionStore::Sqlite(inner) = &store else {
            unreachable!()
        };
        // Someone already holds the row cookie id 9 would be stored under.
        let mut squatter = record(1);
        squatter.id = stored_id(&Id(9));
        inner.create(&mut squatter).await.expect("squat");
        let mut r = record(9);
        store.create(&mut r).await.expect("create");
        assert_ne!(r.id, Id(9), "a fresh cookie id");
        let loaded = store.load(&r.id).await.expect("load").expect("found");
        assert_eq!(loaded.data, r.data);
        // The squatter's row is untouched, and no stray row was left.
        let kept = inner
            .load(&stored_id(&Id(9)))
            .await
            .expect("load")
            .expect("kept");
        assert_eq!(kept.data, squatter.data);
    }
}
