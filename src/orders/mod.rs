//! Orders: checkout (with registering during it), the customer's order
//! history, staff moving an order along its statuses, and guest orders
//! joining an account once its email is verified.
//!
//! - `dto`, `domain` (always, WASM too): wire types, [`OrderStatus`]
//!   (dto::OrderStatus) and its transitions, checkout's rules, numbers,
//!   shipping and tax.
//! - behind `server`: [`OrderService`] and the store.

pub mod domain;
pub mod dto;

#[cfg(feature = "server")]
mod claim;
#[cfg(feature = "server")]
mod confirmation;
#[cfg(feature = "server")]
mod placing;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
mod view;

#[cfg(feature = "server")]
pub(crate) use claim::claim_guest_orders;
#[cfg(feature = "server")]
pub use service::OrderService;
