//! Property tests for every parser of client input: whatever a client
//! sends, a parser answers (never panics), and what it accepts is in the
//! normal form the rest of the code relies on, and parses again to itself.

use customer_core::customers::domain::ProfileChange;
use customer_core::domain::{Email, Password, PersonName, Phone};
use customer_core::dto::ProfileInput;
use proptest::prelude::*;

fn no_control(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

/// Text an attacker might send: printable, spaces, control characters,
/// the odd emoji and lookalikes.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,80}",
        "[ -~]{0,80}",
        "[a-zA-Z0-9.@+ \\-<>\"\\x00\\x07\\t\\n\\r\\x7f]{0,60}",
        "[ a-zA-Z]{0,3}@[a-zA-Z]{1,10}\\.[a-z]{2,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn email_accepts_only_normal_forms(raw in hostile()) {
        if let Ok(e) = Email::parse(&raw) {
            let s = e.as_str();
            prop_assert_eq!(s, raw.trim().to_lowercase());
            prop_assert!(s.len() <= 254 && s.contains('@'), "{s:?}");
            prop_assert!(no_control(s), "{s:?}");
            prop_assert_eq!(Email::parse(s).map(|again| again.as_str().to_owned()), Ok(s.to_owned()));
        }
    }

    #[test]
    fn names_are_trimmed_bounded_and_printable(raw in hostile()) {
        if let Ok(n) = PersonName::parse(&raw, "first name") {
            let s = n.as_str();
            prop_assert_eq!(s, raw.trim());
            let count = s.chars().count();
            prop_assert!((1..=100).contains(&count), "{s:?}");
            prop_assert!(no_control(s), "{s:?}");
            prop_assert_eq!(PersonName::parse(s, "first name").map(|n| n.as_str().to_owned()), Ok(s.to_owned()));
        }
    }

    #[test]
    fn phones_come_out_as_e164(raw in prop_oneof![hostile(), "\\+[0-9 ()\\-.]{6,20}"]) {
        if let Ok(p) = Phone::parse(&raw) {
            let s = p.as_str();
            prop_assert!(s.starts_with('+'), "{s:?}");
            prop_assert!(s[1..].chars().all(|c| c.is_ascii_digit()), "{s:?}");
            prop_assert!((8..=16).contains(&s.len()), "{s:?}");
            prop_assert_eq!(Phone::parse(s).map(|again| again.as_str().to_owned()), Ok(s.to_owned()));
        }
    }

    #[test]
    fn passwords_are_bounded(raw in ".{0,70}") {
        if Password::parse(&raw, &["ann@example.com", "Ann", "Lee"]).is_ok() {
            let count = raw.chars().count();
            prop_assert!((8..=256).contains(&count), "{count}");
            prop_assert_ne!(raw.trim().to_lowercase(), "ann@example.com");
        }
    }

    #[test]
    fn profile_changes_name_every_foreign_field(
        first in proptest::option::of(proptest::option::of(hostile())),
        phone in proptest::option::of(proptest::option::of(hostile())),
        foreign in proptest::option::of("[a-z_]{1,12}"),
    ) {
        let mut body = serde_json::Map::new();
        if let Some(v) = &first {
            body.insert("first_name".into(), serde_json::json!(v));
        }
        if let Some(v) = &phone {
            body.insert("phone".into(), serde_json::json!(v));
        }
        let foreign = foreign.filter(|f| !["first_name", "last_name", "phone"].contains(&f.as_str()));
        if let Some(f) = &foreign {
            body.insert(f.clone(), serde_json::json!("x"));
        }
        let input: ProfileInput = serde_json::from_value(serde_json::Value::Object(body)).expect("any such object reads");
        match ProfileChange::parse(&input) {
            Ok(_) => prop_assert!(foreign.is_none()),
            Err(e) => {
                if let Some(f) = &foreign {
                    prop_assert!(e.field_message(f).is_some(), "{e:?}");
                }
                prop_assert!(!e.is_empty());
            }
        }
    }
}
