//! `/admin/customers`: the customer grid (search, filters, sort, pages, all
//! in the URL), with bulk actions for admins; `/admin/customers/new`; and
//! `/admin/customers/:id`, one customer.

mod address;
mod addresses;
mod bulk;
mod detail;
mod detail_actions;
mod filters;
mod history;
mod new;
mod orders;
pub mod query;
mod table;

pub use address::AdminAddressPage;
pub use detail::CustomerPage;
pub use new::NewCustomerPage;

use customer_core::staff::dto::Permission;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::dashboard::thousands;
use super::layout::{staff_may, StaffLogin};
use crate::api::{admin_customers, admin_groups, AdminBulk, CustomerQuery, PageMeta};

/// The grid's path.
pub const GRID_PATH: &str = crate::api::ADMIN_CUSTOMERS_PATH;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| query::from_pairs(|k| p.get_str(k))));
    // Made here, not in the table the page redraws, so the grid reloads
    // after each bulk action (its redirect may keep the URL as it was).
    let bulk = ServerAction::<AdminBulk>::new();
    let customers = Resource::new(
        move || (query.get(), bulk.version().get()),
        |(query, _)| admin_customers(query),
    );
    let groups = Resource::new(|| (), |_| admin_groups());
    let login = StaffLogin::get();
    view! {
        <Title text="Customers · Admin"/>
        <div class="admin-heading">
            <h1 class="admin-title">"Customers"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let manage = staff_may(login, Permission::ManageCustomers).await;
                    let export = format!("/api/admin/customers/export.csv{}", query::query_string(&query.get()));
                    manage.then(|| view! {
                        <div class="admin-heading-actions">
                            <a class="button button-secondary" href=export download="customers.csv" rel="external">
                                "Export CSV"
                            </a>
                            <a class="button button-primary" href=format!("{GRID_PATH}/new")>"New customer"</a>
                        </div>
                    })
                })}
            </Suspense>
        </div>
        <bulk::BulkNotice/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading customers…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get();
                let groups = groups.await.unwrap_or_default();
                let manage = staff_may(login, Permission::ManageCustomers).await;
                let filters = view! { <filters::Filters query=q.clone() groups=groups.clone()/> };
                let result = match customers.await {
                    Ok(page) => {
                        let meta = page.meta;
                        let rows = page.data;
                        view! {
                            <Summary meta shown=rows.len()/>
                            <table::Grid query=q.clone() rows groups manage bulk/>
                            <Pager query=q meta/>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        let detail = e
                            .fields()
                            .map(|f| f.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(" "))
                            .filter(|d| !d.is_empty())
                            .unwrap_or_else(|| e.message());
                        view! {
                            <div class="alert alert-error" role="alert">
                                {format!("We could not search the customers: {detail}")}
                            </div>
                        }
                            .into_any()
                    }
                };
                view! { {filters} {result} }
            })}
        </Transition>
    }
}

/// "51–100 of 1,234 customers", or "of 10,000+" when the count stopped.
#[component]
fn Summary(meta: PageMeta, shown: usize) -> impl IntoView {
    let first = u64::from(meta.page.saturating_sub(1)) * u64::from(meta.per_page) + 1;
    let last = first + shown as u64 - 1;
    let total = match meta.total_capped {
        true => format!("{}+", thousands(meta.total)),
        false => thousands(meta.total),
    };
    let noun = if meta.total == 1 && !meta.total_capped {
        "customer"
    } else {
        "customers"
    };
    let text = match shown {
        0 if meta.total == 0 => "No customers match.".to_string(),
        0 => format!("No customers on this page; {total} {noun} match."),
        _ => format!("{}–{} of {total} {noun}", thousands(first), thousands(last)),
    };
    view! {
        <p class="grid-summary" role="status" data-testid="grid-summary">
            {text}
            {meta.total_capped.then(|| view! {
                <span class="muted">" · More match than we count: narrow the search."</span>
            })}
        </p>
    }
}

/// Previous and next page, and where we are.
#[component]
fn Pager(query: CustomerQuery, meta: PageMeta) -> impl IntoView {
    let page = u64::from(meta.page);
    let pages = meta.pages();
    let prev = (page > 1).then(|| query::page_href(&query, page - 1));
    let next = (page < pages).then(|| query::page_href(&query, page + 1));
    let of = match meta.total_capped {
        true => format!("Page {} of {}+", thousands(page), thousands(pages)),
        false => format!("Page {} of {}", thousands(page), thousands(pages)),
    };
    view! {
        <nav class="pager" aria-label="Pages">
            {match prev {
                Some(href) => view! { <a class="button button-secondary" href=href rel="prev">"← Previous"</a> }.into_any(),
                None => view! { <span class="button button-secondary" aria-disabled="true">"← Previous"</span> }.into_any(),
            }}
            <span class="pager-where">{of}</span>
            {match next {
                Some(href) => view! { <a class="button button-secondary" href=href rel="next">"Next →"</a> }.into_any(),
                None => view! { <span class="button button-secondary" aria-disabled="true">"Next →"</span> }.into_any(),
            }}
        </nav>
    }
}
