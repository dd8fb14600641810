use std::fmt;

/// A first or last name: trimmed, 1 to 100 characters, no control characters.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonName(String);

pub const NAME_MAX_CHARS: usize = 100;

impl PersonName {
    /// `what` names the field in the message ("first name", "last name").
    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(format!("Enter your {what}."));
        }
        if trimmed.chars().count() > NAME_MAX_CHARS {
            return Err(format!(
                "Your {what} can be at most {NAME_MAX_CHARS} characters."
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(format!("Your {what} contains characters we cannot store."));
        }
        Ok(Self(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts_unicode() {
        assert_eq!(
            PersonName::parse("  Zoë ", "first name")
                .expect("valid")
                .as_str(),
            "Zoë"
        );
        assert!(PersonName::parse("O'Brien-Smith", "last name").is_ok());
        assert!(PersonName::parse("山田", "last name").is_ok());
    }

    #[test]
    fn rejects_empty_long_and_control() {
        let err = PersonName::parse("   ", "first name").unwrap_err();
        assert!(err.contains("first name"));
        assert!(PersonName::parse(&"a".repeat(101), "first name").is_err());
        assert!(PersonName::parse(&"a".repeat(100), "first name").is_ok());
        assert!(PersonName::parse("Jane\u{0}", "first name").is_err());
        assert!(PersonName::parse("Ja\nne", "first name").is_err());
    }
}
