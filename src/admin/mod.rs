//! Customers as staff see them: the customer grid (search, filters, sorts,
//! pages), one customer's detail and history, changes on the customer's
//! behalf (profile, group, status, sessions, reset and verification mails),
//! customers created by staff, bulk actions, the CSV export and the
//! dashboard.
//!
//! - `dto` (always, WASM too): the wire types.
//! - behind `server`: `domain` (the grid's query, a staff change, a new
//!   customer, a bulk action, each checked field by field), [`AdminService`]
//!   (`service.rs` reads, `changes.rs` and `actions.rs` change, `export.rs`
//!   streams the CSV) and `store/` (groups and customers by public id). The
//!   grid's search, the export's batches and the dashboard's figures are
//!   the search store's (`customers::search`, `tx.customer_search()`).
//!
//! Every method asks `staff::authorize` for its permission first; every
//! change writes the customer's history entry in its own transaction.
//! Addresses on the customer's behalf are the address book's
//! (`AddressService::staff_*`).

pub mod dto;

#[cfg(feature = "server")]
mod actions;
#[cfg(feature = "server")]
mod changes;
#[cfg(feature = "server")]
pub mod domain;
#[cfg(feature = "server")]
pub mod export;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use actions::DISABLED_ACCOUNT;
#[cfg(feature = "server")]
pub use changes::INVITATION_TTL_SECS;
#[cfg(feature = "server")]
pub use export::CustomerExport;
#[cfg(feature = "server")]
pub use service::AdminService;
