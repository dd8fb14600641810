//! Demo data: deterministic customers in bulk, with address books and order
//! histories, for trying the admin grid and the shop and for benchmarks
//! (`server seed --customers N [--orders-per-customer M] [--seed S]`).
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
//! [`DemoAccount::new`] adds, from a stream of its own (so the customers
//! are the same with or without them): one or two addresses in seven
//! countries that pass the address rules (`places.rs`), the first the
//! default shipping address; and 0 to `2M` orders (`orders.rs`) placed
//! between sign-up and now, 1 to 4 lines of the catalogue read from the
//! `product` table (whose stock is left alone), totals by
//! `orders::domain::pricing`, statuses as the order's age makes likely
//! with their history, a few guest orders for unverified customers. Order
//! `j` of customer `n` is numbered from a seed-keyed permutation of
//! `n << 8 | j` (`mix::permute40`), so one seed never gives two orders the
//! same number; a number taken already is skipped.
//!
//! Every demo customer shares one bcrypt hash (cost 10) of
//! [`DEMO_PASSWORD`], computed once per run: they can all log in with it.
//! Rows go in by batches of 1,000 customers, one transaction each, each
//! table in one set-based statement (PostgreSQL: `INSERT ... SELECT FROM
//! UNNEST` of arrays, the orders with their lines and statuses in one
//! statement of data-modifying CTEs; SQLite: multi-row `VALUES`), and an
//! email already taken is skipped with everything of its customer.

use anyhow::Context;
use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::auth::password::PasswordHasher;
use crate::db::Database;
use crate::domain::Password;

mod account;
mod insert;
mod insert_orders;
mod insert_pg;
mod mix;
mod names;
mod orders;
mod places;
#[cfg(all(test, feature = "test-support"))]
mod store_tests;
mod surnames;
#[cfg(test)]
mod tests;

pub use account::{DemoAccount, DemoAddress, Plan, MAX_ORDERS_AVERAGE, MAX_ORDERS_PER_CUSTOMER};
pub use orders::{Catalogue, DemoLine, DemoOrder, Product, DEMO_STAFF};

use mix::{pick, Mix};
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

/// Customers per batch: one transaction each.
const BATCH: u64 = 1_000;

/// What a run is asked to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub customers: u64,
    /// Orders per customer on average, at most [`MAX_ORDERS_AVERAGE`].
    pub orders_per_customer: u64,
    pub seed: u64,
}

/// Rows inserted so far (the progress after each batch, and the summary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seeded {
    pub customers: u64,
    pub addresses: u64,
    pub orders: u64,
    pub items: u64,
    pub status_changes: u64,
}

impl Seeded {
    /// Every row inserted.
    pub fn rows(&self) -> u64 {
        self.customers + self.addresses + self.orders + self.items + self.status_changes
    }

    fn add(&mut self, other: Seeded) {
        self.customers += other.customers;
        self.addresses += other.addresses;
        self.orders += other.orders;
        self.items += other.items;
        self.status_changes += other.status_changes;
    }
}

/// Adds `count` demo customers of `seed` to `db` (migrated) with their
/// addresses but no orders, calling `progress` with the number of customers
/// inserted so far after every batch. Returns how many were inserted (fewer
/// only if some emails were already taken).
pub async fn customers(
    db: &Database,
    count: u64,
    seed: u64,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64> {
    let request = Request {
        customers: count,
        orders_per_customer: 0,
        seed,
    };
    let seeded = run(db, request, |s| progress(s.customers)).await?;
    Ok(seeded.customers)
}

/// Adds `request.customers` demo customers of `request.seed` to `db`
/// (migrated), each with an address book and, on average,
/// `request.orders_per_customer` orders from the catalogue in the
/// `product` table (whose stock is left alone: demo orders are history).
/// Calls `progress` with the totals so far after every batch. A customer
/// whose email is already taken is skipped with everything of theirs, as is
/// an order whose number is.
pub async fn run(
    db: &Database,
    request: Request,
    progress: impl FnMut(Seeded),
) -> anyhow::Result<Seeded> {
    let now = Utc::now()
        .duration_trunc(Duration::seconds(1))
        .context("the time of day")?;
    run_at(db, request, now, progress).await
}

/// [`run`] as if it were `now` (whole seconds): the generator's answers
/// depend on it.
pub(crate) async fn run_at(
    db: &Database,
    request: Request,
    now: DateTime<Utc>,
    mut progress: impl FnMut(Seeded),
) -> anyhow::Result<Seeded> {
    anyhow::ensure!(
        request.orders_per_customer <= MAX_ORDERS_AVERAGE,
        "at most {MAX_ORDERS_AVERAGE} orders per customer on average"
    );
    let hash = demo_hash().await?;
    let plan = Plan {
        orders_per_customer: request.orders_per_customer,
        catalogue: insert_orders::catalogue(db).await?,
    };
    let count = request.customers;
    let first = insert::highest_id(db).await? + 1;
    let mut seeded = Seeded::default();
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let batch: Vec<DemoAccount> = (done..done + size)
            .map(|i| {
                let position = i as f64 / count as f64;
                DemoAccount::new(request.seed, first + i, position, now, &plan)
            })
            .collect();
        seeded.add(insert::batch(db, &batch, &hash, &plan.catalogue).await?);
        done += size;
        progress(seeded);
    }
    insert::analyze(db).await?;
    Ok(seeded)
}

/// Whether `db` already has demo customers (an email shaped like theirs,
/// `first.last.n@example.com`): `server seed --once` then does nothing.
pub async fn has_demo_customers(db: &Database) -> anyhow::Result<bool> {
    insert::has_demo_customers(db).await
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
