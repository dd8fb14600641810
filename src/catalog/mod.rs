//! The catalogue: the products checkout sells, with their prices and stock.
//! The shop has no product management yet; a small demo catalogue is
//! seeded by migration 0010.
//!
//! - `dto` (always, WASM too): [`Money`](dto::Money) and the product list.
//! - behind `server`: [`CatalogService`] and the store, whose stock
//!   operations checkout calls inside its own transaction.

pub mod dto;

#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use service::CatalogService;
