//! Loading `data.json` (written by `scripts/address-data.py`) into
//! [`Country`] values, once. Nothing here panics on the data: what cannot be
//! used is left out and recorded in [`Loaded::problems`], which a unit test
//! requires to be empty.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::{Country, Subdivision};

const DATA: &str = include_str!("data.json");

pub(super) struct Loaded {
    /// Sorted by English name (see [`fold`]).
    pub countries: Vec<Country>,
    /// What in the data could not be used: each is a bug in the data or in
    /// the script, and makes a unit test fail.
    pub problems: Vec<String>,
}

pub(super) static LOADED: LazyLock<Loaded> = LazyLock::new(|| {
    let loaded = load(DATA);
    for problem in &loaded.problems {
        tracing::error!(%problem, "address rules: left out of src/addresses/countries/data.json");
    }
    loaded
});

/// How a field is called, in a label and in a sentence.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Term {
    kind: &'static str,
    /// On the form: "ZIP code", "Province".
    pub label: &'static str,
    /// In a sentence: "ZIP code", "province".
    pub noun: &'static str,
    /// "a" or "an", before the noun.
    pub article: &'static str,
}

const fn term(
    kind: &'static str,
    label: &'static str,
    noun: &'static str,
    article: &'static str,
) -> Term {
    Term {
        kind,
        label,
        noun,
        article,
    }
}

/// Google's `state_name_type` values (libaddressinput's messages for them).
const PROVINCE_TERMS: &[Term] = &[
    term("area", "Area", "area", "an"),
    term("county", "County", "county", "a"),
    term("department", "Department", "department", "a"),
    term("district", "District", "district", "a"),
    term("do_si", "Do/Si", "do/si", "a"),
    term("emirate", "Emirate", "emirate", "an"),
    term("island", "Island", "island", "an"),
    term("oblast", "Oblast", "oblast", "an"),
    term("parish", "Parish", "parish", "a"),
    term("prefecture", "Prefecture", "prefecture", "a"),
    term("province", "Province", "province", "a"),
    term("state", "State", "state", "a"),
];

/// Google's `zip_name_type` values.
const POSTAL_TERMS: &[Term] = &[
    term("eircode", "Eircode", "Eircode", "an"),
    term("pin", "PIN code", "PIN code", "a"),
    term("postal", "Postal code", "postal code", "a"),
    term("zip", "ZIP code", "ZIP code", "a"),
];

#[derive(Deserialize)]
struct RawData {
    countries: BTreeMap<String, RawCountry>,
}

#[derive(Deserialize)]
struct RawCountry {
    name: String,
    /// "S" (province) and/or "Z" (postal code): the fields addresses use.
    #[serde(default)]
    fields: String,
    /// The same letters, for the fields addresses require.
    #[serde(default)]
    require: String,
    state_name_type: String,
    zip_name_type: String,
    zip: Option<String>,
    zipex: Option<String>,
    #[serde(default)]
    subdivisions: Vec<RawSubdivision>,
}

#[derive(Deserialize)]
struct RawSubdivision {
    iso: Option<String>,
    key: Option<String>,
    name: Option<String>,
    #[serde(default)]
    alt: Vec<String>,
    zip: Option<String>,
}

fn load(json: &str) -> Loaded {
    let mut problems = Vec::new();
    let raw: RawData = match serde_json::from_str(json) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(format!("data.json: {e}"));
            return Loaded {
                countries: Vec::new(),
                problems,
            };
        }
    };
    let mut countries: Vec<Country> = raw
        .countries
        .into_iter()
        .map(|(code, raw)| country(code, raw, &mut problems))
        .collect();
    countries.sort_by_cached_key(|c| fold(&c.name));
    Loaded {
        countries,
        problems,
    }
}

fn country(code: String, raw: RawCountry, problems: &mut Vec<String>) -> Country {
    let province_term =
        find_term(PROVINCE_TERMS, &raw.state_name_type, "province").unwrap_or_else(|fallback| {
            problems.push(format!("{code}: state_name_type {:?}", raw.state_name_type));
            fallback
        });
    let postal_term =
        find_term(POSTAL_TERMS, &raw.zip_name_type, "postal").unwrap_or_else(|fallback| {
            problems.push(format!("{code}: zip_name_type {:?}", raw.zip_name_type));
            fallback
        });
    let postal_code_pattern = raw
        .zip
        .as_deref()
        .and_then(|zip| compile(&format!("^(?:{zip})$"), &code, problems));

    let mut lookup = HashMap::new();
    let mut subdivisions = Vec::with_capacity(raw.subdivisions.len());
    for sub in raw.subdivisions {
        let index = subdivisions.len();
        let Some(key) = sub.key.or_else(|| sub.iso.clone()) else {
            problems.push(format!("{code}: a subdivision with neither key nor iso"));
            continue;
        };
        let sub_code = sub.iso.clone().unwrap_or_else(|| key.clone());
        let name = sub.name.unwrap_or_else(|| key.clone());
        let postal_prefix = sub
            .zip
            .as_deref()
            .and_then(|zip| compile(&format!("^(?:{zip})"), &code, problems));
        let mut spellings = vec![sub_code.clone(), key, name.clone()];
        spellings.extend(sub.alt);
        for spelling in spellings {
            let folded = fold(&spelling);
            if *lookup.entry(folded).or_insert(index) != index {
                problems.push(format!("{code}: {spelling:?} names two subdivisions"));
            }
        }
        subdivisions.push(Subdivision {
            iso_3166_2: sub.iso.map(|iso| format!("{code}-{iso}")),
            code: sub_code,
            name,
            postal_prefix,
        });
    }

    let uses = |f: char| raw.fields.contains(f);
    let requires = |f: char| raw.require.contains(f);
    Country {
        province_label: province_term.label,
        postal_code_label: postal_term.label,
        uses_province: uses('S'),
        uses_postal_code: uses('Z'),
        requires_province: requires('S'),
        requires_postal_code: requires('Z'),
        postal_code_example: raw.zipex,
        subdivisions,
        province_term,
        postal_term,
        postal_code_pattern,
        lookup,
        iso_prefix: fold(&format!("{code}-")),
        code,
        name: raw.name,
    }
}

/// `Err` carries Google's default term, used when the data names an
/// unknown one.
fn find_term(
    terms: &'static [Term],
    kind: &str,
    default: &str,
) -> Result<&'static Term, &'static Term> {
    let by_kind = |kind: &str| terms.iter().find(|t| t.kind == kind);
    by_kind(kind).ok_or_else(|| by_kind(default).unwrap_or(&terms[0]))
}

/// Postal code patterns are ASCII rules: without Unicode mode `\d` is 0-9
/// only (with it, Arabic-Indic digits would pass as a ZIP code).
fn compile(pattern: &str, code: &str, problems: &mut Vec<String>) -> Option<Regex> {
    match RegexBuilder::new(pattern).unicode(false).build() {
        Ok(regex) => Some(regex),
        Err(e) => {
            problems.push(format!("{code}: pattern {pattern:?}: {e}"));
            None
        }
    }
}

/// The key two spellings are compared by: canonical decomposition, the
/// combining diacritical marks (U+0300..U+036F) dropped, lower-cased, the
/// few Latin letters that do not decompose (ı ł ø đ) as their base letter,
/// runs of whitespace as one space. "São Paulo", "sao  paulo" and "SAO
/// PAULO" fold alike, and so do "Adıyaman" and "ADIYAMAN"; scripts without
/// case (Japanese, Arabic) compare as written. `scripts/address-data.py`
/// folds the same way to check that no spelling names two subdivisions.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        word.nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                'ı' => 'i',
                'ł' => 'l',
                'ø' => 'o',
                'đ' => 'd',
                other => other,
            })
            .for_each(|c| out.push(c));
    }
    out
}

#[cfg(test)]
pub(super) fn load_for_test(json: &str) -> Loaded {
    load(json)
}
