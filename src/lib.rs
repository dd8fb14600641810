//! The core of the customer platform.
//!
//! Always available (and compiled to WASM for the browser):
//! - [`domain`]: validated types, built only by `parse`;
//! - [`dto`]: what crosses the wire between the interfaces and their clients;
//! - [`error::AppError`]: the one error type a client ever sees.
//!
//! Behind the `server` feature: the services (the only place business rules
//! live), password hashing, the typed session, and the store trait with its
//! SQLite and PostgreSQL implementations. Nothing here knows HTTP, GraphQL or
//! Leptos components.

pub mod domain;
pub mod dto;
pub mod error;

#[cfg(feature = "server")]
pub mod clock;
#[cfg(feature = "server")]
pub mod password;
#[cfg(feature = "server")]
pub mod security;
#[cfg(feature = "server")]
pub mod service;
#[cfg(feature = "server")]
pub mod session;
#[cfg(feature = "server")]
pub mod store;

pub use error::AppError;
