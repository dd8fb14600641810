//! `/account/verify-email?token=...`: the page a verification mail links
//! to. A button posts the token; nothing happens on GET. Served with
//! `Referrer-Policy: no-referrer`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{first_message, query_done, query_token};
use crate::api::{VerifyEmail, RESEND_VERIFICATION_PATH};
use crate::components::form::{form_error, FormAlert, SubmitButton};
use crate::components::notice::LinkProblem;
use crate::pages::passwords::reset::INCOMPLETE_LINK;

/// After a verification.
pub const EMAIL_VERIFIED: &str = "Your email address is verified. Thank you!";

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let verify = ServerAction::<VerifyEmail>::new();
    let value = verify.value();
    let token = query_token();
    let done_by_redirect = query_done();
    let body = move || {
        let outcome = value.with(|v| match v {
            Some(Ok(_)) => Some(Ok(())),
            Some(Err(e)) if e.fields().is_some_and(|f| !f.is_empty()) => {
                Some(Err(first_message(e)))
            }
            _ => None,
        });
        match outcome {
            Some(Ok(())) => view! { <Verified/> }.into_any(),
            None if done_by_redirect && value.with(Option::is_none) => {
                view! { <Verified/> }.into_any()
            }
            Some(Err(message)) => view! {
                <LinkProblem message href=RESEND_VERIFICATION_PATH link_text="Send me a new link"/>
            }
                .into_any(),
            None if token.is_empty() => view! {
                <LinkProblem message=INCOMPLETE_LINK href=RESEND_VERIFICATION_PATH link_text="Send me a new link"/>
            }
                .into_any(),
            None => {
                let token = token.clone();
                view! {
                <ActionForm action=verify attr:class="form" attr:aria-label="Verify your email address">
                    <FormAlert message=form_error(value)/>
                    <input type="hidden" name="token" value=token/>
                    <p>"Press the button to confirm that this email address is yours."</p>
                    <div class="form-actions">
                        <SubmitButton label="Verify my email address" pending_label="Verifying…" pending=verify.pending()/>
                    </div>
                </ActionForm>
                }
                .into_any()
            }
        }
    };
    view! {
        <Title text="Verify your email address"/>
        <div class="page-narrow">
            <h1 class="page-title">"Verify your email address"</h1>
            <div class="card">
                <div class="card-body stack">{body}</div>
            </div>
        </div>
    }
}

#[component]
fn Verified() -> impl IntoView {
    view! {
        <div class="alert alert-success" role="status">{EMAIL_VERIFIED}</div>
        <p>
            <a class="button button-primary" href="/account">"Go to your account"</a>
        </p>
    }
}
