//! Passwords: "forgot password" (a reset link by mail), the reset itself,
//! and the change while logged in.
//!
//! - `dto` (always, WASM too): the inputs and the notices.
//! - behind `server`: `domain` (validated inputs) and [`PasswordService`].

pub mod dto;

#[cfg(feature = "server")]
pub mod domain;
#[cfg(feature = "server")]
mod service;

#[cfg(feature = "server")]
pub(crate) use service::active_customer;
#[cfg(feature = "server")]
pub use service::PasswordService;
