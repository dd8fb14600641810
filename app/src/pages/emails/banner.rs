//! The dashboard's banner while the customer's email is not verified (and
//! the shop verifies addresses): what to do, and "Send the link again".

use customer_core::emails::dto::VERIFICATION_SENT;
use customer_core::passwords::dto::NoticeView;
use leptos::prelude::*;

use crate::api::ResendVerification;
use crate::components::form::{form_error, FormAlert};
use crate::components::notice::{success_message, Notice};

#[component]
pub fn VerifyBanner(email: String, resend: ServerAction<ResendVerification>) -> impl IntoView {
    let value = resend.value();
    let sent = success_message(
        value,
        |n: &NoticeView| n.message.clone(),
        "saved",
        "verification",
        VERIFICATION_SENT,
    );
    let pending = resend.pending();
    view! {
        <section class="verify-banner" aria-labelledby="verify-title" data-testid="verify-banner">
            <div class="verify-banner-text">
                <h2 class="verify-banner-title" id="verify-title">"Please verify your email address"</h2>
                <p>
                    "We sent a link to " <strong>{email}</strong>
                    ". Open it to confirm the address is yours, so you can get your password back if you forget it."
                </p>
            </div>
            <ActionForm action=resend attr:class="inline-form" attr:aria-label="Send the verification link again">
                <button
                    type="submit"
                    class="button button-secondary"
                    disabled=move || pending.get()
                    aria-busy=move || if pending.get() { "true" } else { "false" }
                >
                    {move || if pending.get() { "Sending…" } else { "Send the link again" }}
                </button>
            </ActionForm>
            <div class="verify-banner-notices">
                <Notice message=sent/>
                <FormAlert message=form_error(value)/>
            </div>
        </section>
    }
}
