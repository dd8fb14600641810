//! The wholesale price list's wire types (WASM-safe: the storefront page
//! formats them).

use serde::{Deserialize, Serialize};

pub use crate::catalog::dto::Money;

/// One line of the price list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceItemView {
    #[cfg_attr(feature = "openapi", schema(example = "LK-TEA-001"))]
    pub sku: String,
    #[cfg_attr(feature = "openapi", schema(example = "Larkspur breakfast tea, 500 g"))]
    pub name: String,
    /// What everyone else pays.
    pub retail: Money,
    /// The trade price, per unit.
    pub price: Money,
    /// The smallest order at the trade price, in units.
    #[cfg_attr(feature = "openapi", schema(example = 12))]
    pub min_quantity: u32,
}

/// `GET /api/wholesale/price-list`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceListView {
    pub items: Vec<PriceItemView>,
}
