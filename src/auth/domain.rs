//! Authentication's validated inputs.

use crate::auth::dto::LoginInput;
use crate::domain::{Email, FieldErrors, Password, PASSWORD_CONTROL_CHARS};

/// What a login form gives us. The password is not checked against the
/// policy (an older password may predate it), only for presence.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub email: Email,
    pub password: Password,
}

impl Credentials {
    pub fn parse(input: &LoginInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&input.email));
        if input.password.is_empty() {
            errors.add("password", "Enter your password.");
        } else if input.password.chars().any(char::is_control) {
            errors.add("password", PASSWORD_CONTROL_CHARS);
        }
        match email {
            Some(email) if errors.is_empty() => Ok(Self {
                email,
                password: Password::unchecked(&input.password),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppError;

    #[test]
    fn login_needs_email_and_password() {
        let err: AppError = Credentials::parse(&LoginInput {
            email: "".into(),
            password: "".into(),
        })
        .unwrap_err()
        .into();
        let fields = err.fields().expect("validation");
        assert!(fields.contains_key("email") && fields.contains_key("password"));
        assert!(Credentials::parse(&LoginInput {
            email: "a@b.co".into(),
            password: "x".into()
        })
        .is_ok());
    }
}
