//! The customer page's forms: the profile, the account (group and status),
//! and the support actions. Each is a plain form posting to its server
//! function, which redirects back with `?done=...`; disabling asks for a
//! confirmation first.

use customer_core::dto::{CustomerStatus, CustomerView};
use leptos::prelude::*;

use crate::api::{
    AdminDeleteAddress, AdminEndSessions, AdminResendVerification, AdminSendReset,
    AdminSetDefaultAddress, AdminSetGroup, AdminSetStatus, AdminUpdateProfile, GroupDetail,
};
use crate::components::form::{
    all_errors, field_error, form_error, Field, FormAlert, SubmitButton,
};

/// The page's actions, created once so that a form posted without
/// JavaScript shows its error when the page comes back.
#[derive(Clone, Copy)]
pub struct Actions {
    profile: ServerAction<AdminUpdateProfile>,
    group: ServerAction<AdminSetGroup>,
    status: ServerAction<AdminSetStatus>,
    reset: ServerAction<AdminSendReset>,
    verify: ServerAction<AdminResendVerification>,
    end: ServerAction<AdminEndSessions>,
    pub default_address: ServerAction<AdminSetDefaultAddress>,
    pub delete_address: ServerAction<AdminDeleteAddress>,
}

impl Actions {
    pub fn new() -> Self {
        Self {
            profile: ServerAction::new(),
            group: ServerAction::new(),
            status: ServerAction::new(),
            reset: ServerAction::new(),
            verify: ServerAction::new(),
            end: ServerAction::new(),
            default_address: ServerAction::new(),
            delete_address: ServerAction::new(),
        }
    }

    /// Changes each time any of them finishes (to load the page again).
    pub fn version(self) -> usize {
        self.profile.version().get()
            + self.group.version().get()
            + self.status.version().get()
            + self.reset.version().get()
            + self.verify.version().get()
            + self.end.version().get()
            + self.default_address.version().get()
            + self.delete_address.version().get()
    }
}

#[component]
pub fn ProfileCard(customer: CustomerView, actions: Actions) -> impl IntoView {
    let value = actions.profile.value();
    view! {
        <section class="card" aria-labelledby="profile-title">
            <div class="card-header"><h2 class="card-title" id="profile-title">"Profile"</h2></div>
            <div class="card-body">
                <ActionForm action=actions.profile attr:class="form" attr:novalidate=true>
                    <FormAlert message=form_error(value)/>
                    <input type="hidden" name="id" value=customer.id.clone()/>
                    <Field label="First name" name="first_name" autocomplete="off" value=customer.first_name.clone() error=field_error(value, "first_name")/>
                    <Field label="Last name" name="last_name" autocomplete="off" value=customer.last_name.clone() error=field_error(value, "last_name")/>
                    <Field
                        label="Phone"
                        name="phone"
                        kind="tel"
                        optional=true
                        value=customer.phone.clone().unwrap_or_default()
                        hint="Leave empty to remove the number."
                        error=field_error(value, "phone")
                    />
                    <div class="form-actions">
                        <SubmitButton label="Save profile" pending_label="Saving…" pending=actions.profile.pending() block=false/>
                    </div>
                </ActionForm>
            </div>
        </section>
    }
}

/// The group and the status; only admins may change them.
#[component]
pub fn AccountCard(
    customer: CustomerView,
    groups: Vec<GroupDetail>,
    manage: bool,
    actions: Actions,
) -> impl IntoView {
    let body = if manage {
        view! { <AccountForms customer groups actions/> }.into_any()
    } else {
        view! {
            <FormAlert message=all_errors(actions.group.value())/>
            <FormAlert message=all_errors(actions.status.value())/>
            <dl class="facts">
                <dt>"Group"</dt>
                <dd>{customer.group.name}</dd>
                <dt>"Status"</dt>
                <dd>{status_text(customer.status)}</dd>
            </dl>
            <p class="muted">"Only an admin can change the group or the status."</p>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="account-title">
            <div class="card-header"><h2 class="card-title" id="account-title">"Account"</h2></div>
            <div class="card-body stack">{body}</div>
        </section>
    }
}

fn status_text(status: CustomerStatus) -> &'static str {
    match status {
        CustomerStatus::Active => "Active",
        CustomerStatus::Disabled => "Disabled",
    }
}

#[component]
fn AccountForms(
    customer: CustomerView,
    groups: Vec<GroupDetail>,
    actions: Actions,
) -> impl IntoView {
    let current = customer.group.id.clone();
    let (group_form_id, status_form_id) = (customer.id.clone(), customer.id.clone());
    let options = groups
        .into_iter()
        .map(|g| {
            let chosen = g.id == current;
            view! { <option value=g.id selected=chosen>{g.name}</option> }
        })
        .collect_view();
    let status = match customer.status {
        CustomerStatus::Active => view! {
            <details class="confirm">
                <summary class="button button-danger">"Disable account…"</summary>
                <div class="confirm-panel">
                    <p>"The customer is logged out on every device at once and cannot log in until an admin enables the account again."</p>
                    <input type="hidden" name="status" value="disabled"/>
                    <button type="submit" class="button button-danger" disabled=move || actions.status.pending().get()>
                        "Disable the account"
                    </button>
                </div>
            </details>
        }
        .into_any(),
        CustomerStatus::Disabled => view! {
            <p>"This account is disabled: the customer cannot log in."</p>
            <input type="hidden" name="status" value="active"/>
            <button type="submit" class="button button-primary" disabled=move || actions.status.pending().get()>
                "Enable the account"
            </button>
        }
        .into_any(),
    };
    view! {
        <ActionForm action=actions.group attr:class="form">
            <FormAlert message=all_errors(actions.group.value())/>
            <input type="hidden" name="id" value=group_form_id/>
            <div class="field">
                <label class="field-label" for="group_id">"Group"</label>
                <select class="input select" id="group_id" name="group_id">{options}</select>
            </div>
            <div class="form-actions">
                <SubmitButton label="Change group" pending_label="Saving…" pending=actions.group.pending() block=false/>
            </div>
        </ActionForm>
        <ActionForm action=actions.status attr:class="form">
            <FormAlert message=all_errors(actions.status.value())/>
            <input type="hidden" name="id" value=status_form_id/>
            <h3 class="card-subtitle">"Status"</h3>
            {status}
        </ActionForm>
    }
}

/// Reset link, verification mail, log out everywhere.
#[component]
pub fn SupportCard(customer: CustomerView, open_sessions: u64, actions: Actions) -> impl IntoView {
    let (id, verify_id, end_id) = (
        customer.id.clone(),
        customer.id.clone(),
        customer.id.clone(),
    );
    let errors = Signal::derive(move || {
        all_errors(actions.reset.value())
            .get()
            .or_else(|| all_errors(actions.verify.value()).get())
            .or_else(|| all_errors(actions.end.value()).get())
    });
    view! {
        <section class="card" aria-labelledby="support-title">
            <div class="card-header"><h2 class="card-title" id="support-title">"Support"</h2></div>
            <div class="card-body stack">
                <FormAlert message=errors/>
                <ActionForm action=actions.reset attr:class="inline-form">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button button-secondary" disabled=move || actions.reset.pending().get()>
                        "Send a password reset link"
                    </button>
                </ActionForm>
                {(!customer.email_verified).then(|| view! {
                    <ActionForm action=actions.verify attr:class="inline-form">
                        <input type="hidden" name="id" value=verify_id/>
                        <button type="submit" class="button button-secondary" disabled=move || actions.verify.pending().get()>
                            "Send the verification link again"
                        </button>
                    </ActionForm>
                })}
                {(open_sessions > 0).then(|| view! {
                    <ActionForm action=actions.end attr:class="inline-form">
                        <input type="hidden" name="id" value=end_id/>
                        <button type="submit" class="button button-secondary" disabled=move || actions.end.pending().get()>
                            "Log out on every device"
                        </button>
                    </ActionForm>
                })}
            </div>
        </section>
    }
}
