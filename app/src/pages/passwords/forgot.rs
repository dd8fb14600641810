//! `/account/forgot-password`: an email field; the answer is the same
//! whether the email has an account or not.

use customer_core::passwords::dto::{NoticeView, RESET_LINK_SENT};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::ForgotPassword;
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::notice::{success_message, Notice};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    // Created here, inside the routes, so that a form posted without
    // JavaScript shows its error when the page comes back.
    let forgot = ServerAction::<ForgotPassword>::new();
    let value = forgot.value();
    let sent = success_message(
        value,
        |n: &NoticeView| n.message.clone(),
        "sent",
        "1",
        RESET_LINK_SENT,
    );
    view! {
        <Title text="Forgot your password?"/>
        <div class="page-narrow">
            <h1 class="page-title">"Forgot your password?"</h1>
            <p class="page-lead">
                "Enter the email address of your account. We will send it a link to choose a new password."
            </p>
            <div class="card">
                <div class="card-body stack">
                    <Notice message=sent/>
                    <ActionForm action=forgot attr:class="form" attr:novalidate=true attr:aria-label="Send a reset link">
                        <FormAlert message=form_error(value)/>
                        <Field label="Email" name="email" kind="email" autocomplete="email" error=field_error(value, "email")/>
                        <div class="form-actions">
                            <SubmitButton label="Send the link" pending_label="Sending…" pending=forgot.pending()/>
                        </div>
                    </ActionForm>
                </div>
            </div>
            <p class="form-footer">"Remembered it? " <a href="/account/login">"Log in"</a></p>
        </div>
    }
}
