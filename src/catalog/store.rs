//! The catalogue's storage, the same SQL on both backends (one macro
//! implements [`CatalogStore`] for each). Checkout calls the stock
//! operations inside its own transaction.

use async_trait::async_trait;

use crate::catalog::dto::{Money, ProductView};
use crate::db::StoreError;

/// A row of `product`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub sku: String,
    pub name: String,
    pub currency: String,
    pub price_minor: i64,
    pub stock: i32,
}

impl ProductRow {
    pub fn to_view(&self) -> ProductView {
        ProductView {
            sku: self.sku.clone(),
            name: self.name.clone(),
            price: Money::new(self.price_minor, &self.currency),
            stock: u32::try_from(self.stock).unwrap_or(0),
        }
    }
}

#[async_trait]
pub trait CatalogStore {
    /// Every product, in the catalogue's order.
    async fn products(&mut self) -> Result<Vec<ProductRow>, StoreError>;

    /// One product by its SKU (exact).
    async fn product(&mut self, sku: &str) -> Result<Option<ProductRow>, StoreError>;

    /// Takes `quantity` units if that many are left, in one statement (so
    /// two checkouts never both take the last one), and returns the
    /// product as it is now; `None` when the SKU is unknown or too few are
    /// left.
    async fn take_stock(
        &mut self,
        sku: &str,
        quantity: i32,
    ) -> Result<Option<ProductRow>, StoreError>;

    /// Puts units back (a cancelled order).
    async fn return_stock(&mut self, sku: &str, quantity: i32) -> Result<(), StoreError>;
}

const COLUMNS: &str = "sku, name, currency, price_minor, stock";

macro_rules! impl_catalog_store {
    ($tx:ty, $map_err:path) => {
        #[async_trait]
        impl CatalogStore for $tx {
            async fn products(&mut self) -> Result<Vec<ProductRow>, StoreError> {
                sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM product ORDER BY position, sku"
                ))
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn product(&mut self, sku: &str) -> Result<Option<ProductRow>, StoreError> {
                sqlx::query_as(&format!("SELECT {COLUMNS} FROM product WHERE sku = $1"))
                    .bind(sku)
                    .fetch_optional(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn take_stock(
                &mut self,
                sku: &str,
                quantity: i32,
            ) -> Result<Option<ProductRow>, StoreError> {
                sqlx::query_as(&format!(
                    "UPDATE product SET stock = stock - $2
                     WHERE sku = $1 AND stock >= $2
                     RETURNING {COLUMNS}"
                ))
                .bind(sku)
                .bind(quantity)
                .fetch_optional(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn return_stock(&mut self, sku: &str, quantity: i32) -> Result<(), StoreError> {
                sqlx::query("UPDATE product SET stock = stock + $2 WHERE sku = $1")
                    .bind(sku)
                    .bind(quantity)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                Ok(())
            }
        }
    };
}

impl_catalog_store!(crate::db::SqliteTx, crate::db::sqlite_map_err);
impl_catalog_store!(crate::db::PgTx, crate::db::postgres_map_err);
