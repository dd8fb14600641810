//! The customer's history (the audit trail): every change to a customer,
//! by the customer, by staff or by the system, as one row written in the
//! same transaction as the change, so the two commit or roll back together.
//!
//! - `dto` (always, WASM too): a history entry as clients see it.
//! - behind `server`: [`Actor`], [`Changes`], [`record`] and the store.
//!
//! What changed is kept as old and new values per field; a password, a
//! token or a hash is never recorded (the actions say "password changed"
//! and nothing more).

pub mod dto;

#[cfg(feature = "server")]
mod record;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use record::{record, Action, Actor, Changes};
