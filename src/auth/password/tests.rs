use super::*;

#[tokio::test]
async fn hash_then_verify() {
    let h = PasswordHasher::new(4, 2).expect("hasher");
    let pw = Password::parse("a fine passphrase", &[]).expect("valid");
    let hash = h.hash(&pw).await.expect("hash");
    assert!(hash.starts_with("$2"));
    assert!(h.verify(&pw, Some(&hash)).await.expect("verify").matches);
    let other = Password::parse("another passphrase", &[]).expect("valid");
    assert!(!h.verify(&other, Some(&hash)).await.expect("verify").matches);
    // No account: never matches, even with the dummy's own secret unknown.
    assert!(!h.verify(&pw, None).await.expect("verify").matches);
}

#[tokio::test]
async fn uses_configured_cost() {
    let h = PasswordHasher::new(5, 1).expect("hasher");
    let pw = Password::parse("a fine passphrase", &[]).expect("valid");
    let hash = h.hash(&pw).await.expect("hash");
    assert!(hash.contains("$05$"), "{hash}");
    assert!(PasswordHasher::new(3, 1).is_err());
    assert!(PasswordHasher::new(32, 1).is_err());
}

#[tokio::test]
async fn a_busy_hasher_answers_busy_after_the_wait() {
    let h = PasswordHasher::new(4, 1)
        .expect("hasher")
        .with_max_wait(Duration::from_millis(10));
    let pw = Password::parse("a fine passphrase", &[]).expect("valid");
    let held = h.permits.acquire().await.expect("permit");
    assert!(matches!(h.hash(&pw).await, Err(HashError::Busy)));
    assert!(matches!(h.verify(&pw, None).await, Err(HashError::Busy)));
    drop(held);
    assert!(h.hash(&pw).await.is_ok());
}

/// A password of exactly `bytes` bytes, varied enough to pass the policy.
fn long_password(bytes: usize) -> String {
    let words = "amber quartz fjord lantern mosaic walrus tundra velvet ";
    words.chars().cycle().take(bytes).collect()
}

#[test]
fn bcrypt_input_switches_to_the_keyed_digest_above_71_bytes() {
    let salt = [7u8; 16];
    for (len, prehashed) in [
        (8, false),
        (71, false),
        (72, true),
        (100, true),
        (1024, true),
    ] {
        let pw = long_password(len);
        let input = bcrypt_input(&pw, &salt).expect("input");
        if prehashed {
            assert_eq!(input.len(), 44, "{len}");
            assert!(input.iter().all(u8::is_ascii), "{len}");
            assert_ne!(&input[..], pw.as_bytes());
            // Keyed: not the plain SHA-256 of before, and another salt
            // gives another input.
            assert_ne!(input, legacy_input(&pw), "{len}");
            assert_ne!(
                input,
                bcrypt_input(&pw, &[8u8; 16]).expect("input"),
                "{len}"
            );
        } else {
            assert_eq!(&input[..], pw.as_bytes(), "{len}");
        }
        // Whatever it is given, bcrypt's non-truncating API accepts it.
        assert!(bcrypt::non_truncating_hash(&input[..], 4).is_ok(), "{len}");
    }
}

/// The old scheme: a hash as the code before NFKC and the keyed
/// pre-hash made it.
fn old_hash(raw: &str, cost: u32) -> String {
    bcrypt::non_truncating_hash(legacy_input(raw), cost).expect("old hash")
}

#[tokio::test]
async fn old_format_hashes_verify_and_are_flagged_for_upgrade() {
    let h = PasswordHasher::new(4, 1).expect("hasher");
    // Long (the unsalted digest) and not in NFKC (a ligature): both
    // verify through the old form and ask for a new hash.
    for raw in [
        long_password(100),
        "o\u{fb03}ce keys and coffee".to_string(),
    ] {
        let old = old_hash(&raw, 4);
        let v = h
            .verify(&Password::unchecked(&raw), Some(&old))
            .await
            .expect("verify");
        assert_eq!(
            v,
            Verified {
                matches: true,
                needs_rehash: true
            },
            "{raw}"
        );
        let wrong = Password::unchecked("something else entirely");
        let v = h.verify(&wrong, Some(&old)).await.expect("verify");
        assert_eq!(v, Verified::default());
    }
    // A short NFKC password was hashed the same way then and now.
    let old = old_hash("plain ascii passphrase", 4);
    let v = h
        .verify(&Password::unchecked("plain ascii passphrase"), Some(&old))
        .await
        .expect("verify");
    assert_eq!(
        v,
        Verified {
            matches: true,
            needs_rehash: false
        }
    );
    // New hashes need nothing.
    let pw = Password::unchecked(&long_password(100));
    let new = h.hash(&pw).await.expect("hash");
    let v = h.verify(&pw, Some(&new)).await.expect("verify");
    assert_eq!(
        v,
        Verified {
            matches: true,
            needs_rehash: false
        }
    );
}

#[tokio::test]
async fn nfkc_equivalent_spellings_are_the_same_password() {
    let h = PasswordHasher::new(4, 1).expect("hasher");
    for (typed_first, typed_later) in [
        ("caf\u{e9} au lait please", "cafe\u{301} au lait please"),
        ("o\u{fb03}ce keys and coffee", "office keys and coffee"),
        (
            "\u{ff30}\u{ff21}\u{ff33}\u{ff33} phrase here",
            "PASS phrase here",
        ),
    ] {
        let hash = h
            .hash(&Password::unchecked(typed_first))
            .await
            .expect("hash");
        let v = h
            .verify(&Password::unchecked(typed_later), Some(&hash))
            .await
            .expect("verify");
        assert!(
            v.matches && !v.needs_rehash,
            "{typed_first:?} / {typed_later:?}"
        );
    }
    // Long ones too (the keyed digest is of the normalised form).
    let long = format!("{}{}", long_password(80), "\u{fb01}");
    let hash = h.hash(&Password::unchecked(&long)).await.expect("hash");
    let spelled = format!("{}fi", long_password(80));
    let v = h
        .verify(&Password::unchecked(&spelled), Some(&hash))
        .await
        .expect("verify");
    assert!(v.matches);
}

#[tokio::test]
async fn a_leaked_plain_sha256_does_not_log_in() {
    let h = PasswordHasher::new(4, 1).expect("hasher");
    let long = long_password(100);
    let digest = String::from_utf8(legacy_input(&long)).expect("ascii");
    assert_eq!(digest.len(), 44);
    let new = h.hash(&Password::unchecked(&long)).await.expect("hash");
    let v = h
        .verify(&Password::unchecked(&digest), Some(&new))
        .await
        .expect("verify");
    assert!(!v.matches, "the unsalted digest is no password");
    // (Under the old scheme it was: the caveat the upgrade removes.)
    let old = old_hash(&long, 4);
    let v = h
        .verify(&Password::unchecked(&digest), Some(&old))
        .await
        .expect("verify");
    assert!(v.matches);
}

#[tokio::test]
async fn another_cost_asks_for_a_rehash() {
    let pw = Password::unchecked("a fine passphrase");
    let at4 = PasswordHasher::new(4, 1)
        .expect("hasher")
        .hash(&pw)
        .await
        .expect("hash");
    let h5 = PasswordHasher::new(5, 1).expect("hasher");
    let v = h5.verify(&pw, Some(&at4)).await.expect("verify");
    assert_eq!(
        v,
        Verified {
            matches: true,
            needs_rehash: true
        }
    );
    // The dummy for an unknown email is of the configured cost.
    assert!(h5.dummy_hash.starts_with("$2b$05$"), "{}", h5.dummy_hash);
    // A wrong password never asks for one; nor does a garbled hash match.
    let v = h5
        .verify(&Password::unchecked("wrong one"), Some(&at4))
        .await
        .expect("verify");
    assert_eq!(v, Verified::default());
    let v = h5.verify(&pw, Some("not a hash")).await.expect("verify");
    assert_eq!(v, Verified::default());
}

#[tokio::test]
async fn long_password_round_trips_and_every_byte_counts() {
    let h = PasswordHasher::new(4, 2).expect("hasher");
    let long = long_password(100);
    assert_eq!(long.len(), 100);
    let pw = Password::parse(&long, &[]).expect("valid");
    let hash = h.hash(&pw).await.expect("hash");
    assert!(h.verify(&pw, Some(&hash)).await.expect("verify").matches);

    // Same first 72 bytes, different end: plain bcrypt would say "match".
    let mut other = long[..72].to_string();
    other.push_str("zebra crossing at midnight");
    assert_eq!(&other.as_bytes()[..72], &long.as_bytes()[..72]);
    let other = Password::parse(&other, &[]).expect("valid");
    assert!(!h.verify(&other, Some(&hash)).await.expect("verify").matches);
    // Nor do its first 72 bytes alone.
    let prefix = Password::unchecked(&long[..72]);
    assert!(
        !h.verify(&prefix, Some(&hash))
            .await
            .expect("verify")
            .matches
    );
}

#[tokio::test]
async fn emoji_password_round_trips() {
    let h = PasswordHasher::new(4, 2).expect("hasher");
    let emoji: String = ['🦀', '🍉', '🚲', '🌵', '🎻', '🐙', '🧭', '🍄']
        .iter()
        .cycle()
        .enumerate()
        .filter(|(i, _)| i % 3 != 1)
        .map(|(_, c)| *c)
        .take(64)
        .collect();
    assert_eq!(emoji.chars().count(), 64);
    assert_eq!(emoji.len(), 256);
    let pw = Password::parse(&emoji, &[]).expect("valid");
    let hash = h.hash(&pw).await.expect("hash");
    assert!(h.verify(&pw, Some(&hash)).await.expect("verify").matches);
    let fewer: String = emoji.chars().take(63).collect();
    let fewer = Password::unchecked(&fewer);
    assert!(!h.verify(&fewer, Some(&hash)).await.expect("verify").matches);
}

#[tokio::test]
async fn hashes_made_without_the_digest_still_verify() {
    let h = PasswordHasher::new(4, 1).expect("hasher");
    for len in [8, 40, 71] {
        let raw = long_password(len);
        let old_hash = bcrypt::non_truncating_hash(&raw, 4).expect("old hash");
        let pw = Password::unchecked(&raw);
        assert!(
            h.verify(&pw, Some(&old_hash))
                .await
                .expect("verify")
                .matches,
            "{len}"
        );
    }
}
