//! [`CustomerSearchStore`] on PostgreSQL: `q` through the pg_trgm index on
//! [`SEARCH_TEXT`], every sort through its own btree (migration 0009).
//! PostgreSQL plans a page well by itself (it keeps statistics per value and
//! per indexed expression), so it always gets [`Walk::Planner`].
//! Statements run unnamed (`persistent(false)`), so each is planned for its
//! own values: a cached generic plan would not know how selective a pattern
//! is.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder};

use super::query::{like_contains, total, total_from_page, Dialect, Walk};
use super::{CustomerFigures, CustomerFilter, CustomerSearchStore, PageRequest, Sort};
use crate::customers::store::CustomerRow;
use crate::db::postgres_map_err as map_err;
use crate::db::{PgTx, StoreError};

/// The searched text: exactly the expression of the index
/// `customer_search_trgm`, or the planner cannot use it.
const SEARCH_TEXT: &str = "lower(c.email || ' ' || c.first_name || ' ' || c.last_name)";

/// `LIKE` on [`SEARCH_TEXT`], for every length of `q`. From three
/// characters the trigram index answers it; a shorter pattern has no
/// trigram, and the planner scans instead, with good estimates: ANALYZE
/// keeps statistics on an indexed expression.
fn search(qb: &mut QueryBuilder<'static, Postgres>, q: &str, _walk: Walk) {
    qb.push(SEARCH_TEXT)
        .push(" LIKE ")
        .push_bind(like_contains(q))
        .push(" ESCAPE '\\'");
}

const DIALECT: Dialect<Postgres> = Dialect {
    search,
    // Byte order, as the sort indexes are built, whatever the locale.
    collate: " COLLATE \"C\"",
};

#[async_trait]
impl CustomerSearchStore for PgTx {
    async fn search_customers(
        &mut self,
        filter: &CustomerFilter,
        sort: Sort,
        page: PageRequest,
    ) -> Result<(Vec<CustomerRow>, u64), StoreError> {
        let mut qb = DIALECT.page(filter, sort, page, Walk::Planner);
        let rows = qb
            .build_query_as::<CustomerRow>()
            .persistent(false)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)?;
        if let Some(known) = total_from_page(rows.len(), page) {
            return Ok((rows, known));
        }
        let mut qb = DIALECT.count(filter);
        let count: i64 = qb
            .build_query_scalar()
            .persistent(false)
            .fetch_one(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok((rows, total(count)))
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
            // Grouped on the date, formatted once per day (to_char per row
            // costs three times as much).
            "SELECT to_char(day, 'YYYY-MM-DD'), n FROM (
                SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
                FROM customer WHERE created_at >= $1 GROUP BY 1
             ) AS days ORDER BY day",
        )
        .bind(days_from)
        .fetch_all(self.conn_mut())
        .await
        .map_err(map_err)?;
        Ok(CustomerFigures::new(by_group, total(new_since), per_day))
    }
}
