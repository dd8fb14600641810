//! The orders card of the account page: the three latest orders and the
//! way to all of them (or to a first one).

use customer_core::dto::OrderPage;
use customer_core::AppError;
use leptos::prelude::*;

use super::{day, items_count, order_path, StatusBadge, CHECKOUT_PATH, ORDERS_PATH};

#[component]
pub fn OrdersCard(latest: Result<OrderPage, AppError>) -> impl IntoView {
    let body = match latest {
        Ok(page) if page.data.is_empty() => {
            view! { <p class="muted">"No orders yet. What you buy shows here."</p> }.into_any()
        }
        Ok(page) => view! {
            <ul class="order-list" aria-label="Latest orders">
                {page
                    .data
                    .into_iter()
                    .map(|o| {
                        view! {
                            <li class="order-list-item" data-testid="latest-order">
                                <a href=order_path(&o.number)>{o.number.clone()}</a>
                                <span class="muted">{day(&o.placed_at)}</span>
                                <StatusBadge status=o.status/>
                                <span class="order-list-total">
                                    {format!("{} · {}", items_count(o.item_count), o.total.format())}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
        Err(e) => view! {
            <p class="field-error" role="alert">
                {format!("We could not load your orders: {}", e.message())}
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="card" aria-labelledby="orders-title">
            <div class="card-header">
                <h2 class="card-title" id="orders-title">"Orders"</h2>
            </div>
            <div class="card-body">{body}</div>
            <div class="card-footer">
                <a class="button button-secondary" href=ORDERS_PATH>"All your orders"</a>
                <a class="button button-ghost" href=CHECKOUT_PATH>"Shop"</a>
            </div>
        </section>
    }
}
