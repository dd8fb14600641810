use std::fmt;

/// A new password that meets the policy. `Debug` never shows it.
///
/// Policy (NIST SP 800-63B, see docs/PASSWORDS.md): at least
/// [`PASSWORD_MIN_CHARS`] characters, at most [`PASSWORD_MAX_CHARS`], no
/// composition rules, not the email address, and not a common or easily
/// guessed password (zxcvbn score of at least [`PASSWORD_MIN_SCORE`], with
/// the shopper's email and names as hints). Length is counted in characters,
/// so "é" or an emoji counts as one.
///
/// The guessability check runs only with the `server` feature: passwords are
/// parsed on the server, never in the browser, and zxcvbn's dictionaries are
/// too heavy for the WASM bundle.
#[derive(Clone)]
pub struct Password(String);

pub const PASSWORD_MIN_CHARS: usize = 8;
/// Upper bound that protects the server (the strength estimate and the hash
/// both cost time per character); far above any passphrase a person types.
pub const PASSWORD_MAX_CHARS: usize = 256;
/// A character is at most 4 bytes in UTF-8, so this bound never refuses a
/// password within [`PASSWORD_MAX_CHARS`]; it is a cheap first check before
/// counting characters.
pub const PASSWORD_MAX_BYTES: usize = 4 * PASSWORD_MAX_CHARS;
/// Why a password with a control character (NUL, escape, a line break...)
/// is refused, new or at login: no keyboard types one, and bcrypt cannot
/// take NUL.
pub const PASSWORD_CONTROL_CHARS: &str =
    "Your password contains characters that cannot be typed, such as a line break.";

/// Lowest accepted zxcvbn score (0 to 4): 2 means more than 10^6 guesses.
#[cfg(feature = "server")]
pub const PASSWORD_MIN_SCORE: u8 = 2;

impl Password {
    /// Checks a new password against the policy.
    ///
    /// `user_inputs` are words an attacker would try first: `user_inputs[0]`
    /// is the email address when known (pass `""` when it is not), followed
    /// by anything else about the person, such as the first and last name.
    pub fn parse(raw: &str, user_inputs: &[&str]) -> Result<Self, String> {
        if raw.is_empty() {
            return Err("Choose a password.".into());
        }
        if raw.len() > PASSWORD_MAX_BYTES || raw.chars().count() > PASSWORD_MAX_CHARS {
            return Err(format!(
                "Use at most {PASSWORD_MAX_CHARS} characters. A few unrelated words are plenty."
            ));
        }
        if raw.chars().any(char::is_control) {
            return Err(PASSWORD_CONTROL_CHARS.into());
        }
        if raw.chars().count() < PASSWORD_MIN_CHARS {
            return Err(format!(
                "Use at least {PASSWORD_MIN_CHARS} characters. A short phrase is easy to remember."
            ));
        }
        let email = user_inputs.first().map(|e| e.trim()).unwrap_or_default();
        if !email.is_empty() && raw.trim().to_lowercase() == email.to_lowercase() {
            return Err("Your password must not be your email address.".into());
        }
        #[cfg(feature = "server")]
        if !strong_enough(raw, user_inputs) {
            return Err(
                "This password is too easy to guess. Try three or four unrelated words.".into(),
            );
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

/// zxcvbn looks at this many characters of a password, no more.
#[cfg(feature = "server")]
const ZXCVBN_MAX_CHARS: usize = 100;

/// How many inputs after the email are combined in pairs ("Ann" and "Lee"
/// give "annlee", "lee.ann", ...), to bound the work on odd input.
#[cfg(feature = "server")]
const COMBINED_INPUTS: usize = 4;

/// zxcvbn's estimate, with the user's own details as dictionary words: each
/// input, the part of the email before the `@`, and the names run together
/// in either order with or without a separator. zxcvbn adds a large penalty
/// per extra piece of a password, so "Ann.Lee2024" only scores low for Ann
/// Lee when "ann.lee" is a word of its own.
#[cfg(feature = "server")]
fn strong_enough(raw: &str, user_inputs: &[&str]) -> bool {
    // Inputs are not validated yet (names are parsed after the password), so
    // bound them: zxcvbn reads only the first 100 characters of a password,
    // and a longer word can never match inside them.
    let usable =
        |s: &&str| s.len() <= 4 * ZXCVBN_MAX_CHARS && s.chars().count() <= ZXCVBN_MAX_CHARS;
    let trimmed: Vec<&str> = user_inputs
        .iter()
        .map(|s| s.trim())
        .map(|s| if usable(&s) { s } else { "" })
        .collect();
    let mut hints: Vec<String> = trimmed
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect();
    if let Some((local, _domain)) = trimmed.first().and_then(|e| e.split_once('@')) {
        if !local.is_empty() {
            hints.push(local.to_string());
        }
    }
    let names: Vec<&str> = trimmed
        .iter()
        .skip(1)
        .filter(|s| !s.is_empty())
        .take(COMBINED_INPUTS)
        .copied()
        .collect();
    for (i, a) in names.iter().enumerate() {
        for (j, b) in names.iter().enumerate() {
            if i != j {
                for sep in ["", ".", "_", "-", " "] {
                    hints.push(format!("{a}{sep}{b}"));
                }
            }
        }
    }
    let hints: Vec<&str> = hints.iter().map(String::as_str).collect();
    u8::from(zxcvbn::zxcvbn(raw, &hints).score()) >= PASSWORD_MIN_SCORE
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOO_SHORT: &str = "Use at least 8 characters";
    const TOO_LONG: &str = "Use at most 256 characters";
    const IS_EMAIL: &str = "must not be your email";
    const GUESSABLE_MESSAGE: &str =
        "This password is too easy to guess. Try three or four unrelated words.";

    fn check(raw: &str, user_inputs: &[&str]) -> Result<(), String> {
        Password::parse(raw, user_inputs).map(|_| ())
    }

    #[test]
    fn accepts_passphrases_without_composition_rules() {
        let cases: &[(&str, &[&str])] = &[
            ("correct horse battery", &[]),
            ("correct horse battery staple", &[]),
            ("correct horse battery", &["ann@example.com", "Ann", "Lee"]),
            ("purple tuesday gravel 9", &["ann@example.com"]),
            // Spaces are kept as typed and count as characters.
            ("  lantern mosaic river  ", &[]),
        ];
        for (raw, inputs) in cases {
            assert_eq!(check(raw, inputs), Ok(()), "{raw:?}");
        }
    }

    /// `n` characters picked from `alphabet` in a fixed, irregular order
    /// (no runs or sequences for zxcvbn to spot).
    fn varied(alphabet: &[char], n: usize) -> String {
        let mut state: u32 = 0x2545_f491;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                alphabet[(state >> 16) as usize % alphabet.len()]
            })
            .collect()
    }

    const ACCENTED: &[char] = &['é', 'è', 'ê', 'à', 'ç', 'ü', 'ö', 'ñ', 'ø', 'å', 'ß', 'œ'];
    const EMOJI: &[char] = &[
        '🦀', '🍉', '🚲', '🌵', '🎻', '🐙', '🧭', '🍄', '🦉', '🌋', '🧀', '🪁',
    ];

    #[test]
    fn accepts_long_and_multibyte_passwords() {
        // (password, characters, bytes per character)
        let cases: [(String, usize, usize); 5] = [
            (varied(ACCENTED, 64), 64, 2),
            (varied(EMOJI, 64), 64, 4),
            (varied(ACCENTED, PASSWORD_MAX_CHARS), 256, 2),
            // 256 four-byte characters: 1024 bytes, still within both bounds.
            (varied(EMOJI, PASSWORD_MAX_CHARS), 256, 4),
            (
                "a fairly long sentence about an orange cat asleep on a warm radiator".into(),
                68,
                1,
            ),
        ];
        for (raw, chars, width) in &cases {
            // The fixture really is what it claims to be.
            assert_eq!(raw.chars().count(), *chars, "{raw:?}");
            assert!(raw.chars().all(|c| c.len_utf8() == *width), "{raw:?}");
            assert_eq!(raw.len(), chars * width, "{raw:?}");
            assert_eq!(
                check(raw, &[]),
                Ok(()),
                "{chars} chars, {} bytes",
                raw.len()
            );
        }
        // The widest case sits exactly on both bounds, so a byte limit below
        // 4 bytes per character would refuse it.
        let widest = &cases[3].0;
        assert_eq!(widest.len(), 1024);
        assert_eq!(widest.len(), PASSWORD_MAX_BYTES);
        assert_eq!(widest.chars().count(), PASSWORD_MAX_CHARS);
    }

    #[test]
    fn length_alone_never_refuses_64_multibyte_characters() {
        // One character repeated is refused only as guessable (with the
        // server feature), never for its length: without the feature the
        // guessability check does not run, and these are accepted.
        let expected = if cfg!(feature = "server") {
            Err(GUESSABLE_MESSAGE.to_string())
        } else {
            Ok(())
        };
        // (password, characters, bytes)
        let cases: [(String, usize, usize); 3] = [
            ("é".repeat(64), 64, 128),
            ("🦀".repeat(64), 64, 256),
            ("éééééééé".into(), 8, 16),
        ];
        for (raw, chars, bytes) in &cases {
            assert_eq!(raw.chars().count(), *chars, "{raw:?}");
            assert_eq!(raw.len(), *bytes, "{raw:?}");
            assert_eq!(check(raw, &[]), expected, "{chars} chars, {bytes} bytes");
        }
    }

    #[test]
    fn refuses_by_length() {
        let cases = [
            (String::new(), "Choose a password"),
            ("1234567".into(), TOO_SHORT),
            ("ébèçàù!".into(), TOO_SHORT),
            ("x".repeat(PASSWORD_MAX_CHARS + 1), TOO_LONG),
            ("é".repeat(PASSWORD_MAX_CHARS + 1), TOO_LONG),
            ("🦀".repeat(PASSWORD_MAX_CHARS + 1), TOO_LONG),
            ("a".repeat(10_000), TOO_LONG),
        ];
        for (raw, expected) in &cases {
            let err = check(raw, &[]).expect_err("refused");
            assert!(
                err.contains(expected),
                "{} chars: {err}",
                raw.chars().count()
            );
        }
    }

    #[test]
    fn refuses_the_email_address() {
        let email = "jane.doe.shopper@example.com";
        for raw in [
            "jane.doe.shopper@example.com",
            "Jane.Doe.Shopper@Example.COM",
            "  jane.doe.shopper@example.com ",
        ] {
            let err = check(raw, &[email, "Jane", "Doe"]).expect_err("refused");
            assert!(err.contains(IS_EMAIL), "{raw:?}: {err}");
        }
        // The same text is not "the email" when no email is known.
        assert_eq!(check(email, &["", "Jane", "Doe"]), Ok(()));
    }

    #[test]
    fn messages_are_for_shoppers() {
        assert_eq!(
            check("jo@example.com", &["jo@example.com"]),
            Err("Your password must not be your email address.".into())
        );
        assert_eq!(
            check("1234567", &[]),
            Err("Use at least 8 characters. A short phrase is easy to remember.".into())
        );
    }

    #[test]
    fn debug_redacts() {
        let p = Password::parse("super secret words", &[]).expect("valid");
        assert!(!format!("{p:?}").contains("secret"));
    }

    #[cfg(feature = "server")]
    mod guessability {
        use super::*;

        const GUESSABLE: &str = "too easy to guess";
        const ANN: &[&str] = &["ann.lee@example.com", "Ann", "Lee"];

        #[test]
        fn refuses_common_and_guessable_passwords() {
            let cases: &[(&str, &[&str])] = &[
                ("password", &[]),
                ("12345678", &[]),
                ("qwertyuiop", &[]),
                ("iloveyou", &[]),
                ("abcdefgh", &[]),
                ("Password1", &[]),
                ("P@ssw0rd!", &[]),
                ("aaaaaaaaaa", &[]),
                ("11111111", &[]),
                ("        ", &[]),
                ("monkey123", &[]),
                (&"a".repeat(72), &[]),
                (&"x".repeat(73), &[]),
                ("éééééééé", &[]),
                (&"é".repeat(64), &[]),
                // Derived from the shopper's own details.
                ("Ann.Lee2024", ANN),
                ("Ann.Lee2024", &["shopper42@example.com", "Ann", "Lee"]),
                ("annlee1990", ANN),
                ("LeeAnn1990", ANN),
            ];
            for (raw, inputs) in cases {
                let err = check(raw, inputs).expect_err(raw);
                assert!(err.contains(GUESSABLE), "{raw:?}: {err}");
            }
        }

        #[test]
        fn first_name_and_digits_score_low_only_with_the_name_as_input() {
            // A rare name is not in zxcvbn's dictionaries: on its own this
            // password looks strong; given the shopper's name it is not.
            let raw = "Okonkwo2024";
            let inputs = ["o@example.com", "Okonkwo", "Ng"];
            let plain = u8::from(zxcvbn::zxcvbn(raw, &[]).score());
            let hinted = u8::from(zxcvbn::zxcvbn(raw, &inputs).score());
            assert!(plain >= PASSWORD_MIN_SCORE, "plain score {plain}");
            assert!(hinted < PASSWORD_MIN_SCORE, "hinted score {hinted}");
            assert!(check(raw, &[]).is_ok());
            let err = check(raw, &inputs).expect_err("refused");
            assert!(err.contains(GUESSABLE), "{err}");
        }

        #[test]
        fn names_run_together_count_as_one_word() {
            // Without the combined hint, zxcvbn's per-piece penalty lets
            // these through; with it they score low.
            let raw = "Ann.Lee2024";
            assert!(check(raw, &[]).is_ok());
            assert!(check(raw, &["", "Ann", "Lee"]).is_err());
            assert!(check("annlee1990", &[]).is_ok());
            assert!(check("annlee1990", &["", "Ann", "Lee"]).is_err());
        }

        #[test]
        fn huge_inputs_are_ignored_not_slow() {
            let huge = "n".repeat(2_000_000);
            assert!(check(
                "correct horse battery",
                &["a@example.com", &huge, &huge, &huge]
            )
            .is_ok());
        }

        #[test]
        fn the_guessability_message() {
            assert_eq!(
                check("password", &[]),
                Err(
                    "This password is too easy to guess. Try three or four unrelated words.".into()
                )
            );
        }
    }
}
