//! What checkout shows once the order is placed: its number, what is in
//! it and what it costs, and what became of the account asked for.

use customer_core::dto::{CheckoutAccount, OrderView};
use leptos::prelude::*;
use leptos_meta::Title;

use super::{order_path, OrderAddresses, OrderLines, CHECKOUT_PATH, ORDERS_PATH};

/// Where an existing account's owner logs in to see the order.
const LOG_IN_FOR_ORDERS: &str = "/account/login?next=/account/orders";

#[component]
pub fn Confirmation(
    number: String,
    /// The order, when the customer may see it (a guest without
    /// JavaScript only has its number).
    order: Option<OrderView>,
    account: Option<CheckoutAccount>,
) -> impl IntoView {
    let mine = order.as_ref().is_some_and(|o| !o.guest);
    let account_notice = match account {
        Some(CheckoutAccount::Created) => Some(
            view! {
                <div class="alert alert-success" role="status" data-testid="account-notice">
                    "Your account was created with this order's email, and the order is in it. "
                    <a href=ORDERS_PATH>"See your orders"</a>
                </div>
            }
            .into_any(),
        ),
        Some(CheckoutAccount::Exists) => Some(
            view! {
                <div class="alert alert-info" role="status" data-testid="account-notice">
                    "An account already uses this email. "
                    <a href=LOG_IN_FOR_ORDERS>"Log in"</a>
                    " to see this order in your history."
                </div>
            }
            .into_any(),
        ),
        None => None,
    };
    let details = match order {
        Some(order) => view! {
            <p class="page-lead">
                {format!("We will confirm it at {}. You pay when it ships.", order.email)}
            </p>
            <section class="card" aria-label="Items and totals">
                <div class="card-body">
                    <OrderLines order=order.clone()/>
                </div>
            </section>
            <OrderAddresses order/>
        }
        .into_any(),
        None => view! {
            <p class="page-lead">
                "Keep your order number: quote it if you get in touch with us."
            </p>
        }
        .into_any(),
    };
    let own_page = mine.then(|| {
        view! { <a class="button button-secondary" href=order_path(&number)>"View this order"</a> }
    });
    view! {
        <Title text="Thank you for your order"/>
        <h1 class="page-title">"Thank you for your order"</h1>
        <p class="order-number">
            "Your order number is " <strong data-testid="order-number">{number.clone()}</strong> "."
        </p>
        {account_notice}
        <div class="order-layout">{details}</div>
        <div class="form-actions">
            {own_page}
            // A page load, so the form starts afresh (the stock has changed).
            <a class="button button-ghost" href=CHECKOUT_PATH rel="external">"Place another order"</a>
        </div>
    }
}
