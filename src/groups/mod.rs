//! Customer groups: General (every new customer's), Wholesale and VIP
//! built in, more created by admins; and the storefront pages restricted
//! to groups.
//!
//! - `dto`, `domain` (always, WASM too): wire types, the pages that can be
//!   restricted ([`KNOWN_PAGES`](dto::KNOWN_PAGES)), [`NewGroup`](domain::NewGroup),
//!   [`GroupChange`](domain::GroupChange).
//! - behind `server`: [`GroupService`] and the store; `require_page`, the
//!   one check a restricted page's service makes.

pub mod domain;
pub mod dto;

#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub(crate) use service::require_page;
#[cfg(feature = "server")]
pub use service::GroupService;
