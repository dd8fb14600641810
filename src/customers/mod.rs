//! Customer accounts: registration and the customer's own profile.
//!
//! - `dto`, `domain` (always, WASM too): wire types, [`NewCustomer`](domain::NewCustomer),
//!   [`ProfileChange`](domain::ProfileChange).
//! - behind `server`: [`CustomerService`] and the store (`store/`: the trait,
//!   the rows, one implementation per backend); `search/`: the admin grid's
//!   store (search, filters, sorts, pages, the dashboard's figures).

pub mod domain;
pub mod dto;

#[cfg(feature = "server")]
pub mod search;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub(crate) use service::reserve_registration;
#[cfg(feature = "server")]
pub use service::CustomerService;
