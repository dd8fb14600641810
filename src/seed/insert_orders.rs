//! The demo customers' address books and orders, written in the batch's
//! transaction once the customers went in: on PostgreSQL one `UNNEST`
//! statement for the addresses and one for the orders with their lines and
//! statuses (data-modifying CTEs joined on the order number); on SQLite
//! multi-row `VALUES`, the orders `RETURNING` their ids for the lines.

use std::collections::HashMap;

use anyhow::Context;
use sqlx::{QueryBuilder, Sqlite};

use super::{Catalogue, DemoAccount, DemoAddress, DemoOrder, Product, Seeded, DEMO_STAFF};
use crate::db::{Database, Tx};

/// The demo catalogue: the `product` table in shelf order, the products in
/// the first one's currency.
pub(super) async fn catalogue(db: &Database) -> anyhow::Result<Catalogue> {
    let sql = "SELECT sku, name, currency, price_minor FROM product ORDER BY position, id";
    let rows: Vec<(String, String, String, i64)> = match db {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .context("could not read the catalogue")?;
    let currency = rows
        .first()
        .map_or_else(|| "USD".to_owned(), |r| r.2.clone());
    let products = rows
        .into_iter()
        .filter(|r| r.2 == currency)
        .map(|(sku, name, _, price_minor)| Product {
            sku,
            name,
            price_minor,
        })
        .collect();
    Ok(Catalogue { currency, products })
}

/// An order ready to write: whose, and its address snapshots.
pub(super) struct OrderRow<'a> {
    pub customer_id: Option<i64>,
    pub email: &'a str,
    pub order: &'a DemoOrder,
    pub shipping: &'a str,
    pub billing: &'a str,
}

fn order_rows<'a>(accounts: &'a [(i64, &'a DemoAccount)]) -> Vec<OrderRow<'a>> {
    let snapshot = |addresses: &'a [DemoAddress], i: usize| {
        addresses.get(i).map_or("{}", |a| a.snapshot.as_str())
    };
    accounts
        .iter()
        .flat_map(|(id, account)| {
            account.orders.iter().map(move |order| OrderRow {
                customer_id: (!order.guest).then_some(*id),
                email: account.customer.email.as_str(),
                order,
                shipping: snapshot(&account.addresses, order.shipping),
                billing: snapshot(&account.addresses, order.billing),
            })
        })
        .collect()
}

/// Writes the address books and orders of `accounts` (customer id, account).
pub(super) async fn accounts(
    tx: &mut Tx,
    accounts: &[(i64, &DemoAccount)],
    catalogue: &Catalogue,
) -> anyhow::Result<Seeded> {
    let addresses: Vec<(i64, &DemoAddress)> = accounts
        .iter()
        .flat_map(|(id, a)| a.addresses.iter().map(move |address| (*id, address)))
        .collect();
    let orders = order_rows(accounts);
    match tx {
        Tx::Postgres(tx) => {
            let conn = tx.conn_mut();
            let mut seeded = super::insert_pg::orders(conn, &orders, catalogue).await?;
            seeded.addresses = super::insert_pg::addresses(conn, &addresses).await?;
            Ok(seeded)
        }
        Tx::Sqlite(tx) => {
            let conn = tx.conn_mut();
            let mut seeded = Seeded::default();
            for chunk in addresses.chunks(2_000) {
                seeded.addresses += sqlite_addresses(conn, chunk).await?;
            }
            let mut ids: HashMap<String, i64> = HashMap::with_capacity(orders.len());
            for chunk in orders.chunks(2_000) {
                ids.extend(
                    sqlite_orders(conn, chunk)
                        .await?
                        .into_iter()
                        .map(|(id, number)| (number, id)),
                );
            }
            seeded.orders = ids.len() as u64;
            let inserted: Vec<(i64, &DemoOrder)> = orders
                .iter()
                .filter_map(|r| Some((*ids.get(r.order.number.as_str())?, r.order)))
                .collect();
            let (items, statuses) = rows_of(&inserted);
            for chunk in items.chunks(4_000) {
                seeded.items += sqlite_items(conn, chunk, catalogue).await?;
            }
            for chunk in statuses.chunks(6_000) {
                seeded.status_changes += sqlite_statuses(conn, chunk).await?;
            }
            Ok(seeded)
        }
    }
}

/// An order's line: (order id, position, line).
type ItemOf<'a> = (i64, i32, &'a super::DemoLine);
/// An order's status change: (order id, position, status, at).
type StatusOf = (i64, i32, &'static str, i64);

fn rows_of<'a>(orders: &[(i64, &'a DemoOrder)]) -> (Vec<ItemOf<'a>>, Vec<StatusOf>) {
    let mut items = Vec::new();
    let mut statuses = Vec::new();
    for (id, order) in orders {
        items.extend(order.lines.iter().zip(0..).map(|(l, p)| (*id, p, l)));
        statuses.extend(
            order
                .history
                .iter()
                .zip(0..)
                .map(|((s, at), p)| (*id, p, s.as_str(), *at)),
        );
    }
    (items, statuses)
}

async fn sqlite_addresses(
    conn: &mut sqlx::SqliteConnection,
    rows: &[(i64, &DemoAddress)],
) -> anyhow::Result<u64> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "INSERT INTO customer_address (public_id, customer_id, label, first_name, last_name, \
         company, line1, line2, city, province, postal_code, country_code, default_shipping, \
         default_billing, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut row, (id, a)| {
        row.push_bind(a.public_id.clone())
            .push_bind(*id)
            .push_bind(a.label)
            .push_bind(a.first_name.clone())
            .push_bind(a.last_name.clone())
            .push_bind(a.company.clone())
            .push_bind(a.line1.clone())
            .push_bind(a.line2.clone())
            .push_bind(a.city)
            .push_bind(a.province)
            .push_bind(a.postal_code)
            .push_bind(a.country)
            .push_bind(a.default_shipping)
            .push_bind(a.default_billing)
            .push_bind(a.created_at)
            .push_bind(a.created_at);
    });
    qb.push(" ON CONFLICT DO NOTHING");
    let done = qb
        .build()
        .persistent(false)
        .execute(conn)
        .await
        .context("could not insert demo addresses (SQLite)")?;
    Ok(done.rows_affected())
}

async fn sqlite_orders(
    conn: &mut sqlx::SqliteConnection,
    rows: &[OrderRow<'_>],
) -> anyhow::Result<Vec<(i64, String)>> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "INSERT INTO customer_order (number, customer_id, email, status, currency, \
         subtotal_minor, shipping_minor, tax_minor, total_minor, item_count, shipping_address, \
         billing_address, placed_at_ms, updated_at_ms) ",
    );
    qb.push_values(rows, |mut row, r| {
        let o = r.order;
        row.push_bind(o.number.clone())
            .push_bind(r.customer_id)
            .push_bind(r.email.to_owned())
            .push_bind(o.status.as_str())
            .push_bind(o.currency.clone())
            .push_bind(o.totals.subtotal)
            .push_bind(o.totals.shipping)
            .push_bind(o.totals.tax)
            .push_bind(o.totals.total)
            .push_bind(o.item_count)
            .push_bind(r.shipping.to_owned())
            .push_bind(r.billing.to_owned())
            .push_bind(o.placed_at_ms)
            .push_bind(o.updated_at_ms);
    });
    qb.push(" ON CONFLICT DO NOTHING RETURNING id, number");
    qb.build_query_as()
        .persistent(false)
        .fetch_all(conn)
        .await
        .context("could not insert demo orders (SQLite)")
}

async fn sqlite_items(
    conn: &mut sqlx::SqliteConnection,
    rows: &[ItemOf<'_>],
    catalogue: &Catalogue,
) -> anyhow::Result<u64> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "INSERT INTO order_item (order_id, position, sku, name, unit_price_minor, quantity, \
         line_total_minor) ",
    );
    qb.push_values(rows, |mut row, (id, position, line)| {
        let product = catalogue.products.get(line.product);
        row.push_bind(*id)
            .push_bind(*position)
            .push_bind(product.map_or("", |p| p.sku.as_str()).to_owned())
            .push_bind(product.map_or("", |p| p.name.as_str()).to_owned())
            .push_bind(line.unit_price_minor)
            .push_bind(line.quantity)
            .push_bind(line.line_total_minor);
    });
    let done = qb
        .build()
        .persistent(false)
        .execute(conn)
        .await
        .context("could not insert demo order lines (SQLite)")?;
    Ok(done.rows_affected())
}

async fn sqlite_statuses(
    conn: &mut sqlx::SqliteConnection,
    rows: &[StatusOf],
) -> anyhow::Result<u64> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "INSERT INTO order_status_change (order_id, position, status, at_ms, actor_name) ",
    );
    qb.push_values(rows, |mut row, (id, position, status, at)| {
        row.push_bind(*id)
            .push_bind(*position)
            .push_bind(*status)
            .push_bind(*at)
            .push_bind((*position > 0).then_some(DEMO_STAFF));
    });
    let done = qb
        .build()
        .persistent(false)
        .execute(conn)
        .await
        .context("could not insert demo order statuses (SQLite)")?;
    Ok(done.rows_affected())
}
