//! The address book's wire types: what clients send and get back, and the
//! countries they choose from. Inputs are plain strings, checked by the
//! address parser on the server against the country's rules.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::customers::dto::Patch;

/// A new address as a client sends it. Unknown keys are refused by name
/// (a misspelt `zip` is a 422 naming `zip`, not a silently empty postal code).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        description = "A new address. A missing or invalid field is a 422 that names it; \
            `province` and `postal_code` are required only where the country's addresses use \
            them (see `GET /api/countries/{code}`).",
        example = json!({
            "label": "Home", "first_name": "Ann", "last_name": "Lee", "line1": "24 Sussex Drive",
            "city": "Ottawa", "province": "ON", "postal_code": "K1M 1M4", "country": "CA",
            "phone": "613 555 0199"
        })
    )
)]
pub struct AddressInput {
    /// The customer's own name for it ("Home", "Office"); up to 50 characters.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 100))]
    pub first_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 100))]
    pub last_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub company: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 200))]
    pub line1: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub line2: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 100))]
    pub city: String,
    /// The subdivision's code (`ON`, `CA-ON`) or name, in any case; stored as the code.
    #[serde(default)]
    pub province: Option<String>,
    /// Checked against the country's pattern; stored trimmed and upper-cased.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, in any case.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "CA"))]
    pub country: String,
    /// National (for the address's country) or international; stored in E.164.
    #[serde(default)]
    pub phone: Option<String>,
    /// Make it the default shipping address (the first address always is).
    #[serde(default)]
    pub default_shipping: bool,
    /// Make it the default billing address (the first address always is).
    #[serde(default)]
    pub default_billing: bool,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// A partial update: each text field may be left out (keep), `null` (clear,
/// where the field is optional) or a value (set). `default_shipping: true`
/// makes the address the default shipping address and the previous one
/// stops being it; `false` leaves the customer without one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        description = "A partial update of one address. Absent keys keep the stored value, \
            `null` clears an optional field, a value sets it; the whole address is then checked \
            again against its country's rules. Unknown keys are a 422 naming them.",
        example = json!({"line2": "Apt 4", "default_shipping": true})
    )
)]
pub struct AddressPatch {
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub label: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub first_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub last_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub company: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub line1: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub line2: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub city: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub province: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub postal_code: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub country: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub phone: Patch<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_shipping: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_billing: Option<bool>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

#[cfg(feature = "openapi")]
fn nullable_string() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(
            "Leave the key out to keep the stored value, send `null` to clear it (optional \
             fields only), send a string to set it.",
        ))
        .build()
}

/// One saved address. `id` is public (a UUID), never the row number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressView {
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub id: String,
    pub label: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    /// The subdivision's code (`ON`), where the country uses one.
    pub province: Option<String>,
    /// The subdivision's name (`Ontario`), for display.
    pub province_name: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The country's English name, for display.
    pub country_name: String,
    /// E.164.
    pub phone: Option<String>,
    pub default_shipping: bool,
    pub default_billing: bool,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub updated_at: String,
}

impl AddressView {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// The address as lines for a card or a label: name, company, street,
    /// city with province and postal code, country.
    pub fn lines(&self) -> Vec<String> {
        address_lines(AddressParts {
            name: self.full_name(),
            company: self.company.as_deref(),
            line1: &self.line1,
            line2: self.line2.as_deref(),
            city: &self.city,
            province: self.province_name.as_deref().or(self.province.as_deref()),
            postal_code: self.postal_code.as_deref(),
            country: &self.country_name,
        })
    }
}

/// What an address card shows, borrowed from wherever the address lives.
pub struct AddressParts<'a> {
    pub name: String,
    pub company: Option<&'a str>,
    pub line1: &'a str,
    pub line2: Option<&'a str>,
    pub city: &'a str,
    /// The province's name, or its code when it has no name.
    pub province: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub country: &'a str,
}

/// An address as lines: name, company, street, city with province and
/// postal code, country.
pub fn address_lines(a: AddressParts<'_>) -> Vec<String> {
    let mut lines = vec![a.name];
    lines.extend(a.company.map(str::to_owned));
    lines.push(a.line1.to_owned());
    lines.extend(a.line2.map(str::to_owned));
    let place = [Some(a.city), a.province, a.postal_code]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    lines.push(place);
    lines.push(a.country.to_owned());
    lines
}

/// A country as the address forms need it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountryView {
    /// ISO 3166-1 alpha-2.
    #[cfg_attr(feature = "openapi", schema(example = "CA"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Canada"))]
    pub name: String,
    /// Whether addresses here have a subdivision (state, province, ...) at
    /// all: from the list in `subdivisions`, or typed where there is none.
    pub uses_province: bool,
    /// Whether addresses here have a postal code at all.
    pub uses_postal_code: bool,
    /// Whether addresses here need a subdivision.
    pub requires_province: bool,
    /// Whether addresses here need a postal code.
    pub requires_postal_code: bool,
    #[cfg_attr(feature = "openapi", schema(example = "K1A 0B1"))]
    pub postal_code_example: Option<String>,
    /// What the subdivision is called here ("State", "Province", "Prefecture").
    pub province_label: String,
    /// What the postal code is called here ("ZIP code", "Postal code", "PIN code").
    pub postal_code_label: String,
}

/// One subdivision of a country.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubdivisionView {
    /// The code stored on addresses (the ISO 3166-2 suffix where there is one).
    #[cfg_attr(feature = "openapi", schema(example = "ON"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Ontario"))]
    pub name: String,
}

/// A country with the subdivisions its addresses use (empty where none).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountryDetailView {
    #[serde(flatten)]
    pub country: CountryView,
    pub subdivisions: Vec<SubdivisionView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_reads_keep_clear_set_and_unknown_keys() {
        let p: AddressPatch = serde_json::from_str(
            r#"{"line2": null, "city": "Ottawa", "default_shipping": true, "zip": "1"}"#,
        )
        .expect("json");
        assert_eq!(p.line2, Patch::Clear);
        assert_eq!(p.city, Patch::Set("Ottawa".into()));
        assert_eq!(p.country, Patch::Keep);
        assert_eq!(p.default_shipping, Some(true));
        assert_eq!(p.default_billing, None);
        assert_eq!(p.other.keys().collect::<Vec<_>>(), ["zip"]);
    }

    #[test]
    fn input_keeps_unknown_keys_by_name() {
        let i: AddressInput =
            serde_json::from_str(r#"{"first_name": "Ann", "id": "x"}"#).expect("json");
        assert_eq!(i.first_name, "Ann");
        assert!(!i.default_shipping);
        assert_eq!(i.other.keys().collect::<Vec<_>>(), ["id"]);
    }

    #[test]
    fn lines_skip_what_is_empty() {
        let a = AddressView {
            id: "x".into(),
            label: None,
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            company: None,
            line1: "1 Main St".into(),
            line2: None,
            city: "Ottawa".into(),
            province: Some("ON".into()),
            province_name: Some("Ontario".into()),
            postal_code: Some("K1A 0B1".into()),
            country: "CA".into(),
            country_name: "Canada".into(),
            phone: None,
            default_shipping: true,
            default_billing: false,
            created_at: String::new(),
            updated_at: String::new(),
        };
        assert_eq!(
            a.lines(),
            ["Ann Lee", "1 Main St", "Ottawa, Ontario, K1A 0B1", "Canada"]
        );
    }
}
