//! The grid's table: a row per customer, column headers that sort, and for
//! admins a box per row feeding the bulk actions.

use std::collections::BTreeSet;

use customer_core::dto::{CustomerStatus, CustomerView};
use leptos::prelude::*;

use super::bulk::BulkBar;
use super::query::{aria_sort, sort_href};
use crate::api::{admin_customer_path, AdminBulk, CustomerQuery, GroupDetail};

/// The sortable columns: heading and sort key.
const SORTABLE: [(&str, &str); 4] = [
    ("Name", "last_name"),
    ("Email", "email"),
    ("Status", "status"),
    ("Joined", "created_at"),
];

#[component]
pub fn Grid(
    query: CustomerQuery,
    rows: Vec<CustomerView>,
    groups: Vec<GroupDetail>,
    /// Whether the staff member may act on many at once (admins).
    manage: bool,
    bulk: ServerAction<AdminBulk>,
) -> impl IntoView {
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let ids: Vec<String> = rows.iter().map(|c| c.id.clone()).collect();
    let header = |(label, key): (&'static str, &'static str)| {
        let href = sort_href(&query, key);
        let sort = aria_sort(&query, key);
        let arrow = match sort {
            "ascending" => " ↑",
            "descending" => " ↓",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=sort>
                <a class="sort-link" href=href>{label}<span aria-hidden="true">{arrow}</span></a>
            </th>
        }
    };
    let [name, email, status, joined] = SORTABLE.map(header);
    let empty = rows.is_empty();
    let body = rows
        .into_iter()
        .map(|c| view! { <Row customer=c selected manage/> })
        .collect_view();
    let all_ids = ids.clone();
    let select_all = manage.then(|| {
        view! {
            <th scope="col" class="check-col">
                <input
                    type="checkbox"
                    class="checkbox"
                    aria-label="Select every customer on this page"
                    prop:checked=move || !all_ids.is_empty() && selected.with(|s| s.len() == all_ids.len())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.set(if on { ids.iter().cloned().collect() } else { BTreeSet::new() });
                    }
                />
            </th>
        }
    });
    let table = view! {
        <div class="table-wrap">
            <table class="table grid-table" data-testid="customer-grid">
                <thead>
                    <tr>
                        {select_all}
                        {name}
                        {email}
                        <th scope="col">"Group"</th>
                        {status}
                        <th scope="col">"Email verified"</th>
                        {joined}
                    </tr>
                </thead>
                <tbody>
                    {empty.then(|| view! {
                        <tr>
                            <td colspan=if manage { "7" } else { "6" } class="muted">"No customers match."</td>
                        </tr>
                    })}
                    {body}
                </tbody>
            </table>
        </div>
    };
    if manage {
        let back = super::query::query_string(&query);
        view! {
            <ActionForm action=bulk attr:class="bulk-form" attr:id="bulk">
                <BulkBar bulk groups selected back/>
                {table}
            </ActionForm>
        }
        .into_any()
    } else {
        table.into_any()
    }
}

#[component]
fn Row(
    customer: CustomerView,
    selected: RwSignal<BTreeSet<String>>,
    manage: bool,
) -> impl IntoView {
    let href = admin_customer_path(&customer.id);
    let name = customer.full_name();
    let check = manage.then(|| {
        let (id, label) = (customer.id.clone(), format!("Select {name}"));
        let checked_id = id.clone();
        view! {
            <td class="check-col">
                <input
                    type="checkbox"
                    class="checkbox"
                    name="ids[]"
                    value=id.clone()
                    aria-label=label
                    prop:checked=move || selected.with(|s| s.contains(&checked_id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| {
                            if on { s.insert(id.clone()); } else { s.remove(&id); }
                        });
                    }
                />
            </td>
        }
    });
    let (status_class, status_text) = match customer.status {
        CustomerStatus::Active => ("badge badge-ok", "Active"),
        CustomerStatus::Disabled => ("badge badge-off", "Disabled"),
    };
    let joined = customer
        .created_at
        .get(..10)
        .unwrap_or(&customer.created_at)
        .to_string();
    view! {
        <tr>
            {check}
            <th scope="row"><a href=href>{name}</a></th>
            <td class="cell-email">{customer.email}</td>
            <td>{customer.group.name}</td>
            <td><span class=status_class>{status_text}</span></td>
            <td>{if customer.email_verified { "Yes" } else { "No" }}</td>
            <td class="num">{joined}</td>
        </tr>
    }
}
