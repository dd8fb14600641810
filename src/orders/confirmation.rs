//! The order confirmation mail: what was ordered, the totals, where it
//! goes, and for an order in an account a link to it.

use crate::db::Tx;
use crate::mail::{self, Message, ShopInfo};
use crate::orders::dto::OrderView;
use crate::services::ServiceError;

/// The order confirmation, to the order's email, sent only if the
/// order commits.
pub(crate) async fn queue(
    tx: &mut Tx,
    shop: &ShopInfo,
    order: &OrderView,
    in_account: bool,
    now: i64,
) -> Result<(), ServiceError> {
    let mut lines: Vec<String> = order
        .items
        .iter()
        .map(|i| format!("{} x {}: {}", i.quantity, i.name, i.line_total.format()))
        .collect();
    for (label, amount) in [
        ("Subtotal", &order.subtotal),
        ("Shipping", &order.shipping),
        ("Tax", &order.tax),
        ("Total", &order.total),
    ] {
        lines.push(format!("{label}: {}", amount.format()));
    }
    let message = Message::OrderPlaced {
        first_name: order.shipping_address.first_name.clone(),
        number: order.number.clone(),
        lines,
        ship_to: order.shipping_address.lines().join(", "),
        link: in_account.then(|| format!("{}/account/orders/{}", shop.base_url, order.number)),
    };
    mail::queue(tx, shop, &order.email, &message, now).await?;
    Ok(())
}
