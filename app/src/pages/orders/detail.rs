//! `/account/orders/:number`: one of the customer's orders: its lines and
//! totals, where it goes, and every status it has had. Another customer's
//! number is simply not found.

use customer_core::dto::OrderView;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::history::load_failed;
use super::{day, OrderAddresses, OrderLines, StatusBadge, StatusHistory, ORDERS_PATH};
use crate::api::get_order;

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let order = Resource::new(
        move || params.with(|p| p.get("number").unwrap_or_default()),
        get_order,
    );
    view! {
        <p class="back-link">
            <a href=ORDERS_PATH>"← Your orders"</a>
        </p>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the order…"</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(order) => view! { <OrderDetail order/> }.into_any(),
                    Err(AppError::NotFound { message }) => {
                        view! {
                            <Title text="Order not found"/>
                            <h1 class="page-title">"Order not found"</h1>
                            <div class="alert alert-error" role="alert">{message}</div>
                            <a class="button button-secondary" href=ORDERS_PATH>"Back to your orders"</a>
                        }
                            .into_any()
                    }
                    Err(e) => load_failed(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrderDetail(order: OrderView) -> impl IntoView {
    let title = format!("Order {}", order.number);
    view! {
        <Title text=title.clone()/>
        <div class="order-head">
            <h1 class="page-title">{title}</h1>
            <StatusBadge status=order.status/>
        </div>
        <p class="page-lead">
            {format!("Placed on {} · confirmation to {}", day(&order.placed_at), order.email)}
        </p>
        <div class="order-layout">
            <section class="card" aria-label="Items and totals">
                <div class="card-body">
                    <OrderLines order=order.clone()/>
                </div>
            </section>
            <OrderAddresses order=order.clone()/>
            <StatusHistory order/>
        </div>
    }
}
