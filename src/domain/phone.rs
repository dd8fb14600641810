use std::fmt;

/// A valid phone number in E.164 form: `+`, the country code and the
/// national number, digits only (`+442079460958`).
///
/// With the `server` feature the number is checked against the libphonenumber
/// metadata (the `phonenumber` crate): the country code must exist and the
/// length and leading digits must fit that country. Without it (the WASM
/// build) a simple shape check stands in; it is never used at run time,
/// because phone numbers are parsed on the server only.
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

/// Longest input looked at, separators included; a phone number written out
/// is far shorter.
const PHONE_MAX_INPUT_CHARS: usize = 40;
pub(crate) const NEEDS_COUNTRY_CODE: &str = "Include the country code, like +44 20 7946 0958.";
pub(crate) const INVALID: &str = "Enter a valid phone number, like +44 20 7946 0958.";

impl Phone {
    /// `Ok(None)` for an empty (optional) value.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, String> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(value) => Self::parse(value).map(Some),
        }
    }

    /// An international number: `+`, the country code, the number.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = shape(raw)?;
        if !raw.starts_with('+') {
            return Err(NEEDS_COUNTRY_CODE.into());
        }
        to_e164(raw).map(Self).ok_or_else(|| INVALID.to_string())
    }

    /// `Ok(None)` for an empty (optional) value; see [`Phone::parse_for_country`].
    pub fn parse_optional_for_country(
        raw: Option<&str>,
        country: &str,
    ) -> Result<Option<Self>, String> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(value) => Self::parse_for_country(value, country).map(Some),
        }
    }

    /// A number as written in `country` (an ISO 3166-1 alpha-2 code, any
    /// case): national ("020 7946 0958" in GB, with its trunk prefix), with
    /// that country's international prefix ("0044 20 7946 0958"), or
    /// international ("+44 20 7946 0958", which may belong to any country:
    /// a shopper's phone need not be where the address is). Checked against
    /// the numbering plan, stored in E.164. A national number with a country
    /// the phone metadata does not know is asked for its country code.
    pub fn parse_for_country(raw: &str, country: &str) -> Result<Self, String> {
        let raw = shape(raw)?;
        if raw.starts_with('+') {
            return to_e164(raw).map(Self).ok_or_else(|| INVALID.to_string());
        }
        national_to_e164(raw, country).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The input trimmed, if it has the shape of a phone number: at most
/// [`PHONE_MAX_INPUT_CHARS`], digits and the usual separators only (no
/// letters: vanity numbers, "ext."), a `+` only in front, some digit.
fn shape(raw: &str) -> Result<&str, String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().take(PHONE_MAX_INPUT_CHARS + 1).count() > PHONE_MAX_INPUT_CHARS
    {
        return Err(INVALID.into());
    }
    let mut digits = 0;
    for (i, c) in raw.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if i == 0 => {}
            ' ' | '-' | '(' | ')' | '.' | '/' => {}
            _ => return Err(INVALID.into()),
        }
    }
    if digits == 0 {
        return Err(INVALID.into());
    }
    Ok(raw)
}

/// `raw` has a leading `+`, digits and separators.
#[cfg(feature = "server")]
fn to_e164(raw: &str) -> Option<String> {
    valid_e164(&phonenumber::parse(None, raw).ok()?)
}

/// `raw` has digits and separators, no `+`; `country` is as the caller got
/// it (trimmed and upper-cased here).
#[cfg(feature = "server")]
fn national_to_e164(raw: &str, country: &str) -> Result<String, String> {
    let country = country.trim();
    // Country ids are two letters; a longer input is not looked up at all.
    let id = (country.len() == 2)
        .then(|| {
            country
                .to_ascii_uppercase()
                .parse::<phonenumber::country::Id>()
                .ok()
        })
        .flatten()
        .ok_or_else(|| NEEDS_COUNTRY_CODE.to_string())?;
    phonenumber::parse(Some(id), raw)
        .ok()
        .and_then(|number| valid_e164(&number))
        .ok_or_else(|| INVALID.to_string())
}

#[cfg(feature = "server")]
fn valid_e164(number: &phonenumber::PhoneNumber) -> Option<String> {
    use std::fmt::Write as _;

    if !phonenumber::is_valid(number) {
        return None;
    }
    let mut out = String::with_capacity(16);
    write!(out, "{}", number.format().mode(phonenumber::Mode::E164)).ok()?;
    Some(out)
}

/// Stand-in without the metadata (WASM build, never called at run time):
/// E.164 allows at most 15 digits, country code included.
#[cfg(not(feature = "server"))]
fn to_e164(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return None;
    }
    Some(format!("+{digits}"))
}

/// Stand-in without the metadata: a national number cannot be placed.
#[cfg(not(feature = "server"))]
fn national_to_e164(_raw: &str, _country: &str) -> Result<String, String> {
    Err(NEEDS_COUNTRY_CODE.into())
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_to_e164() {
        for (raw, e164) in [
            ("+44 20 7946 0958", "+442079460958"),
            (" +44 (20) 7946-0958 ", "+442079460958"),
            ("+1 (415) 555-2671", "+14155552671"),
            ("+39 06 6982 1234", "+390669821234"),
            ("+1.415.555.2671", "+14155552671"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+49 30 901820", "+4930901820"),
            ("+61 2 9374 4000", "+61293744000"),
        ] {
            let p = Phone::parse(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
            assert_eq!(p.as_str(), e164, "{raw:?}");
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn drops_the_national_prefix_written_in_brackets() {
        let p = Phone::parse("+44 (0)20 7946 0958").expect("valid");
        assert_eq!(p.as_str(), "+442079460958");
    }

    #[test]
    fn optional_empty_is_none() {
        assert_eq!(Phone::parse_optional(None), Ok(None));
        assert_eq!(Phone::parse_optional(Some("")), Ok(None));
        assert_eq!(Phone::parse_optional(Some("  ")), Ok(None));
        assert_eq!(
            Phone::parse_optional(Some(" +44 20 7946 0958 ")).map(|p| p.map(|p| p.0)),
            Ok(Some("+442079460958".to_string()))
        );
        assert_eq!(
            Phone::parse_optional(Some("call me")),
            Err(INVALID.to_string())
        );
    }

    #[test]
    fn asks_for_the_country_code() {
        for raw in [
            "020 7946 0958",
            "(415) 555-2671",
            "4155552671",
            "0044 20 7946 0958",
        ] {
            assert_eq!(
                Phone::parse(raw),
                Err(NEEDS_COUNTRY_CODE.to_string()),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn rejects_letters_and_bad_lengths() {
        let mut cases = vec![
            "call me",
            "12+34567",
            "555-CALL-NOW",
            "+1 415 555 2671 ext. 2",
            "+",
            "+ ( ) -",
            "+1234567890123456",
            "+44 20 7946 0958 0958 0958 0958 0958 0958 0958",
        ];
        if cfg!(feature = "server") {
            // Need the numbering plans: wrong length for the country, or a
            // country code that does not exist.
            cases.extend([
                "+44 20 7946 095",
                "+1 415 555 267",
                "+1 415 555 26711",
                "+999 1234 5678",
            ]);
        }
        for raw in cases {
            assert_eq!(Phone::parse(raw), Err(INVALID.to_string()), "{raw:?}");
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn national_numbers_for_their_country() {
        for (raw, country, e164) in [
            ("020 7946 0958", "GB", "+442079460958"),
            (" 020 7946 0958 ", " gb ", "+442079460958"),
            ("0044 20 7946 0958", "GB", "+442079460958"),
            ("(415) 555-2671", "US", "+14155552671"),
            ("415.555.2671", "us", "+14155552671"),
            ("06 12 34 56 78", "FR", "+33612345678"),
            ("030 901820", "DE", "+4930901820"),
            ("02 9374 4000", "AU", "+61293744000"),
            ("03-1234-5678", "JP", "+81312345678"),
            ("(11) 2345-6789", "BR", "+551123456789"),
            // International numbers need no country, and may be another's.
            ("+39 06 6982 1234", "GB", "+390669821234"),
            ("+1 (415) 555-2671", "", "+14155552671"),
        ] {
            let p = Phone::parse_for_country(raw, country)
                .unwrap_or_else(|e| panic!("{raw:?} in {country:?}: {e}"));
            assert_eq!(p.as_str(), e164, "{raw:?} in {country:?}");
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn national_numbers_that_do_not_fit() {
        for (raw, country) in [
            ("020 7946 095", "GB"),
            ("415 555 267", "US"),
            ("415 555 26711", "US"),
            ("call me", "GB"),
            ("020 7946 0958 ext 2", "GB"),
            ("", "GB"),
            ("0", "GB"),
            ("+44 20 7946 095", "GB"),
        ] {
            assert_eq!(
                Phone::parse_for_country(raw, country),
                Err(INVALID.to_string()),
                "{raw:?} in {country:?}"
            );
        }
        let long = "1".repeat(10_000);
        assert_eq!(
            Phone::parse_for_country(&long, "GB"),
            Err(INVALID.to_string())
        );
        // A national number needs a country the metadata knows.
        for country in ["", "XX", "GBR", "G", "United Kingdom", "G\u{0}"] {
            assert_eq!(
                Phone::parse_for_country("020 7946 0958", country),
                Err(NEEDS_COUNTRY_CODE.to_string()),
                "{country:?}"
            );
        }
    }

    #[test]
    fn optional_for_country() {
        assert_eq!(Phone::parse_optional_for_country(None, "GB"), Ok(None));
        assert_eq!(
            Phone::parse_optional_for_country(Some("  "), "GB"),
            Ok(None)
        );
        assert_eq!(
            Phone::parse_optional_for_country(Some("+44 20 7946 0958"), "GB")
                .map(|p| p.map(|p| p.0)),
            Ok(Some("+442079460958".to_string()))
        );
        assert_eq!(
            Phone::parse_optional_for_country(Some("call me"), "GB"),
            Err(INVALID.to_string())
        );
    }
}
