//! `/account/addresses`: a card per address with its default badges, "Make
//! default" buttons, Edit and Delete (a confirmation page, so it works
//! without JavaScript), what is missing (no default shipping or billing
//! address), and the way to add one.

use customer_core::dto::AddressView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    book_full_message, delete_path, edit_path, load_failed, new_path, AddressLines, MAX_ADDRESSES,
};
use crate::api::{list_addresses, SetDefaultAddress};
use crate::components::form::{form_error, FormAlert};

#[component]
pub fn AddressBookPage() -> impl IntoView {
    // Created here, inside the routes, so that a form posted without
    // JavaScript shows its error when the page comes back.
    let make_default = ServerAction::<SetDefaultAddress>::new();
    let addresses = Resource::new(move || make_default.version().get(), |_| list_addresses());
    view! {
        <Title text="Your addresses"/>
        <p class="back-link">
            <a href="/account">"← Your account"</a>
        </p>
        // A transition: a changed default refetches the list in place.
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading your addresses…"</p> }>
            {move || Suspend::new(async move {
                match addresses.await {
                    Ok(list) => view! { <Book list make_default/> }.into_any(),
                    Err(e) => load_failed(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn Book(list: Vec<AddressView>, make_default: ServerAction<SetDefaultAddress>) -> impl IntoView {
    let full = list.len() >= MAX_ADDRESSES;
    let missing = |kind: &str, has: bool| {
        (!list.is_empty() && !has).then(|| {
            view! {
                <div class="alert alert-info" role="status">
                    {format!("You have no default {kind} address. Choose one below.")}
                </div>
            }
        })
    };
    let no_shipping = missing("shipping", list.iter().any(|a| a.default_shipping));
    let no_billing = missing("billing", list.iter().any(|a| a.default_billing));
    let count = match list.len() {
        0 => "No saved addresses yet.".to_string(),
        1 => "1 saved address.".to_string(),
        n => format!("{n} saved addresses."),
    };
    view! {
        <div class="page-heading">
            <div>
                <h1 class="page-title">"Your addresses"</h1>
                <p class="page-lead">"Where we ship your orders and send your invoices. " {count}</p>
            </div>
            // The empty book offers it in its own card.
            {(!list.is_empty()).then(|| view! { <AddButton full/> })}
        </div>
        <SavedNotice/>
        <FormAlert message=form_error(make_default.value())/>
        {no_shipping}
        {no_billing}
        {if list.is_empty() {
            view! {
                <section class="card empty-state">
                    <div class="card-body stack">
                        <h2 class="card-title">"Your address book is empty"</h2>
                        <p class="muted">"Save the addresses you ship to and pay from, and checkout takes a moment."</p>
                        <p>
                            <a class="button button-primary" href=new_path()>"Add an address"</a>
                        </p>
                    </div>
                </section>
            }
                .into_any()
        } else {
            view! {
                <ul class="address-grid" aria-label="Saved addresses">
                    {list.into_iter().map(|address| view! { <AddressCard address make_default/> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// "Add an address", or why not when the book is full.
#[component]
fn AddButton(full: bool) -> impl IntoView {
    if full {
        view! {
            <div class="add-address">
                <button type="button" class="button button-primary" disabled=true aria-describedby="book-full">
                    "Add an address"
                </button>
                <p class="field-hint" id="book-full">{book_full_message()}</p>
            </div>
        }
            .into_any()
    } else {
        view! {
            <div class="add-address">
                <a class="button button-primary" href=new_path()>"Add an address"</a>
            </div>
        }
        .into_any()
    }
}

/// The success notice a change's redirect asks for (`?saved=...`).
#[component]
fn SavedNotice() -> impl IntoView {
    let query = use_query_map();
    let message = move || {
        query.with(|q| {
            let text = match q.get("saved").as_deref() {
                Some("added") => "The address was added.",
                Some("updated") => "The address was saved.",
                Some("deleted") => "The address was deleted.",
                Some("default_shipping") => "Your default shipping address was changed.",
                Some("default_billing") => "Your default billing address was changed.",
                _ => return None,
            };
            Some(view! { <div class="alert alert-success" role="status">{text}</div> })
        })
    };
    view! { {message} }
}

#[component]
fn AddressCard(
    address: AddressView,
    make_default: ServerAction<SetDefaultAddress>,
) -> impl IntoView {
    let title = address.label.clone().unwrap_or_else(|| address.full_name());
    let title_id = format!("address-{}", address.id);
    let labelled_by = title_id.clone();
    let make = {
        let (id, title) = (address.id.clone(), title.clone());
        move |kind: &'static str, label: &'static str| {
            let (id, title) = (id.clone(), title.clone());
            view! {
                <ActionForm action=make_default attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="kind" value=kind/>
                    <button type="submit" class="button button-ghost" disabled=move || make_default.pending().get()>
                        {label}
                        <span class="visually-hidden">{format!(" ({title})")}</span>
                    </button>
                </ActionForm>
            }
        }
    };
    let make_shipping =
        (!address.default_shipping).then(|| make("shipping", "Make default shipping"));
    let make_billing = (!address.default_billing).then(|| make("billing", "Make default billing"));
    let makes = (make_shipping.is_some() || make_billing.is_some()).then(|| {
        view! {
            <div class="address-defaults">
                {make_shipping}
                {make_billing}
            </div>
        }
    });
    view! {
        <li class="card address-card" aria-labelledby=labelled_by>
            <div class="card-header">
                <h2 class="card-title" id=title_id>{title.clone()}</h2>
                <div class="badges">
                    {address.default_shipping.then(|| view! { <span class="badge badge-default">"Default shipping"</span> })}
                    {address.default_billing.then(|| view! { <span class="badge badge-default">"Default billing"</span> })}
                </div>
            </div>
            <div class="card-body">
                <AddressLines address=address.clone()/>
                {makes}
            </div>
            <div class="card-footer address-actions">
                <a class="button button-secondary" href=edit_path(&address.id)>
                    "Edit"
                    <span class="visually-hidden">{format!(" ({title})")}</span>
                </a>
                <a class="button button-ghost button-danger" href=delete_path(&address.id)>
                    "Delete"
                    <span class="visually-hidden">{format!(" ({title})")}</span>
                </a>
            </div>
        </li>
    }
}
