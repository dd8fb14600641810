//! Token storage: the trait each backend implements for its unit of work
//! (`sqlite.rs`, `postgres.rs`), and its rows. Times are Unix milliseconds.

use async_trait::async_trait;

use crate::customers::store::CustomerId;
use crate::db::StoreError;

use super::Purpose;

mod postgres;
mod sqlite;

/// A token to store: its hash, never the token.
#[derive(Debug, Clone)]
pub struct NewTokenRecord {
    pub customer_id: i64,
    pub purpose: &'static str,
    pub token_hash: String,
    pub email: String,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub customer_id: i64,
    pub purpose: String,
    pub token_hash: String,
    /// The address the token was sent to.
    pub email: String,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub used_at_ms: Option<i64>,
}

impl TokenRow {
    pub fn customer(&self) -> CustomerId {
        CustomerId(self.customer_id)
    }
}

pub(crate) const TOKEN_COLUMNS: &str =
    "id, customer_id, purpose, token_hash, email, created_at_ms, expires_at_ms, used_at_ms";

pub(crate) const TOKEN_INSERT: &str = "INSERT INTO customer_token
        (customer_id, purpose, token_hash, email, created_at_ms, expires_at_ms)
    VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const TOKEN_USE: &str =
    "UPDATE customer_token SET used_at_ms = $2 WHERE id = $1 AND used_at_ms IS NULL";

pub(crate) const TOKEN_VOID: &str = "UPDATE customer_token SET used_at_ms = $2
    WHERE customer_id = $1 AND used_at_ms IS NULL AND (CAST($3 AS TEXT) IS NULL OR purpose = $3)";

pub(crate) const TOKEN_PRUNE: &str = "DELETE FROM customer_token WHERE expires_at_ms < $1";

#[async_trait]
pub trait TokenStore {
    async fn insert_token(&mut self, new: &NewTokenRecord) -> Result<(), StoreError>;
    async fn token_by_hash(&mut self, hash: &str) -> Result<Option<TokenRow>, StoreError>;
    /// Marks the token used, only if it is not already: false otherwise.
    async fn use_token(&mut self, id: i64, now_ms: i64) -> Result<bool, StoreError>;
    /// Marks the customer's unused tokens used, of one purpose or all;
    /// returns how many.
    async fn void_tokens(
        &mut self,
        customer: CustomerId,
        purpose: Option<Purpose>,
        now_ms: i64,
    ) -> Result<u64, StoreError>;
    /// Deletes tokens that expired before `before_ms`; returns how many.
    async fn prune_tokens(&mut self, before_ms: i64) -> Result<u64, StoreError>;
}
