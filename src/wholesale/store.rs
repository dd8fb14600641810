//! The wholesale price list's storage: one read, the same on both
//! backends (one macro implements [`WholesaleStore`] for each).

use async_trait::async_trait;

use crate::db::StoreError;
use crate::wholesale::dto::{Money, PriceItemView};

/// A row of `wholesale_price`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PriceRow {
    pub sku: String,
    pub name: String,
    pub currency: String,
    pub retail_minor: i64,
    pub price_minor: i64,
    pub min_quantity: i32,
}

impl PriceRow {
    pub fn to_view(&self) -> PriceItemView {
        let money = |amount| Money {
            amount,
            currency: self.currency.clone(),
        };
        PriceItemView {
            sku: self.sku.clone(),
            name: self.name.clone(),
            retail: money(self.retail_minor),
            price: money(self.price_minor),
            min_quantity: u32::try_from(self.min_quantity).unwrap_or(1),
        }
    }
}

#[async_trait]
pub trait WholesaleStore {
    /// Every item, in the list's order.
    async fn price_list(&mut self) -> Result<Vec<PriceRow>, StoreError>;
}

macro_rules! impl_wholesale_store {
    ($tx:ty, $map_err:path) => {
        #[async_trait]
        impl WholesaleStore for $tx {
            async fn price_list(&mut self) -> Result<Vec<PriceRow>, StoreError> {
                sqlx::query_as(
                    "SELECT sku, name, currency, retail_minor, price_minor, min_quantity
                     FROM wholesale_price
                     ORDER BY position, sku",
                )
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)
            }
        }
    };
}

impl_wholesale_store!(crate::db::SqliteTx, crate::db::sqlite_map_err);
impl_wholesale_store!(crate::db::PgTx, crate::db::postgres_map_err);
