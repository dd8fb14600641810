//! Validated inputs for password recovery and change.

use crate::domain::{Email, FieldErrors, Password, PASSWORD_CONTROL_CHARS};
use crate::passwords::dto::{ChangePasswordInput, ResetPasswordInput};

/// Asked for when the current password is missing.
pub const ENTER_CURRENT_PASSWORD: &str = "Enter your current password.";
/// A new password equal to the current one.
pub const SAME_PASSWORD: &str = "Choose a password different from your current one.";

/// The current password as typed: present, no control characters, not held
/// to the policy (it may predate it).
pub(crate) fn current_password(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
) -> Option<Password> {
    if raw.is_empty() {
        errors.add(field, ENTER_CURRENT_PASSWORD);
        None
    } else if raw.chars().any(char::is_control) {
        errors.add(field, PASSWORD_CONTROL_CHARS);
        None
    } else {
        Some(Password::unchecked(raw))
    }
}

/// A change of password while logged in. `user_inputs` are the customer's
/// email and names, which the new password must not be built from.
#[derive(Debug)]
pub struct PasswordChange {
    pub current: Password,
    pub new: Password,
}

impl PasswordChange {
    pub fn parse(input: &ChangePasswordInput, user_inputs: &[&str]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let current = current_password(&mut errors, "current_password", &input.current_password);
        let new = errors.check(
            "new_password",
            Password::parse(&input.new_password, user_inputs),
        );
        if let (Some(current), Some(_)) = (&current, &new) {
            if current.expose() == input.new_password {
                errors.add("new_password", SAME_PASSWORD);
            }
        }
        match (current, new) {
            (Some(current), Some(new)) if errors.is_empty() => Ok(Self { current, new }),
            _ => Err(errors),
        }
    }
}

/// The new password of a reset, held to the policy.
pub fn reset_password(
    input: &ResetPasswordInput,
    user_inputs: &[&str],
) -> Result<Password, FieldErrors> {
    Password::parse(&input.password, user_inputs).map_err(|m| FieldErrors::single("password", m))
}

/// The email of "forgot password" and of a logged-out "resend".
pub fn email(raw: &str) -> Result<Email, FieldErrors> {
    Email::parse(raw).map_err(|m| FieldErrors::single("email", m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(current: &str, new: &str) -> Result<PasswordChange, FieldErrors> {
        PasswordChange::parse(
            &ChangePasswordInput {
                current_password: current.into(),
                new_password: new.into(),
            },
            &["ann@example.com", "Ann", "Lee"],
        )
    }

    #[test]
    fn a_change_names_each_field_it_refuses() {
        let e = change("", "short").expect_err("refused");
        assert_eq!(
            e.fields().get("current_password").map(String::as_str),
            Some(ENTER_CURRENT_PASSWORD)
        );
        assert!(e.fields().contains_key("new_password"), "{e:?}");
        let e = change("old\u{7}", "correct horse battery staple").expect_err("refused");
        assert_eq!(
            e.fields().get("current_password").map(String::as_str),
            Some(PASSWORD_CONTROL_CHARS)
        );
    }

    #[test]
    fn the_new_password_must_differ_and_follow_the_policy() {
        let same = "correct horse battery staple";
        let e = change(same, same).expect_err("refused");
        assert_eq!(
            e.fields().get("new_password").map(String::as_str),
            Some(SAME_PASSWORD)
        );
        let e = change("whatever it was", "ann@example.com").expect_err("refused");
        assert!(e.fields().contains_key("new_password"), "{e:?}");
        assert!(change("whatever it was", "purple elephant guitar river").is_ok());
    }
}
