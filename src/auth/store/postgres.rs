//! [`SessionStore`] and [`ThrottleStore`] on PostgreSQL.

use async_trait::async_trait;

use super::{
    signed_in_sql, throttle_fail_sql, NewSessionRecord, SessionRow, SessionStore, SignedInRow,
    SignedInSqlRow, ThrottleRow, ThrottleScope, ThrottleStore, SECRET_GET, SECRET_INSERT,
    SESSION_COLUMNS, THROTTLE_REFUND,
};
use crate::customers::store::CustomerId;
use crate::db::postgres_map_err as map_err;
use crate::db::{PgTx, StoreError};

#[async_trait]
impl SessionStore for PgTx {
    async fn insert_session(&mut self, new: &NewSessionRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO customer_session (public_id, session_hash, customer_id,
                 created_at_ms, last_seen_at_ms, user_agent, ip)
             VALUES ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(&new.public_id)
        .bind(&new.session_hash)
        .bind(new.customer_id)
        .bind(new.now_ms)
        .bind(&new.user_agent)
        .bind(&new.ip)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn signed_in(&mut self, hash: &str) -> Result<Option<SignedInRow>, StoreError> {
        let row = sqlx::query_as::<_, SignedInSqlRow>(&signed_in_sql())
            .bind(hash)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(row.map(SignedInRow::from))
    }

    async fn touch_session(&mut self, hash: &str, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE customer_session SET last_seen_at_ms = $1 WHERE session_hash = $2")
            .bind(now_ms)
            .bind(hash)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn sessions_of(&mut self, customer: CustomerId) -> Result<Vec<SessionRow>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM customer_session s
             WHERE s.customer_id = $1
             ORDER BY s.last_seen_at_ms DESC, s.id DESC"
        );
        sqlx::query_as::<_, SessionRow>(&sql)
            .bind(customer.0)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn delete_session_by_hash(&mut self, hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM customer_session WHERE session_hash = $1")
            .bind(hash)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn delete_expired_sessions(
        &mut self,
        created_before_ms: i64,
        seen_before_ms: i64,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "DELETE FROM customer_session WHERE created_at_ms < $1 OR last_seen_at_ms < $2",
        )
        .bind(created_before_ms)
        .bind(seen_before_ms)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn delete_session(
        &mut self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("DELETE FROM customer_session WHERE customer_id = $1 AND public_id = $2")
                .bind(customer.0)
                .bind(public_id)
                .execute(self.conn_mut())
                .await
                .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_other_sessions(
        &mut self,
        customer: CustomerId,
        keep_public_id: &str,
    ) -> Result<u64, StoreError> {
        let done =
            sqlx::query("DELETE FROM customer_session WHERE customer_id = $1 AND public_id <> $2")
                .bind(customer.0)
                .bind(keep_public_id)
                .execute(self.conn_mut())
                .await
                .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}

#[async_trait]
impl ThrottleStore for PgTx {
    async fn throttle_get(
        &mut self,
        scope: ThrottleScope,
        key: &str,
    ) -> Result<Option<ThrottleRow>, StoreError> {
        sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, window_start_ms, last_failure_ms FROM login_throttle
             WHERE scope = $1 AND key = $2",
        )
        .bind(scope.as_str())
        .bind(key)
        .fetch_optional(self.conn_mut())
        .await
        .map_err(map_err)
    }

    async fn throttle_fail(
        &mut self,
        scope: ThrottleScope,
        key: &str,
        now_ms: i64,
        window_floor_ms: i64,
    ) -> Result<ThrottleRow, StoreError> {
        sqlx::query_as::<_, ThrottleRow>(&throttle_fail_sql("GREATEST"))
            .bind(scope.as_str())
            .bind(key)
            .bind(now_ms)
            .bind(window_floor_ms)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn throttle_lock(
        &mut self,
        scope: ThrottleScope,
        key: &str,
        now_ms: i64,
    ) -> Result<Option<ThrottleRow>, StoreError> {
        // An empty row first, so that there is a row to lock even for the
        // first attempt; rolled back with the transaction if refused.
        sqlx::query(
            "INSERT INTO login_throttle (scope, key, failures, window_start_ms, last_failure_ms)
             VALUES ($1, $2, 0, $3, $3) ON CONFLICT (scope, key) DO NOTHING",
        )
        .bind(scope.as_str())
        .bind(key)
        .bind(now_ms)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        sqlx::query_as::<_, ThrottleRow>(
            "SELECT failures, window_start_ms, last_failure_ms FROM login_throttle
             WHERE scope = $1 AND key = $2 FOR UPDATE",
        )
        .bind(scope.as_str())
        .bind(key)
        .fetch_optional(self.conn_mut())
        .await
        .map_err(map_err)
    }

    async fn throttle_refund(&mut self, scope: ThrottleScope, key: &str) -> Result<(), StoreError> {
        sqlx::query(THROTTLE_REFUND)
            .bind(scope.as_str())
            .bind(key)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn secret_get_or_insert(
        &mut self,
        name: &str,
        candidate: &str,
        now_ms: i64,
    ) -> Result<String, StoreError> {
        sqlx::query(SECRET_INSERT)
            .bind(name)
            .bind(candidate)
            .bind(now_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        sqlx::query_scalar::<_, String>(SECRET_GET)
            .bind(name)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn throttle_clear(&mut self, scope: ThrottleScope, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_throttle WHERE scope = $1 AND key = $2")
            .bind(scope.as_str())
            .bind(key)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn throttle_prune(&mut self, before_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM login_throttle WHERE last_failure_ms < $1")
            .bind(before_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}
