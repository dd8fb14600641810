//! Shop staff: their own accounts (not customers), login, sessions and
//! roles.
//!
//! - `dto` (always, WASM too): [`Role`], the staff member as clients see
//!   them, the login input.
//! - behind `server`: `domain` (validated inputs, what each role may do),
//!   the store, and [`StaffService`].
//!
//! A staff login is its own cookie (`shop_staff`, SameSite=Strict) holding
//! a random token whose SHA-256 keys a `staff_session` row, so a customer
//! session never grants staff access and a staff login never makes a
//! customer. Both can live in one browser; the caller carries both.

pub mod dto;

pub use dto::{Permission, Role};

#[cfg(feature = "server")]
pub mod domain;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use service::{authorize, StaffService};
