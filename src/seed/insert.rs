//! The generator's writes, per backend: one set-based statement per batch,
//! in its own transaction, values bound (never spliced into the SQL).

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite};

use std::collections::HashMap;

use super::{Catalogue, DemoAccount, DemoCustomer, Seeded};
use crate::db::{Database, Tx};

/// SQLite binds at most 32766 values per statement: 11 per customer.
const SQLITE_ROWS_PER_STATEMENT: usize = 1_000;

/// The highest customer id so far (0 for none): demo numbers continue after it.
pub(super) async fn highest_id(db: &Database) -> anyhow::Result<u64> {
    let sql = "SELECT COALESCE(MAX(id), 0) FROM customer";
    let highest: i64 = match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .context("could not read the highest customer id")?;
    Ok(u64::try_from(highest).unwrap_or_default())
}

/// Whether some customer's email has the demo shape.
pub(super) async fn has_demo_customers(db: &Database) -> anyhow::Result<bool> {
    let sql = "SELECT EXISTS (SELECT 1 FROM customer WHERE email LIKE '%.%.%@example.com')";
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .context("could not look for demo customers")
}

/// Inserts a batch of accounts in one transaction: the customers, then the
/// address books and orders of those that went in (an email or public id
/// already taken is skipped with everything of its customer).
pub(super) async fn batch(
    db: &Database,
    batch: &[DemoAccount],
    hash: &str,
    catalogue: &Catalogue,
) -> anyhow::Result<Seeded> {
    let mut tx = db.begin().await.context("could not start a transaction")?;
    let customers: Vec<&DemoCustomer> = batch.iter().map(|a| &a.customer).collect();
    let ids = match &mut tx {
        Tx::Sqlite(tx) => {
            let mut ids = Vec::with_capacity(batch.len());
            for rows in customers.chunks(SQLITE_ROWS_PER_STATEMENT) {
                ids.extend(sqlite_rows(tx.conn_mut(), rows, hash).await?);
            }
            ids
        }
        Tx::Postgres(tx) => {
            // Demo data: a crash may lose the last batches, never corrupt.
            sqlx::query("SET LOCAL synchronous_commit TO OFF")
                .execute(tx.conn_mut())
                .await
                .context("could not relax synchronous_commit")?;
            postgres_rows(tx.conn_mut(), &customers, hash).await?
        }
    };
    let by_email: HashMap<&str, i64> = ids.iter().map(|(id, e)| (e.as_str(), *id)).collect();
    let inserted: Vec<(i64, &DemoAccount)> = batch
        .iter()
        .filter_map(|a| Some((*by_email.get(a.customer.email.as_str())?, a)))
        .collect();
    let mut seeded = super::insert_orders::accounts(&mut tx, &inserted, catalogue).await?;
    seeded.customers = ids.len() as u64;
    tx.commit().await.context("could not commit a batch")?;
    Ok(seeded)
}

/// The customers that went in, as (id, email).
type Inserted = Vec<(i64, String)>;

async fn sqlite_rows(
    conn: &mut sqlx::SqliteConnection,
    rows: &[&DemoCustomer],
    hash: &str,
) -> anyhow::Result<Inserted> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "INSERT INTO customer (public_id, email, password_hash, first_name, last_name, phone, \
         group_id, status, email_verified_at, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut row, c| {
        row.push_bind(c.public_id.clone())
            .push_bind(c.email.clone())
            .push_bind(hash.to_owned())
            .push_bind(c.first_name.clone())
            .push_bind(c.last_name.clone())
            .push_bind(c.phone.clone())
            .push_bind(c.group_id)
            .push_bind(c.status)
            .push_bind(c.email_verified_at)
            .push_bind(c.created_at)
            .push_bind(c.created_at);
    });
    qb.push(" ON CONFLICT DO NOTHING RETURNING id, email");
    qb.build_query_as()
        .persistent(false)
        .fetch_all(conn)
        .await
        .context("could not insert demo customers (SQLite)")
}

async fn postgres_rows(
    conn: &mut sqlx::PgConnection,
    rows: &[&DemoCustomer],
    hash: &str,
) -> anyhow::Result<Inserted> {
    fn column<T>(rows: &[&DemoCustomer], f: impl Fn(&DemoCustomer) -> T) -> Vec<T> {
        rows.iter().map(|c| f(c)).collect()
    }
    sqlx::query_as(
        "INSERT INTO customer (public_id, email, password_hash, first_name, last_name, phone,
                               group_id, status, email_verified_at, created_at, updated_at)
         SELECT public_id, email, $1, first_name, last_name, phone,
                group_id, status, verified_at, created_at, created_at
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::bigint[], $8::text[], $9::timestamptz[], $10::timestamptz[])
              AS t(public_id, email, first_name, last_name, phone,
                   group_id, status, verified_at, created_at)
         ON CONFLICT DO NOTHING
         RETURNING id, email",
    )
    .bind(hash)
    .bind(column(rows, |c| c.public_id.clone()))
    .bind(column(rows, |c| c.email.clone()))
    .bind(column(rows, |c| c.first_name.clone()))
    .bind(column(rows, |c| c.last_name.clone()))
    .bind(column(rows, |c| c.phone.clone()))
    .bind(column(rows, |c| c.group_id))
    .bind(column(rows, |c| c.status.to_owned()))
    .bind(column(rows, |c| c.email_verified_at))
    .bind(column::<DateTime<Utc>>(rows, |c| c.created_at))
    .fetch_all(conn)
    .await
    .context("could not insert demo customers (PostgreSQL)")
}

/// Fresh planner statistics after a bulk load, so the grid's first queries
/// are planned on the real numbers; on PostgreSQL also a VACUUM, which marks
/// the pages all-visible so that counts and deep pages can be answered from
/// the indexes alone (autovacuum would get there later).
pub(super) async fn analyze(db: &Database) -> anyhow::Result<()> {
    match db {
        Database::Sqlite(pool) => sqlx::raw_sql("ANALYZE").execute(pool).await.map(drop),
        // Simple protocol: VACUUM cannot run inside a transaction block.
        Database::Postgres(pool) => sqlx::raw_sql(
            "VACUUM (ANALYZE) customer, customer_address, customer_order, order_item, \
             order_status_change",
        )
        .execute(pool)
        .await
        .map(drop),
    }
    .context("could not analyze the demo tables")?;
    Ok(())
}
