use std::fmt;

/// A phone number, normalised to an optional leading `+` and digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// `Ok(None)` for an empty (optional) value.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, String> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(value) => Self::parse(value).map(Some),
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let invalid = || "Enter a phone number using digits, like +44 20 7946 0958.".to_string();
        let mut out = String::with_capacity(raw.len());
        for (i, c) in raw.chars().enumerate() {
            match c {
                '+' if i == 0 => out.push('+'),
                '0'..='9' => out.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(invalid()),
            }
        }
        let digits = out.chars().filter(char::is_ascii_digit).count();
        if !(6..=15).contains(&digits) {
            return Err(invalid());
        }
        Ok(Self(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
    fn normalises_separators() {
        let p = Phone::parse(" +44 (20) 7946-0958 ").expect("valid");
        assert_eq!(p.as_str(), "+442079460958");
    }

    #[test]
    fn optional_empty_is_none() {
        assert_eq!(Phone::parse_optional(None), Ok(None));
        assert_eq!(Phone::parse_optional(Some("  ")), Ok(None));
    }

    #[test]
    fn rejects_letters_and_bad_lengths() {
        for bad in [
            "call me",
            "12345",
            "+1234567890123456",
            "12+34567",
            "555-CALL-NOW",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?}");
        }
    }
}
