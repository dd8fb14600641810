use std::collections::BTreeMap;

use super::{Email, Password, PersonName, Phone};
use crate::dto::{LoginInput, RegisterInput};
use crate::error::AppError;

/// A registration that passed every field rule.
#[derive(Debug, Clone)]
pub struct NewCustomer {
    pub email: Email,
    pub password: Password,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub phone: Option<Phone>,
}

impl NewCustomer {
    /// Checks every field and reports all problems at once, keyed by field.
    pub fn parse(input: &RegisterInput) -> Result<Self, AppError> {
        let mut fields = BTreeMap::new();
        let email = Email::parse(&input.email)
            .map_err(|m| fields.insert("email".to_string(), m))
            .ok();
        // The email (or "" when it is not valid) and the names, as typed,
        // are the words the password must not be built from.
        let user_inputs = [
            email.as_ref().map_or("", Email::as_str),
            input.first_name.trim(),
            input.last_name.trim(),
        ];
        let password = Password::parse(&input.password, &user_inputs)
            .map_err(|m| fields.insert("password".to_string(), m))
            .ok();
        let first_name = PersonName::parse(&input.first_name, "first name")
            .map_err(|m| fields.insert("first_name".to_string(), m))
            .ok();
        let last_name = PersonName::parse(&input.last_name, "last name")
            .map_err(|m| fields.insert("last_name".to_string(), m))
            .ok();
        let phone = Phone::parse_optional(input.phone.as_deref())
            .map_err(|m| fields.insert("phone".to_string(), m))
            .ok();
        match (email, password, first_name, last_name, phone) {
            (Some(email), Some(password), Some(first_name), Some(last_name), Some(phone)) => {
                Ok(Self {
                    email,
                    password,
                    first_name,
                    last_name,
                    phone,
                })
            }
            _ => Err(AppError::validation(fields)),
        }
    }
}

/// What a login form gives us. The password is not checked against the
/// policy (an older password may predate it), only for presence.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub email: Email,
    pub password: Password,
}

impl Credentials {
    pub fn parse(input: &LoginInput) -> Result<Self, AppError> {
        let mut fields = BTreeMap::new();
        let email = Email::parse(&input.email)
            .map_err(|m| fields.insert("email".to_string(), m))
            .ok();
        if input.password.is_empty() {
            fields.insert("password".to_string(), "Enter your password.".to_string());
        }
        match email {
            Some(email) if fields.is_empty() => Ok(Self {
                email,
                password: Password::unchecked(&input.password),
            }),
            _ => Err(AppError::validation(fields)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RegisterInput {
        RegisterInput {
            email: " Ann@Example.com".into(),
            password: "a long passphrase".into(),
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            phone: Some("".into()),
        }
    }

    #[test]
    fn valid_registration() {
        let c = NewCustomer::parse(&input()).expect("valid");
        assert_eq!(c.email.as_str(), "ann@example.com");
        assert!(c.phone.is_none());
    }

    #[test]
    fn reports_every_bad_field() {
        let bad = RegisterInput {
            email: "nope".into(),
            password: "short".into(),
            first_name: "".into(),
            last_name: " ".into(),
            phone: Some("abc".into()),
        };
        let err = NewCustomer::parse(&bad).unwrap_err();
        let fields = err.fields().expect("validation error");
        for f in ["email", "password", "first_name", "last_name", "phone"] {
            assert!(fields.contains_key(f), "missing {f}");
        }
        assert_eq!(err.status(), 422);
    }

    #[test]
    fn login_needs_email_and_password() {
        let err = Credentials::parse(&LoginInput {
            email: "".into(),
            password: "".into(),
        })
        .unwrap_err();
        let fields = err.fields().expect("validation");
        assert!(fields.contains_key("email") && fields.contains_key("password"));
        assert!(Credentials::parse(&LoginInput {
            email: "a@b.co".into(),
            password: "x".into()
        })
        .is_ok());
    }
}
