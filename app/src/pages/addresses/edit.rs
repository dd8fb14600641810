//! `/account/addresses/:id/edit`: the edit form.

use customer_core::dto::AddressView;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::fields::{
    action_errors, form_message, queried_country, AddressFields, DefaultChoices, Draft, FormSetup,
};
use super::{edit_path, load_failed, BackToBook, ADDRESS_BOOK_PATH};
use crate::api::{get_address, UpdateAddress};
use crate::components::form::{FormAlert, SubmitButton};

#[component]
pub fn EditAddressPage() -> impl IntoView {
    let update = ServerAction::<UpdateAddress>::new();
    let params = use_params_map();
    let query = use_query_map();
    // The address, and the form's countries with the address's country (or
    // the one the query asks for).
    let setup = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(queried_country),
            )
        },
        |(id, country)| async move {
            let address = get_address(id).await?;
            let setup = FormSetup::load(country.as_deref().unwrap_or(&address.country)).await?;
            Ok::<_, AppError>((address, setup))
        },
    );
    view! {
        <Title text="Edit address"/>
        <div class="page-form">
            <BackToBook/>
            <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading the address…"</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok((address, setup)) => view! { <EditAddressForm update address setup/> }.into_any(),
                        Err(e) => load_failed(e),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn EditAddressForm(
    update: ServerAction<UpdateAddress>,
    address: AddressView,
    setup: FormSetup,
) -> impl IntoView {
    let draft = use_query_map()
        .with_untracked(Draft::from_query)
        .unwrap_or_else(|| Draft::from_address(&address));
    let errors = action_errors(update.value());
    let (shipping, billing) = (draft.default_shipping, draft.default_billing);
    view! {
        <h1 class="page-title">"Edit address"</h1>
        <p class="page-lead">{address.label.clone().unwrap_or_else(|| address.full_name())}</p>
        <div class="card">
            <div class="card-body">
                <ActionForm action=update attr:class="form" attr:novalidate=true attr:aria-label="Edit address">
                    <FormAlert message=form_message(errors)/>
                    <input type="hidden" name="id" value=address.id.clone()/>
                    <AddressFields setup draft errors reload_to=edit_path(&address.id)/>
                    <DefaultChoices
                        draft_shipping=shipping
                        draft_billing=billing
                        is_shipping=address.default_shipping
                        is_billing=address.default_billing
                    />
                    <div class="form-actions">
                        <SubmitButton label="Save address" pending_label="Saving…" pending=update.pending() block=false/>
                        <a class="button button-ghost" href=ADDRESS_BOOK_PATH>"Cancel"</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
