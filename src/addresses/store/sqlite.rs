//! [`AddressStore`] on SQLite. Writes run inside `BEGIN IMMEDIATE`, which
//! holds the database's write lock, so [`AddressStore::lock_book`] has
//! nothing left to do.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{AddressId, AddressRecord, AddressRow, AddressStore, DefaultKind, ADDRESS_COLUMNS};
use crate::customers::store::CustomerId;
use crate::db::sqlite_map_err as map_err;
use crate::db::{SqliteTx, StoreError};

#[async_trait]
impl AddressStore for SqliteTx {
    async fn lock_book(&mut self, _customer: CustomerId) -> Result<(), StoreError> {
        Ok(())
    }

    async fn list_addresses(
        &mut self,
        customer: CustomerId,
    ) -> Result<Vec<AddressRow>, StoreError> {
        let sql = format!(
            "SELECT {ADDRESS_COLUMNS} FROM customer_address WHERE customer_id = $1 ORDER BY id"
        );
        sqlx::query_as::<_, AddressRow>(&sql)
            .bind(customer.0)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn count_addresses(&mut self, customer: CustomerId) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT count(*) FROM customer_address WHERE customer_id = $1")
            .bind(customer.0)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn default_addresses(
        &mut self,
        customer: CustomerId,
    ) -> Result<Vec<AddressRow>, StoreError> {
        // Two probes of the partial unique indexes.
        let sql = format!(
            "SELECT {ADDRESS_COLUMNS} FROM customer_address
             WHERE customer_id = $1 AND default_shipping = 1
             UNION
             SELECT {ADDRESS_COLUMNS} FROM customer_address
             WHERE customer_id = $1 AND default_billing = 1"
        );
        sqlx::query_as::<_, AddressRow>(&sql)
            .bind(customer.0)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn address_by_public_id(
        &mut self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<Option<AddressRow>, StoreError> {
        let sql = format!(
            "SELECT {ADDRESS_COLUMNS} FROM customer_address
             WHERE public_id = $1 AND customer_id = $2"
        );
        sqlx::query_as::<_, AddressRow>(&sql)
            .bind(public_id)
            .bind(customer.0)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn insert_address(
        &mut self,
        customer: CustomerId,
        public_id: &str,
        r: &AddressRecord,
        now: DateTime<Utc>,
    ) -> Result<AddressRow, StoreError> {
        let sql = format!(
            "INSERT INTO customer_address
                (public_id, customer_id, label, first_name, last_name, company, line1, line2,
                 city, province, postal_code, country_code, phone, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
             RETURNING {ADDRESS_COLUMNS}"
        );
        sqlx::query_as::<_, AddressRow>(&sql)
            .bind(public_id)
            .bind(customer.0)
            .bind(&r.label)
            .bind(&r.first_name)
            .bind(&r.last_name)
            .bind(&r.company)
            .bind(&r.line1)
            .bind(&r.line2)
            .bind(&r.city)
            .bind(&r.province)
            .bind(&r.postal_code)
            .bind(&r.country_code)
            .bind(&r.phone)
            .bind(now)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn update_address(
        &mut self,
        customer: CustomerId,
        id: AddressId,
        r: &AddressRecord,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE customer_address
             SET label = $1, first_name = $2, last_name = $3, company = $4, line1 = $5,
                 line2 = $6, city = $7, province = $8, postal_code = $9, country_code = $10,
                 phone = $11, updated_at = $12
             WHERE id = $13 AND customer_id = $14",
        )
        .bind(&r.label)
        .bind(&r.first_name)
        .bind(&r.last_name)
        .bind(&r.company)
        .bind(&r.line1)
        .bind(&r.line2)
        .bind(&r.city)
        .bind(&r.province)
        .bind(&r.postal_code)
        .bind(&r.country_code)
        .bind(&r.phone)
        .bind(now)
        .bind(id.0)
        .bind(customer.0)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn set_default(
        &mut self,
        customer: CustomerId,
        kind: DefaultKind,
        id: Option<AddressId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let column = kind.column();
        sqlx::query(&format!(
            "UPDATE customer_address SET {column} = 0, updated_at = $1
             WHERE customer_id = $2 AND {column} = 1"
        ))
        .bind(now)
        .bind(customer.0)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        if let Some(id) = id {
            sqlx::query(&format!(
                "UPDATE customer_address SET {column} = 1, updated_at = $1
                 WHERE id = $2 AND customer_id = $3"
            ))
            .bind(now)
            .bind(id.0)
            .bind(customer.0)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        }
        Ok(())
    }

    async fn unset_default(
        &mut self,
        customer: CustomerId,
        kind: DefaultKind,
        id: AddressId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let column = kind.column();
        sqlx::query(&format!(
            "UPDATE customer_address SET {column} = 0, updated_at = $1
             WHERE id = $2 AND customer_id = $3 AND {column} = 1"
        ))
        .bind(now)
        .bind(id.0)
        .bind(customer.0)
        .execute(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn delete_address(
        &mut self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("DELETE FROM customer_address WHERE public_id = $1 AND customer_id = $2")
                .bind(public_id)
                .bind(customer.0)
                .execute(self.conn_mut())
                .await
                .map_err(map_err)?;
        Ok(done.rows_affected() > 0)
    }
}
