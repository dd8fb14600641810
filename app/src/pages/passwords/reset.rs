//! `/account/reset-password?token=...`: the page a reset mail links to. A
//! new password with the policy beside it; success goes to the login page.
//! A link that is invalid, expired or used says so, with the way to ask for
//! a new one. Served with `Referrer-Policy: no-referrer`, so the token in
//! its URL never leaves in a `Referer`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::PASSWORD_HINT;
use crate::api::{ResetPassword, FORGOT_PASSWORD_PATH};
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::notice::LinkProblem;

/// A link without its token (cut short when copied, say).
pub const INCOMPLETE_LINK: &str =
    "This link is not complete. Open the link from your email again, or ask for a new one.";

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let value = reset.value();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    let token_error = field_error(value, "token");
    let form = move || {
        if token.is_empty() {
            return view! {
                <LinkProblem message=INCOMPLETE_LINK href=FORGOT_PASSWORD_PATH link_text="Ask for a new link"/>
            }
                .into_any();
        }
        let token = token.clone();
        view! {
            <ActionForm action=reset attr:class="form" attr:novalidate=true attr:aria-label="Choose a new password">
                <FormAlert message=form_error(value)/>
                <input type="hidden" name="token" value=token/>
                <Field
                    label="New password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=PASSWORD_HINT
                    error=field_error(value, "password")
                />
                <div class="form-actions">
                    <SubmitButton label="Save the new password" pending_label="Saving…" pending=reset.pending()/>
                </div>
            </ActionForm>
        }
            .into_any()
    };
    view! {
        <Title text="Choose a new password"/>
        <div class="page-narrow">
            <h1 class="page-title">"Choose a new password"</h1>
            <p class="page-lead">"Every device logged in to your account will be logged out."</p>
            <div class="card">
                <div class="card-body stack">
                    <Show when=move || token_error.with(Option::is_some) fallback=form>
                        <LinkProblem
                            message=token_error.get().unwrap_or_default()
                            href=FORGOT_PASSWORD_PATH
                            link_text="Ask for a new link"
                        />
                    </Show>
                </div>
            </div>
            <p class="form-footer">"Remembered it? " <a href="/account/login">"Log in"</a></p>
        </div>
    }
}
