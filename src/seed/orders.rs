//! A demo customer's order history: how many orders (0 to twice the run's
//! average), when (between sign-up and now), what (1 to 4 lines of the
//! catalogue, 1 to 3 of each), the totals by the shop's pricing on the
//! shipping country, the number, and the statuses the order went through,
//! as its age makes likely.

use chrono::{DateTime, Utc};

use super::account::{DemoAddress, Plan, MAX_ORDERS_PER_CUSTOMER};
use super::mix::{permute40, Mix};
use super::DemoCustomer;
use crate::orders::domain::number;
use crate::orders::domain::pricing::{totals, Totals};
use crate::orders::dto::OrderStatus;

/// A product as orders copy it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub price_minor: i64,
}

/// The products demo orders are drawn from, all in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub currency: String,
    pub products: Vec<Product>,
}

/// One line of a demo order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLine {
    /// Index in the catalogue's products.
    pub product: usize,
    pub unit_price_minor: i64,
    pub quantity: i32,
    pub line_total_minor: i64,
}

/// One demo order, before insertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrder {
    pub number: String,
    /// Placed without logging in: no customer id (yet), the same email.
    pub guest: bool,
    pub status: OrderStatus,
    pub currency: String,
    pub totals: Totals,
    /// Units over every line.
    pub item_count: i32,
    /// Indexes in the customer's addresses.
    pub shipping: usize,
    pub billing: usize,
    pub placed_at_ms: i64,
    /// When the last status was reached.
    pub updated_at_ms: i64,
    pub lines: Vec<DemoLine>,
    /// Every status with its time, `pending` at `placed_at_ms` first.
    pub history: Vec<(OrderStatus, i64)>,
}

/// Who moved demo orders along (`order_status_change.actor_name`).
pub const DEMO_STAFF: &str = "Demo staff";

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

pub(super) fn orders_for(
    seed: u64,
    n: u64,
    customer: &DemoCustomer,
    addresses: &[DemoAddress],
    plan: &Plan,
    mix: &mut Mix,
    now: DateTime<Utc>,
) -> Vec<DemoOrder> {
    let average = plan.orders_per_customer;
    if average == 0 || plan.catalogue.products.is_empty() || addresses.is_empty() {
        return Vec::new();
    }
    let count = mix.below(2 * average + 1).min(MAX_ORDERS_PER_CUSTOMER);
    // The first order at least ten minutes after signing up, the last a
    // minute before now; none when that leaves no room.
    let now_ms = now.timestamp_millis();
    let earliest = customer.created_at.timestamp_millis() + 10 * MINUTE;
    let latest = now_ms - MINUTE;
    if latest <= earliest {
        return Vec::new();
    }
    let mut placed: Vec<i64> = (0..count).map(|_| mix.between(earliest, latest)).collect();
    placed.sort_unstable();
    let guest_share = if customer.email_verified_at.is_some() {
        0
    } else {
        10
    };
    placed
        .into_iter()
        .zip(0u64..)
        .map(|(placed_at_ms, j)| {
            let shipping = if addresses.len() > 1 && mix.chance(15) {
                1
            } else {
                addresses
                    .iter()
                    .position(|a| a.default_shipping)
                    .unwrap_or(0)
            };
            let billing = addresses
                .iter()
                .position(|a| a.default_billing)
                .unwrap_or(0);
            let country = addresses.get(shipping).map_or("US", |a| a.country);
            let lines = lines(mix, &plan.catalogue);
            let subtotal = lines.iter().map(|l| l.line_total_minor).sum();
            let history = history(mix, placed_at_ms, now_ms);
            let (status, updated_at_ms) = history
                .last()
                .copied()
                .unwrap_or((OrderStatus::Pending, placed_at_ms));
            DemoOrder {
                number: number::from_bits(permute40(n << 8 | j, seed)),
                guest: mix.chance(guest_share),
                status,
                currency: plan.catalogue.currency.clone(),
                totals: totals(subtotal, country),
                item_count: lines.iter().map(|l| l.quantity).sum(),
                shipping,
                billing,
                placed_at_ms,
                updated_at_ms,
                lines,
                history,
            }
        })
        .collect()
}

/// 1 to 4 lines (fewer more likely) of distinct products, 1 to 3 of each.
fn lines(mix: &mut Mix, catalogue: &Catalogue) -> Vec<DemoLine> {
    let wanted = match mix.below(10) {
        0..=3 => 1,
        4..=6 => 2,
        7..=8 => 3,
        _ => 4,
    }
    .min(catalogue.products.len());
    let mut chosen: Vec<usize> = Vec::with_capacity(wanted);
    while chosen.len() < wanted {
        let i = mix.index(catalogue.products.len());
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen
        .into_iter()
        .map(|product| {
            let unit = catalogue.products.get(product).map_or(0, |p| p.price_minor);
            let quantity = match mix.below(10) {
                0..=5 => 1,
                6..=8 => 2,
                _ => 3,
            };
            DemoLine {
                product,
                unit_price_minor: unit,
                quantity,
                line_total_minor: unit * i64::from(quantity),
            }
        })
        .collect()
}

/// The statuses of an order placed at `placed` (ms), as likely at its age:
/// recent orders still pending, paid or shipped, older ones delivered, a
/// few cancelled or refunded. Each change comes after the one before and
/// none after `now` (the gaps shrink to fit when the order is recent).
fn history(mix: &mut Mix, placed: i64, now: i64) -> Vec<(OrderStatus, i64)> {
    use OrderStatus::{Cancelled, Delivered, Paid, Pending, Refunded, Shipped};
    let age_hours = (now - placed) / HOUR;
    let roll = mix.below(100);
    let path: &[OrderStatus] = match age_hours {
        0..=5 => match roll {
            0..=69 => &[],
            70..=94 => &[Paid],
            _ => &[Cancelled],
        },
        6..=47 => match roll {
            0..=14 => &[],
            15..=59 => &[Paid],
            60..=89 => &[Paid, Shipped],
            _ => &[Cancelled],
        },
        48..=167 => match roll {
            0..=4 => &[Paid],
            5..=49 => &[Paid, Shipped],
            50..=89 => &[Paid, Shipped, Delivered],
            90..=94 => &[Cancelled],
            _ => &[Paid, Refunded],
        },
        _ => match roll {
            0..=87 => &[Paid, Shipped, Delivered],
            88..=93 => &[Cancelled],
            94..=96 => &[Paid, Refunded],
            _ => &[Paid, Shipped, Delivered, Refunded],
        },
    };
    let gaps: Vec<i64> = path
        .iter()
        .map(|status| match status {
            Paid => mix.between(2 * MINUTE, 6 * HOUR),
            Shipped => mix.between(6 * HOUR, 3 * DAY),
            Delivered => mix.between(DAY, 6 * DAY),
            Cancelled => mix.between(10 * MINUTE, 2 * DAY),
            Refunded | Pending => mix.between(HOUR, 20 * DAY),
        })
        .collect();
    // Squeezed into nine tenths of the time there is, when they overflow.
    let room = (now - placed) * 9 / 10;
    let total: i64 = gaps.iter().sum();
    let scale = if total > room {
        room as f64 / total as f64
    } else {
        1.0
    };
    let mut at = placed;
    let mut history = vec![(Pending, placed)];
    for (status, gap) in path.iter().zip(gaps) {
        at += ((gap as f64 * scale) as i64).max(1);
        history.push((*status, at));
    }
    history
}
