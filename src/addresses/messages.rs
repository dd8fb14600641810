//! Every message the address book writes, for the fixed table of
//! `messages::known` (what an error read from a URL may say). The
//! country-specific ones (each country's names for its fields, its postal
//! code example, its subdivisions' names) are collected by running the
//! parsers on inputs that fail every way they can, so the list follows the
//! data and the parsers without being written out twice.

use crate::addresses::countries;
use crate::addresses::domain::{Rule, NOT_AN_ADDRESS_FIELD};
use crate::addresses::MAX_ADDRESSES;

/// Inputs that make a province or postal code parser fail, each way it can
/// (empty, unstorable, not of the pattern, not a subdivision, too long).
const BAD: [&str; 5] = [
    "",
    "\u{1}",
    "!!!",
    "nowhere at all",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

pub(crate) fn all() -> Vec<String> {
    let mut out: Vec<String> = vec![
        NOT_AN_ADDRESS_FIELD.to_string(),
        "No such address.".into(),
        "No such country. Use a two-letter ISO code, like CA.".into(),
        "Choose shipping or billing.".into(),
        crate::addresses::book_full_message(MAX_ADDRESSES),
    ];
    out.extend(Rule::messages());
    for raw in BAD.iter().chain(&["ZZ", "XXX"]) {
        out.extend(countries::parse_country(raw).err());
    }
    for country in countries::all() {
        for raw in BAD {
            out.extend(country.parse_province(raw).err());
            out.extend(country.parse_postal_code(raw).err());
        }
        // A postal code of the country's own pattern that lies in another
        // subdivision ("This ZIP code is not in New York.").
        if let Some(example) = &country.postal_code_example {
            for subdivision in &country.subdivisions {
                out.extend(
                    country
                        .check_postal_in_province(&subdivision.code, example)
                        .err(),
                );
                out.extend(
                    country
                        .check_postal_in_province(&subdivision.code, "0")
                        .err(),
                );
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
