//! `/admin/customers/:id/addresses/new` and `.../addresses/:address`: staff
//! add or edit an address in a customer's book on their behalf, with the
//! storefront's own address form (the fields follow the chosen country;
//! without JavaScript a button reloads the page for it).

use customer_core::dto::{AddressView, CustomerView};
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{
    admin_customer, admin_customer_path, admin_edit_address_path, admin_new_address_path,
    AdminAddAddress, AdminUpdateAddress,
};
use crate::components::form::{FormAlert, SubmitButton};
use crate::pages::addresses::fields::{
    action_errors, form_message, queried_country, AddressFields, DefaultChoices, Draft, FormSetup,
};

/// The customer, the address being edited (none for a new one) and the
/// form's countries.
type Setup = (CustomerView, Option<AddressView>, FormSetup);

#[component]
pub fn AdminAddressPage(customer: String, address: Option<String>) -> impl IntoView {
    let add = ServerAction::<AdminAddAddress>::new();
    let update = ServerAction::<AdminUpdateAddress>::new();
    let query = use_query_map();
    let back = admin_customer_path(&customer);
    let setup = Resource::new(
        move || {
            (
                customer.clone(),
                address.clone(),
                query.with(queried_country),
            )
        },
        |(customer, address, country)| async move {
            let detail = admin_customer(customer).await?;
            let found = match address {
                None => None,
                Some(id) => Some(
                    detail
                        .addresses
                        .into_iter()
                        .find(|a| a.id == id)
                        .ok_or_else(|| AppError::not_found("No such address."))?,
                ),
            };
            let country = country.or_else(|| found.as_ref().map(|a| a.country.clone()));
            let setup = FormSetup::load(country.as_deref().unwrap_or_default()).await?;
            Ok::<Setup, AppError>((detail.customer, found, setup))
        },
    );
    view! {
        <p class="back-link"><a href=back>"← The customer"</a></p>
        <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading the form…"</p> }>
            {move || Suspend::new(async move {
                match setup.await {
                    Ok((customer, None, setup)) => view! { <AddForm add customer setup/> }.into_any(),
                    Ok((customer, Some(address), setup)) => {
                        view! { <EditForm update customer address setup/> }.into_any()
                    }
                    Err(e) => view! {
                        <h1 class="admin-title">"Address not found"</h1>
                        <div class="alert alert-error" role="alert">{e.message()}</div>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AddForm(
    add: ServerAction<AdminAddAddress>,
    customer: CustomerView,
    setup: FormSetup,
) -> impl IntoView {
    let draft = use_query_map()
        .with_untracked(Draft::from_query)
        .unwrap_or_default();
    let errors = action_errors(add.value());
    let (shipping, billing) = (draft.default_shipping, draft.default_billing);
    let cancel = admin_customer_path(&customer.id);
    view! {
        <Title text=format!("New address · {} · Admin", customer.full_name())/>
        <h1 class="admin-title">{format!("New address for {}", customer.full_name())}</h1>
        <div class="card admin-form-card">
            <div class="card-body">
                <ActionForm action=add attr:class="form" attr:novalidate=true attr:aria-label="Add an address">
                    <FormAlert message=form_message(errors)/>
                    <input type="hidden" name="customer" value=customer.id.clone()/>
                    <AddressFields setup draft errors reload_to=admin_new_address_path(&customer.id)/>
                    <DefaultChoices draft_shipping=shipping draft_billing=billing/>
                    <div class="form-actions">
                        <SubmitButton label="Save address" pending_label="Saving…" pending=add.pending() block=false/>
                        <a class="button button-ghost" href=cancel>"Cancel"</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}

#[component]
fn EditForm(
    update: ServerAction<AdminUpdateAddress>,
    customer: CustomerView,
    address: AddressView,
    setup: FormSetup,
) -> impl IntoView {
    let draft = use_query_map()
        .with_untracked(Draft::from_query)
        .unwrap_or_else(|| Draft::from_address(&address));
    let errors = action_errors(update.value());
    let (shipping, billing) = (draft.default_shipping, draft.default_billing);
    let cancel = admin_customer_path(&customer.id);
    view! {
        <Title text=format!("Edit address · {} · Admin", customer.full_name())/>
        <h1 class="admin-title">{format!("Edit an address of {}", customer.full_name())}</h1>
        <div class="card admin-form-card">
            <div class="card-body">
                <ActionForm action=update attr:class="form" attr:novalidate=true attr:aria-label="Edit address">
                    <FormAlert message=form_message(errors)/>
                    <input type="hidden" name="customer" value=customer.id.clone()/>
                    <input type="hidden" name="id" value=address.id.clone()/>
                    <AddressFields setup draft errors reload_to=admin_edit_address_path(&customer.id, &address.id)/>
                    <DefaultChoices
                        draft_shipping=shipping
                        draft_billing=billing
                        is_shipping=address.default_shipping
                        is_billing=address.default_billing
                    />
                    <div class="form-actions">
                        <SubmitButton label="Save address" pending_label="Saving…" pending=update.pending() block=false/>
                        <a class="button button-ghost" href=cancel>"Cancel"</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
