//! `/admin/customers/:id`: one customer. Their account at a glance, what
//! staff may change (profile; group and status for admins), the support
//! actions (reset link, verification mail, log out everywhere), their
//! addresses, orders and devices, and the history of every change as a
//! timeline.

use customer_core::dto::CustomerStatus;
use customer_core::staff::dto::Permission;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

use super::addresses::AddressesCard;
use super::detail_actions::{AccountCard, Actions, ProfileCard, SupportCard};
use super::history::{history_resource, HistoryTimeline};
use super::orders::{orders_resource, CustomerOrders};
use super::GRID_PATH;
use crate::api::{admin_customer, admin_customer_sessions, admin_groups, SessionView};
use crate::pages::admin::layout::{staff_may, StaffLogin};

#[component]
pub fn CustomerPage(id: String) -> impl IntoView {
    let actions = Actions::new();
    let location = use_location();
    // A change redirects back here with `?done=...`; the same change twice
    // keeps the URL, so the actions' versions are part of the key too.
    let key = {
        let id = id.clone();
        move || (id.clone(), location.search.get(), actions.version())
    };
    let detail = Resource::new(key.clone(), |(id, _, _)| admin_customer(id));
    let sessions = Resource::new(key, |(id, _, _)| admin_customer_sessions(id));
    let groups = Resource::new(|| (), |_| admin_groups());
    let (history, before) = history_resource(id.clone(), move || actions.version());
    let orders = orders_resource(id.clone());
    let login = StaffLogin::get();
    view! {
        <p class="back-link"><a href=GRID_PATH>"← Customers"</a></p>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the customer…"</p> }>
            {move || Suspend::new(async move {
                let detail = match detail.await {
                    Ok(detail) => detail,
                    Err(e) => return load_failed(e),
                };
                let may = Permissions {
                    edit: staff_may(login, Permission::EditCustomers).await,
                    support: staff_may(login, Permission::SupportCustomers).await,
                    manage: staff_may(login, Permission::ManageCustomers).await,
                };
                let groups = groups.await.unwrap_or_default();
                let sessions = sessions.await.unwrap_or_default();
                let c = detail.customer;
                let title = format!("{} · Customers · Admin", c.full_name());
                let (status_class, status_text) = match c.status {
                    CustomerStatus::Active => ("badge badge-ok", "Active"),
                    CustomerStatus::Disabled => ("badge badge-off", "Disabled"),
                };
                let joined = c.created_at.get(..10).unwrap_or(&c.created_at).to_string();
                view! {
                    <Title text=title/>
                    <div class="customer-head">
                        <h1 class="admin-title">{c.full_name()}</h1>
                        <div class="badges">
                            <span class=status_class data-testid="customer-status">{status_text}</span>
                            {if c.email_verified {
                                view! { <span class="badge badge-ok">"Email verified"</span> }.into_any()
                            } else {
                                view! { <span class="badge">"Email not verified"</span> }.into_any()
                            }}
                            <span class="badge" data-testid="customer-group">{c.group.name.clone()}</span>
                        </div>
                        <p class="muted">
                            {c.email.clone()} " · joined " {joined} " · "
                            {devices(detail.open_sessions)}
                        </p>
                    </div>
                    <DoneNotice/>
                    <div class="admin-cards">
                        {may.edit.then(|| view! { <ProfileCard customer=c.clone() actions/> })}
                        <AccountCard customer=c.clone() groups manage=may.manage actions/>
                        {may.support.then(|| view! {
                            <SupportCard customer=c.clone() open_sessions=detail.open_sessions actions/>
                        })}
                        <AddressesCard customer=c.id.clone() addresses=detail.addresses edit=may.edit actions/>
                    </div>
                    <CustomerOrders id=c.id.clone() orders/>
                    <SessionsTable sessions/>
                    <HistoryTimeline id=c.id.clone() history before/>
                }
                    .into_any()
            })}
        </Transition>
    }
}

/// What the staff member's role lets the page offer.
struct Permissions {
    edit: bool,
    support: bool,
    manage: bool,
}

fn devices(n: u64) -> String {
    match n {
        0 => "not logged in anywhere".into(),
        1 => "logged in on 1 device".into(),
        n => format!("logged in on {n} devices"),
    }
}

fn load_failed(error: AppError) -> AnyView {
    let text = match &error {
        AppError::NotFound { .. } | AppError::Validation { .. } => {
            "There is no customer with this id. They may have been looked up by an old link."
                .to_string()
        }
        e => format!("We could not load the customer: {}", e.message()),
    };
    view! {
        <h1 class="admin-title">"Customer not found"</h1>
        <div class="alert alert-error" role="alert">{text}</div>
    }
    .into_any()
}

/// What the last change did (`?done=...`).
#[component]
fn DoneNotice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            let text = match q.get_str("done")? {
                "created" => "The customer was created and invited by mail to choose a password.",
                "profile" => "The profile was saved.",
                "group" => "The group was changed. It counts from the customer's next request.",
                "disabled" => "The account was disabled and logged out everywhere.",
                "active" => "The account was enabled. The customer can log in again.",
                "reset_sent" => "A link to choose a new password was mailed to the customer.",
                "verification_sent" => "A new verification link was mailed to the customer.",
                "sessions_ended" => "The customer was logged out everywhere.",
                "address_added" => "The address was added.",
                "address_updated" => "The address was saved.",
                "address_deleted" => "The address was deleted.",
                "default_shipping" => "The default shipping address was changed.",
                "default_billing" => "The default billing address was changed.",
                _ => return None,
            };
            Some(view! { <div class="alert alert-success" role="status" data-testid="done">{text}</div> })
        })
    }
}

#[component]
fn SessionsTable(sessions: Vec<SessionView>) -> impl IntoView {
    let empty = sessions.is_empty();
    let rows = sessions
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.user_agent.unwrap_or_else(|| "Unknown device".into())}</td>
                    <td>{s.ip.unwrap_or_default()}</td>
                    <td class="num">{short_time(&s.created_at)}</td>
                    <td class="num">{short_time(&s.last_seen_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 class="admin-section-title" id="sessions">"Devices logged in"</h2>
        {if empty {
            view! { <p class="muted">"None."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table" aria-labelledby="sessions">
                        <thead>
                            <tr>
                                <th scope="col">"Browser"</th>
                                <th scope="col">"Network"</th>
                                <th scope="col" class="num">"Logged in"</th>
                                <th scope="col" class="num">"Last seen"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

/// `2026-12-02T09:40:20Z` as `2026-12-02 09:40 UTC`.
pub fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}
