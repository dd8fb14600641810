//! `/account/confirm-email?token=...`: the page an email-change mail links
//! to (sent to the new address). A button posts the token; nothing happens
//! on GET. Served with `Referrer-Policy: no-referrer`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{first_message, query_done, query_token};
use crate::api::ConfirmEmail;
use crate::components::form::{form_error, FormAlert, SubmitButton};
use crate::components::notice::LinkProblem;
use crate::pages::passwords::reset::INCOMPLETE_LINK;

/// After a confirmed change.
pub const EMAIL_CHANGED: &str =
    "Your email address has been changed. Use the new one to log in from now on.";

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmEmail>::new();
    let value = confirm.value();
    let token = query_token();
    let done_by_redirect = query_done();
    let body = move || {
        let outcome = value.with(|v| match v {
            Some(Ok(status)) => Some(Ok(status.email.clone())),
            Some(Err(e)) if e.fields().is_some_and(|f| !f.is_empty()) => {
                Some(Err(first_message(e)))
            }
            _ => None,
        });
        match outcome {
            Some(Ok(email)) => view! { <Changed email=Some(email)/> }.into_any(),
            None if done_by_redirect && value.with(Option::is_none) => {
                view! { <Changed email=None/> }.into_any()
            }
            // Invalid, expired or used, or the address was taken meanwhile:
            // a new change starts on the account page.
            Some(Err(message)) => view! {
                <LinkProblem message href="/account" link_text="Go to your account"/>
            }
                .into_any(),
            None if token.is_empty() => view! {
                <LinkProblem message=INCOMPLETE_LINK href="/account" link_text="Go to your account"/>
            }
                .into_any(),
            None => {
                let token = token.clone();
                view! {
                <ActionForm action=confirm attr:class="form" attr:aria-label="Confirm your new email address">
                    <FormAlert message=form_error(value)/>
                    <input type="hidden" name="token" value=token/>
                    <p>"Press the button to make this address the one you log in with and we write to."</p>
                    <div class="form-actions">
                        <SubmitButton label="Confirm my new email address" pending_label="Confirming…" pending=confirm.pending()/>
                    </div>
                </ActionForm>
                }
                .into_any()
            }
        }
    };
    view! {
        <Title text="Confirm your new email address"/>
        <div class="page-narrow">
            <h1 class="page-title">"Confirm your new email address"</h1>
            <div class="card">
                <div class="card-body stack">{body}</div>
            </div>
        </div>
    }
}

#[component]
fn Changed(email: Option<String>) -> impl IntoView {
    view! {
        <div class="alert alert-success" role="status">
            <p>{EMAIL_CHANGED}</p>
            {email.map(|e| view! { <p>"Your email address is now " <strong>{e}</strong> "."</p> })}
        </div>
        <p>
            <a class="button button-primary" href="/account">"Go to your account"</a>
        </p>
    }
}
