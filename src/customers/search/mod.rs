//! The admin customer grid's storage: one page of customers matching a
//! filter, in a chosen order, with the total; the matching customers in id
//! order for the CSV export; and the dashboard's figures. The trait is
//! implemented per backend (`sqlite.rs`, `postgres.rs`) and reached through
//! `tx.customer_search()`.
//!
//! Search (`q`) is a case-insensitive substring match over the email and
//! "first last". From [`INDEXED_Q_CHARS`] characters on it uses an index:
//! PostgreSQL's pg_trgm (GIN over the lower-cased text), SQLite's FTS5 with
//! the trigram tokenizer (migration 0009). A shorter `q` has no trigram to
//! look up, so it scans the same text (correct, slower).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::customers::dto::CustomerStatus;
use crate::customers::store::CustomerRow;
use crate::db::StoreError;

mod postgres;
mod query;
mod sqlite;

/// Longest search text the grid accepts, in characters (the service
/// enforces it; the store works with any length).
pub const Q_MAX_CHARS: usize = 100;
/// A `q` of at least this many characters is looked up in the trigram
/// index; a shorter one scans.
pub const INDEXED_Q_CHARS: usize = 3;
/// Largest page the store serves; a larger `per_page` is served as this.
pub const MAX_PER_PAGE: u32 = 200;
/// Totals are exact up to this many; a total of `TOTAL_CAP + 1` means "more
/// than `TOTAL_CAP`". Counting every match of a broad search over a million
/// customers costs hundreds of milliseconds (docs/BENCHMARKS.md), and no one
/// pages through 200 pages of 50: they narrow the search. The dashboard's
/// [`CustomerFigures`] are exact.
pub const TOTAL_CAP: u64 = 10_000;

/// Which customers the grid shows. Every field narrows; `Default` is all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// A substring of the email or of "first last", trimmed and
    /// lower-cased ([`normalise_q`]), 1 to [`Q_MAX_CHARS`] characters. Any
    /// character is taken literally (`%`, `_`, quotes, backslashes).
    pub q: Option<String>,
    pub group_id: Option<i64>,
    pub status: Option<CustomerStatus>,
    /// Whether the email is verified.
    pub verified: Option<bool>,
    /// Created at or after (inclusive).
    pub created_from: Option<DateTime<Utc>>,
    /// Created before (exclusive).
    pub created_to: Option<DateTime<Utc>>,
}

/// The grid's sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    CreatedAt,
    Email,
    FirstName,
    LastName,
    Status,
}

/// A sort. Ties are broken by id in the same direction, so every order is
/// total and paging is stable. Text sorts compare bytes (code points), the
/// same on both backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

/// A page of the grid: `page` counts from 1, `per_page` from 1 to
/// [`MAX_PER_PAGE`]. Out-of-range values are clamped, never an error.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    /// `LIMIT` and `OFFSET` for this page, clamped.
    pub fn limit_offset(self) -> (i64, i64) {
        let per_page = self.per_page.clamp(1, MAX_PER_PAGE);
        let page = self.page.max(1);
        (
            i64::from(per_page),
            (i64::from(page) - 1) * i64::from(per_page),
        )
    }
}

/// The admin dashboard's customer figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFigures {
    pub total: u64,
    pub new_since: u64,
    /// Customers per group id, by group id; groups without customers are left out.
    pub by_group: Vec<(i64, u64)>,
    /// Registrations per UTC day (`YYYY-MM-DD`), oldest first; days without
    /// any are left out.
    pub per_day: Vec<(String, u64)>,
}

impl CustomerFigures {
    /// From the stores' rows; the total is the sum over the groups (every
    /// customer is in one).
    fn new(by_group: Vec<(i64, i64)>, new_since: u64, per_day: Vec<(String, i64)>) -> Self {
        let by_group: Vec<(i64, u64)> = by_group
            .into_iter()
            .map(|(group, n)| (group, query::total(n)))
            .collect();
        Self {
            total: by_group.iter().map(|(_, n)| n).sum(),
            new_since,
            by_group,
            per_day: per_day
                .into_iter()
                .map(|(day, n)| (day, query::total(n)))
                .collect(),
        }
    }
}

#[async_trait]
pub trait CustomerSearchStore {
    /// One page of customers matching the filter, in `sort` order, and the
    /// total number matching: exact up to [`TOTAL_CAP`], `TOTAL_CAP + 1` for
    /// "more than that" (see docs/BENCHMARKS.md for what an exact count
    /// costs at a million customers).
    async fn search_customers(
        &mut self,
        filter: &CustomerFilter,
        sort: Sort,
        page: PageRequest,
    ) -> Result<(Vec<CustomerRow>, u64), StoreError>;

    /// For the streamed CSV export: up to `limit` matching customers with
    /// id > `after_id`, by id ascending (keyset, no OFFSET). Start with
    /// `after_id = 0` and continue from the last id until a short batch.
    async fn customers_after(
        &mut self,
        filter: &CustomerFilter,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<CustomerRow>, StoreError>;

    /// Total customers, customers created at or after `since`, customers
    /// per group id, and registrations per UTC day from `days_from` on.
    async fn customer_figures(
        &mut self,
        since: DateTime<Utc>,
        days_from: DateTime<Utc>,
    ) -> Result<CustomerFigures, StoreError>;
}

/// Search text as the grid compares it: trimmed and lower-cased; `None`
/// when nothing is left. Does not enforce [`Q_MAX_CHARS`].
pub fn normalise_q(raw: &str) -> Option<String> {
    let q = raw.trim().to_lowercase();
    (!q.is_empty()).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_is_trimmed_and_lower_cased() {
        assert_eq!(normalise_q("  Ann SMI "), Some("ann smi".into()));
        assert_eq!(normalise_q("   "), None);
    }

    #[test]
    fn pages_are_clamped() {
        let page = |page, per_page| PageRequest { page, per_page }.limit_offset();
        assert_eq!(page(1, 50), (50, 0));
        assert_eq!(page(3, 50), (50, 100));
        assert_eq!(page(0, 0), (1, 0));
        assert_eq!(page(2, 1000), (200, 200));
    }
}
