//! Addresses: the rules an address must follow in each country. The address
//! book itself (wire types, domain, store, service) comes later, in the same
//! shape as the other resources.
//!
//! [`countries`] holds the world's address rules (server only: the WASM
//! build does not carry the data).

#[cfg(feature = "server")]
pub mod countries;
