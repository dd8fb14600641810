//! [`CustomerSearchStore`] on PostgreSQL: `q` through the pg_trgm index on
//! [`SEARCH_TEXT`], every sort through its own btree (migration 0009).
//! Queries are built with bound values only, and run as unnamed statements
//! (`persistent(false)`), so each is planned for its own values (a cached
//! generic plan would not know how selective a pattern is).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder};

use super::{indexed, like_contains, order_by, push_filters};
use super::{CustomerFigures, CustomerFilter, CustomerSearchStore, PageRequest, Sort};
use crate::customers::store::{CustomerRow, CUSTOMER_COLUMNS};
use crate::db::postgres_map_err as map_err;
use crate::db::{PgTx, StoreError};

/// The searched text: exactly the expression of the index
/// `customer_search_trgm`, or the planner cannot use it.
const SEARCH_TEXT: &str = "lower(c.email || ' ' || c.first_name || ' ' || c.last_name)";

/// Text sorts in byte order, as the sort indexes are built.
const COLLATE: &str = " COLLATE \"C\"";

fn search(qb: &mut QueryBuilder<'_, Postgres>, q: &str) {
    if indexed(q) {
        qb.push(SEARCH_TEXT)
            .push(" LIKE ")
            .push_bind(like_contains(q))
            .push(" ESCAPE '\\'");
    } else {
        // Too short for a trigram: scan, matching the text literally.
        qb.push("strpos(")
            .push(SEARCH_TEXT)
            .push(", ")
            .push_bind(q.to_owned())
            .push(") > 0");
    }
}

fn select_rows() -> QueryBuilder<'static, Postgres> {
    QueryBuilder::new(format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customer c JOIN customer_group g ON g.id = c.group_id \
         WHERE 1 = 1"
    ))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

#[async_trait]
impl CustomerSearchStore for PgTx {
    async fn search_customers(
        &mut self,
        filter: &CustomerFilter,
        sort: Sort,
        page: PageRequest,
    ) -> Result<(Vec<CustomerRow>, u64), StoreError> {
        let (limit, offset) = page.limit_offset();
        let mut qb = select_rows();
        push_filters(&mut qb, filter, search);
        qb.push(order_by(sort, COLLATE));
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
        let mut qb = QueryBuilder::<Postgres>::new("SELECT count(*) FROM customer c WHERE 1 = 1");
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
            "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)
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
