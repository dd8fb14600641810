//! A seeded database, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL:
//! every row the generator made is there, the stock is untouched, and a
//! demo customer logs in with the demo password and sees their orders
//! through the order service as the generator made them.

use std::collections::HashMap;
use std::sync::Arc;

use super::*;
use crate::auth::dto::LoginInput;
use crate::auth::session::{MemorySession, SessionHandle};
use crate::caller::ClientInfo;
use crate::db::testing::{fresh_database_url, Backend};
use crate::orders::dto::{OrderPageQuery, OrderStatus};
use crate::services::Services;

const CUSTOMERS: u64 = 1_500;
const ORDERS: u64 = 3;

async fn count(db: &Database, table: &str, filter: &str) -> u64 {
    let sql = format!("SELECT count(*) FROM {table} {filter}");
    let n: i64 = match db {
        Database::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
    }
    .expect("count");
    u64::try_from(n).expect("a count")
}

async fn stock(db: &Database) -> i64 {
    let sql = "SELECT COALESCE(SUM(stock), 0) FROM product";
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("stock")
}

async fn seeding_story(backend: Backend) {
    let Some(url) = fresh_database_url(backend).await.expect("a database") else {
        return;
    };
    let db = crate::db::connect(&url).await.expect("connect and migrate");
    let stock_before = stock(&db).await;
    assert!(!has_demo_customers(&db).await.expect("look"));
    let now = Utc::now()
        .duration_trunc(Duration::seconds(1))
        .expect("now");
    let request = Request {
        customers: CUSTOMERS,
        orders_per_customer: ORDERS,
        seed: 21,
    };
    let mut reported = Vec::new();
    let seeded = run_at(&db, request, now, |s| reported.push(s))
        .await
        .expect("seed");

    // What the generator makes, asked of it directly.
    let plan = Plan {
        orders_per_customer: ORDERS,
        catalogue: insert_orders::catalogue(&db).await.expect("catalogue"),
    };
    assert_eq!(plan.catalogue.products.len(), 8, "migration 0010's");
    let accounts: Vec<DemoAccount> = (0..CUSTOMERS)
        .map(|i| DemoAccount::new(21, 1 + i, i as f64 / CUSTOMERS as f64, now, &plan))
        .collect();
    let orders: Vec<&DemoOrder> = accounts.iter().flat_map(|a| &a.orders).collect();
    let expected = Seeded {
        customers: CUSTOMERS,
        addresses: accounts.iter().map(|a| a.addresses.len() as u64).sum(),
        orders: orders.len() as u64,
        items: orders.iter().map(|o| o.lines.len() as u64).sum(),
        status_changes: orders.iter().map(|o| o.history.len() as u64).sum(),
    };
    assert_eq!(seeded, expected);
    assert!(has_demo_customers(&db).await.expect("look"));
    assert_eq!(reported.len(), 2, "a report per batch");
    assert_eq!(reported.last(), Some(&seeded));
    assert_eq!(count(&db, "customer", "").await, expected.customers);
    assert_eq!(count(&db, "customer_address", "").await, expected.addresses);
    assert_eq!(count(&db, "customer_order", "").await, expected.orders);
    assert_eq!(count(&db, "order_item", "").await, expected.items);
    assert_eq!(
        count(&db, "order_status_change", "").await,
        expected.status_changes
    );
    let guests = orders.iter().filter(|o| o.guest).count() as u64;
    assert!(guests > 0);
    assert_eq!(
        count(&db, "customer_order", "WHERE customer_id IS NULL").await,
        guests
    );
    assert_eq!(
        count(&db, "customer_address", "WHERE default_shipping").await,
        CUSTOMERS
    );
    assert_eq!(stock(&db).await, stock_before, "demo orders are history");
    assert!(expected.orders > CUSTOMERS * 2, "{expected:?}");

    // A verified, active customer with orders of their own sees them.
    let account = accounts
        .iter()
        .filter(|a| a.customer.status == "active" && a.customer.email_verified_at.is_some())
        .max_by_key(|a| a.orders.len())
        .expect("a customer with orders");
    let services = Services::new(
        db.clone(),
        crate::auth::password::PasswordHasher::new(4, 2).expect("a hasher"),
    );
    let session: Arc<dyn SessionHandle> = Arc::new(MemorySession::default());
    let resolve = || {
        services
            .auth
            .resolve(Some(session.clone()), ClientInfo::default())
    };
    let caller = resolve().await.expect("a caller");
    let login = LoginInput {
        email: account.customer.email.clone(),
        password: DEMO_PASSWORD.into(),
    };
    services
        .auth
        .log_in(&caller, &login)
        .await
        .expect("the demo password logs in");
    let caller = resolve().await.expect("the customer");
    let query = OrderPageQuery {
        page: None,
        per_page: Some("100".into()),
    };
    let page = services.orders.list(&caller, &query).await.expect("orders");
    let mut own: Vec<&DemoOrder> = account.orders.iter().filter(|o| !o.guest).collect();
    own.reverse();
    assert_eq!(page.meta.total, own.len() as u64);
    let numbers: Vec<&str> = page.data.iter().map(|o| o.number.as_str()).collect();
    let generated: Vec<&str> = own.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, generated, "newest first");
    let by_number: HashMap<&str, &DemoOrder> =
        own.iter().map(|o| (o.number.as_str(), *o)).collect();
    for summary in &page.data {
        let order = by_number[summary.number.as_str()];
        assert_eq!(summary.status, order.status);
        assert_eq!(summary.total.amount, order.totals.total);
        let view = services
            .orders
            .get(&caller, &summary.number)
            .await
            .expect("the order");
        assert_eq!(view.items.len(), order.lines.len());
        assert_eq!(view.history.len(), order.history.len());
        assert_eq!(view.history[0].status, OrderStatus::Pending);
        assert_eq!(view.shipping_address.last_name, account.customer.last_name);
        assert_eq!(
            view.shipping_address.country,
            account.addresses[order.shipping].country
        );
    }
    db.close().await;
    drop_database(backend, &url).await;
}

/// A PostgreSQL test database is dropped once its story passed.
async fn drop_database(backend: Backend, url: &str) {
    use sqlx::Connection;
    let (Backend::Postgres, Some(admin)) = (backend, crate::db::testing::postgres_admin_url())
    else {
        return;
    };
    let Some((_, name)) = url.rsplit_once('/') else {
        return;
    };
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("admin");
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .expect("drop the test database");
}

#[tokio::test]
async fn seeding_on_sqlite_inserts_everything_and_customers_see_their_orders() {
    seeding_story(Backend::Sqlite).await;
}

#[tokio::test]
async fn seeding_on_postgres_inserts_everything_and_customers_see_their_orders() {
    if std::env::var("TEST_DATABASE_URL").map_or(true, |u| u.is_empty()) {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL seeding story is skipped");
        return;
    }
    seeding_story(Backend::Postgres).await;
}
