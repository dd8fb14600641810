//! Address books and orders on PostgreSQL: arrays bound once per column and
//! unnested into rows, so a batch costs a statement per table, not per row.

use anyhow::Context;
use sqlx::PgConnection;

use super::insert_orders::OrderRow;
use super::{Catalogue, DemoAddress, Seeded, DEMO_STAFF};

fn column<R, T>(rows: &[R], f: impl Fn(&R) -> T) -> Vec<T> {
    rows.iter().map(f).collect()
}

pub(super) async fn addresses(
    conn: &mut PgConnection,
    rows: &[(i64, &DemoAddress)],
) -> anyhow::Result<u64> {
    let done = sqlx::query(
        "INSERT INTO customer_address (public_id, customer_id, label, first_name, last_name,
             company, line1, line2, city, province, postal_code, country_code,
             default_shipping, default_billing, created_at, updated_at)
         SELECT public_id, customer_id, label, first_name, last_name, company, line1, line2,
                city, province, postal_code, country_code, default_shipping, default_billing,
                created_at, created_at
         FROM UNNEST($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $13::boolean[], $14::boolean[], $15::timestamptz[])
              AS t(public_id, customer_id, label, first_name, last_name, company, line1, line2,
                   city, province, postal_code, country_code, default_shipping,
                   default_billing, created_at)
         ON CONFLICT DO NOTHING",
    )
    .bind(column(rows, |(_, a)| a.public_id.clone()))
    .bind(column(rows, |(id, _)| *id))
    .bind(column(rows, |(_, a)| a.label))
    .bind(column(rows, |(_, a)| a.first_name.clone()))
    .bind(column(rows, |(_, a)| a.last_name.clone()))
    .bind(column(rows, |(_, a)| a.company.clone()))
    .bind(column(rows, |(_, a)| a.line1.clone()))
    .bind(column(rows, |(_, a)| a.line2.clone()))
    .bind(column(rows, |(_, a)| a.city))
    .bind(column(rows, |(_, a)| a.province))
    .bind(column(rows, |(_, a)| a.postal_code))
    .bind(column(rows, |(_, a)| a.country))
    .bind(column(rows, |(_, a)| a.default_shipping))
    .bind(column(rows, |(_, a)| a.default_billing))
    .bind(column(rows, |(_, a)| a.created_at))
    .execute(conn)
    .await
    .context("could not insert demo addresses (PostgreSQL)")?;
    Ok(done.rows_affected())
}

/// The orders, then their lines and statuses joined to the orders that went
/// in by number (one taken already is skipped), in one statement.
pub(super) async fn orders(
    conn: &mut PgConnection,
    rows: &[OrderRow<'_>],
    catalogue: &Catalogue,
) -> anyhow::Result<Seeded> {
    if rows.is_empty() {
        return Ok(Seeded::default());
    }
    let lines: Vec<(&str, i32, &super::DemoLine)> = rows
        .iter()
        .flat_map(|r| {
            let number = r.order.number.as_str();
            r.order
                .lines
                .iter()
                .zip(0..)
                .map(move |(l, p)| (number, p, l))
        })
        .collect();
    let statuses: Vec<(&str, i32, &'static str, i64)> = rows
        .iter()
        .flat_map(|r| {
            let number = r.order.number.as_str();
            r.order
                .history
                .iter()
                .zip(0..)
                .map(move |((s, at), p)| (number, p, s.as_str(), *at))
        })
        .collect();
    let product = |i: usize| catalogue.products.get(i);
    let (orders, items, changes): (i64, i64, i64) = sqlx::query_as(
        "WITH o AS (
             INSERT INTO customer_order (number, customer_id, email, status, currency,
                 subtotal_minor, shipping_minor, tax_minor, total_minor, item_count,
                 shipping_address, billing_address, placed_at_ms, updated_at_ms)
             SELECT * FROM UNNEST($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                 $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::integer[],
                 $11::text[], $12::text[], $13::bigint[], $14::bigint[])
             ON CONFLICT DO NOTHING
             RETURNING id, number
         ), i AS (
             INSERT INTO order_item (order_id, position, sku, name, unit_price_minor, quantity,
                 line_total_minor)
             SELECT o.id, t.position, t.sku, t.name, t.unit, t.quantity, t.line_total
             FROM UNNEST($15::text[], $16::integer[], $17::text[], $18::text[], $19::bigint[],
                         $20::integer[], $21::bigint[])
                  AS t(number, position, sku, name, unit, quantity, line_total)
             JOIN o ON o.number = t.number
             RETURNING 1
         ), s AS (
             INSERT INTO order_status_change (order_id, position, status, at_ms, actor_name)
             SELECT o.id, t.position, t.status, t.at_ms,
                    CASE WHEN t.position > 0 THEN $26::text END
             FROM UNNEST($22::text[], $23::integer[], $24::text[], $25::bigint[])
                  AS t(number, position, status, at_ms)
             JOIN o ON o.number = t.number
             RETURNING 1
         )
         SELECT (SELECT count(*) FROM o), (SELECT count(*) FROM i), (SELECT count(*) FROM s)",
    )
    .bind(column(rows, |r| r.order.number.clone()))
    .bind(column(rows, |r| r.customer_id))
    .bind(column(rows, |r| r.email.to_owned()))
    .bind(column(rows, |r| r.order.status.as_str()))
    .bind(column(rows, |r| r.order.currency.clone()))
    .bind(column(rows, |r| r.order.totals.subtotal))
    .bind(column(rows, |r| r.order.totals.shipping))
    .bind(column(rows, |r| r.order.totals.tax))
    .bind(column(rows, |r| r.order.totals.total))
    .bind(column(rows, |r| r.order.item_count))
    .bind(column(rows, |r| r.shipping.to_owned()))
    .bind(column(rows, |r| r.billing.to_owned()))
    .bind(column(rows, |r| r.order.placed_at_ms))
    .bind(column(rows, |r| r.order.updated_at_ms))
    .bind(column(&lines, |(n, _, _)| n.to_string()))
    .bind(column(&lines, |(_, p, _)| *p))
    .bind(column(&lines, |(_, _, l)| {
        product(l.product).map_or("", |p| p.sku.as_str()).to_owned()
    }))
    .bind(column(&lines, |(_, _, l)| {
        product(l.product)
            .map_or("", |p| p.name.as_str())
            .to_owned()
    }))
    .bind(column(&lines, |(_, _, l)| l.unit_price_minor))
    .bind(column(&lines, |(_, _, l)| l.quantity))
    .bind(column(&lines, |(_, _, l)| l.line_total_minor))
    .bind(column(&statuses, |(n, _, _, _)| n.to_string()))
    .bind(column(&statuses, |(_, p, _, _)| *p))
    .bind(column(&statuses, |(_, _, s, _)| *s))
    .bind(column(&statuses, |(_, _, _, at)| *at))
    .bind(DEMO_STAFF)
    .fetch_one(conn)
    .await
    .context("could not insert demo orders (PostgreSQL)")?;
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    Ok(Seeded {
        orders: count(orders),
        items: count(items),
        status_changes: count(changes),
        ..Seeded::default()
    })
}
