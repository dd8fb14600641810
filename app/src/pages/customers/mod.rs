//! The customer's pages: registration and the account page with its profile card.

pub mod account;
pub mod profile;
pub mod register;
