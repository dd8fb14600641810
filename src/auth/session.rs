//! The cookie session, as the services see it: a small trait, so that the
//! rules can be tested without HTTP. The server implements it over
//! tower-sessions; [`MemorySession`] is the in-memory double for tests.
//!
//! The session store only carries the session id and its expiry. Who is
//! logged in, since when and from where is the `customer_session` row keyed
//! by the SHA-256 of that id, so resolving a caller is one query.

use async_trait::async_trait;
use sha2::{Digest, Sha256};

/// The request's session.
#[async_trait]
pub trait SessionHandle: Send + Sync {
    /// SHA-256 (hex) of the session id the request came with, if it had one.
    fn id_hash(&self) -> Option<String>;
    /// Gives the session a fresh id (no fixation), marks it logged in at
    /// `now_ms` and saves it at once; returns the new id's hash.
    async fn start(&self, now_ms: i64) -> anyhow::Result<String>;
    /// Marks the session as used at `now_ms`, pushing back its idle expiry.
    async fn touch(&self, now_ms: i64) -> anyhow::Result<()>;
    /// Deletes the session on the server and clears the cookie.
    async fn end(&self) -> anyhow::Result<()>;
}

/// The stored form of a session id: its SHA-256, hex.
pub fn hash_id(id: &str) -> String {
    Sha256::digest(id.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An in-memory session for tests: an id that changes at [`SessionHandle::start`]
/// and disappears at [`SessionHandle::end`].
#[cfg(any(test, feature = "test-support"))]
#[derive(Debug, Default)]
pub struct MemorySession {
    id: std::sync::Mutex<Option<String>>,
    touched: std::sync::atomic::AtomicI64,
}

#[cfg(any(test, feature = "test-support"))]
impl MemorySession {
    /// A session the browser already has (it carries an id), not logged in.
    pub fn with_id() -> Self {
        let s = Self::default();
        *s.lock() = Some(uuid::Uuid::new_v4().to_string());
        s
    }

    /// The current id, as the cookie would carry it.
    pub fn id(&self) -> Option<String> {
        self.lock().clone()
    }

    /// When the session was last marked as used (0: never).
    pub fn touched_at_ms(&self) -> i64 {
        self.touched.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.id
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(any(test, feature = "test-support"))]
#[async_trait]
impl SessionHandle for MemorySession {
    fn id_hash(&self) -> Option<String> {
        self.lock().as_deref().map(hash_id)
    }

    async fn start(&self, _now_ms: i64) -> anyhow::Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        let hash = hash_id(&id);
        *self.lock() = Some(id);
        Ok(hash)
    }

    async fn touch(&self, now_ms: i64) -> anyhow::Result<()> {
        self.touched
            .store(now_ms, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn end(&self) -> anyhow::Result<()> {
        *self.lock() = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(
            hash_id("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[tokio::test]
    async fn memory_session_rotates_and_ends() {
        let s = MemorySession::with_id();
        let before = s.id_hash().expect("has an id");
        let after = s.start(1).await.expect("start");
        assert_ne!(before, after);
        assert_eq!(s.id_hash(), Some(after));
        s.end().await.expect("end");
        assert_eq!(s.id_hash(), None);
    }
}
