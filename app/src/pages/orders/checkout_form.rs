//! The checkout form: the products (a quantity each; sold out ones
//! disabled), the email (a logged-in customer's own is used), the shipping
//! address (from the book, default preselected, or a new one), "Billing
//! address same as shipping" (unticked, a billing address), and for guests
//! "Create an account". What each choice reveals is shown by CSS from the
//! choice itself (`style/orders.css`), so it works without JavaScript too;
//! hidden fields are posted but not used.

use customer_core::dto::ProductView;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::checkout::CheckoutData;
use super::checkout_address::{AddressChoice, Kind};
use crate::api::PlaceOrder;
use crate::components::form::{Field, FieldError, FormAlert, SubmitButton};
use crate::pages::addresses::fields::{action_errors, field_error};
use crate::KEPT_PREFIX;

/// Whether the page came back with the form's values in its query: after
/// a failed post without JavaScript (`__err`, values kept as `__kept_*`),
/// or after "Update the form for this country" (plain names).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Comeback {
    None,
    Failed,
    Reloaded,
}

impl Comeback {
    pub fn of(q: &ParamsMap) -> Self {
        if q.get_str("__err").is_some() {
            Self::Failed
        } else if q.get_str("shipping_country").is_some() {
            Self::Reloaded
        } else {
            Self::None
        }
    }

    /// The value the query carries for `name`, if the page came back.
    pub fn value(self, q: &ParamsMap, name: &str) -> Option<String> {
        match self {
            Self::None => None,
            Self::Failed => q.get(&format!("{KEPT_PREFIX}{name}")),
            Self::Reloaded => q.get(name),
        }
    }

    /// Whether a checkbox starts ticked.
    pub fn ticked(self, q: &ParamsMap, name: &str, default: bool) -> bool {
        match self {
            Self::None => default,
            _ => self.value(q, name).is_some(),
        }
    }
}

#[component]
pub fn CheckoutForm(place: ServerAction<PlaceOrder>, data: CheckoutData) -> impl IntoView {
    let errors = action_errors(place.value());
    let err = move |name: &str| field_error(errors, name.to_string());
    let q = use_query_map().get_untracked();
    let comeback = Comeback::of(&q);
    let logged_in = data.customer.is_some();
    let contact = match &data.customer {
        Some(me) => view! {
            <p class="muted" data-testid="order-email">
                "We will send the order's confirmation to " <strong>{me.email.clone()}</strong> "."
            </p>
        }
        .into_any(),
        None => view! {
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=comeback.value(&q, "email").unwrap_or_default()
                hint="For the order's confirmation."
                error=err("email")
            />
        }
        .into_any(),
    };
    let billing_same = comeback.ticked(&q, "billing_same", true);
    let create_account = comeback.ticked(&q, "create_account", false);
    let account = (!logged_in).then(|| {
        view! {
            <section class="card checkout-section" aria-labelledby="account-title">
                <div class="card-body reveal-if">
                    <h2 class="card-subtitle" id="account-title">"Your account"</h2>
                    <div class="field field-check">
                        <input class="checkbox reveal-toggle" type="checkbox" id="create_account" name="create_account" value="on" checked=create_account/>
                        <label class="check-label" for="create_account">"Create an account"</label>
                        <p class="field-hint">"Follow your orders and check out faster next time."</p>
                    </div>
                    <FieldError id="create_account-error".to_string() error=err("create_account")/>
                    <div class="revealed">
                        <Field
                            label="Password"
                            name="password"
                            kind="password"
                            autocomplete="new-password"
                            hint="At least a few words: the same rules as registering."
                            error=err("password")
                        />
                    </div>
                </div>
            </section>
        }
    });
    view! {
        <h1 class="page-title">"Checkout"</h1>
        <p class="page-lead">"Choose how many of each you would like, tell us where to send them, and place your order. You pay when it ships."</p>
        <ActionForm action=place attr:class="form checkout-form" attr:novalidate=true attr:aria-label="Checkout">
            <FormAlert message=Signal::derive(move || errors.with(|e| e.as_ref().map(AppError::message)))/>
            <Products products=data.products.clone() comeback q=q.clone() errors/>
            <section class="card checkout-section" aria-labelledby="contact-title">
                <div class="card-body">
                    <h2 class="card-subtitle" id="contact-title">"Contact"</h2>
                    {contact}
                </div>
            </section>
            <AddressChoice kind=Kind::Shipping data=data.clone() comeback errors/>
            <section class="card checkout-section" aria-labelledby="billing-title">
                <div class="card-body reveal-unless">
                    <h2 class="card-subtitle" id="billing-title">"Billing address"</h2>
                    <div class="field field-check">
                        <input class="checkbox reveal-toggle" type="checkbox" id="billing_same" name="billing_same" value="on" checked=billing_same/>
                        <label class="check-label" for="billing_same">"Billing address same as shipping"</label>
                    </div>
                    <div class="revealed">
                        <AddressChoice kind=Kind::Billing data comeback errors nested=true/>
                    </div>
                </div>
            </section>
            {account}
            <div class="form-actions">
                <SubmitButton label="Place order" pending_label="Placing your order…" pending=place.pending() block=false/>
            </div>
        </ActionForm>
    }
}

/// The products, each with its price, what is left and a quantity. Every
/// row posts `sku[]` and `quantity[]` in step (a sold-out row an empty
/// quantity, which orders nothing); a row's error is `quantity_<row>`.
#[component]
fn Products(
    products: Vec<ProductView>,
    comeback: Comeback,
    q: ParamsMap,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let rows = products
        .into_iter()
        .enumerate()
        .map(|(row, p)| {
            let id = format!("quantity_{row}");
            let error_id = format!("{id}-error");
            let error = field_error(errors, id.clone());
            let sold_out = p.stock == 0;
            let start = comeback.value(&q, &id).unwrap_or_default();
            let stock = match p.stock {
                0 => "Sold out".to_string(),
                n => format!("{n} in stock"),
            };
            let described = error_id.clone();
            view! {
                <tr class:sold-out=sold_out data-testid="product-row">
                    <th scope="row">
                        <label for=id.clone()>{p.name.clone()}</label>
                        <span class="muted order-sku">{p.sku.clone()}</span>
                    </th>
                    <td class="num">{p.price.format()}</td>
                    <td class="num">
                        <span class=if sold_out { "badge badge-off" } else { "muted" }>{stock}</span>
                    </td>
                    <td class="num">
                        <input type="hidden" name="sku[]" value=p.sku.clone()/>
                        // A sold-out row posts an empty quantity, so the
                        // rows stay in step with the products.
                        {sold_out.then(|| view! { <input type="hidden" name="quantity[]" value=""/> })}
                        <input
                            class="input input-quantity"
                            type="number"
                            inputmode="numeric"
                            min="0"
                            max=p.stock.min(99)
                            id=id
                            name=(!sold_out).then_some("quantity[]")
                            value=start
                            placeholder="0"
                            disabled=sold_out
                            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                            aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                        />
                        <FieldError id=error_id error/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card checkout-section" aria-labelledby="products-title">
            <div class="card-body">
                <h2 class="card-subtitle" id="products-title">"Products"</h2>
                <FieldError id="items-error".to_string() error=field_error(errors, "items".to_string())/>
                <div class="table-wrap">
                    <table class="table products-table" aria-labelledby="products-title">
                        <thead>
                            <tr>
                                <th scope="col">"Product"</th>
                                <th scope="col" class="num">"Price"</th>
                                <th scope="col" class="num">"Stock"</th>
                                <th scope="col" class="num">"Quantity"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}
