//! [`CustomerSearchStore`] on SQLite: `q` through the FTS5 trigram table
//! `customer_search` (kept in sync by triggers), every sort through its own
//! index (migration 0009).
//!
//! `created_at` is TEXT as sqlx writes a `DateTime<Utc>`: RFC 3339 with
//! `+00:00` and 0, 3, 6 or 9 fraction digits. For such strings text order is
//! time order (a missing fraction sorts before any, "+" before every digit),
//! so the bounds are bound as `DateTime<Utc>` too and compared as text, and
//! the first ten characters are the UTC day.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite};

use super::query::{fts_phrase, indexed, total, walk_for, Dialect, Walk};
use super::{CustomerFigures, CustomerFilter, CustomerSearchStore, PageRequest, Sort, TOTAL_CAP};
use crate::customers::store::CustomerRow;
use crate::db::sqlite_map_err as map_err;
use crate::db::{SqliteTx, StoreError};

/// The text the trigram table holds, lower-cased for the short-`q` scan.
/// (SQLite's `lower` folds ASCII only; FTS5 folds all of Unicode.)
const SEARCH_TEXT: &str = "lower(c.email || ' ' || c.first_name || ' ' || c.last_name)";

fn search(qb: &mut QueryBuilder<'static, Sqlite>, q: &str, walk: Walk) {
    if indexed(q) {
        // Walking, the matches are a set to test each row against (built
        // once); otherwise the rows to fetch.
        qb.push(walk.prefix())
            .push("c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ")
            .push_bind(fts_phrase(q))
            .push(")");
    } else {
        // Too short for a trigram: scan, matching the text literally.
        qb.push("instr(")
            .push(SEARCH_TEXT)
            .push(", ")
            .push_bind(q.to_owned())
            .push(") > 0");
    }
}

const DIALECT: Dialect<Sqlite> = Dialect {
    search,
    // BINARY, SQLite's default, is byte order already.
    collate: "",
};

#[async_trait]
impl CustomerSearchStore for SqliteTx {
    async fn search_customers(
        &mut self,
        filter: &CustomerFilter,
        sort: Sort,
        page: PageRequest,
    ) -> Result<(Vec<CustomerRow>, u64), StoreError> {
        // Count first: it says how to find the page (see `walk_for`), and
        // whether there is one at all.
        let mut qb = DIALECT.count(filter);
        let count: i64 = qb
            .build_query_scalar()
            .persistent(false)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)?;
        let count = total(count);
        let (_, offset) = page.limit_offset();
        if count <= TOTAL_CAP && count <= u64::try_from(offset).unwrap_or(0) {
            // An exact count, and the page is past it.
            return Ok((Vec::new(), count));
        }
        let highest: Option<i64> = sqlx::query_scalar("SELECT max(id) FROM customer")
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)?;
        let walk = walk_for(count, page, total(highest.unwrap_or(0)));
        let mut qb = DIALECT.page(filter, sort, page, walk);
        let rows = qb
            .build_query_as::<CustomerRow>()
            .persistent(false)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok((rows, count))
    }

    async fn customers_after(
        &mut self,
        filter: &CustomerFilter,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<CustomerRow>, StoreError> {
        let mut qb = DIALECT.after(filter, after_id, limit);
        qb.build_query_as::<CustomerRow>()
            .persistent(false)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn customer_figures(
        &mut self,
        since: DateTime<Utc>,
        days_from: DateTime<Utc>,
    ) -> Result<CustomerFigures, StoreError> {
        // One pass over the group index gives the groups and the total.
        let by_group: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT group_id, count(*) FROM customer GROUP BY group_id ORDER BY group_id",
        )
        .fetch_all(self.conn_mut())
        .await
        .map_err(map_err)?;
        let new_since: i64 =
            sqlx::query_scalar("SELECT count(*) FROM customer WHERE created_at >= $1")
                .bind(since)
                .fetch_one(self.conn_mut())
                .await
                .map_err(map_err)?;
        let per_day: Vec<(String, i64)> = sqlx::query_as(
            "SELECT substr(created_at, 1, 10) AS day, count(*)
             FROM customer WHERE created_at >= $1
             GROUP BY day ORDER BY day",
        )
        .bind(days_from)
        .fetch_all(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(CustomerFigures::new(by_group, total(new_since), per_day))
    }
}
