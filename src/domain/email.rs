use std::fmt;

/// An email address, normalised (trimmed and lower-cased) so that one
/// mailbox maps to exactly one account.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Longest address accepted (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let normalised = raw.trim().to_lowercase();
        if normalised.is_empty() {
            return Err("Enter your email address.".into());
        }
        if normalised.len() > EMAIL_MAX_LEN {
            return Err(format!(
                "An email address can be at most {EMAIL_MAX_LEN} characters."
            ));
        }
        // The crate checks the RFC 5322 grammar; a shop also needs a dotted
        // domain that mail can reach, so single-label and IP-literal domains
        // are refused.
        // Only the address itself (RFC 5322 addr-spec): no display name
        // ("Ann <ann@example.com>") and no control character anywhere, not
        // even quoted (PostgreSQL cannot store NUL in text).
        if normalised.chars().any(char::is_control) {
            return Err("Enter a valid email address, like name@example.com.".into());
        }
        let options = email_address::Options::default().without_display_text();
        let parsed = email_address::EmailAddress::parse_with_options(&normalised, options)
            .map_err(|_| "Enter a valid email address, like name@example.com.".to_string())?;
        if parsed.email() != normalised {
            return Err("Enter a valid email address, like name@example.com.".into());
        }
        let domain = parsed.domain();
        if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
            return Err("Enter a valid email address, like name@example.com.".into());
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_case_and_whitespace() {
        let e = Email::parse("  Jane.Doe@Example.COM ").expect("valid");
        assert_eq!(e.as_str(), "jane.doe@example.com");
    }

    #[test]
    fn rejects_bad_addresses() {
        for bad in [
            "",
            "   ",
            "jane",
            "jane@",
            "@example.com",
            "jane@localhost",
            "jane@@example.com",
            "jane doe@example.com",
            "jane@[127.0.0.1]",
            "Ann <ann@example.com>",
            "\"Ann\" <ann@example.com>",
            "<ann@example.com>",
            "ann\u{0}@example.com",
            "ann@example.com\u{0}",
            "\"a\u{0}b\"@example.com",
            "ann@exa\u{7}mple.com",
            "ann\u{85}@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn rejects_overlong() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    /// A local part as RFC 5322 allows it unquoted: no dot at either end
    /// and no two dots in a row.
    fn local_part() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9._%+-]{1,30}".prop_filter("dot-atom", |s| {
            !s.starts_with('.') && !s.ends_with('.') && !s.contains("..")
        })
    }

    /// A dotted domain whose first label neither starts nor ends with a
    /// hyphen (the top-level label has none).
    fn dotted_domain() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9-]{1,20}\\.[a-zA-Z]{2,6}".prop_filter("hostname label", |s| {
            !s.starts_with('-') && !s.contains("-.")
        })
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(local in local_part(), domain in dotted_domain()) {
            let raw = format!("{local}@{domain}");
            let parsed = Email::parse(&raw);
            prop_assert!(parsed.is_ok(), "{raw:?}: {parsed:?}");
            let e = parsed.expect("checked above");
            prop_assert_eq!(e.as_str(), raw.to_lowercase());
            let again = Email::parse(e.as_str()).expect("normalised form parses");
            prop_assert_eq!(again, e.clone());
            prop_assert_eq!(e.as_str(), e.as_str().trim().to_lowercase());
        }

        #[test]
        fn case_never_matters(local in "[a-z0-9]{1,20}", domain in "[a-z0-9]{1,20}\\.[a-z]{2,6}") {
            let lower = Email::parse(&format!("{local}@{domain}")).expect("valid");
            let upper = Email::parse(&format!("{}@{}", local.to_uppercase(), domain.to_uppercase())).expect("valid");
            prop_assert_eq!(lower, upper);
        }
    }
}
