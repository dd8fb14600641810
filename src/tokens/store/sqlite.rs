//! [`TokenStore`] on SQLite.

use async_trait::async_trait;

use super::{
    NewTokenRecord, TokenRow, TokenStore, TOKEN_COLUMNS, TOKEN_INSERT, TOKEN_PRUNE, TOKEN_USE,
    TOKEN_VOID,
};
use crate::customers::store::CustomerId;
use crate::db::sqlite_map_err as map_err;
use crate::db::{SqliteTx, StoreError};
use crate::tokens::Purpose;

#[async_trait]
impl TokenStore for SqliteTx {
    async fn insert_token(&mut self, new: &NewTokenRecord) -> Result<(), StoreError> {
        sqlx::query(TOKEN_INSERT)
            .bind(new.customer_id)
            .bind(new.purpose)
            .bind(&new.token_hash)
            .bind(&new.email)
            .bind(new.created_at_ms)
            .bind(new.expires_at_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn token_by_hash(&mut self, hash: &str) -> Result<Option<TokenRow>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM customer_token WHERE token_hash = $1");
        sqlx::query_as::<_, TokenRow>(&sql)
            .bind(hash)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn use_token(&mut self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(TOKEN_USE)
            .bind(id)
            .bind(now_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn void_tokens(
        &mut self,
        customer: CustomerId,
        purpose: Option<Purpose>,
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(TOKEN_VOID)
            .bind(customer.0)
            .bind(now_ms)
            .bind(purpose.map(Purpose::as_str))
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn prune_tokens(&mut self, before_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query(TOKEN_PRUNE)
            .bind(before_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}
