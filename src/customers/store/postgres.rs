//! [`CustomerStore`] on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{CustomerId, CustomerRow, CustomerStore, NewCustomerRecord, ProfileRecord};
use super::{CHANGE_EMAIL, CUSTOMER_COLUMNS, MARK_EMAIL_VERIFIED};
use crate::customers::dto::CustomerStatus;
use crate::db::postgres_map_err as map_err;
use crate::db::{PgTx, StoreError};

#[async_trait]
impl CustomerStore for PgTx {
    async fn insert_customer(
        &mut self,
        new: &NewCustomerRecord,
        now: DateTime<Utc>,
    ) -> Result<CustomerRow, StoreError> {
        let sql = format!(
            "WITH c AS (
                INSERT INTO customer
                    (public_id, email, password_hash, first_name, last_name, phone,
                     group_id, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6,
                        (SELECT id FROM customer_group WHERE is_default), $7, $7)
                RETURNING *
             )
             SELECT {CUSTOMER_COLUMNS} FROM c JOIN customer_group g ON g.id = c.group_id"
        );
        sqlx::query_as::<_, CustomerRow>(&sql)
            .bind(&new.public_id)
            .bind(&new.email)
            .bind(&new.password_hash)
            .bind(&new.first_name)
            .bind(&new.last_name)
            .bind(&new.phone)
            .bind(now)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn customer_by_email(&mut self, email: &str) -> Result<Option<CustomerRow>, StoreError> {
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS}
             FROM customer c JOIN customer_group g ON g.id = c.group_id
             WHERE c.email = $1"
        );
        sqlx::query_as::<_, CustomerRow>(&sql)
            .bind(email)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn customer_by_id(&mut self, id: CustomerId) -> Result<Option<CustomerRow>, StoreError> {
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS}
             FROM customer c JOIN customer_group g ON g.id = c.group_id
             WHERE c.id = $1"
        );
        sqlx::query_as::<_, CustomerRow>(&sql)
            .bind(id.0)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn update_profile(
        &mut self,
        id: CustomerId,
        change: &ProfileRecord,
        now: DateTime<Utc>,
    ) -> Result<Option<CustomerRow>, StoreError> {
        let sql = format!(
            "WITH c AS (
                UPDATE customer SET first_name = $1, last_name = $2, phone = $3, updated_at = $4
                WHERE id = $5
                RETURNING *
             )
             SELECT {CUSTOMER_COLUMNS} FROM c JOIN customer_group g ON g.id = c.group_id"
        );
        sqlx::query_as::<_, CustomerRow>(&sql)
            .bind(&change.first_name)
            .bind(&change.last_name)
            .bind(&change.phone)
            .bind(now)
            .bind(id.0)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn replace_password_hash(
        &mut self,
        id: CustomerId,
        old_hash: &str,
        new_hash: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE customer SET password_hash = $1 WHERE id = $2 AND password_hash = $3",
        )
        .bind(new_hash)
        .bind(id.0)
        .bind(old_hash)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn mark_email_verified(
        &mut self,
        id: CustomerId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(MARK_EMAIL_VERIFIED)
            .bind(now)
            .bind(id.0)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn change_email(
        &mut self,
        id: CustomerId,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(CHANGE_EMAIL)
            .bind(email)
            .bind(now)
            .bind(id.0)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_customer_status(
        &mut self,
        id: CustomerId,
        status: CustomerStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE customer SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(now)
            .bind(id.0)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }
}
