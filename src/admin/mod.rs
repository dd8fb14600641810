//! Customers as staff see them.
//!
//! - behind `server`: `store/` (groups and customers by public id).

#[cfg(feature = "server")]
pub mod store;
