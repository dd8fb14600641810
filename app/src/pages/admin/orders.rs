//! `/admin/orders/:number`: one order as staff see it: its lines and
//! totals, addresses and status history, and for admins a button for each
//! status it may move to next ([`OrderStatus::next`]). Each button is a
//! form posting to `admin_set_order_status`, which redirects back with
//! `?done=<status>`; support sees no buttons (the service would refuse).

use customer_core::dto::{OrderStatus, OrderView};
use customer_core::staff::dto::Permission;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

use super::layout::{staff_may, StaffLogin};
use crate::api::AdminSetOrderStatus;
use crate::components::form::{all_errors, FormAlert};
use crate::pages::orders::{at, OrderAddresses, OrderLines, StatusBadge, StatusHistory};

#[component]
pub fn AdminOrderPage(number: String) -> impl IntoView {
    let set_status = ServerAction::<AdminSetOrderStatus>::new();
    let location = use_location();
    // A change redirects back here with `?done=...`; the action's version
    // is in the key too, for a change that keeps the URL.
    let order = Resource::new(
        move || {
            (
                number.clone(),
                location.search.get(),
                set_status.version().get(),
            )
        },
        |(number, _, _)| crate::api::admin_order(number),
    );
    let login = StaffLogin::get();
    view! {
        <p class="back-link"><a href="/admin/customers">"← Customers"</a></p>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the order…"</p> }>
            {move || Suspend::new(async move {
                let order = match order.await {
                    Ok(order) => order,
                    Err(e) => return load_failed(e),
                };
                let manage = staff_may(login, Permission::ManageOrders).await;
                view! { <Order order manage set_status/> }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn Order(
    order: OrderView,
    manage: bool,
    set_status: ServerAction<AdminSetOrderStatus>,
) -> impl IntoView {
    let title = format!("Order {}", order.number);
    let actions = manage.then(|| {
        let next = order.status.next();
        let buttons = next
            .iter()
            .map(|to| {
                let (number, to) = (order.number.clone(), *to);
                view! {
                    <ActionForm action=set_status attr:class="inline-form">
                        <input type="hidden" name="number" value=number/>
                        <input type="hidden" name="status" value=to.as_str()/>
                        <button
                            type="submit"
                            class=if to == OrderStatus::Cancelled || to == OrderStatus::Refunded { "button button-secondary button-danger" } else { "button button-primary" }
                            disabled=move || set_status.pending().get()
                        >
                            {action_label(to)}
                        </button>
                    </ActionForm>
                }
            })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="status-actions">
                <div class="card-body stack">
                    <h2 class="card-subtitle" id="status-actions">"Change the status"</h2>
                    <FormAlert message=all_errors(set_status.value())/>
                    {if next.is_empty() {
                        view! { <p class="muted">"This order cannot change any more."</p> }.into_any()
                    } else {
                        view! { <div class="order-actions">{buttons}</div> }.into_any()
                    }}
                </div>
            </section>
        }
    });
    view! {
        <Title text=format!("{title} · Admin")/>
        <div class="customer-head">
            <h1 class="admin-title">{title}</h1>
            <div class="badges">
                <StatusBadge status=order.status/>
                {order.guest.then(|| view! { <span class="badge">"Guest order"</span> })}
            </div>
            <p class="muted">
                {format!("{} · placed {} · {}", order.email, at(&order.placed_at), order.total.format())}
            </p>
            {order.customer_id.clone().map(|id| view! {
                <p><a href=format!("/admin/customers/{id}") data-testid="order-customer">"The customer's page"</a></p>
            })}
        </div>
        <DoneNotice/>
        {actions}
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

/// The button for moving an order to `to`.
fn action_label(to: OrderStatus) -> &'static str {
    match to {
        OrderStatus::Pending => "Mark as pending",
        OrderStatus::Paid => "Mark as paid",
        OrderStatus::Shipped => "Mark as shipped",
        OrderStatus::Delivered => "Mark as delivered",
        OrderStatus::Cancelled => "Cancel the order",
        OrderStatus::Refunded => "Mark as refunded",
    }
}

/// What the last change did (`?done=<status>`).
#[component]
fn DoneNotice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            let status = OrderStatus::parse(q.get_str("done")?)?;
            let text = format!("The order is now {}.", status.label().to_lowercase());
            Some(view! { <div class="alert alert-success" role="status" data-testid="done">{text}</div> })
        })
    }
}

fn load_failed(error: AppError) -> AnyView {
    let text = match &error {
        AppError::NotFound { .. } => "There is no order with this number.".to_string(),
        e => format!("We could not load the order: {}", e.message()),
    };
    view! {
        <h1 class="admin-title">"Order not found"</h1>
        <div class="alert alert-error" role="alert">{text}</div>
    }
    .into_any()
}
