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
mod tests;
