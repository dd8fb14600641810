use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::Login;
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::session::auth_action;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = auth_action::<Login>();
    let value = login.value();
    view! {
        <Title text="Log in"/>
        <div class="page-narrow">
            <h1 class="page-title">"Log in"</h1>
            <p class="page-lead">"Welcome back."</p>
            <div class="card">
                <div class="card-body">
                    <ActionForm action=login attr:class="form" attr:novalidate=true>
                        <FormAlert message=form_error(value)/>
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
            <p class="form-footer">"New here? " <a href="/account/register">"Create an account"</a></p>
        </div>
    }
}
