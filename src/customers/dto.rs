//! The customer's wire types: what clients send and get back. Inputs are
//! plain strings, parsed into domain types by the services; outputs never
//! carry a password or hash.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A registration as a client sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(description = "A new account. A missing or invalid field is a 422 that names it.")
)]
pub struct RegisterInput {
    /// Compared and stored lower-cased; one account per address.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, format = Email, example = "ann@example.com")
    )]
    pub email: String,
    /// Long enough and not easily guessed; a few unrelated words are plenty.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            format = Password,
            min_length = 8,
            max_length = 256,
            example = "correct horse battery"
        )
    )]
    pub password: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, min_length = 1, max_length = 100, example = "Ann")
    )]
    pub first_name: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, min_length = 1, max_length = 100, example = "Lee")
    )]
    pub last_name: String,
    /// Optional; stored in international format (E.164).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "+44 20 7946 0958"))]
    pub phone: Option<String>,
}

/// A customer group as clients see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupView {
    /// The group's public id (a UUID); row ids never leave the server.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "00000000-0000-4000-8000-000000000001")
    )]
    pub id: String,
    pub name: String,
}

/// Whether an account may be used.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Active,
    Disabled,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

/// A customer as clients see it. `id` is the public id, never the row number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(description = "A customer account. It never carries a password or its hash.")
)]
pub struct CustomerView {
    /// The public id (a UUID), used in paths such as `PATCH /api/customer/{id}`.
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub group: GroupView,
    pub status: CustomerStatus,
    pub email_verified: bool,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// The address book's default shipping address, if one is chosen.
    pub default_shipping_address: Option<crate::addresses::dto::AddressView>,
    /// The address book's default billing address, if one is chosen.
    pub default_billing_address: Option<crate::addresses::dto::AddressView>,
}

impl CustomerView {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// One field of a partial update, as every interface means it: absent keeps
/// the stored value, `null` clears it, a value sets it. In JSON an absent
/// key is `Keep` and `null` is `Clear`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    pub fn is_keep(&self) -> bool {
        matches!(self, Self::Keep)
    }

    /// `None` (an optional form field left out) clears, a value sets.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Self::Clear, Self::Set)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Keep | Self::Clear => s.serialize_none(),
            Self::Set(v) => s.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// Only called for a key that is present (`#[serde(default)]` covers an
    /// absent one): `null` clears, anything else sets.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(Self::from_option)
    }
}

/// A change to the customer's own profile: `first_name`, `last_name` and
/// `phone`, each a [`Patch`]. Any other key is kept in `other` so that the
/// domain can refuse it by name ("this field cannot be changed here")
/// instead of silently ignoring it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(description = "A partial update of the caller's own profile. Each field may be \
        left out (keep), `null` (clear) or a value (set); names cannot be cleared. Any other \
        key (`email`, `group`, ...) is refused with a 422 whose `fields` name it.",
        example = json!({"first_name": "Ann", "phone": null}))
)]
pub struct ProfileInput {
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = patch_schema::string))]
    pub first_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = patch_schema::string))]
    pub last_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = patch_schema::string))]
    pub phone: Patch<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// [`Patch`] in OpenAPI, written by hand: utoipa cannot see through its
/// serde, and "absent" is a meaning of its own there.
#[cfg(feature = "openapi")]
mod patch_schema {
    use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

    /// `Patch<String>`: a nullable string, and the key may be left out.
    pub fn string() -> Object {
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(Some(
                "Leave the key out to keep the stored value, send `null` to clear it, \
                 send a string to set it.",
            ))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> ProfileInput {
        serde_json::from_str(json).expect("valid json")
    }

    #[test]
    fn absent_null_and_value_mean_keep_clear_and_set() {
        let p = parse(r#"{"first_name": "Ann", "phone": null}"#);
        assert_eq!(p.first_name, Patch::Set("Ann".to_string()));
        assert_eq!(p.last_name, Patch::Keep);
        assert_eq!(p.phone, Patch::Clear);
        assert!(p.other.is_empty());
    }

    #[test]
    fn unknown_keys_are_kept_by_name() {
        let p = parse(r#"{"email": "x@example.com", "group": {"id": 3}}"#);
        let names: Vec<&str> = p.other.keys().map(String::as_str).collect();
        assert_eq!(names, ["email", "group"]);
    }

    #[test]
    fn serialises_only_what_changes() {
        let p = ProfileInput {
            phone: Patch::Clear,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&p).expect("json"),
            r#"{"phone":null}"#
        );
    }
}
