//! The customer page's address book: each address with its default badges,
//! and for staff who may edit (support and admins) the customer's own
//! actions on their behalf: add, edit, make default, delete (confirmed in
//! place).

use customer_core::dto::AddressView;
use leptos::prelude::*;

use super::detail_actions::Actions;
use crate::api::{admin_edit_address_path, admin_new_address_path};
use crate::components::form::{all_errors, FormAlert};
use crate::pages::addresses::AddressLines;

#[component]
pub fn AddressesCard(
    customer: String,
    addresses: Vec<AddressView>,
    /// Whether the staff member may change them.
    edit: bool,
    actions: Actions,
) -> impl IntoView {
    let empty = addresses.is_empty();
    let errors = Signal::derive(move || {
        all_errors(actions.default_address.value())
            .get()
            .or_else(|| all_errors(actions.delete_address.value()).get())
    });
    let items = addresses
        .into_iter()
        .map(|a| view! { <Address customer=customer.clone() address=a edit actions/> })
        .collect_view();
    let add = edit.then(|| {
        view! {
            <div class="card-footer">
                <a class="button button-secondary" href=admin_new_address_path(&customer)>"Add an address"</a>
            </div>
        }
    });
    view! {
        <section class="card" aria-labelledby="addresses-title" id="addresses">
            <div class="card-header"><h2 class="card-title" id="addresses-title">"Addresses"</h2></div>
            <div class="card-body">
                <FormAlert message=errors/>
                {empty.then(|| view! { <p class="muted">"No saved addresses."</p> })}
                <ul class="admin-addresses">{items}</ul>
            </div>
            {add}
        </section>
    }
}

#[component]
fn Address(customer: String, address: AddressView, edit: bool, actions: Actions) -> impl IntoView {
    let title = address.label.clone().unwrap_or_else(|| address.full_name());
    let controls = edit.then(|| {
        let make = |kind: &'static str, label: &'static str| {
            let (customer, id, title) = (customer.clone(), address.id.clone(), title.clone());
            view! {
                <ActionForm action=actions.default_address attr:class="inline-form">
                    <input type="hidden" name="customer" value=customer/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="kind" value=kind/>
                    <button type="submit" class="button button-ghost">
                        {label}<span class="visually-hidden">{format!(" ({title})")}</span>
                    </button>
                </ActionForm>
            }
        };
        let shipping = (!address.default_shipping).then(|| make("shipping", "Make default shipping"));
        let billing = (!address.default_billing).then(|| make("billing", "Make default billing"));
        let (delete_customer, delete_id) = (customer.clone(), address.id.clone());
        view! {
            <div class="row-actions">
                <a class="button button-ghost" href=admin_edit_address_path(&customer, &address.id)>
                    "Edit"<span class="visually-hidden">{format!(" ({title})")}</span>
                </a>
                {shipping}
                {billing}
                <details class="confirm">
                    <summary class="button button-ghost button-danger">"Delete…"</summary>
                    <div class="confirm-panel">
                        <p>{format!("Delete {title} from the customer's address book?")}</p>
                        <ActionForm action=actions.delete_address attr:class="inline-form">
                            <input type="hidden" name="customer" value=delete_customer/>
                            <input type="hidden" name="id" value=delete_id/>
                            <button type="submit" class="button button-danger">"Delete the address"</button>
                        </ActionForm>
                    </div>
                </details>
            </div>
        }
    });
    view! {
        <li class="admin-address">
            <p class="admin-address-title">
                {title.clone()}
                {address.default_shipping.then(|| view! { <span class="badge badge-default">"Default shipping"</span> })}
                {address.default_billing.then(|| view! { <span class="badge badge-default">"Default billing"</span> })}
            </p>
            <AddressLines address=address.clone()/>
            {controls}
        </li>
    }
}
