//! bcrypt hashing off the async executor, with a cap on how many hashes run
//! at once so that a login flood cannot starve other requests.
//!
//! What bcrypt is given (see docs/PASSWORDS.md):
//!
//! - The password is Unicode-normalised first (NFKC, as NIST SP 800-63B
//!   advises), so every way of typing "é" or "ﬁ" is the same password.
//! - bcrypt reads at most 72 bytes, and the `bcrypt` crate's non-truncating
//!   API (the only one used here) refuses 72 bytes or more, counting the NUL
//!   terminator it appends. A longer password is first reduced to
//!   `base64(HMAC-SHA256(key = the hash's own salt, password))`, 44 ASCII
//!   bytes, so every byte counts and an unsalted SHA-256 of the password
//!   leaked elsewhere is of no use here.
//!
//! Hashes made before (the password as typed, or `base64(SHA-256(password))`
//! when long) still verify, through a second check, and are flagged for an
//! upgrade, as are hashes of another cost than the configured one: the login
//! writes the new hash in its own transaction.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
use unicode_normalization::UnicodeNormalization;

use crate::domain::Password;

/// Longest password bcrypt takes as it is: 72 bytes including the NUL
/// terminator the `bcrypt` crate adds.
pub const BCRYPT_MAX_PASSWORD_BYTES: usize = 71;

/// The password as it is hashed: NFKC.
fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

fn base64(bytes: &[u8]) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .encode(bytes)
        .into_bytes()
}

/// What bcrypt is given for a (normalised) password and the hash's salt: the
/// password itself when bcrypt can read all of it, otherwise
/// `base64(HMAC-SHA256(salt, password))` (44 bytes).
fn bcrypt_input(normalised: &str, salt: &[u8; 16]) -> anyhow::Result<Vec<u8>> {
    if normalised.len() <= BCRYPT_MAX_PASSWORD_BYTES {
        return Ok(normalised.as_bytes().to_vec());
    }
    // HMAC takes a key of any length, so this does not fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(salt).context("HMAC key")?;
    mac.update(normalised.as_bytes());
    Ok(base64(&mac.finalize().into_bytes()))
}

/// What bcrypt was given before: the password as typed, or
/// `base64(SHA-256(password))` (unsalted) when longer than 71 bytes.
fn legacy_input(password: &str) -> Vec<u8> {
    if password.len() <= BCRYPT_MAX_PASSWORD_BYTES {
        password.as_bytes().to_vec()
    } else {
        base64(&Sha256::digest(password.as_bytes()))
    }
}

/// The outcome of [`PasswordHasher::verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verified {
    /// The password is right (never true without an account).
    pub matches: bool,
    /// The stored hash is of an older form or another cost: hash the
    /// password again and store it.
    pub needs_rehash: bool,
}

/// One turn at the hasher (see [`PasswordHasher::permit`]).
pub struct HashPermit {
    _held: tokio::sync::OwnedSemaphorePermit,
}

/// How long a hash waits for a free hasher unless told otherwise.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(5);

/// Why a hash or a check did not happen.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every hasher stayed busy for the whole allowed wait: try again soon.
    #[error("every password hasher is busy")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

#[derive(Clone)]
pub struct PasswordHasher {
    cost: u32,
    permits: Arc<Semaphore>,
    /// Longest a hash waits for a permit before giving up with `Busy`.
    max_wait: Duration,
    /// A real hash of a random value at the configured cost: verifying
    /// against it when the email is unknown takes as long as a real check.
    dummy_hash: Arc<String>,
    /// bcrypt verifications run so far (known and unknown accounts alike).
    verifications: Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("cost", &self.cost)
            .field("available_permits", &self.permits.available_permits())
            .finish()
    }
}

/// A hash of `password` at `cost`, with a fresh random salt.
fn hash_now(password: &str, cost: u32) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness for a salt: {e}"))?;
    let input = bcrypt_input(&normalise(password), &salt)?;
    let parts = bcrypt::non_truncating_hash_with_salt(input, cost, salt)
        .context("bcrypt refused the password")?;
    Ok(parts.format_for_version(bcrypt::Version::TwoB))
}

/// Checks `password` against `hash` (which must parse): the current form
/// first, then the one used before.
fn verify_now(password: &str, hash: &str, cost: u32) -> Verified {
    let Ok(parts) = bcrypt::HashParts::from_str(hash) else {
        return Verified::default();
    };
    let Ok(current) = bcrypt_input(&normalise(password), &parts.get_salt_raw()) else {
        return Verified::default();
    };
    if bcrypt::non_truncating_verify(&current, hash).unwrap_or(false) {
        return Verified {
            matches: true,
            needs_rehash: parts.get_cost() != cost,
        };
    }
    let legacy = legacy_input(password);
    // The second check runs whenever the two forms differ, for a known
    // account and for the dummy alike, so it reveals nothing.
    let matches =
        legacy != current && bcrypt::non_truncating_verify(&legacy, hash).unwrap_or(false);
    Verified {
        matches,
        needs_rehash: matches,
    }
}

impl PasswordHasher {
    /// `max_concurrent` hashes may run at once (at least one).
    pub fn new(cost: u32, max_concurrent: usize) -> anyhow::Result<Self> {
        anyhow::ensure!(
            (4..=31).contains(&cost),
            "bcrypt cost must be between 4 and 31"
        );
        let secret = uuid::Uuid::new_v4().to_string();
        let dummy_hash = hash_now(&secret, cost).context("could not compute the dummy hash")?;
        Ok(Self {
            cost,
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            max_wait: DEFAULT_MAX_WAIT,
            dummy_hash: Arc::new(dummy_hash),
            verifications: Arc::default(),
        })
    }

    /// A hash waits at most `max_wait` for a free hasher, then fails with
    /// [`HashError::Busy`] instead of queueing without end.
    pub fn with_max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// A turn at the hasher, waited for at most `max_wait`: taken before
    /// [`Self::verify_with`], so that a caller can check its throttle again
    /// once its turn has come.
    pub async fn permit(&self) -> Result<HashPermit, HashError> {
        match tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned()).await {
            Ok(permit) => Ok(HashPermit {
                _held: permit.context("hasher closed")?,
            }),
            Err(_) => Err(HashError::Busy),
        }
    }

    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let _permit = self.permit().await?;
        let secret = password.expose().to_owned();
        let cost = self.cost;
        Ok(tokio::task::spawn_blocking(move || hash_now(&secret, cost))
            .await
            .context("hashing task failed")??)
    }

    /// How many verifications ran: lets tests prove an unknown email costs a
    /// full bcrypt just like a known one.
    pub fn verifications(&self) -> u64 {
        self.verifications
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Checks `password` against `hash`, or against the dummy hash (of the
    /// configured cost) when there is no account (or the stored hash is
    /// unreadable), so both cases cost the same.
    pub async fn verify(
        &self,
        password: &Password,
        hash: Option<&str>,
    ) -> Result<Verified, HashError> {
        let permit = self.permit().await?;
        self.verify_with(permit, password, hash).await
    }

    /// [`Self::verify`] with a turn already taken; the turn ends with it.
    pub async fn verify_with(
        &self,
        _permit: HashPermit,
        password: &Password,
        hash: Option<&str>,
    ) -> Result<Verified, HashError> {
        let secret = password.expose().to_owned();
        let known = hash.filter(|h| bcrypt::HashParts::from_str(h).is_ok());
        let target = known.map_or_else(|| self.dummy_hash.as_str().to_owned(), str::to_owned);
        let known = known.is_some();
        let cost = self.cost;
        self.verifications
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let verified = tokio::task::spawn_blocking(move || verify_now(&secret, &target, cost))
            .await
            .context("verification task failed")?;
        Ok(if known { verified } else { Verified::default() })
    }
}

#[cfg(test)]
mod tests {
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
}
