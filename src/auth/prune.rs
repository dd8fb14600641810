//! Housekeeping run every few minutes by the server: sessions past their
//! limits and failed-login counts past their window are deleted.

use crate::auth::AuthService;
use crate::services::ServiceError;

impl AuthService {
    /// Deletes the session rows past their idle timeout or absolute
    /// lifetime; returns how many.
    pub async fn prune_sessions(&self) -> Result<u64, ServiceError> {
        let policy = &self.deps().policy;
        let now = self.deps().now_ms();
        let mut conn = self.deps().db.conn().await?;
        Ok(conn
            .sessions()
            .delete_expired_sessions(
                now - policy.session_max_lifetime_secs * 1000,
                now - policy.session_idle_timeout_secs * 1000,
            )
            .await?)
    }

    /// Forgets failed logins older than the longest throttle window.
    pub async fn prune_throttles(&self) -> Result<u64, ServiceError> {
        let policy = &self.deps().policy;
        let window = policy.account.window_secs.max(policy.ip.window_secs);
        let mut conn = self.deps().db.conn().await?;
        Ok(conn
            .throttles()
            .throttle_prune(self.deps().now_ms() - window * 1000)
            .await?)
    }
}
