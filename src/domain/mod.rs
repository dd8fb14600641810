//! Validated values shared by every resource. Each is built only by its
//! `parse`, so a value of the type is proof that the rules were checked.
//! Resource-specific inputs (`customers::NewCustomer`, `auth::Credentials`,
//! ...) are parsed from these in their own modules.
//!
//! Parsing fails with domain errors: a field name and the reason in words
//! ([`FieldErrors`]). Turning them into the client-facing error is the job of
//! the one mapping in `error.rs`.

pub(crate) mod email;
mod errors;
pub(crate) mod name;
pub(crate) mod password;
pub(crate) mod phone;

pub use email::Email;
pub use errors::FieldErrors;
pub use name::PersonName;
pub use password::{Password, PASSWORD_CONTROL_CHARS};
pub use phone::Phone;
