use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::Login;
use crate::api::{FORGOT_PASSWORD_PATH, RESEND_VERIFICATION_PATH};
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::notice::Notice;
use crate::components::session::auth_action;

/// After registering when the shop requires a verified email first.
pub const CHECK_INBOX: &str = "Check your inbox: we have sent you a link to verify your email address. Open it, then log in here.";

/// The notice a redirect to the login page asks for (`?notice=...`).
fn notice_for(query: &leptos_router::params::ParamsMap) -> Option<String> {
    use customer_core::passwords::dto::PASSWORD_RESET_DONE;
    match query.get("notice").as_deref() {
        Some("password_reset") => Some(PASSWORD_RESET_DONE.into()),
        Some("check_inbox") => Some(CHECK_INBOX.into()),
        _ => None,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = auth_action::<Login>();
    let value = login.value();
    let query = leptos_router::hooks::use_query_map();
    let notice = Signal::derive(move || query.with(notice_for));
    // The page that sent the customer here, to go back to after logging
    // in (the server function follows only paths of this shop).
    let next = query.with_untracked(|q| q.get("next"));
    view! {
        <Title text="Log in"/>
        <div class="page-narrow">
            <h1 class="page-title">"Log in"</h1>
            <p class="page-lead">"Welcome back."</p>
            <div class="card">
                <div class="card-body stack">
                    <Notice message=notice/>
                    <ActionForm action=login attr:class="form" attr:novalidate=true>
                        <FormAlert message=form_error(value)/>
                        {next.map(|next| view! { <input type="hidden" name="next" value=next/> })}
                        <Field label="Email" name="email" kind="email" autocomplete="username" error=field_error(value, "email")/>
                        <Field
                            label="Password"
                            name="password"
                            kind="password"
                            autocomplete="current-password"
                            error=field_error(value, "password")
                        />
                        <div class="form-actions">
                            <SubmitButton label="Log in" pending_label="Logging in…" pending=login.pending()/>
                        </div>
                    </ActionForm>
                </div>
            </div>
            <p class="form-footer">
                <a href=FORGOT_PASSWORD_PATH>"Forgot your password?"</a>
            </p>
            <p class="form-footer">"New here? " <a href="/account/register">"Create an account"</a></p>
            <p class="form-footer">
                "Didn't get the email to verify your address? "
                <a href=RESEND_VERIFICATION_PATH>"Send it again"</a>
            </p>
        </div>
    }
}
