//! Demo data: deterministic customers in bulk, for trying the admin grid and
//! for benchmarks (`server seed --customers N [--seed S]`).
//!
//! Customer number `n` of a seed is a pure function of `(seed, n)`
//! ([`DemoCustomer::new`]): a first and last name from built-in lists, the
//! email `first.last.n@example.com`, a UK drama-range phone for about 40%,
//! the group (80% General, 15% Wholesale, 5% VIP), about 70% verified and
//! 3% disabled. Only `created_at` also depends on when and how many: the
//! run spreads its customers over the two years before it started, later
//! ones denser, roughly in id order as real sign-ups are. Numbers continue
//! after the highest customer id, so a second run adds new emails.
//!
//! Every demo customer shares one bcrypt hash (cost 10) of
//! [`DEMO_PASSWORD`], computed once per run: they can all log in with it.
//! Rows go in by batches in one set-based statement each (PostgreSQL:
//! `INSERT ... SELECT FROM UNNEST` of arrays; SQLite: multi-row `VALUES`),
//! one transaction per batch, and an email already taken is skipped.

use anyhow::Context;
use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::auth::password::PasswordHasher;
use crate::db::Database;
use crate::domain::Password;

mod insert;
mod names;
mod surnames;

use names::FIRST_NAMES;
use surnames::LAST_NAMES;

/// The password of every demo customer.
pub const DEMO_PASSWORD: &str = "demo shop sunflower";
/// bcrypt cost of the demo hash: the server's default.
pub const DEMO_BCRYPT_COST: u32 = 10;
/// How far back the demo customers' sign-ups go.
pub const DEMO_HISTORY_DAYS: i64 = 730;

/// One demo customer, before insertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCustomer {
    pub public_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub group_id: i64,
    pub status: &'static str,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// splitmix64: a tiny, well-mixed generator; one stream per customer.
struct Mix(u64);

impl Mix {
    fn new(seed: u64, n: u64) -> Self {
        let mut mix = Self(seed ^ n.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        mix.next();
        mix
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 to `n - 1` (`n` small: the bias is negligible).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        // 53 random bits: exact in an f64.
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn pick<'a>(mix: &mut Mix, list: &[&'a str]) -> &'a str {
    let i = usize::try_from(mix.below(list.len() as u64)).unwrap_or_default();
    list.get(i).copied().unwrap_or("Demo")
}

/// An email's local part from a name: lower-case letters and apostrophes.
fn local(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphabetic() || *c == '\'')
        .collect::<String>()
        .to_ascii_lowercase()
}

impl DemoCustomer {
    /// Customer number `n` (from 1) of `seed`; `position` (0 to 1) is where
    /// it falls in its run, which sets `created_at` before `now`.
    pub fn new(seed: u64, n: u64, position: f64, now: DateTime<Utc>) -> Self {
        let mut mix = Mix::new(seed, n);
        let first_name = pick(&mut mix, FIRST_NAMES);
        let last_name = pick(&mut mix, LAST_NAMES);
        let uuid = uuid::Builder::from_random_bytes(
            (u128::from(mix.next()) << 64 | u128::from(mix.next())).to_be_bytes(),
        )
        .into_uuid();
        let phone = (mix.below(10) < 4).then(|| format!("+447700900{:03}", mix.below(1000)));
        let group_id = match mix.below(100) {
            0..=79 => 1,
            80..=94 => 2,
            _ => 3,
        };
        let status = if mix.below(100) < 3 {
            "disabled"
        } else {
            "active"
        };
        // Later positions are denser: the age shrinks with the power 1.5 of
        // what is left of the run, jittered by up to a day either way.
        let left = (1.0 - position.clamp(0.0, 1.0)).powf(1.5);
        let jitter = mix.unit() * 2.0 - 1.0;
        let age_secs = (left * DEMO_HISTORY_DAYS as f64 + jitter).max(0.0) * 86_400.0;
        let created_at = now - Duration::seconds(age_secs as i64);
        let verified = mix.below(10) < 7;
        let email_verified_at = verified.then(|| {
            let delay = Duration::minutes(1 + i64::try_from(mix.below(600)).unwrap_or(0));
            (created_at + delay).min(now)
        });
        Self {
            public_id: uuid.to_string(),
            email: format!("{}.{}.{n}@example.com", local(first_name), local(last_name)),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            phone,
            group_id,
            status,
            email_verified_at,
            created_at,
        }
    }
}

/// Customers per statement and per transaction.
const BATCH: u64 = 1_000;

/// Adds `count` demo customers of `seed` to `db` (migrated), calling
/// `progress` with the number inserted so far after every batch. Returns how
/// many were inserted (fewer only if some emails were already taken).
pub async fn customers(
    db: &Database,
    count: u64,
    seed: u64,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let hash = demo_hash().await?;
    let now = Utc::now()
        .duration_trunc(Duration::seconds(1))
        .context("the time of day")?;
    let first = insert::highest_id(db).await? + 1;
    let mut inserted = 0;
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let batch: Vec<DemoCustomer> = (done..done + size)
            .map(|i| {
                let position = i as f64 / count as f64;
                let n = first + i;
                DemoCustomer::new(seed, n, position, now)
            })
            .collect();
        inserted += insert::batch(db, &batch, &hash).await?;
        done += size;
        progress(inserted);
    }
    insert::analyze(db).await?;
    Ok(inserted)
}

/// One hash of [`DEMO_PASSWORD`] at [`DEMO_BCRYPT_COST`], as logins check it.
async fn demo_hash() -> anyhow::Result<String> {
    let password = Password::parse(DEMO_PASSWORD, &[""])
        .map_err(|reason| anyhow::anyhow!("the demo password is refused: {reason}"))?;
    let hasher = PasswordHasher::new(DEMO_BCRYPT_COST, 1)?;
    hasher
        .hash(&password)
        .await
        .map_err(|e| anyhow::anyhow!("could not hash the demo password: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z")
            .expect("a date")
            .with_timezone(&Utc)
    }

    #[test]
    fn the_same_seed_gives_the_same_customers() {
        let run = |seed| {
            (1..=500)
                .map(|n| DemoCustomer::new(seed, n, n as f64 / 500.0, now()))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        let emails = |seed| run(seed).into_iter().map(|c| c.email).collect::<Vec<_>>();
        assert_ne!(emails(7), emails(8), "another seed, other names");
    }

    #[test]
    fn emails_and_public_ids_are_unique_and_well_formed() {
        let customers: Vec<_> = (1..=5_000)
            .map(|n| DemoCustomer::new(1, n, 0.5, now()))
            .collect();
        let emails: std::collections::HashSet<_> = customers.iter().map(|c| &c.email).collect();
        let ids: std::collections::HashSet<_> = customers.iter().map(|c| &c.public_id).collect();
        assert_eq!(emails.len(), customers.len());
        assert_eq!(ids.len(), customers.len());
        for c in &customers {
            assert_eq!(c.public_id.len(), 36);
            assert!(crate::domain::Email::parse(&c.email).is_ok(), "{}", c.email);
            assert!(c.created_at <= now());
            assert!(c.created_at >= now() - Duration::days(DEMO_HISTORY_DAYS + 1));
            assert!(c
                .email_verified_at
                .is_none_or(|v| v >= c.created_at && v <= now()));
        }
        let vip = customers.iter().filter(|c| c.group_id == 3).count();
        let general = customers.iter().filter(|c| c.group_id == 1).count();
        assert!(
            general > 3_500 && (100..500).contains(&vip),
            "{general} {vip}"
        );
    }

    #[test]
    fn later_sign_ups_are_denser() {
        let customers: Vec<_> = (0..10_000)
            .map(|i| DemoCustomer::new(3, i + 1, i as f64 / 10_000.0, now()))
            .collect();
        let last_90_days = customers
            .iter()
            .filter(|c| c.created_at > now() - Duration::days(90))
            .count();
        // Uniform over two years would put an eighth in the last 90 days,
        // this about a quarter.
        assert!((2_000..3_000).contains(&last_90_days), "{last_90_days}");
    }

    #[tokio::test]
    async fn the_demo_password_passes_the_policy_and_verifies() {
        let hash = demo_hash().await.expect("a hash");
        let hasher = PasswordHasher::new(4, 1).expect("a hasher");
        let password = Password::parse(DEMO_PASSWORD, &[""]).expect("the policy");
        let verified = hasher.verify(&password, Some(&hash)).await.expect("check");
        assert!(verified.matches);
    }
}
