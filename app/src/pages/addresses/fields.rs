//! The fields of the add and edit forms, which follow the chosen country:
//! its provinces in a `<select>` labelled with what they are called there,
//! the postal code labelled and hinted likewise (and gone where addresses
//! have none). With JavaScript the form follows a new country at once;
//! without, "Update the form for this country" reloads the page with
//! everything typed in its query, and the page starts from it ([`Draft`]).

use customer_core::dto::{CountryDetailView, CountryView};
use customer_core::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{get_country, list_countries};
use crate::components::choice::{Checkbox, SelectField};
use crate::components::form::Field;

pub use super::draft::{queried_country, Draft};

/// The countries to choose from and the chosen one's details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSetup {
    pub countries: Vec<CountryView>,
    /// `None` while no (known) country is chosen.
    pub country: Option<CountryDetailView>,
}

impl FormSetup {
    pub async fn load(country: &str) -> Result<Self, AppError> {
        let countries = list_countries().await?;
        let country = if country.is_empty() {
            None
        } else {
            // An unknown code (a hand-edited URL) is "no country yet".
            get_country(country.to_string()).await.ok()
        };
        Ok(Self { countries, country })
    }
}

/// The message for `field` in a form's latest error.
pub fn field_error(errors: Signal<Option<AppError>>, field: String) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.as_ref().and_then(|e| e.field_message(&field))))
}

/// The message at the top of the form: a full book, or "some fields need
/// your attention", or what went wrong.
pub fn form_message(errors: Signal<Option<AppError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| {
            e.as_ref()
                .map(|e| e.field_message("addresses").unwrap_or_else(|| e.message()))
        })
    })
}

/// The latest error of an action, for the functions above.
pub fn action_errors<T, V>(value: V) -> Signal<Option<AppError>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned())))
}

#[component]
pub fn AddressFields(
    setup: FormSetup,
    draft: Draft,
    #[prop(into)] errors: Signal<Option<AppError>>,
    /// This page's path: "Update the form for this country" reloads it.
    reload_to: String,
    /// Put before every field's name and error key when a page has two
    /// address forms (checkout's `shipping_` and `billing_`); such a form
    /// has no "Label" field, which names an address in a book.
    #[prop(optional)]
    prefix: &'static str,
    /// When set, "Update the form for this country" posts the form to its
    /// own action with this name (the action sends the page back with the
    /// fields in its query) instead of a GET with every field: checkout's
    /// form has a password, which must not go into a URL.
    #[prop(optional)]
    reload_name: Option<&'static str>,
) -> impl IntoView {
    let err = move |field: &str| field_error(errors, format!("{prefix}{field}"));
    let name = move |field: &str| format!("{prefix}{field}");
    let country = RwSignal::new(draft.country.clone());
    let detail = RwSignal::new(setup.country.clone());
    // With JavaScript the form follows the country itself; the button that
    // reloads the page for it is only for browsers without.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let choose_country = Callback::new(move |code: String| {
        country.set(code.clone());
        if code.is_empty() {
            detail.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let found = get_country(code.clone()).await.ok();
            // A slower answer for an earlier choice must not win.
            if country.get_untracked() == code {
                detail.set(found);
            }
        });
    });
    let countries = setup
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect::<Vec<_>>();
    let (first_country, first_province) = (draft.country.clone(), draft.province.clone());
    let typed_province = draft.province.clone();
    let province = move || {
        let d = detail.get()?;
        if d.subdivisions.is_empty() {
            // Addresses here have a province but no list of them (Romania,
            // Panama...): typed. Where they have none, there is no field.
            return d.country.uses_province.then(|| {
                view! {
                    <Field
                        label="State / province / region"
                        name=name("province")
                        autocomplete="address-level1"
                        optional=!d.country.requires_province
                        value=typed_province.clone()
                        error=err("province")
                    />
                }
                .into_any()
            });
        }
        Some(d).map(|d| {
            let c = &d.country;
            let selected = if c.code == first_country {
                first_province.clone()
            } else {
                String::new()
            };
            let options = d
                .subdivisions
                .iter()
                .map(|s| (s.code.clone(), s.name.clone()))
                .collect::<Vec<_>>();
            view! {
                <SelectField
                    label=c.province_label.clone()
                    name=name("province")
                    autocomplete="address-level1"
                    optional=!c.requires_province
                    placeholder=format!("Choose a {}", c.province_label.to_lowercase())
                    options
                    selected
                    error=err("province")
                />
            }
            .into_any()
        })
    };
    // Hidden where the country's addresses have no postal code at all.
    let has_postal = move || detail.with(|d| d.as_ref().is_none_or(|d| d.country.uses_postal_code));
    let postal_label = Signal::derive(move || {
        detail.with(|d| {
            d.as_ref().map_or_else(
                || "Postal code".to_string(),
                |d| d.country.postal_code_label.clone(),
            )
        })
    });
    let postal_hint = Signal::derive(move || {
        detail.with(|d| {
            d.as_ref()
                .and_then(|d| d.country.postal_code_example.as_ref())
                .map(|e| format!("e.g. {e}"))
        })
    });
    let postal_optional = Signal::derive(move || {
        detail.with(|d| d.as_ref().is_some_and(|d| !d.country.requires_postal_code))
    });
    let postal_code = draft.postal_code.clone();
    view! {
        // Without JavaScript, Enter in a field submits with the form's first
        // submit button: make that one save, not reload for the country.
        <Show when=move || !hydrated.get()>
            <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">
                "Save address"
            </button>
        </Show>
        {prefix.is_empty().then(|| view! {
            <Field label="Label" name="label" optional=true value=draft.label.clone() hint="A name for you, like Home or Office." error=err("label")/>
        })}
        <div class="country-choice">
            <SelectField
                label="Country"
                name=name("country")
                autocomplete="country"
                placeholder="Choose a country".to_string()
                options=countries
                selected=draft.country
                error=err("country")
                on_change=choose_country
            />
            <Show when=move || !hydrated.get()>
                {match reload_name {
                    Some(reload) => view! {
                        <button type="submit" class="button button-secondary" name=reload value="1" formnovalidate=true>
                            "Update the form for this country"
                        </button>
                    }
                    .into_any(),
                    None => view! {
                        <button
                            type="submit"
                            class="button button-secondary"
                            formmethod="get"
                            formaction=reload_to.clone()
                            formnovalidate=true
                        >
                            "Update the form for this country"
                        </button>
                    }
                    .into_any(),
                }}
            </Show>
        </div>
        <div class="field-row">
            <Field label="First name" name=name("first_name") autocomplete="given-name" value=draft.first_name error=err("first_name")/>
            <Field label="Last name" name=name("last_name") autocomplete="family-name" value=draft.last_name error=err("last_name")/>
        </div>
        <Field label="Company" name=name("company") autocomplete="organization" optional=true value=draft.company error=err("company")/>
        <Field label="Address line 1" name=name("line1") autocomplete="address-line1" value=draft.line1 hint="Street and number." error=err("line1")/>
        <Field
            label="Address line 2"
            name=name("line2")
            autocomplete="address-line2"
            optional=true
            value=draft.line2
            hint="Apartment, suite, floor."
            error=err("line2")
        />
        <Field label="City" name=name("city") autocomplete="address-level2" value=draft.city error=err("city")/>
        {province}
        <Show when=has_postal>
            <Field
                label=postal_label
                name=name("postal_code")
                autocomplete="postal-code"
                optional=postal_optional
                value=postal_code.clone()
                hint=postal_hint
                error=err("postal_code")
            />
        </Show>
        <Field
            label="Phone"
            name=name("phone")
            kind="tel"
            autocomplete="tel"
            optional=true
            value=draft.phone
            hint="For the courier, if they need to reach you."
            error=err("phone")
        />
    }
}

/// "Use as default shipping/billing address", for the kinds this address
/// is not the default of yet (saying so for the others).
#[component]
pub fn DefaultChoices(
    draft_shipping: bool,
    draft_billing: bool,
    /// Already the default shipping address (an edit).
    #[prop(optional)]
    is_shipping: bool,
    #[prop(optional)] is_billing: bool,
) -> impl IntoView {
    view! {
        <fieldset class="fieldset">
            <legend class="field-label">"Defaults"</legend>
            {if is_shipping {
                view! { <p class="muted">"This is the default shipping address."</p> }.into_any()
            } else {
                view! { <Checkbox label="Use as default shipping address" name="default_shipping" checked=draft_shipping/> }
                    .into_any()
            }}
            {if is_billing {
                view! { <p class="muted">"This is the default billing address."</p> }.into_any()
            } else {
                view! { <Checkbox label="Use as default billing address" name="default_billing" checked=draft_billing/> }
                    .into_any()
            }}
        </fieldset>
    }
}
