//! The wholesale price list, a storefront page open only to some customer
//! groups (`groups` decides which).
//!
//! - `dto` (always, WASM too): the list as clients see it, [`Money`](dto::Money)
//!   and its formatting.
//! - behind `server`: [`WholesaleService`] and the store.

pub mod dto;

#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use service::WholesaleService;
