//! Pages, a folder per resource (`customers/`, `auth/`), plus the shop's
//! own (home, not found).

pub mod auth;
pub mod customers;
pub mod home;
pub mod not_found;
