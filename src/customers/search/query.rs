//! The grid's SQL, built once for both backends with `QueryBuilder`: every
//! value is bound, never spliced. A backend's [`Dialect`] says how it
//! searches `q` and how it spells byte-order text sorts.
//!
//! A page selects the matching ids in order with `LIMIT`/`OFFSET` first and
//! joins the full rows for those ids only (a "deferred join"): the inner
//! query walks a sort index (id included) without reading the table, so a
//! deep page skips index entries, not rows. The count stops at
//! [`TOTAL_CAP`] + 1.
//!
//! SQLite's planner knows no better than to fetch every row a filter
//! matches and sort them, even when thousands match and walking the sort
//! index would meet the first page at once. So the SQLite store counts
//! first and, when many match, asks for the walk ([`Walk::SortIndex`]): a
//! `+` before each filtered column, SQLite's documented way to keep a term
//! off its index.

use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};

use super::{normalise_q, CustomerFilter, PageRequest, Sort, SortKey};
use super::{INDEXED_Q_CHARS, TOTAL_CAP};
use crate::customers::store::CUSTOMER_COLUMNS;

/// How a page's rows are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Walk {
    /// As the planner sees fit.
    Planner,
    /// Along the sort's index, testing each row against the filter (SQLite
    /// only: the filtered columns are written `+c.column`).
    SortIndex,
}

impl Walk {
    /// What goes before a filtered column.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Planner => "",
            Self::SortIndex => "+",
        }
    }
}

/// What differs between the backends.
pub(crate) struct Dialect<DB: Database> {
    /// Appends the condition for `q` (normalised, not empty).
    pub search: fn(&mut QueryBuilder<'static, DB>, &str, Walk),
    /// Follows each text column in `ORDER BY`: the backend's byte order.
    pub collate: &'static str,
}

impl<DB> Dialect<DB>
where
    DB: Database,
    for<'a> DB::Arguments<'a>: Default,
    i64: Encode<'static, DB> + Type<DB>,
    String: Encode<'static, DB> + Type<DB>,
    DateTime<Utc>: Encode<'static, DB> + Type<DB>,
{
    /// One page of rows (as [`CUSTOMER_COLUMNS`]) in `sort` order.
    pub fn page(
        &self,
        filter: &CustomerFilter,
        sort: Sort,
        page: PageRequest,
        walk: Walk,
    ) -> QueryBuilder<'static, DB> {
        let (limit, offset) = page.limit_offset();
        let order = self.order_by(sort);
        let mut qb = QueryBuilder::new(format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customer c JOIN customer_group g ON g.id = c.group_id \
             WHERE c.id IN (SELECT c.id FROM customer c WHERE 1 = 1"
        ));
        self.push_filters(&mut qb, filter, walk);
        qb.push(&order);
        qb.push(" LIMIT ").push_bind(limit);
        qb.push(" OFFSET ").push_bind(offset);
        qb.push(")");
        qb.push(&order);
        qb
    }

    /// How many match, counting no further than [`TOTAL_CAP`] + 1.
    pub fn count(&self, filter: &CustomerFilter) -> QueryBuilder<'static, DB> {
        let mut qb =
            QueryBuilder::new("SELECT count(*) FROM (SELECT 1 FROM customer c WHERE 1 = 1");
        self.push_filters(&mut qb, filter, Walk::Planner);
        let cap = i64::try_from(TOTAL_CAP).unwrap_or(i64::MAX - 1);
        qb.push(" LIMIT ").push_bind(cap + 1);
        qb.push(") AS matching");
        qb
    }

    /// Up to `limit` matching rows with id > `after_id`, by id.
    pub fn after(
        &self,
        filter: &CustomerFilter,
        after_id: i64,
        limit: u32,
    ) -> QueryBuilder<'static, DB> {
        let mut qb = QueryBuilder::new(format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customer c JOIN customer_group g ON g.id = c.group_id \
             WHERE c.id > "
        ));
        qb.push_bind(after_id);
        self.push_filters(&mut qb, filter, Walk::Planner);
        qb.push(" ORDER BY c.id LIMIT ").push_bind(i64::from(limit));
        qb
    }

    /// Appends ` AND <condition>` for every field of `filter`.
    fn push_filters(
        &self,
        qb: &mut QueryBuilder<'static, DB>,
        filter: &CustomerFilter,
        walk: Walk,
    ) {
        let p = walk.prefix();
        if let Some(q) = filter.q.as_deref().and_then(normalise_q) {
            qb.push(" AND ");
            (self.search)(qb, &q, walk);
        }
        if let Some(group_id) = filter.group_id {
            qb.push(format!(" AND {p}c.group_id = "))
                .push_bind(group_id);
        }
        if let Some(status) = filter.status {
            qb.push(format!(" AND {p}c.status = "))
                .push_bind(status.as_str().to_owned());
        }
        match filter.verified {
            Some(true) => {
                qb.push(" AND c.email_verified_at IS NOT NULL");
            }
            Some(false) => {
                qb.push(" AND c.email_verified_at IS NULL");
            }
            None => {}
        }
        if let Some(from) = filter.created_from {
            qb.push(format!(" AND {p}c.created_at >= ")).push_bind(from);
        }
        if let Some(to) = filter.created_to {
            qb.push(format!(" AND {p}c.created_at < ")).push_bind(to);
        }
    }

    /// ` ORDER BY` the key, then the id, both in the sort's direction.
    fn order_by(&self, sort: Sort) -> String {
        let collate = self.collate;
        let key = match sort.key {
            SortKey::CreatedAt => "c.created_at".to_owned(),
            SortKey::Email => format!("c.email{collate}"),
            SortKey::FirstName => format!("c.first_name{collate}"),
            SortKey::LastName => format!("c.last_name{collate}"),
            SortKey::Status => "c.status".to_owned(),
        };
        let direction = if sort.descending { "DESC" } else { "ASC" };
        format!(" ORDER BY {key} {direction}, c.id {direction}")
    }
}

/// Whether a page is found faster along the sort index than from the
/// filter's matches: when the walk meets the page's last row sooner (it
/// reads about `(offset + limit) * rows / count` index entries) than the
/// matches are fetched and sorted (`count`). `count` is capped, so a capped
/// count always walks; `rows` is the table's size (or its highest id).
pub(crate) fn walk_for(count: u64, page: PageRequest, rows: u64) -> Walk {
    let (limit, offset) = page.limit_offset();
    let reach = u64::try_from(offset + limit).unwrap_or(u64::MAX);
    let walk = count > TOTAL_CAP || count.saturating_mul(count) > reach.saturating_mul(rows);
    if walk {
        Walk::SortIndex
    } else {
        Walk::Planner
    }
}

/// The total when the page itself tells it: a short page that is not past
/// the end (`None`: count).
pub(crate) fn total_from_page(rows: usize, page: PageRequest) -> Option<u64> {
    let (limit, offset) = page.limit_offset();
    let rows = i64::try_from(rows).unwrap_or(i64::MAX);
    (rows < limit && (rows > 0 || offset == 0)).then(|| {
        u64::try_from(offset + rows)
            .unwrap_or_default()
            .min(TOTAL_CAP + 1)
    })
}

/// A count as the store reports it.
pub(crate) fn total(count: i64) -> u64 {
    u64::try_from(count).unwrap_or_default()
}

/// `q` as a `LIKE` pattern for "contains", with `\` as the escape
/// character: `%`, `_` and `\` in `q` match only themselves.
pub(crate) fn like_contains(q: &str) -> String {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `q` as an FTS5 query of one quoted phrase: with the trigram tokenizer a
/// phrase is a substring, and inside quotes every character is literal
/// except `"`, written twice.
pub(crate) fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// Whether `q` is long enough for the trigram index.
pub(crate) fn indexed(q: &str) -> bool {
    q.chars().count() >= INDEXED_Q_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_contains("ann"), "%ann%");
        assert_eq!(like_contains("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn fts_phrases_double_quotes() {
        assert_eq!(fts_phrase("o'neil"), "\"o'neil\"");
        assert_eq!(fts_phrase("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn many_matches_walk_the_sort_index() {
        let page = |page| PageRequest { page, per_page: 50 };
        let million = 1_000_000;
        assert_eq!(walk_for(20, page(1), million), Walk::Planner);
        assert_eq!(walk_for(5_000, page(1), million), Walk::Planner);
        assert_eq!(walk_for(8_000, page(1), million), Walk::SortIndex);
        assert_eq!(walk_for(TOTAL_CAP + 1, page(1), million), Walk::SortIndex);
        assert_eq!(
            walk_for(TOTAL_CAP + 1, page(2_000), million),
            Walk::SortIndex
        );
        assert_eq!(walk_for(9_000, page(100), million), Walk::Planner);
        assert_eq!(walk_for(600, page(1), 5_000), Walk::SortIndex);
    }

    #[test]
    fn a_short_page_tells_the_total() {
        let page = |page| PageRequest { page, per_page: 50 };
        assert_eq!(total_from_page(7, page(1)), Some(7));
        assert_eq!(total_from_page(0, page(1)), Some(0));
        assert_eq!(total_from_page(7, page(3)), Some(107));
        assert_eq!(total_from_page(50, page(1)), None, "a full page: count");
        assert_eq!(total_from_page(0, page(3)), None, "past the end: count");
    }
}
