//! `/admin/customers/new`: an admin opens an account for a customer (by
//! phone, at the counter). The customer gets a mail inviting them to
//! choose a password; nobody can log in to the account until they do.

use customer_core::staff::dto::Permission;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

use super::GRID_PATH;
use crate::api::{admin_groups, AdminCreateCustomer, GroupDetail};
use crate::components::form::{
    field_error, form_error, Field, FieldError, FormAlert, SubmitButton,
};
use crate::pages::admin::layout::{staff_may, StaffLogin};

#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let create = ServerAction::<AdminCreateCustomer>::new();
    let groups = Resource::new(|| (), |_| admin_groups());
    let login = StaffLogin::get();
    view! {
        <Title text="New customer · Admin"/>
        <p class="back-link"><a href=GRID_PATH>"← Customers"</a></p>
        <h1 class="admin-title">"New customer"</h1>
        <p class="muted">"We mail the customer an invitation to choose their password. The link works for a few days."</p>
        // Only admins may create customers: support is told so rather than
        // offered a form the service would refuse.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                if staff_may(login, Permission::ManageCustomers).await {
                    view! { <NewCustomerForm create groups/> }.into_any()
                } else {
                    view! { <div class="alert alert-info" role="status">"Only an admin can create customers."</div> }
                        .into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewCustomerForm(
    create: ServerAction<AdminCreateCustomer>,
    groups: Resource<Result<Vec<GroupDetail>, AppError>>,
) -> impl IntoView {
    let value = create.value();
    view! {
        <div class="card admin-form-card">
            <div class="card-body">
                <ActionForm action=create attr:class="form" attr:novalidate=true>
                    <FormAlert message=form_error(value)/>
                    <Field label="Email" name="email" kind="email" error=field_error(value, "email")/>
                    <Field label="First name" name="first_name" error=field_error(value, "first_name")/>
                    <Field label="Last name" name="last_name" error=field_error(value, "last_name")/>
                    <Field label="Phone" name="phone" kind="tel" optional=true error=field_error(value, "phone")/>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let options = groups
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|g| {
                                    let chosen = g.default;
                                    view! { <option value=g.id selected=chosen>{g.name}</option> }
                                })
                                .collect_view();
                            view! {
                                <div class="field">
                                    <label class="field-label" for="group_id">"Group"</label>
                                    <select class="input select" id="group_id" name="group_id">{options}</select>
                                    <FieldError id="group_id-error".to_string() error=field_error(value, "group_id")/>
                                </div>
                            }
                        })}
                    </Suspense>
                    <div class="form-actions">
                        <SubmitButton label="Create and invite" pending_label="Creating…" pending=create.pending() block=false/>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
