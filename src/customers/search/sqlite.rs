//! [`CustomerSearchStore`] on SQLite: `q` through the FTS5 trigram table
//! `customer_search` (kept in sync by triggers), every sort through its own
//! index (migration 0009). Queries are built with bound values only.
//!
//! `created_at` is TEXT as sqlx writes a `DateTime<Utc>`: RFC 3339 with
//! `+00:00` and 0, 3, 6 or 9 fraction digits. For such strings text order is
//! time order (a missing fraction sorts before any, "+" before every digit),
//! so the bounds are bound as `DateTime<Utc>` too and compared as text, and
//! the first ten characters are the UTC day.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite};

use super::{fts_phrase, indexed, order_by, push_filters};
use super::{CustomerFigures, CustomerFilter, CustomerSearchStore, PageRequest, Sort};
use crate::customers::store::{CustomerRow, CUSTOMER_COLUMNS};
use crate::db::sqlite_map_err as map_err;
use crate::db::{SqliteTx, StoreError};

/// The text the trigram table holds, lower-cased for the short-`q` scan.
/// (SQLite's `lower` folds ASCII only; FTS5 folds all of Unicode.)
const SEARCH_TEXT: &str = "lower(c.email || ' ' || c.first_name || ' ' || c.last_name)";

fn search(qb: &mut QueryBuilder<'_, Sqlite>, q: &str) {
    if indexed(q) {
        qb.push("c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ")
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

fn select_rows() -> QueryBuilder<'static, Sqlite> {
    QueryBuilder::new(format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customer c JOIN customer_group g ON g.id = c.group_id \
         WHERE 1 = 1"
    ))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

#[async_trait]
impl CustomerSearchStore for SqliteTx {
    async fn search_customers(
        &mut self,
        filter: &CustomerFilter,
        sort: Sort,
        page: PageRequest,
    ) -> Result<(Vec<CustomerRow>, u64), StoreError> {
        let (limit, offset) = page.limit_offset();
        let mut qb = select_rows();
        push_filters(&mut qb, filter, search);
        qb.push(order_by(sort, ""));
        qb.push(" LIMIT ").push_bind(limit);
        qb.push(" OFFSET ").push_bind(offset);
        let rows = qb
            .build_query_as::<CustomerRow>()
            .persistent(false)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)?;
        // A short page that is not past the end says the total itself.
        let len = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        if len < limit && (len > 0 || offset == 0) {
            return Ok((rows, count(offset + len)));
        }
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM customer c WHERE 1 = 1");
        push_filters(&mut qb, filter, search);
        let total: i64 = qb
            .build_query_scalar()
            .persistent(false)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok((rows, count(total)))
    }

    async fn customers_after(
        &mut self,
        filter: &CustomerFilter,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<CustomerRow>, StoreError> {
        let mut qb = select_rows();
        qb.push(" AND c.id > ").push_bind(after_id);
        push_filters(&mut qb, filter, search);
        qb.push(" ORDER BY c.id LIMIT ").push_bind(i64::from(limit));
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
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM customer")
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)?;
        let new_since: i64 =
            sqlx::query_scalar("SELECT count(*) FROM customer WHERE created_at >= $1")
                .bind(since)
                .fetch_one(self.conn_mut())
                .await
                .map_err(map_err)?;
        let by_group: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT group_id, count(*) FROM customer GROUP BY group_id ORDER BY group_id",
        )
        .fetch_all(self.conn_mut())
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
        Ok(CustomerFigures {
            total: count(total),
            new_since: count(new_since),
            by_group: by_group.into_iter().map(|(g, n)| (g, count(n))).collect(),
            per_day: per_day.into_iter().map(|(d, n)| (d, count(n))).collect(),
        })
    }
}
