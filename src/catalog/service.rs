//! The catalogue as the storefront reads it: open to everyone.

use std::sync::Arc;

use crate::catalog::dto::ProductView;
use crate::catalog::store::ProductRow;
use crate::services::{Deps, ServiceError};

#[derive(Clone)]
pub struct CatalogService {
    deps: Arc<Deps>,
}

impl CatalogService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// Every product with its price and the stock left, in the
    /// catalogue's order.
    pub async fn products(&self) -> Result<Vec<ProductView>, ServiceError> {
        let mut conn = self.deps.db.conn().await?;
        let rows = conn.catalog().products().await?;
        Ok(rows.iter().map(ProductRow::to_view).collect())
    }
}
