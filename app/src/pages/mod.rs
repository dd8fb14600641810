//! Pages, a folder per resource (`customers/`, `auth/`, `addresses/`), plus the shop's
//! own (home, not found).

pub mod addresses;
pub mod auth;
pub mod customers;
pub mod home;
pub mod not_found;
