//! `/admin/login`: staff log in here, apart from the customers' login, to
//! a page of its own (no sidebar, no storefront header).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::layout::NoIndex;
use crate::api::{current_staff, StaffLogin};
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};
use crate::SHOP_NAME;

#[component]
pub fn AdminLoginPage() -> impl IntoView {
    // Created here, inside the routes, so that a form posted without
    // JavaScript shows its error when the page comes back.
    let login = ServerAction::<StaffLogin>::new();
    let value = login.value();
    // Someone already logged in goes straight to the dashboard.
    let staff = Resource::new(|| (), |_| current_staff());
    view! {
        <NoIndex/>
        <Title text="Staff login"/>
        <div class="admin-login">
            <div class="page-narrow">
                <p class="admin-login-brand">{SHOP_NAME} " · Admin"</p>
                <h1 class="page-title">"Staff login"</h1>
                <p class="page-lead">"For the shop's staff. Customers log in on the shop's own page."</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        matches!(staff.await, Ok(Some(_))).then(|| view! { <Redirect path="/admin"/> })
                    })}
                </Suspense>
                <div class="card">
                    <div class="card-body stack">
                        <ActionForm action=login attr:class="form" attr:novalidate=true>
                            <FormAlert message=form_error(value)/>
                            <Field
                                label="Email"
                                name="email"
                                kind="email"
                                autocomplete="username"
                                error=field_error(value, "email")
                            />
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
                    // Another area: a new page load (see `Shop`).
                    <a href="/" rel="external">"Back to the shop"</a>
                </p>
            </div>
        </div>
    }
}
