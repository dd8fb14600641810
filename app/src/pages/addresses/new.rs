//! `/account/addresses/new`: the add form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::fields::{
    action_errors, queried_country, AddressFields, DefaultChoices, Draft, FormSetup,
};
use super::{
    book_full_message, load_failed, new_path, BackToBook, ADDRESS_BOOK_PATH, MAX_ADDRESSES,
};
use crate::api::{list_addresses, AddAddress};
use crate::components::form::{FormAlert, SubmitButton};

#[component]
pub fn NewAddressPage() -> impl IntoView {
    let add = ServerAction::<AddAddress>::new();
    let query = use_query_map();
    // The book (how full, and whether logged in at all) and the form's
    // countries; the country is the one the query asks for, if any.
    let setup = Resource::new(
        move || query.with(queried_country),
        |country| async move {
            let book = list_addresses().await?;
            let setup = FormSetup::load(country.as_deref().unwrap_or_default()).await?;
            Ok::<_, customer_core::AppError>((book.len(), setup))
        },
    );
    view! {
        <Title text="Add an address"/>
        <div class="page-form">
            <BackToBook/>
            <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading the form…"</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok((size, _)) if size >= MAX_ADDRESSES => {
                            view! {
                                <h1 class="page-title">"Add an address"</h1>
                                <div class="alert alert-info" role="status">{book_full_message()}</div>
                                <a class="button button-secondary" href=ADDRESS_BOOK_PATH>"Back to your addresses"</a>
                            }
                                .into_any()
                        }
                        Ok((size, setup)) => view! { <NewAddressForm add setup first=size == 0/> }.into_any(),
                        Err(e) => load_failed(e),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn NewAddressForm(add: ServerAction<AddAddress>, setup: FormSetup, first: bool) -> impl IntoView {
    let draft = use_query_map()
        .with_untracked(Draft::from_query)
        .unwrap_or_default();
    let errors = action_errors(add.value());
    let (shipping, billing) = (draft.default_shipping, draft.default_billing);
    view! {
        <h1 class="page-title">"Add an address"</h1>
        <p class="page-lead">
            {if first {
                "Your first address becomes your default shipping and billing address."
            } else {
                "Fields not marked optional are needed to deliver to it."
            }}
        </p>
        <div class="card">
            <div class="card-body">
                <ActionForm action=add attr:class="form" attr:novalidate=true attr:aria-label="Add an address">
                    <FormAlert message=super::fields::form_message(errors)/>
                    <AddressFields setup draft errors reload_to=new_path()/>
                    {(!first).then(|| view! { <DefaultChoices draft_shipping=shipping draft_billing=billing/> })}
                    <div class="form-actions">
                        <SubmitButton label="Save address" pending_label="Saving…" pending=add.pending() block=false/>
                        <a class="button button-ghost" href=ADDRESS_BOOK_PATH>"Cancel"</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
