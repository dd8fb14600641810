//! The core of the customer platform: a module per resource, each with its
//! wire types (`dto`), validated domain types (`domain`), and behind the
//! `server` feature its service and store.
//!
//! Always available (and compiled to WASM for the browser):
//! - [`domain`]: validated values shared by every resource, built only by
//!   `parse`, and the domain's [`FieldErrors`](domain::FieldErrors);
//! - [`customers`], [`auth`], [`addresses`], [`passwords`], [`emails`],
//!   [`staff`], [`history`], [`admin`]: each resource's `dto` and `domain`;
//! - [`dto`]: every resource's wire types in one place;
//! - [`error::AppError`]: the one error type a client ever sees.
//!
//! Behind the `server` feature: the services (the only place business rules
//! and authorisation live), the [`caller::Caller`] they decide from, the
//! unit of work ([`db`]) and each resource's store with its SQLite and
//! PostgreSQL implementations, and [`seed`], the demo-data generator.
//! Nothing here knows HTTP, GraphQL or Leptos.
//! Behind the `openapi` feature (the server turns it on, the WASM build
//! never does), the wire types also describe themselves as OpenAPI schemas
//! (`utoipa::ToSchema`) for the REST API's document.
//! [`catalog`] and [`orders`] are modules of the same shape beside the
//! customer ones: see docs/ARCHITECTURE.md.

pub mod addresses;
pub mod admin;
pub mod auth;
pub mod catalog;
pub mod customers;
pub mod domain;
pub mod dto;
pub mod emails;
pub mod error;
pub mod forwarded;
pub mod groups;
pub mod history;
pub mod orders;
pub mod passwords;
pub mod staff;
pub mod wholesale;

#[cfg(feature = "server")]
pub mod caller;
#[cfg(feature = "server")]
pub mod clock;
#[cfg(feature = "server")]
pub mod db;
#[cfg(feature = "server")]
pub mod mail;
#[cfg(feature = "server")]
pub mod messages;
#[cfg(feature = "server")]
pub mod seed;
#[cfg(feature = "server")]
pub mod services;
#[cfg(feature = "server")]
pub mod tokens;

pub use error::AppError;
