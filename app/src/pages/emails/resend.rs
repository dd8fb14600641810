//! `/account/resend-verification`: "send the verification link again" for
//! a customer who is logged out (when the shop requires a verified email,
//! they cannot log in to use the dashboard's banner). The answer is the
//! same whatever the address.

use customer_core::emails::dto::VERIFICATION_SENT_IF;
use customer_core::passwords::dto::NoticeView;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::ResendVerification;
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::notice::{success_message, Notice};

#[component]
pub fn ResendVerificationPage() -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let value = resend.value();
    let sent = success_message(
        value,
        |n: &NoticeView| n.message.clone(),
        "sent",
        "1",
        VERIFICATION_SENT_IF,
    );
    view! {
        <Title text="Verify your email address"/>
        <div class="page-narrow">
            <h1 class="page-title">"Get a new verification link"</h1>
            <p class="page-lead">
                "Enter the email address you registered with. If it still needs verifying, we will send it a new link."
            </p>
            <div class="card">
                <div class="card-body stack">
                    <Notice message=sent/>
                    <ActionForm action=resend attr:class="form" attr:novalidate=true attr:aria-label="Send a new verification link">
                        <FormAlert message=form_error(value)/>
                        <Field label="Email" name="email" kind="email" autocomplete="email" error=field_error(value, "email")/>
                        <div class="form-actions">
                            <SubmitButton label="Send the link" pending_label="Sending…" pending=resend.pending()/>
                        </div>
                    </ActionForm>
                </div>
            </div>
            <p class="form-footer">"Verified already? " <a href="/account/login">"Log in"</a></p>
        </div>
    }
}
