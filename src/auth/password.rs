//! bcrypt hashing off the async executor, with a cap on how many hashes run
//! at once so that a login flood cannot starve other requests.
//!
//! bcrypt reads at most 72 bytes, and the `bcrypt` crate's non-truncating API
//! (the only one used here) refuses 72 bytes or more, counting the NUL
//! terminator it appends. Longer passwords are therefore first reduced to
//! `base64(SHA-256(password))`, 44 ASCII bytes, so every byte the shopper
//! typed counts. Shorter passwords go to bcrypt unchanged, so hashes made
//! before the pre-hash existed still verify. See docs/PASSWORDS.md.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::domain::Password;

/// Longest password bcrypt takes as it is: 72 bytes including the NUL
/// terminator the `bcrypt` crate adds.
pub const BCRYPT_MAX_PASSWORD_BYTES: usize = 71;

/// What bcrypt is given for `password`: the password itself when bcrypt can
/// read all of it, otherwise `base64(SHA-256(password))` (44 bytes).
fn bcrypt_input(password: &str) -> Cow<'_, [u8]> {
    if password.len() <= BCRYPT_MAX_PASSWORD_BYTES {
        Cow::Borrowed(password.as_bytes())
    } else {
        let digest = Sha256::digest(password.as_bytes());
        Cow::Owned(
            base64::engine::general_purpose::STANDARD
                .encode(digest)
                .into_bytes(),
        )
    }
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

impl PasswordHasher {
    /// `max_concurrent` hashes may run at once (at least one).
    pub fn new(cost: u32, max_concurrent: usize) -> anyhow::Result<Self> {
        anyhow::ensure!(
            (4..=31).contains(&cost),
            "bcrypt cost must be between 4 and 31"
        );
        let secret = uuid::Uuid::new_v4().to_string();
        let dummy_hash = bcrypt::hash(secret, cost).context("could not compute the dummy hash")?;
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

    async fn permit(&self) -> Result<SemaphorePermit<'_>, HashError> {
        match tokio::time::timeout(self.max_wait, self.permits.acquire()).await {
            Ok(permit) => Ok(permit.context("hasher closed")?),
            Err(_) => Err(HashError::Busy),
        }
    }

    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let _permit = self.permit().await?;
        let secret = bcrypt_input(password.expose()).into_owned();
        let cost = self.cost;
        Ok(
            tokio::task::spawn_blocking(move || bcrypt::non_truncating_hash(secret, cost))
                .await
                .context("hashing task failed")?
                .context("bcrypt refused the password")?,
        )
    }

    /// Checks `password` against `hash`, or against the dummy hash when there
    /// is no account, so both cases cost the same. A password longer than
    /// [`BCRYPT_MAX_PASSWORD_BYTES`] is checked through its SHA-256 digest,
    /// as it was hashed.
    /// How many verifications ran: lets tests prove an unknown email costs a
    /// full bcrypt just like a known one.
    pub fn verifications(&self) -> u64 {
        self.verifications
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub async fn verify(&self, password: &Password, hash: Option<&str>) -> Result<bool, HashError> {
        let _permit = self.permit().await?;
        let secret = bcrypt_input(password.expose()).into_owned();
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy_hash.as_str().to_owned(), str::to_owned);
        self.verifications
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let ok = tokio::task::spawn_blocking(move || {
            bcrypt::non_truncating_verify(secret, &hash).unwrap_or(false)
        })
        .await
        .context("verification task failed")?;
        Ok(ok && known)
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
        assert!(h.verify(&pw, Some(&hash)).await.expect("verify"));
        let other = Password::parse("another passphrase", &[]).expect("valid");
        assert!(!h.verify(&other, Some(&hash)).await.expect("verify"));
        // No account: never matches, even with the dummy's own secret unknown.
        assert!(!h.verify(&pw, None).await.expect("verify"));
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
    fn bcrypt_input_switches_to_the_digest_above_71_bytes() {
        for (len, prehashed) in [
            (8, false),
            (71, false),
            (72, true),
            (100, true),
            (1024, true),
        ] {
            let pw = long_password(len);
            let input = bcrypt_input(&pw);
            if prehashed {
                assert_eq!(input.len(), 44, "{len}");
                assert!(input.iter().all(u8::is_ascii), "{len}");
                assert_ne!(&input[..], pw.as_bytes());
            } else {
                assert_eq!(&input[..], pw.as_bytes(), "{len}");
            }
            // Whatever it is given, bcrypt's non-truncating API accepts it.
            assert!(bcrypt::non_truncating_hash(&input[..], 4).is_ok(), "{len}");
        }
    }

    #[tokio::test]
    async fn long_password_round_trips_and_every_byte_counts() {
        let h = PasswordHasher::new(4, 2).expect("hasher");
        let long = long_password(100);
        assert_eq!(long.len(), 100);
        let pw = Password::parse(&long, &[]).expect("valid");
        let hash = h.hash(&pw).await.expect("hash");
        assert!(h.verify(&pw, Some(&hash)).await.expect("verify"));

        // Same first 72 bytes, different end: plain bcrypt would say "match".
        let mut other = long[..72].to_string();
        other.push_str("zebra crossing at midnight");
        assert_eq!(&other.as_bytes()[..72], &long.as_bytes()[..72]);
        let other = Password::parse(&other, &[]).expect("valid");
        assert!(!h.verify(&other, Some(&hash)).await.expect("verify"));
        // Nor do its first 72 bytes alone.
        let prefix = Password::unchecked(&long[..72]);
        assert!(!h.verify(&prefix, Some(&hash)).await.expect("verify"));
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
        assert!(h.verify(&pw, Some(&hash)).await.expect("verify"));
        let fewer: String = emoji.chars().take(63).collect();
        let fewer = Password::unchecked(&fewer);
        assert!(!h.verify(&fewer, Some(&hash)).await.expect("verify"));
    }

    #[tokio::test]
    async fn hashes_made_without_the_digest_still_verify() {
        let h = PasswordHasher::new(4, 1).expect("hasher");
        for len in [8, 40, 71] {
            let raw = long_password(len);
            let old_hash = bcrypt::non_truncating_hash(&raw, 4).expect("old hash");
            let pw = Password::unchecked(&raw);
            assert!(
                h.verify(&pw, Some(&old_hash)).await.expect("verify"),
                "{len}"
            );
        }
    }
}
