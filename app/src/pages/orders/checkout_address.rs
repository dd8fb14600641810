//! Checkout's shipping and billing address: for a customer with an
//! address book, a choice of its addresses (the default one chosen) or "A
//! new address", which reveals the address form; for a guest, the form.
//! The form is the address book's own ([`AddressFields`]), its fields
//! named `shipping_*` or `billing_*`.

use customer_core::dto::AddressView;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::checkout::CheckoutData;
use super::checkout_form::Comeback;
use super::CHECKOUT_PATH;
use crate::components::form::FieldError;
use crate::pages::addresses::fields::{field_error, AddressFields, Draft, FormSetup};
use crate::pages::addresses::AddressLines;

/// Which of the order's two addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Shipping,
    Billing,
}

impl Kind {
    /// What the address form's fields are named with.
    fn prefix(self) -> &'static str {
        match self {
            Self::Shipping => "shipping_",
            Self::Billing => "billing_",
        }
    }

    /// The field naming an address from the book.
    fn id_field(self) -> &'static str {
        match self {
            Self::Shipping => "shipping_address_id",
            Self::Billing => "billing_address_id",
        }
    }

    fn is_default(self, address: &AddressView) -> bool {
        match self {
            Self::Shipping => address.default_shipping,
            Self::Billing => address.default_billing,
        }
    }
}

#[component]
pub fn AddressChoice(
    kind: Kind,
    data: CheckoutData,
    comeback: Comeback,
    errors: Signal<Option<AppError>>,
    /// Inside the billing section (under its "same as shipping" box)
    /// rather than a section of its own.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let q = use_query_map().get_untracked();
    let draft = Draft::from_query_prefixed(&q, kind.prefix()).unwrap_or_default();
    let setup = FormSetup {
        countries: data.countries,
        country: match kind {
            Kind::Shipping => data.shipping_country,
            Kind::Billing => data.billing_country,
        },
    };
    let book = data.book;
    let id_field = kind.id_field();
    // The default address at first; after a comeback, what was chosen (an
    // empty choice, "A new address", is not kept).
    let chosen = match comeback {
        Comeback::None => book
            .iter()
            .find(|a| kind.is_default(a))
            .or(book.first())
            .map(|a| a.id.clone())
            .unwrap_or_default(),
        _ => comeback.value(&q, id_field).unwrap_or_default(),
    };
    let has_book = !book.is_empty();
    let picker = has_book.then(|| {
        let options = book
            .into_iter()
            .map(|a| {
                let title = a.label.clone().unwrap_or_else(|| a.full_name());
                let checked = a.id == chosen;
                view! {
                    <label class="pick">
                        <input type="radio" class="radio" name=id_field value=a.id.clone() checked=checked/>
                        <span class="pick-body">
                            <strong>{title}</strong>
                            {kind.is_default(&a).then(|| view! { <span class="badge badge-default">"Default"</span> })}
                            <AddressLines address=a/>
                        </span>
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="fieldset address-pick">
                <legend class="field-label">
                    {match kind {
                        Kind::Shipping => "Ship to",
                        Kind::Billing => "Bill to",
                    }}
                </legend>
                {options}
                <label class="pick">
                    <input type="radio" class="radio pick-new" name=id_field value="" checked=chosen.is_empty()/>
                    <span class="pick-body"><strong>"A new address"</strong></span>
                </label>
            </fieldset>
            <FieldError id=format!("{id_field}-error") error=field_error(errors, id_field.to_string())/>
        }
    });
    let whole = match kind {
        Kind::Shipping => "shipping_address",
        Kind::Billing => "billing_address",
    };
    let body = view! {
        <FieldError id=format!("{whole}-error") error=field_error(errors, whole.to_string())/>
        <div class="address-choice" class:has-book=has_book>
            {picker}
            <div class="new-address">
                <AddressFields
                    setup
                    draft
                    errors
                    reload_to=CHECKOUT_PATH.to_string()
                    prefix=kind.prefix()
                    reload_name="reload"
                />
            </div>
        </div>
    };
    if nested {
        view! { <div id="billing-address" class="stack">{body}</div> }.into_any()
    } else {
        view! {
            <section class="card checkout-section" id="shipping-address" aria-labelledby="shipping-title">
                <div class="card-body">
                    <h2 class="card-subtitle" id="shipping-title">"Shipping address"</h2>
                    {body}
                </div>
            </section>
        }
        .into_any()
    }
}
