//! The profile card of the account page: name and phone, with inline
//! errors, and the email address with its change form (`emails::change`).

use customer_core::dto::CustomerView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{ChangeEmail, UpdateProfile};
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::pages::emails::change::ChangeEmailForm;

#[component]
pub fn ProfileCard(
    customer: CustomerView,
    update: ServerAction<UpdateProfile>,
    change_email: ServerAction<ChangeEmail>,
) -> impl IntoView {
    let value = update.value();
    let query = use_query_map();
    // Saved: the action says so (JavaScript), or the redirect's query does.
    let saved = move || {
        value.with(|v| matches!(v, Some(Ok(_))))
            || (value.with(Option::is_none)
                && query.with(|q| q.get("saved").as_deref() == Some("profile")))
    };
    let since = customer
        .created_at
        .get(..10)
        .unwrap_or_default()
        .to_string();
    view! {
        <section class="card" aria-labelledby="info-title">
            <div class="card-header">
                <h2 class="card-title" id="info-title">"Account information"</h2>
            </div>
            <div class="card-body stack">
                <dl class="details">
                    <div class="details-row">
                        <dt>"Name"</dt>
                        <dd>{customer.full_name()}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Email"</dt>
                        <dd data-testid="account-email">
                            {customer.email.clone()}
                            {customer
                                .email_verified
                                .then(|| view! { " " <span class="badge badge-verified">"Verified"</span> })}
                        </dd>
                    </div>
                    <div class="details-row">
                        <dt>"Phone"</dt>
                        <dd>{customer.phone.clone().unwrap_or_else(|| "Not given".into())}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Customer group"</dt>
                        <dd>{customer.group.name.clone()}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Member since"</dt>
                        <dd>
                            <time datetime=customer.created_at.clone()>{since}</time>
                        </dd>
                    </div>
                </dl>
                <Show when=saved>
                    <div class="alert alert-success" role="status">"Your details were saved."</div>
                </Show>
                <h3 class="card-subtitle">"Edit your details"</h3>
                <ActionForm action=update attr:class="form" attr:novalidate=true attr:aria-label="Edit your details">
                    <FormAlert message=form_error(value)/>
                    <input type="hidden" name="id" value=customer.id.clone()/>
                    <Field label="First name" name="first_name" autocomplete="given-name" value=customer.first_name.clone() error=field_error(value, "first_name")/>
                    <Field label="Last name" name="last_name" autocomplete="family-name" value=customer.last_name.clone() error=field_error(value, "last_name")/>
                    <Field
                        label="Phone"
                        name="phone"
                        kind="tel"
                        autocomplete="tel"
                        optional=true
                        value=customer.phone.clone().unwrap_or_default()
                        hint="With the country code, like +44 20 7946 0958. Leave empty to remove it."
                        error=field_error(value, "phone")
                    />
                    <div class="form-actions">
                        <SubmitButton label="Save changes" pending_label="Saving…" pending=update.pending() block=false/>
                    </div>
                </ActionForm>
                <ChangeEmailForm change=change_email/>
            </div>
        </section>
    }
}
