//! The addresses card of the account page: the default shipping and
//! billing addresses, and the way to the address book.

use customer_core::dto::AddressView;
use leptos::prelude::*;

use super::{AddressLines, ADDRESS_BOOK_PATH};

#[component]
pub fn AddressesCard(shipping: Option<AddressView>, billing: Option<AddressView>) -> impl IntoView {
    let none_yet = shipping.is_none() && billing.is_none();
    view! {
        <section class="card" aria-labelledby="addresses-title">
            <div class="card-header">
                <h2 class="card-title" id="addresses-title">"Addresses"</h2>
            </div>
            <div class="card-body">
                <div class="default-addresses">
                    <DefaultAddress title="Default shipping address" kind="shipping" address=shipping/>
                    <DefaultAddress title="Default billing address" kind="billing" address=billing/>
                </div>
            </div>
            <div class="card-footer">
                <a class="button button-secondary" href=ADDRESS_BOOK_PATH>
                    {if none_yet { "Go to your address book" } else { "Manage your addresses" }}
                </a>
            </div>
        </section>
    }
}

#[component]
fn DefaultAddress(
    title: &'static str,
    kind: &'static str,
    address: Option<AddressView>,
) -> impl IntoView {
    view! {
        <div class="default-address">
            <h3 class="card-subtitle">{title}</h3>
            {match address {
                Some(address) => view! { <AddressLines address/> }.into_any(),
                None => view! { <p class="muted">{format!("No default {kind} address")}</p> }.into_any(),
            }}
        </div>
    }
}
