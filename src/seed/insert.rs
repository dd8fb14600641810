//! The generator's writes, per backend: one set-based statement per batch,
//! in its own transaction, values bound (never spliced into the SQL).

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite};

use super::DemoCustomer;
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

/// Inserts `batch` in one transaction; returns how many rows went in (an
/// email or public id already taken is skipped).
pub(super) async fn batch(
    db: &Database,
    batch: &[DemoCustomer],
    hash: &str,
) -> anyhow::Result<u64> {
    let mut tx = db.begin().await.context("could not start a transaction")?;
    let inserted = match &mut tx {
        Tx::Sqlite(tx) => {
            let mut inserted = 0;
            for rows in batch.chunks(SQLITE_ROWS_PER_STATEMENT) {
                inserted += sqlite_rows(tx.conn_mut(), rows, hash).await?;
            }
            inserted
        }
        Tx::Postgres(tx) => postgres_rows(tx.conn_mut(), batch, hash).await?,
    };
    tx.commit().await.context("could not commit a batch")?;
    Ok(inserted)
}

async fn sqlite_rows(
    conn: &mut sqlx::SqliteConnection,
    rows: &[DemoCustomer],
    hash: &str,
) -> anyhow::Result<u64> {
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
    qb.push(" ON CONFLICT DO NOTHING");
    let done = qb
        .build()
        .persistent(false)
        .execute(conn)
        .await
        .context("could not insert demo customers (SQLite)")?;
    Ok(done.rows_affected())
}

async fn postgres_rows(
    conn: &mut sqlx::PgConnection,
    rows: &[DemoCustomer],
    hash: &str,
) -> anyhow::Result<u64> {
    fn column<T>(rows: &[DemoCustomer], f: impl Fn(&DemoCustomer) -> T) -> Vec<T> {
        rows.iter().map(f).collect()
    }
    let done = sqlx::query(
        "INSERT INTO customer (public_id, email, password_hash, first_name, last_name, phone,
                               group_id, status, email_verified_at, created_at, updated_at)
         SELECT public_id, email, $1, first_name, last_name, phone,
                group_id, status, verified_at, created_at, created_at
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::bigint[], $8::text[], $9::timestamptz[], $10::timestamptz[])
              AS t(public_id, email, first_name, last_name, phone,
                   group_id, status, verified_at, created_at)
         ON CONFLICT DO NOTHING",
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
    .execute(conn)
    .await
    .context("could not insert demo customers (PostgreSQL)")?;
    Ok(done.rows_affected())
}

/// Fresh planner statistics after a bulk load, so the grid's first queries
/// are planned on the real numbers; on PostgreSQL also a VACUUM, which marks
/// the pages all-visible so that counts and deep pages can be answered from
/// the indexes alone (autovacuum would get there later).
pub(super) async fn analyze(db: &Database) -> anyhow::Result<()> {
    match db {
        Database::Sqlite(pool) => sqlx::raw_sql("ANALYZE").execute(pool).await.map(drop),
        // Simple protocol: VACUUM cannot run inside a transaction block.
        Database::Postgres(pool) => sqlx::raw_sql("VACUUM (ANALYZE) customer")
            .execute(pool)
            .await
            .map(drop),
    }
    .context("could not analyze the customer table")?;
    Ok(())
}
