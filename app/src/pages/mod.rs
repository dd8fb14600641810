//! Pages, a folder per resource (`customers/`, `auth/`, `addresses/`,
//! `passwords/`, `emails/`), plus the shop's own (home, not found) and the
//! storefront pages restricted to customer groups (`wholesale`).

pub mod addresses;
pub mod admin;
pub mod auth;
pub mod customers;
pub mod emails;
pub mod home;
pub mod not_found;
pub mod orders;
pub mod passwords;
pub mod wholesale;
