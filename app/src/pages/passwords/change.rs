//! The dashboard's password card: the current password and a new one.
//! Every other device is logged out; this one stays logged in.

use customer_core::passwords::dto::{NoticeView, PASSWORD_CHANGED};
use leptos::prelude::*;

use super::PASSWORD_HINT;
use crate::api::ChangePassword;
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::notice::{success_message, Notice};

#[component]
pub fn ChangePasswordCard(change: ServerAction<ChangePassword>) -> impl IntoView {
    let value = change.value();
    let changed = success_message(
        value,
        |n: &NoticeView| n.message.clone(),
        "saved",
        "password",
        PASSWORD_CHANGED,
    );
    view! {
        <section class="card" aria-labelledby="password-title">
            <div class="card-header">
                <h2 class="card-title" id="password-title">"Password"</h2>
            </div>
            <div class="card-body stack">
                <Notice message=changed/>
                <ActionForm action=change attr:class="form" attr:novalidate=true attr:aria-label="Change your password">
                    <FormAlert message=form_error(value)/>
                    <Field
                        label="Current password"
                        name="current_password"
                        id="password_current_password"
                        kind="password"
                        autocomplete="current-password"
                        error=field_error(value, "current_password")
                    />
                    <Field
                        label="New password"
                        name="new_password"
                        kind="password"
                        autocomplete="new-password"
                        hint=PASSWORD_HINT
                        error=field_error(value, "new_password")
                    />
                    <div class="form-actions">
                        <SubmitButton label="Change password" pending_label="Changing…" pending=change.pending() block=false/>
                    </div>
                </ActionForm>
                <p class="field-hint">"Changing it logs out every other device. Forgot it? "
                    <a href="/account/forgot-password">"Get a reset link by email"</a>
                </p>
            </div>
        </section>
    }
}
