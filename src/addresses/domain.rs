//! A validated address: every field checked, the province, postal code and
//! phone checked against the country's rules ([`countries`]), all problems
//! reported at once, keyed by field.

use crate::addresses::countries::{self, Country};
use crate::addresses::dto::{AddressInput, AddressPatch};
use crate::customers::dto::Patch;
use crate::domain::{FieldErrors, Phone};

/// The reason given for a key that is not an address field.
pub const NOT_AN_ADDRESS_FIELD: &str = "This is not a field of an address.";

/// An address that passed every rule, in the form it is stored.
#[derive(Debug, Clone)]
pub struct ValidAddress {
    pub label: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    /// The subdivision's code.
    pub province: Option<String>,
    pub postal_code: Option<String>,
    pub country: &'static Country,
    pub phone: Option<Phone>,
}

/// What an update does to the customer's defaults: `Some(true)` makes this
/// address the default, `Some(false)` stops it being the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DefaultsChange {
    pub shipping: Option<bool>,
    pub billing: Option<bool>,
}

impl ValidAddress {
    pub fn parse(input: &AddressInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        for name in input.other.keys() {
            errors.add(name, NOT_AN_ADDRESS_FIELD);
        }
        let mut text = |field: &str, raw: Option<&str>, rule: Rule| {
            errors
                .check(field, rule.check(raw.unwrap_or_default()))
                .flatten()
        };
        let label = text("label", input.label.as_deref(), Rule::optional(50));
        let first_name = text(
            "first_name",
            Some(&input.first_name),
            Rule::required(100, REQUIRED[0]),
        );
        let last_name = text(
            "last_name",
            Some(&input.last_name),
            Rule::required(100, REQUIRED[1]),
        );
        let company = text("company", input.company.as_deref(), Rule::optional(200));
        let line1 = text(
            "line1",
            Some(&input.line1),
            Rule::required(200, REQUIRED[2]),
        );
        let line2 = text("line2", input.line2.as_deref(), Rule::optional(200));
        let city = text("city", Some(&input.city), Rule::required(100, REQUIRED[3]));
        let country = errors.check("country", countries::parse_country(&input.country));
        // The country's rules apply once the country is known.
        let (province, postal_code, phone) = match country {
            Some(country) => {
                let province = errors.check(
                    "province",
                    country.parse_province(input.province.as_deref().unwrap_or_default()),
                );
                let postal = errors.check(
                    "postal_code",
                    country.parse_postal_code(input.postal_code.as_deref().unwrap_or_default()),
                );
                if let (Some(Some(p)), Some(Some(z))) = (&province, &postal) {
                    errors.check("postal_code", country.check_postal_in_province(p, z));
                }
                let phone = errors.check(
                    "phone",
                    Phone::parse_optional_for_country(input.phone.as_deref(), &country.code),
                );
                (province, postal, phone)
            }
            None => (None, None, None),
        };
        match (
            first_name,
            last_name,
            line1,
            city,
            country,
            province,
            postal_code,
            phone,
        ) {
            (
                Some(first_name),
                Some(last_name),
                Some(line1),
                Some(city),
                Some(country),
                Some(province),
                Some(postal_code),
                Some(phone),
            ) if errors.is_empty() => Ok(Self {
                label,
                first_name,
                last_name,
                company,
                line1,
                line2,
                city,
                province,
                postal_code,
                country,
                phone,
            }),
            _ => Err(errors),
        }
    }

    /// Applies `patch` to `current` (the stored address as input) and checks
    /// the whole result again: a new country re-checks the stored province
    /// and postal code.
    pub fn parse_change(
        current: AddressInput,
        patch: &AddressPatch,
    ) -> Result<(Self, DefaultsChange), FieldErrors> {
        let mut merged = current;
        merged.other = patch.other.clone();
        let required = |value: &mut String, p: &Patch<String>| match p {
            Patch::Keep => {}
            Patch::Clear => value.clear(),
            Patch::Set(v) => value.clone_from(v),
        };
        let optional = |value: &mut Option<String>, p: &Patch<String>| match p {
            Patch::Keep => {}
            Patch::Clear => *value = None,
            Patch::Set(v) => *value = Some(v.clone()),
        };
        optional(&mut merged.label, &patch.label);
        required(&mut merged.first_name, &patch.first_name);
        required(&mut merged.last_name, &patch.last_name);
        optional(&mut merged.company, &patch.company);
        required(&mut merged.line1, &patch.line1);
        optional(&mut merged.line2, &patch.line2);
        required(&mut merged.city, &patch.city);
        optional(&mut merged.province, &patch.province);
        optional(&mut merged.postal_code, &patch.postal_code);
        required(&mut merged.country, &patch.country);
        optional(&mut merged.phone, &patch.phone);
        let valid = Self::parse(&merged)?;
        Ok((
            valid,
            DefaultsChange {
                shipping: patch.default_shipping,
                billing: patch.default_billing,
            },
        ))
    }
}

/// A free-text field's rule: trimmed, at most `max` characters, no control
/// or direction-override characters; empty is `None` unless required.
pub(crate) struct Rule {
    max: usize,
    required: Option<&'static str>,
}

impl Rule {
    fn optional(max: usize) -> Self {
        Self {
            max,
            required: None,
        }
    }

    fn required(max: usize, message: &'static str) -> Self {
        Self {
            max,
            required: Some(message),
        }
    }

    /// Every message a rule of this module can give (for `messages::known`).
    pub(crate) fn messages() -> Vec<String> {
        let mut out: Vec<String> = REQUIRED.iter().map(|m| m.to_string()).collect();
        out.extend(LIMITS.iter().map(|max| too_long(*max)));
        out.push(UNSTORABLE.to_string());
        out
    }

    fn check(&self, raw: &str) -> Result<Option<String>, String> {
        let value = raw.trim();
        if value.is_empty() {
            return match self.required {
                Some(message) => Err(message.to_string()),
                None => Ok(None),
            };
        }
        if value.chars().count() > self.max {
            return Err(too_long(self.max));
        }
        if value.chars().any(unstorable) {
            return Err(UNSTORABLE.into());
        }
        Ok(Some(value.to_string()))
    }
}

const UNSTORABLE: &str = "This contains characters we cannot store.";
/// The messages of the required fields, and the lengths in use.
const REQUIRED: [&str; 4] = [
    "Enter a first name.",
    "Enter a last name.",
    "Enter the street address.",
    "Enter a city.",
];
const LIMITS: [usize; 3] = [50, 100, 200];

fn too_long(max: usize) -> String {
    format!("Use at most {max} characters.")
}

/// Control characters, line and paragraph separators, and the invisible
/// characters that reorder text (used to disguise what a label says).
fn unstorable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests;
