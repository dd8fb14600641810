//! The profile card's "change your email address" form: the new address
//! and the current password. A link goes to the new address and a notice
//! to the current one; nothing changes until the link is opened.

use customer_core::emails::dto::CONFIRM_NEW_EMAIL_SENT;
use customer_core::passwords::dto::NoticeView;
use leptos::prelude::*;

use crate::api::ChangeEmail;
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::notice::{success_message, Notice};

#[component]
pub fn ChangeEmailForm(change: ServerAction<ChangeEmail>) -> impl IntoView {
    let value = change.value();
    let sent = success_message(
        value,
        |n: &NoticeView| n.message.clone(),
        "saved",
        "email",
        CONFIRM_NEW_EMAIL_SENT,
    );
    view! {
        <h3 class="card-subtitle" id="change-email-title">"Change your email address"</h3>
        <Notice message=sent/>
        <ActionForm action=change attr:class="form" attr:novalidate=true attr:aria-labelledby="change-email-title">
            <FormAlert message=form_error(value)/>
            <Field
                label="New email address"
                name="new_email"
                kind="email"
                autocomplete="email"
                hint="We will send a link to it. Your email changes when you open the link."
                error=field_error(value, "new_email")
            />
            <Field
                label="Current password"
                name="current_password"
                id="email_current_password"
                kind="password"
                autocomplete="current-password"
                error=field_error(value, "current_password")
            />
            <div class="form-actions">
                <SubmitButton label="Send the confirmation link" pending_label="Sending…" pending=change.pending() block=false/>
            </div>
        </ActionForm>
    }
}
