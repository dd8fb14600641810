//! Email parsing: any text. It must never panic, and an accepted address is
//! trimmed, lower-cased, at most 254 bytes, free of control characters, and
//! parses again to itself.
#![no_main]

use customer_core::domain::Email;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(email) = Email::parse(raw) {
        let s = email.as_str();
        assert_eq!(s, raw.trim().to_lowercase());
        assert!(s.len() <= 254);
        assert!(!s.chars().any(char::is_control), "{s:?}");
        assert_eq!(Email::parse(s).map(|e| e.as_str().to_owned()), Ok(s.to_owned()));
    }
});
