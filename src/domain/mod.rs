//! Validated domain types. Each is built only by its `parse`, so a value of
//! the type is proof that the rules were checked.

mod email;
mod name;
mod password;
mod phone;
mod registration;

pub use email::Email;
pub use name::PersonName;
pub use password::Password;
pub use phone::Phone;
pub use registration::{Credentials, NewCustomer};
