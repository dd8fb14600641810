//! The typed session: the only code that knows the session keys.

use anyhow::Context;
use sha2::{Digest, Sha256};
use tower_sessions::session::Id;
use tower_sessions::Session;

use crate::store::CustomerId;

const CUSTOMER_KEY: &str = "customer_id";
const AUTH_AT_KEY: &str = "auth_at_ms";
const SEEN_KEY: &str = "seen_ms";

/// Wraps the request's session (shared by the UI, REST and GraphQL).
#[derive(Clone, Debug)]
pub struct AuthSession(pub Session);

/// Who a session belongs to, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    pub customer: CustomerId,
    pub auth_at_ms: i64,
    /// SHA-256 of the session id: the key of its `customer_session` row.
    pub hash: String,
}

/// The stored form of a session id: its SHA-256, hex.
pub fn hash_id(id: &Id) -> String {
    Sha256::digest(id.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl AuthSession {
    pub fn new(session: Session) -> Self {
        Self(session)
    }

    /// The logged-in customer, if any, with the time of login.
    pub async fn state(&self) -> anyhow::Result<Option<SessionState>> {
        let Some(id) = self.0.id() else {
            return Ok(None);
        };
        let customer: Option<i64> = self
            .0
            .get(CUSTOMER_KEY)
            .await
            .context("could not read the session")?;
        let auth_at_ms: Option<i64> = self
            .0
            .get(AUTH_AT_KEY)
            .await
            .context("could not read the session")?;
        Ok(match (customer, auth_at_ms) {
            (Some(c), Some(at)) => Some(SessionState {
                customer: CustomerId(c),
                auth_at_ms: at,
                hash: hash_id(&id),
            }),
            _ => None,
        })
    }

    /// Starts an authenticated session under a fresh id (no fixation) and
    /// saves it at once, so its id is known. Returns the id's hash.
    pub async fn log_in(&self, id: CustomerId, now_ms: i64) -> anyhow::Result<String> {
        self.0
            .cycle_id()
            .await
            .context("could not rotate the session id")?;
        self.0
            .insert(CUSTOMER_KEY, id.0)
            .await
            .context("could not write the session")?;
        self.0
            .insert(AUTH_AT_KEY, now_ms)
            .await
            .context("could not write the session")?;
        self.0.save().await.context("could not save the session")?;
        let new_id = self.0.id().context("a saved session has an id")?;
        Ok(hash_id(&new_id))
    }

    /// Marks the session as used now; saving it pushes back its idle expiry.
    pub async fn mark_seen(&self, now_ms: i64) -> anyhow::Result<()> {
        self.0
            .insert(SEEN_KEY, now_ms)
            .await
            .context("could not write the session")
    }

    /// Deletes the session on the server and clears the cookie.
    pub async fn log_out(&self) -> anyhow::Result<()> {
        self.0.flush().await.context("could not delete the session")
    }
}
