//! The typed session: the only code that knows the session keys.

use anyhow::Context;
use tower_sessions::Session;

use crate::store::CustomerId;

const CUSTOMER_KEY: &str = "customer_id";

/// Wraps the request's session (shared by the UI, REST and GraphQL).
#[derive(Clone, Debug)]
pub struct AuthSession(pub Session);

impl AuthSession {
    pub fn new(session: Session) -> Self {
        Self(session)
    }

    pub async fn customer_id(&self) -> anyhow::Result<Option<CustomerId>> {
        let id: Option<i64> = self
            .0
            .get(CUSTOMER_KEY)
            .await
            .context("could not read the session")?;
        Ok(id.map(CustomerId))
    }

    /// Starts an authenticated session under a fresh id (no fixation).
    pub async fn log_in(&self, id: CustomerId) -> anyhow::Result<()> {
        self.0
            .cycle_id()
            .await
            .context("could not rotate the session id")?;
        self.0
            .insert(CUSTOMER_KEY, id.0)
            .await
            .context("could not write the session")?;
        Ok(())
    }

    /// Deletes the session on the server and clears the cookie.
    pub async fn log_out(&self) -> anyhow::Result<()> {
        self.0.flush().await.context("could not delete the session")
    }
}
