//! The customer page's orders: newest first, a page at a time
//! (`?orders_page=`, links, so it pages without JavaScript), each linking
//! to the admin's order page.

use customer_core::dto::OrderPage;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{admin_customer_orders, admin_customer_path, admin_order_path};
use crate::pages::orders::{OrderPager, OrdersTable};

/// The customer's orders at `?orders_page=`. Made by the customer page
/// itself, not in the part it redraws (see `history_resource`).
pub fn orders_resource(id: String) -> Resource<Result<OrderPage, AppError>> {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("orders_page")));
    Resource::new(
        move || (id.clone(), page.get()),
        |(id, page)| admin_customer_orders(id, page),
    )
}

fn admin_order_link(number: &str) -> String {
    admin_order_path(number)
}

#[component]
pub fn CustomerOrders(id: String, orders: Resource<Result<OrderPage, AppError>>) -> impl IntoView {
    view! {
        <h2 class="admin-section-title" id="orders">"Orders"</h2>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the orders…"</p> }>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    match orders.await {
                        Ok(page) if page.meta.total == 0 => {
                            view! { <p class="muted">"No orders yet."</p> }.into_any()
                        }
                        Ok(page) => {
                            let base = admin_customer_path(&id);
                            let href = Callback::new(move |n: u32| format!("{base}?orders_page={n}#orders"));
                            view! {
                                <p class="muted">{format!("{} orders, newest first.", page.meta.total)}</p>
                                <OrdersTable orders=page.data link=admin_order_link/>
                                <OrderPager meta=page.meta href/>
                            }
                                .into_any()
                        }
                        Err(e) => view! {
                            <div class="alert alert-error" role="alert">
                                {format!("We could not load the orders: {}", e.message())}
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Transition>
    }
}
