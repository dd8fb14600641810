//! Authentication: credentials, the cookie session, the customer's list of
//! logged-in sessions, failed-login throttling and password hashing.
//!
//! - `dto`, `domain` (always, WASM too): login input, session view,
//!   [`Credentials`](domain::Credentials).
//! - behind `server`: [`AuthService`], the [`SessionHandle`](session::SessionHandle)
//!   trait, the throttle [`policy`], the [`password`] hasher and the stores.

pub mod domain;
pub mod dto;

#[cfg(feature = "server")]
pub mod device;
#[cfg(feature = "server")]
pub(crate) mod events;
#[cfg(feature = "server")]
mod own_sessions;
#[cfg(feature = "server")]
pub mod password;
#[cfg(feature = "server")]
pub mod policy;
#[cfg(feature = "server")]
mod prune;
#[cfg(feature = "server")]
mod reauth;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
pub mod session;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
pub(crate) mod throttle;

#[cfg(feature = "server")]
pub use reauth::WRONG_CURRENT_PASSWORD;
#[cfg(feature = "server")]
pub(crate) use service::signed_in;
#[cfg(feature = "server")]
pub use service::AuthService;
