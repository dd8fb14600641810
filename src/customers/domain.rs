//! A customer's validated inputs: a registration and a profile change.

use crate::customers::dto::{Patch, ProfileInput, RegisterInput};
use crate::domain::{Email, FieldErrors, Password, PersonName, Phone};

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
    pub fn parse(input: &RegisterInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&input.email));
        // The email (or "" when it is not valid) and the names, as typed,
        // are the words the password must not be built from.
        let user_inputs = [
            email.as_ref().map_or("", Email::as_str),
            input.first_name.trim(),
            input.last_name.trim(),
        ];
        let password = errors.check("password", Password::parse(&input.password, &user_inputs));
        let first_name = errors.check(
            "first_name",
            PersonName::parse(&input.first_name, "first name"),
        );
        let last_name = errors.check(
            "last_name",
            PersonName::parse(&input.last_name, "last name"),
        );
        let phone = errors.check("phone", Phone::parse_optional(input.phone.as_deref()));
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
            _ => Err(errors),
        }
    }
}

/// What happens to one stored field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<T> {
    Keep,
    Set(T),
    Clear,
}

impl<T> Change<T> {
    /// The value to store, given the stored one; `store` turns a new value
    /// into its stored form.
    pub fn resolve<U>(self, current: Option<U>, store: impl FnOnce(T) -> U) -> Option<U> {
        match self {
            Self::Keep => current,
            Self::Set(v) => Some(store(v)),
            Self::Clear => None,
        }
    }
}

/// A validated change to a customer's own profile. Names can be kept or
/// set (never cleared); the phone can be kept, set or cleared (`null` or an
/// empty string clear it). Any other field is refused by name.
#[derive(Debug, Clone)]
pub struct ProfileChange {
    pub first_name: Change<PersonName>,
    pub last_name: Change<PersonName>,
    pub phone: Change<Phone>,
}

/// The only fields [`ProfileChange`] accepts.
pub const PROFILE_FIELDS: [&str; 3] = ["first_name", "last_name", "phone"];

/// The reason given for a field that exists but is not part of the profile.
pub const NOT_CHANGEABLE_HERE: &str = "This field cannot be changed here.";

impl ProfileChange {
    pub fn parse(input: &ProfileInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        for name in input.other.keys() {
            errors.add(name, NOT_CHANGEABLE_HERE);
        }
        let first_name = name_change(&mut errors, "first_name", "first name", &input.first_name);
        let last_name = name_change(&mut errors, "last_name", "last name", &input.last_name);
        let phone = match &input.phone {
            Patch::Keep => Some(Change::Keep),
            Patch::Clear => Some(Change::Clear),
            Patch::Set(raw) => errors
                .check("phone", Phone::parse_optional(Some(raw)))
                .map(|p| p.map_or(Change::Clear, Change::Set)),
        };
        match (first_name, last_name, phone) {
            (Some(first_name), Some(last_name), Some(phone)) if errors.is_empty() => Ok(Self {
                first_name,
                last_name,
                phone,
            }),
            _ => Err(errors),
        }
    }
}

fn name_change(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    patch: &Patch<String>,
) -> Option<Change<PersonName>> {
    match patch {
        Patch::Keep => Some(Change::Keep),
        // A name cannot be removed: `null` is read as an empty name.
        Patch::Clear => errors
            .check(field, PersonName::parse("", what))
            .map(Change::Set),
        Patch::Set(raw) => errors
            .check(field, PersonName::parse(raw, what))
            .map(Change::Set),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppError;

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
        let err: AppError = NewCustomer::parse(&bad).unwrap_err().into();
        let fields = err.fields().expect("validation error");
        for f in ["email", "password", "first_name", "last_name", "phone"] {
            assert!(fields.contains_key(f), "missing {f}");
        }
        assert_eq!(err.status(), 422);
    }

    fn profile(json: &str) -> Result<ProfileChange, FieldErrors> {
        ProfileChange::parse(&serde_json::from_str(json).expect("json"))
    }

    #[test]
    fn profile_change_keeps_sets_and_clears() {
        let c = profile(r#"{"first_name": " Zoë ", "phone": null}"#).expect("valid");
        assert!(matches!(&c.first_name, Change::Set(n) if n.as_str() == "Zoë"));
        assert_eq!(c.last_name, Change::Keep);
        assert_eq!(c.phone, Change::Clear);
        // An empty phone clears too; a number is normalised.
        assert_eq!(
            profile(r#"{"phone": " "}"#).expect("valid").phone,
            Change::Clear
        );
        let set = profile(r#"{"phone": "+44 20 7946 0958"}"#).expect("valid");
        assert!(matches!(&set.phone, Change::Set(p) if p.as_str() == "+442079460958"));
        // Nothing at all is a valid change that changes nothing.
        let none = profile("{}").expect("valid");
        assert_eq!(
            (none.first_name, none.last_name, none.phone),
            (Change::Keep, Change::Keep, Change::Keep)
        );
    }

    #[test]
    fn profile_change_names_every_bad_or_foreign_field() {
        let e =
            profile(r#"{"first_name": null, "last_name": "", "phone": "12", "email": "x@y.co"}"#)
                .unwrap_err();
        for f in ["first_name", "last_name", "phone"] {
            assert!(e.field_message(f).is_some(), "{f}: {e:?}");
        }
        assert_eq!(
            e.field_message("email").as_deref(),
            Some(NOT_CHANGEABLE_HERE)
        );
        // A foreign field alone is refused even though the rest is fine.
        let e = profile(r#"{"first_name": "Ann", "status": "disabled"}"#).unwrap_err();
        assert_eq!(e.fields().len(), 1);
        assert!(e.field_message("status").is_some());
    }

    #[test]
    fn change_applies_to_the_stored_value() {
        let double = |v: i32| v * 2;
        assert_eq!(Change::Keep.resolve(Some(1), double), Some(1));
        assert_eq!(Change::Set(2).resolve(Some(1), double), Some(4));
        assert_eq!(Change::<i32>::Clear.resolve(Some(1), double), None);
    }
}
