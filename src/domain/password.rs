use std::fmt;

/// A new password that meets the policy. `Debug` never shows it.
///
/// Policy (NIST SP 800-63B): at least 8 characters, no composition rules,
/// not the email address. bcrypt reads only the first 72 bytes, so a longer
/// password is refused with a clear message rather than silently truncated.
#[derive(Clone)]
pub struct Password(String);

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_BYTES: usize = 72;

impl Password {
    pub fn parse(raw: &str, email: Option<&str>) -> Result<Self, String> {
        if raw.is_empty() {
            return Err("Choose a password.".into());
        }
        if raw.chars().count() < PASSWORD_MIN_CHARS {
            return Err(format!(
                "Use at least {PASSWORD_MIN_CHARS} characters. A short phrase is easy to remember."
            ));
        }
        if raw.len() > PASSWORD_MAX_BYTES {
            return Err(format!(
                "Use at most {PASSWORD_MAX_BYTES} bytes (about {PASSWORD_MAX_BYTES} letters without accents)."
            ));
        }
        if let Some(email) = email {
            if raw.trim().eq_ignore_ascii_case(email.trim()) {
                return Err("Your password must not be your email address.".into());
            }
        }
        Ok(Self(raw.to_string()))
    }

    /// A password typed at login: kept secret, not held to the policy.
    pub(crate) fn unchecked(raw: &str) -> Self {
        Self(raw.to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_passphrase_without_composition_rules() {
        assert!(Password::parse("correct horse battery", None).is_ok());
        assert!(Password::parse("abcdefgh", None).is_ok());
    }

    #[test]
    fn rejects_short_long_and_email() {
        assert!(Password::parse("", None).is_err());
        assert!(Password::parse("1234567", None).is_err());
        assert!(Password::parse(&"a".repeat(72), None).is_ok());
        assert!(Password::parse(&"a".repeat(73), None).is_err());
        // 8 characters but multi-byte: counts characters for the minimum.
        assert!(Password::parse("éééééééé", None).is_ok());
        assert!(Password::parse("Jane@Example.com", Some("jane@example.com")).is_err());
    }

    #[test]
    fn debug_redacts() {
        let p = Password::parse("super secret words", None).expect("valid");
        assert!(!format!("{p:?}").contains("secret"));
    }
}
