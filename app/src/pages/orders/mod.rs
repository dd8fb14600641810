//! Orders in the storefront: checkout (`/checkout`, with its confirmation),
//! the customer's history (`/account/orders`), one order
//! (`/account/orders/:number`) and the dashboard's orders card. The pieces
//! that show an order (its lines, totals, addresses, statuses, a list of
//! orders and its pages) are here, and the admin's order pages use them too.

pub mod card;
pub mod checkout;
mod checkout_address;
mod checkout_form;
mod confirmation;
pub mod detail;
pub mod history;

use customer_core::dto::{OrderAddress, OrderPageMeta, OrderStatus, OrderSummary, OrderView};
use leptos::prelude::*;

pub use crate::api::{order_path, CHECKOUT_PATH, ORDERS_PATH};

/// `2026-12-02T09:40:20Z` as `2026-12-02`.
pub fn day(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_string()
}

/// `2026-12-02T09:40:20Z` as `2026-12-02 09:40 UTC`.
pub fn at(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

/// "1 item", "3 items".
pub fn items_count(n: u32) -> String {
    match n {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    }
}

#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    view! {
        <span class=format!("badge order-status order-status-{}", status.as_str()) data-testid="order-status">
            {status.label()}
        </span>
    }
}

/// The order's lines and its totals.
#[component]
pub fn OrderLines(order: OrderView) -> impl IntoView {
    let rows = order
        .items
        .iter()
        .map(|item| {
            view! {
                <tr>
                    <td>
                        {item.name.clone()}
                        <span class="muted order-sku">{item.sku.clone()}</span>
                    </td>
                    <td class="num">{item.unit_price.format()}</td>
                    <td class="num">{item.quantity}</td>
                    <td class="num">{item.line_total.format()}</td>
                </tr>
            }
        })
        .collect_view();
    let total = |label: &'static str, amount: String, class: &'static str| {
        view! {
            <tr class=class>
                <th scope="row" colspan="3">{label}</th>
                <td class="num">{amount}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="table order-lines" aria-label="Items">
                <thead>
                    <tr>
                        <th scope="col">"Product"</th>
                        <th scope="col" class="num">"Price"</th>
                        <th scope="col" class="num">"Quantity"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot data-testid="order-totals">
                    {total("Subtotal", order.subtotal.format(), "order-subtotal")}
                    {total("Shipping", order.shipping.format(), "order-shipping")}
                    {total("Tax", order.tax.format(), "order-tax")}
                    {total("Total", order.total.format(), "order-total")}
                </tfoot>
            </table>
        </div>
    }
}

/// An order's address as a postal label.
#[component]
pub fn OrderAddressLines(address: OrderAddress) -> impl IntoView {
    let phone = address.phone.clone();
    view! {
        <address class="address-lines">
            {address
                .lines()
                .into_iter()
                .map(|line| view! { <span class="address-line">{line}</span> })
                .collect_view()}
            {phone.map(|p| view! { <span class="address-line address-phone">{format!("Phone: {p}")}</span> })}
        </address>
    }
}

/// Where the order goes and who pays for it.
#[component]
pub fn OrderAddresses(order: OrderView) -> impl IntoView {
    view! {
        <div class="order-addresses">
            <section class="card" aria-labelledby="shipping-to">
                <div class="card-body">
                    <h2 class="card-subtitle" id="shipping-to">"Shipping address"</h2>
                    <OrderAddressLines address=order.shipping_address/>
                </div>
            </section>
            <section class="card" aria-labelledby="billing-to">
                <div class="card-body">
                    <h2 class="card-subtitle" id="billing-to">"Billing address"</h2>
                    <OrderAddressLines address=order.billing_address/>
                </div>
            </section>
        </div>
    }
}

/// Every status the order has had, oldest first.
#[component]
pub fn StatusHistory(order: OrderView) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="status-history">
            <div class="card-body">
                <h2 class="card-subtitle" id="status-history">"Status history"</h2>
                <ol class="status-history" data-testid="status-history">
                    {order
                        .history
                        .into_iter()
                        .map(|change| {
                            view! {
                                <li>
                                    <StatusBadge status=change.status/>
                                    " "
                                    <time datetime=change.at.clone()>{at(&change.at)}</time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </div>
        </section>
    }
}

/// A page of orders as a table; each number links to `link(number)`.
#[component]
pub fn OrdersTable(orders: Vec<OrderSummary>, link: fn(&str) -> String) -> impl IntoView {
    let rows = orders
        .into_iter()
        .map(|o| {
            view! {
                <tr data-testid="order-row">
                    <th scope="row">
                        <a href=link(&o.number)>{o.number.clone()}</a>
                    </th>
                    <td><time datetime=o.placed_at.clone()>{day(&o.placed_at)}</time></td>
                    <td><StatusBadge status=o.status/></td>
                    <td class="num">{items_count(o.item_count)}</td>
                    <td class="num">{o.total.format()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table orders-table" aria-label="Orders">
                <thead>
                    <tr>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Placed"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Items"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// "← Previous · Page 2 of 3 · Next →" as links built by `href(page)`, so
/// the pages work without JavaScript.
#[component]
pub fn OrderPager(meta: OrderPageMeta, href: Callback<u32, String>) -> impl IntoView {
    let pages = meta.pages();
    let page = u64::from(meta.page);
    let prev = (page > 1).then(|| href.run(meta.page - 1));
    let next = (page < pages).then(|| href.run(meta.page + 1));
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Order pages">
                {match prev {
                    Some(href) => view! { <a class="button button-secondary" href=href rel="prev">"← Newer"</a> }.into_any(),
                    None => view! { <span class="button button-secondary" aria-disabled="true">"← Newer"</span> }.into_any(),
                }}
                <span class="pager-where" data-testid="pager-where">{format!("Page {page} of {pages}")}</span>
                {match next {
                    Some(href) => view! { <a class="button button-secondary" href=href rel="next">"Older →"</a> }.into_any(),
                    None => view! { <span class="button button-secondary" aria-disabled="true">"Older →"</span> }.into_any(),
                }}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_short() {
        assert_eq!(day("2026-12-02T09:40:20Z"), "2026-12-02");
        assert_eq!(at("2026-12-02T09:40:20Z"), "2026-12-02 09:40 UTC");
        assert_eq!(at("soon"), "soon");
        assert_eq!(items_count(1), "1 item");
        assert_eq!(items_count(12), "12 items");
    }
}
