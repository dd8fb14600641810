//! Staff's validated inputs, and what each role may do.

use crate::domain::{Email, FieldErrors, Password};
use crate::staff::dto::{NewStaffInput, Role};

/// A staff member's name: 1 to 100 characters, no control characters.
pub fn parse_staff_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter a name.".into());
    }
    if name.chars().count() > 100 {
        return Err("Use at most 100 characters.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("Use letters, spaces and punctuation only.".into());
    }
    Ok(name.to_owned())
}

/// A new staff account that passed every rule (the customers' password
/// policy included).
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub email: Email,
    pub name: String,
    pub password: Password,
    pub role: Role,
}

impl NewStaff {
    pub fn parse(input: &NewStaffInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&input.email));
        let name = errors.check("name", parse_staff_name(&input.name));
        let user_inputs = [email.as_ref().map_or("", Email::as_str), input.name.trim()];
        let password = errors.check("password", Password::parse(&input.password, &user_inputs));
        match (email, name, password) {
            (Some(email), Some(name), Some(password)) => Ok(Self {
                email,
                name,
                password,
                role: input.role,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::dto::Permission;

    #[test]
    fn support_cannot_manage() {
        for p in [
            Permission::ViewCustomers,
            Permission::EditCustomers,
            Permission::SupportCustomers,
        ] {
            assert!(Role::Support.allows(p), "{p:?}");
            assert!(Role::Admin.allows(p), "{p:?}");
        }
        for p in [
            Permission::ManageCustomers,
            Permission::ManageGroups,
            Permission::ManageStaff,
            Permission::ManageOrders,
        ] {
            assert!(!Role::Support.allows(p), "{p:?}");
            assert!(Role::Admin.allows(p), "{p:?}");
        }
    }

    #[test]
    fn a_new_staff_member_follows_the_password_policy() {
        let input = NewStaffInput {
            email: "Owner@Example.com ".into(),
            name: "Olive Owner".into(),
            password: "short".into(),
            role: Role::Admin,
        };
        let err = NewStaff::parse(&input).expect_err("weak password");
        assert!(err.field_message("password").is_some());
        let ok = NewStaff::parse(&NewStaffInput {
            password: "plum orchard lantern 42".into(),
            ..input
        })
        .expect("valid");
        assert_eq!(ok.email.as_str(), "owner@example.com");
        assert!(NewStaff::parse(&NewStaffInput {
            email: "a@b.co".into(),
            name: "bad\u{0}name".into(),
            password: "plum orchard lantern 42".into(),
            role: Role::Support,
        })
        .is_err());
    }
}
