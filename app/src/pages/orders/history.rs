//! `/account/orders`: the customer's orders, newest first, a page at a
//! time (`?page=`), or the way to a first one.

use customer_core::dto::OrderPage;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::{order_path, OrderPager, OrdersTable, CHECKOUT_PATH, ORDERS_PATH};
use crate::api::my_orders;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let query = use_query_map();
    let orders = Resource::new(move || query.with(|q| q.get("page")), my_orders);
    view! {
        <Title text="Your orders"/>
        <p class="back-link">
            <a href="/account">"← Your account"</a>
        </p>
        <h1 class="page-title">"Your orders"</h1>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading your orders…"</p> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(page) => view! { <Orders page/> }.into_any(),
                    Err(e) => load_failed(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn Orders(page: OrderPage) -> impl IntoView {
    if page.meta.total == 0 {
        return view! {
            <section class="card empty-state">
                <div class="card-body stack">
                    <h2 class="card-title">"No orders yet"</h2>
                    <p class="muted">"When you place an order, it shows here with its status."</p>
                    <p>
                        <a class="button button-primary" href=CHECKOUT_PATH>"Start shopping"</a>
                    </p>
                </div>
            </section>
        }
        .into_any();
    }
    let lead = match page.meta.total {
        1 => "1 order.".to_string(),
        n => format!("{n} orders, newest first."),
    };
    let empty_page = page.data.is_empty();
    view! {
        <p class="page-lead">{lead}</p>
        {if empty_page {
            view! {
                <p class="muted">"There are no orders on this page."</p>
                <a class="button button-secondary" href=ORDERS_PATH>"Back to the first page"</a>
            }
                .into_any()
        } else {
            view! { <OrdersTable orders=page.data link=order_path/> }.into_any()
        }}
        <OrderPager meta=page.meta href=Callback::new(|n: u32| format!("{ORDERS_PATH}?page={n}"))/>
    }
    .into_any()
}

/// The login page for a visitor who is not logged in (as the other account
/// pages), else why the orders could not be shown.
pub fn load_failed(error: AppError) -> AnyView {
    match error {
        AppError::Unauthorized { .. } => view! { <Redirect path="/account/login"/> }.into_any(),
        e => view! {
            <div class="alert alert-error" role="alert">
                {format!("We could not load your orders: {}", e.message())}
            </div>
        }
        .into_any(),
    }
}
