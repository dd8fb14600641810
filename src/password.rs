//! bcrypt hashing off the async executor, with a cap on how many hashes run
//! at once so that a login flood cannot starve other requests.

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Semaphore;

use crate::domain::Password;

#[derive(Clone)]
pub struct PasswordHasher {
    cost: u32,
    permits: Arc<Semaphore>,
    /// A real hash of a random value at the configured cost: verifying
    /// against it when the email is unknown takes as long as a real check.
    dummy_hash: Arc<String>,
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
            (bcrypt::DEFAULT_COST.min(4)..=31).contains(&cost),
            "bcrypt cost must be between 4 and 31"
        );
        let secret = uuid::Uuid::new_v4().to_string();
        let dummy_hash = bcrypt::hash(secret, cost).context("could not compute the dummy hash")?;
        Ok(Self {
            cost,
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    pub fn cost(&self) -> u32 {
        self.cost
    }

    pub async fn hash(&self, password: &Password) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        let secret = password.expose().to_owned();
        let cost = self.cost;
        tokio::task::spawn_blocking(move || bcrypt::non_truncating_hash(secret, cost))
            .await
            .context("hashing task failed")?
            .context("bcrypt refused the password")
    }

    /// Checks `password` against `hash`, or against the dummy hash when there
    /// is no account, so both cases cost the same. A password too long for
    /// bcrypt simply does not match.
    pub async fn verify(&self, password: &Password, hash: Option<&str>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        let secret = password.expose().to_owned();
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy_hash.as_str().to_owned(), str::to_owned);
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
        let pw = Password::parse("a fine passphrase", None).expect("valid");
        let hash = h.hash(&pw).await.expect("hash");
        assert!(hash.starts_with("$2"));
        assert!(h.verify(&pw, Some(&hash)).await.expect("verify"));
        let other = Password::parse("another passphrase", None).expect("valid");
        assert!(!h.verify(&other, Some(&hash)).await.expect("verify"));
        // No account: never matches, even with the dummy's own secret unknown.
        assert!(!h.verify(&pw, None).await.expect("verify"));
    }

    #[tokio::test]
    async fn uses_configured_cost() {
        let h = PasswordHasher::new(5, 1).expect("hasher");
        let pw = Password::parse("a fine passphrase", None).expect("valid");
        let hash = h.hash(&pw).await.expect("hash");
        assert!(hash.contains("$05$"), "{hash}");
        assert!(PasswordHasher::new(3, 1).is_err());
        assert!(PasswordHasher::new(32, 1).is_err());
    }
}
