//! The customer's address book: several addresses, one default shipping
//! and one default billing address, each checked against its country's
//! rules.
//!
//! - `dto` (always, WASM too): wire types, countries as the forms need them.
//! - behind `server`: [`countries`] (the world's address rules, from
//!   Google's libaddressinput data), `domain` ([`ValidAddress`](domain::ValidAddress)),
//!   [`AddressService`] and the store (`store/`: the trait, the row, one
//!   implementation per backend).

pub mod dto;

#[cfg(feature = "server")]
pub mod countries;
#[cfg(feature = "server")]
pub mod domain;
#[cfg(feature = "server")]
pub(crate) mod messages;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
mod view;

#[cfg(feature = "server")]
pub use service::{AddressService, MAX_ADDRESSES};
#[cfg(feature = "server")]
pub use view::DefaultAddresses;
