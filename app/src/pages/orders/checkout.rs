//! `/checkout`: the products with their prices and stock, the customer's
//! email and addresses, and "Place order". Placing goes back to this page
//! with `?placed=NUMBER` (a plain form post's redirect, or the router's
//! navigation with JavaScript), which then shows the confirmation: from
//! the action's answer when there is one, else the order as the customer
//! may see it (a guest, without JavaScript, gets its number and what to do
//! next).

use customer_core::dto::{
    AddressView, CheckoutAccount, CountryDetailView, CountryView, CustomerView, ProductView,
};
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::checkout_form::CheckoutForm;
use super::confirmation::Confirmation;
use crate::api::{
    current_customer, get_country, get_order, list_addresses, list_countries, list_products,
    PlaceOrder,
};
use crate::components::session::auth_action;
use crate::pages::addresses::fields::Draft;

/// What the form needs: the products, who is checking out (and their
/// book), and the countries with the ones the address forms start with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutData {
    pub products: Vec<ProductView>,
    pub customer: Option<CustomerView>,
    pub book: Vec<AddressView>,
    pub countries: Vec<CountryView>,
    pub shipping_country: Option<CountryDetailView>,
    pub billing_country: Option<CountryDetailView>,
}

impl CheckoutData {
    async fn load(shipping: String, billing: String) -> Result<Self, AppError> {
        let products = list_products().await?;
        let customer = current_customer().await?;
        let book = match customer {
            Some(_) => list_addresses().await?,
            None => Vec::new(),
        };
        let countries = list_countries().await?;
        // An unknown code (a hand-edited URL) is "no country yet".
        let detail = |code: String| async move {
            match code.is_empty() {
                true => None,
                false => get_country(code).await.ok(),
            }
        };
        Ok(Self {
            products,
            customer,
            book,
            countries,
            shipping_country: detail(shipping).await,
            billing_country: detail(billing).await,
        })
    }
}

/// The countries the query asks the two address forms for (after "Update
/// the form for this country" or a failed post without JavaScript).
fn queried_countries(q: &leptos_router::params::ParamsMap) -> (String, String) {
    let country = |form| {
        Draft::from_query_prefixed(q, form)
            .map(|d| d.country)
            .unwrap_or_default()
    };
    (country("shipping_"), country("billing_"))
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    // Made here, inside the routes (a no-JavaScript post's error shows), and
    // as an auth action: an account created at checkout logs the customer
    // in, and the header follows.
    let place = auth_action::<PlaceOrder>();
    let query = use_query_map();
    let placed = Memo::new(move |_| query.with(|q| q.get("placed")));
    let account = Memo::new(move |_| query.with(|q| queried_account(q.get_str("account"))));
    let data = Resource::new(
        move || query.with(queried_countries),
        |(shipping, billing)| CheckoutData::load(shipping, billing),
    );
    let placed_order = Resource::new(
        move || placed.get(),
        |number| async move {
            match number {
                Some(number) => get_order(number).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text="Checkout"/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the shop…"</p> }>
            {move || Suspend::new(async move {
                if let Some(number) = placed.get() {
                    let answered = place
                        .value()
                        .with(|v| match v {
                            Some(Ok(Some(r))) if r.data.number == number => Some(r.clone()),
                            _ => None,
                        });
                    let (order, account) = match answered {
                        Some(r) => (Some(r.data), r.meta.account),
                        None => (placed_order.await.ok().flatten(), account.get()),
                    };
                    return view! { <Confirmation number order account/> }.into_any();
                }
                match data.await {
                    Ok(data) => view! { <CheckoutForm place data/> }.into_any(),
                    Err(e) => view! {
                        <h1 class="page-title">"Checkout"</h1>
                        <div class="alert alert-error" role="alert">
                            {format!("We could not load the shop: {}", e.message())}
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// `&account=created|exists` in the query after a plain form post.
fn queried_account(value: Option<&str>) -> Option<CheckoutAccount> {
    match value {
        Some("created") => Some(CheckoutAccount::Created),
        Some("exists") => Some(CheckoutAccount::Exists),
        _ => None,
    }
}
