//! Times the admin grid's store calls (`tx.customer_search()`) against
//! `DATABASE_URL`, seeded beforehand by `server seed`: each case once to
//! warm up, then `RUNS` times (default 5), printed as a Markdown table of
//! the median and slowest run; with demo orders, also a customer's order
//! history and an order by number. Run by bench/admin_search.sh.
//!
//! With the argument `plans`, it reads SQL statements from standard input
//! (one per line) and prints each one's plan as the database's own engine
//! chooses it (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN ANALYZE` on
//! PostgreSQL) and its time: the app's bundled SQLite may plan differently
//! from the sqlite3 tool installed on the machine.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use customer_core::customers::dto::CustomerStatus;
use customer_core::customers::search::{CustomerFilter, PageRequest, Sort, SortKey};
use customer_core::customers::store::CustomerId;
use customer_core::db::{self, Tx};

enum Call {
    Search(CustomerFilter, Sort, PageRequest),
    After(CustomerFilter, i64, u32),
    Figures,
    /// A customer's order history: the count and the first page of 10.
    Orders(CustomerId),
    /// One order by number, with its lines and statuses.
    Order(String),
}

struct Case {
    name: String,
    call: Call,
}

const NEWEST: Sort = Sort {
    key: SortKey::CreatedAt,
    descending: true,
};

fn page(page: u32) -> PageRequest {
    PageRequest { page, per_page: 50 }
}

fn q(text: &str) -> CustomerFilter {
    CustomerFilter {
        q: Some(text.into()),
        ..Default::default()
    }
}

fn search(name: impl Into<String>, filter: CustomerFilter, sort: Sort, p: u32) -> Case {
    Case {
        name: name.into(),
        call: Call::Search(filter, sort, page(p)),
    }
}

fn cases(total: i64) -> Vec<Case> {
    let all = CustomerFilter::default();
    let mut cases = vec![
        search("q `42424` (5 chars, few rows)", q("42424"), NEWEST, 1),
        search("q `ann smi` (7 chars, few rows)", q("ann smi"), NEWEST, 1),
        search("q `mary.j` (6 chars, some rows)", q("mary.j"), NEWEST, 1),
        search("q `o'neil` (6 chars, 0.5%)", q("o'neil"), NEWEST, 1),
        search("q `son` (3 chars, many rows)", q("son"), NEWEST, 1),
        search("q `son`, page 100", q("son"), NEWEST, 100),
        search("q `xq` (2 chars: scan, no rows)", q("xq"), NEWEST, 1),
        search("q `yn` (2 chars: scan, many rows)", q("yn"), NEWEST, 1),
        search(
            "group VIP (5%)",
            CustomerFilter {
                group_id: Some(3),
                ..Default::default()
            },
            NEWEST,
            1,
        ),
        search(
            "status disabled (3%)",
            CustomerFilter {
                status: Some(CustomerStatus::Disabled),
                ..Default::default()
            },
            NEWEST,
            1,
        ),
        search(
            "verified (70%)",
            CustomerFilter {
                verified: Some(true),
                ..Default::default()
            },
            NEWEST,
            1,
        ),
        search(
            "created in the last 30 days",
            CustomerFilter {
                created_from: Some(Utc::now() - chrono::Duration::days(30)),
                ..Default::default()
            },
            NEWEST,
            1,
        ),
        search(
            "q `son` + Wholesale + verified, by last name",
            CustomerFilter {
                q: Some("son".into()),
                group_id: Some(2),
                verified: Some(true),
                ..Default::default()
            },
            Sort {
                key: SortKey::LastName,
                descending: false,
            },
            1,
        ),
    ];
    let keys = [
        (SortKey::CreatedAt, "created_at"),
        (SortKey::Email, "email"),
        (SortKey::FirstName, "first_name"),
        (SortKey::LastName, "last_name"),
        (SortKey::Status, "status"),
    ];
    for (key, label) in keys {
        for descending in [false, true] {
            let dir = if descending { "desc" } else { "asc" };
            let sort = Sort { key, descending };
            cases.push(search(
                format!("all, by {label} {dir}, page 1"),
                all.clone(),
                sort,
                1,
            ));
        }
        let sort = Sort {
            key,
            descending: false,
        };
        cases.push(search(
            format!("all, by {label} asc, page 2,000 (offset 99,950)"),
            all.clone(),
            sort,
            2_000,
        ));
    }
    cases.push(search(
        "all, by created_at desc, page 10,000 (offset 499,950)",
        all.clone(),
        NEWEST,
        10_000,
    ));
    cases.push(Case {
        name: "export batch: 1,000 after the middle id".into(),
        call: Call::After(all, total / 2, 1_000),
    });
    cases.push(Case {
        name: "export batch: 1,000 of q `son` after the middle id".into(),
        call: Call::After(q("son"), total / 2, 1_000),
    });
    cases.push(Case {
        name: "dashboard figures (30 days, 14 days per day)".into(),
        call: Call::Figures,
    });
    cases
}

/// Runs one call; returns the rows it gave and the total, if any.
async fn run(tx: &mut Tx, call: &Call) -> anyhow::Result<(usize, Option<u64>)> {
    Ok(match call {
        Call::Search(filter, sort, page) => {
            let (rows, total) = tx
                .customer_search()
                .search_customers(filter, *sort, *page)
                .await?;
            (rows.len(), Some(total))
        }
        Call::After(filter, after, limit) => {
            let rows = tx
                .customer_search()
                .customers_after(filter, *after, *limit)
                .await?;
            (rows.len(), None)
        }
        Call::Orders(customer) => {
            let total = tx.orders().count_of(*customer).await?;
            let rows = tx.orders().page_of(*customer, 10, 0).await?;
            (rows.len(), Some(u64::try_from(total)?))
        }
        Call::Order(number) => {
            let order = tx
                .orders()
                .order_by_number(number, false)
                .await?
                .context("the order")?;
            let items = tx.orders().items_of(order.id).await?;
            let statuses = tx.orders().statuses_of(order.id).await?;
            (items.len() + statuses.len(), None)
        }
        Call::Figures => {
            let now = Utc::now();
            let figures = tx
                .customer_search()
                .customer_figures(
                    now - chrono::Duration::days(30),
                    now - chrono::Duration::days(14),
                )
                .await?;
            (figures.per_day.len(), Some(figures.total))
        }
    })
}

/// With demo orders: the history of the customer with the latest order and
/// of one in the middle, and an order by number.
async fn order_cases(db: &db::Database) -> anyhow::Result<Vec<Case>> {
    let latest = "SELECT customer_id, number FROM customer_order
                  WHERE customer_id IS NOT NULL ORDER BY id DESC LIMIT 1";
    let middle = "SELECT customer_id, number FROM customer_order
                  WHERE customer_id IS NOT NULL
                    AND id >= (SELECT (MIN(id) + MAX(id)) / 2 FROM customer_order)
                  ORDER BY id LIMIT 1";
    let mut found: Vec<(i64, String)> = Vec::new();
    for sql in [latest, middle] {
        let row: Option<(i64, String)> = match db {
            db::Database::Sqlite(pool) => sqlx::query_as(sql).fetch_optional(pool).await?,
            db::Database::Postgres(pool) => sqlx::query_as(sql).fetch_optional(pool).await?,
        };
        found.extend(row);
    }
    let mut cases = Vec::new();
    for ((customer, number), which) in found.into_iter().zip(["latest", "middle"]) {
        cases.push(Case {
            name: format!("orders: history page 1 of the {which} order's customer"),
            call: Call::Orders(CustomerId(customer)),
        });
        cases.push(Case {
            name: format!("orders: the {which} order by number, lines and statuses"),
            call: Call::Order(number),
        });
    }
    Ok(cases)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Each statement on standard input: its plan, then its time.
async fn plans(db: &db::Database) -> anyhow::Result<()> {
    use std::io::BufRead;
    for line in std::io::stdin().lock().lines() {
        let sql = line?;
        if sql.trim().is_empty() {
            continue;
        }
        println!("{sql}");
        let plan: Vec<String> = match db {
            db::Database::Sqlite(pool) => {
                sqlx::query_as::<_, (i64, i64, i64, String)>(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .fetch_all(pool)
                    .await?
                    .into_iter()
                    .map(|(_, _, _, detail)| detail)
                    .collect()
            }
            db::Database::Postgres(pool) => {
                sqlx::query_scalar::<_, String>(&format!("EXPLAIN (ANALYZE, COSTS OFF) {sql}"))
                    .fetch_all(pool)
                    .await?
            }
        };
        for step in plan {
            println!("    {step}");
        }
        let started = Instant::now();
        let rows = match db {
            db::Database::Sqlite(pool) => sqlx::query(&sql).fetch_all(pool).await?.len(),
            db::Database::Postgres(pool) => sqlx::query(&sql).fetch_all(pool).await?.len(),
        };
        println!("    -> {rows} rows in {} ms\n", ms(started.elapsed()));
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL").context("set DATABASE_URL")?;
    if std::env::args().nth(1).as_deref() == Some("plans") {
        let db = db::connect_with(&url, Some(1)).await?;
        plans(&db).await?;
        db.close().await;
        return Ok(());
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let db = db::connect_with(&url, Some(1)).await?;
    // Before `tx` takes the pool's one connection.
    let order_cases = order_cases(&db).await?;
    let mut tx = db.conn().await?;
    let figures = tx
        .customer_search()
        .customer_figures(Utc::now(), Utc::now())
        .await?;
    let total = i64::try_from(figures.total)?;
    println!(
        "{} customers on {}, {runs} timed runs per case after one warm-up\n",
        figures.total,
        db.backend_name()
    );
    println!("| case | rows | total | median ms | slowest ms |");
    println!("|---|---:|---:|---:|---:|");
    let mut cases = cases(total);
    cases.extend(order_cases);
    for case in cases {
        let mut times = Vec::with_capacity(runs);
        let mut answer = (0, None);
        for i in 0..=runs {
            let started = Instant::now();
            answer = run(&mut tx, &case.call).await?;
            if i > 0 {
                times.push(started.elapsed());
            }
        }
        times.sort();
        let total = answer.1.map_or("-".into(), |t| t.to_string());
        println!(
            "| {} | {} | {} | {} | {} |",
            case.name,
            answer.0,
            total,
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
        );
    }
    drop(tx);
    db.close().await;
    Ok(())
}
