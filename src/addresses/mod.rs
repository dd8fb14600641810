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

/// How many addresses one customer may keep (the service enforces it; the
/// pages say the book is full before a form is filled in).
pub const MAX_ADDRESSES: usize = 50;

/// The words for a full address book, wherever they are shown.
pub fn book_full_message(max: usize) -> String {
    format!(
        "Your address book is full: it holds at most {max} addresses. \
         Delete one you no longer use first."
    )
}

#[cfg(feature = "server")]
pub mod countries;
#[cfg(feature = "server")]
pub mod domain;
#[cfg(feature = "server")]
pub(crate) mod messages;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
mod staff;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
mod view;

#[cfg(feature = "server")]
pub use service::AddressService;
#[cfg(feature = "server")]
pub(crate) use service::{add_in, find as find_address};
#[cfg(feature = "server")]
pub use view::DefaultAddresses;
