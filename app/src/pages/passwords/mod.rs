//! Passwords' pages: "forgot password", the reset page an emailed link
//! opens, and the dashboard's change-password card.

pub mod change;
pub mod forgot;
pub mod reset;

/// The password policy in a sentence, beside every new-password field.
pub const PASSWORD_HINT: &str = "At least 8 characters, no other rules. A few unrelated words are strong and easy to remember; common passwords are refused.";
