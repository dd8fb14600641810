//! `/account/addresses/:id/delete`: "Delete this address?", with the
//! address and a form posting to `delete_address`. The book's Delete links
//! here, so deleting asks first with or without JavaScript.

use customer_core::dto::AddressView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{load_failed, AddressLines, BackToBook, ADDRESS_BOOK_PATH};
use crate::api::{get_address, DeleteAddress};
use crate::components::form::{form_error, FormAlert};

#[component]
pub fn DeleteAddressPage() -> impl IntoView {
    let delete = ServerAction::<DeleteAddress>::new();
    let params = use_params_map();
    let address = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        get_address,
    );
    view! {
        <Title text="Delete this address?"/>
        <div class="page-narrow">
            <BackToBook/>
            <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading the address…"</p> }>
                {move || Suspend::new(async move {
                    match address.await {
                        Ok(address) => view! { <Confirm address delete/> }.into_any(),
                        Err(e) => load_failed(e),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Confirm(address: AddressView, delete: ServerAction<DeleteAddress>) -> impl IntoView {
    let pending = delete.pending();
    let loses = match (address.default_shipping, address.default_billing) {
        (true, true) => Some("shipping and billing"),
        (true, false) => Some("shipping"),
        (false, true) => Some("billing"),
        (false, false) => None,
    };
    view! {
        <h1 class="page-title">"Delete this address?"</h1>
        <p class="page-lead">"It will be removed from your address book."</p>
        <div class="card">
            <div class="card-body stack">
                <AddressLines address=address.clone()/>
                {loses
                    .map(|kind| {
                        view! {
                            <div class="alert alert-info">
                                {format!(
                                    "This is your default {kind} address: you will have none until you choose another.",
                                )}
                            </div>
                        }
                    })}
                <FormAlert message=form_error(delete.value())/>
                <ActionForm action=delete attr:class="form-actions" attr:aria-label="Delete this address">
                    <input type="hidden" name="id" value=address.id.clone()/>
                    <button
                        type="submit"
                        class="button button-danger"
                        disabled=move || pending.get()
                        aria-busy=move || if pending.get() { "true" } else { "false" }
                    >
                        {move || if pending.get() { "Deleting…" } else { "Delete this address" }}
                    </button>
                    <a class="button button-secondary" href=ADDRESS_BOOK_PATH>"Keep it"</a>
                </ActionForm>
            </div>
        </div>
    }
}
