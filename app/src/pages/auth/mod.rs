//! Authentication's pages: logging in, and the devices card of the account page.

pub mod devices;
pub mod login;
