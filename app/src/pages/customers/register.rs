use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::Register;
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::components::session::auth_action;
use crate::pages::passwords::PASSWORD_HINT;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = auth_action::<Register>();
    let value = register.value();
    let err = move |f| field_error(value, f);
    view! {
        <Title text="Create your account"/>
        <div class="page-narrow">
            <h1 class="page-title">"Create your account"</h1>
            <p class="page-lead">"Check out faster and keep track of your orders."</p>
            <div class="card">
                <div class="card-body">
                    <ActionForm action=register attr:class="form" attr:novalidate=true>
                        <FormAlert message=form_error(value)/>
                        <Field label="Email" name="email" kind="email" autocomplete="email" error=err("email")/>
                        <Field
                            label="Password"
                            name="password"
                            kind="password"
                            autocomplete="new-password"
                            hint=PASSWORD_HINT
                            error=err("password")
                        />
                        <Field label="First name" name="first_name" autocomplete="given-name" error=err("first_name")/>
                        <Field label="Last name" name="last_name" autocomplete="family-name" error=err("last_name")/>
                        <Field
                            label="Phone"
                            name="phone"
                            kind="tel"
                            autocomplete="tel"
                            optional=true
                            hint="For delivery questions only."
                            error=err("phone")
                        />
                        <div class="form-actions">
                            <SubmitButton label="Create account" pending_label="Creating account…" pending=register.pending()/>
                        </div>
                    </ActionForm>
                </div>
            </div>
            <p class="form-footer">"Already have an account? " <a href="/account/login">"Log in"</a></p>
        </div>
    }
}
