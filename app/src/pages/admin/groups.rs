//! `/admin/groups`: the customer groups with their members, and for admins
//! creating, renaming and deleting them (a deleted group's customers move
//! to the default group), and which groups may open each restricted
//! storefront page.

use customer_core::staff::dto::Permission;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::customers::query::encode;
use super::dashboard::thousands;
use super::layout::{staff_may, StaffLogin};
use crate::api::{
    admin_groups, admin_page_access, AdminCreateGroup, AdminDeleteGroup, AdminSetPageAccess,
    AdminUpdateGroup, GroupDetail, PageAccessView, ADMIN_CUSTOMERS_PATH,
};
use crate::components::form::{
    all_errors, field_error, form_error, Field, FormAlert, SubmitButton,
};

#[derive(Clone, Copy)]
struct GroupActions {
    create: ServerAction<AdminCreateGroup>,
    update: ServerAction<AdminUpdateGroup>,
    delete: ServerAction<AdminDeleteGroup>,
    access: ServerAction<AdminSetPageAccess>,
}

impl GroupActions {
    fn version(self) -> usize {
        self.create.version().get()
            + self.update.version().get()
            + self.delete.version().get()
            + self.access.version().get()
    }
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let actions = GroupActions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        delete: ServerAction::new(),
        access: ServerAction::new(),
    };
    let groups = Resource::new(move || actions.version(), |_| admin_groups());
    let pages = Resource::new(move || actions.version(), |_| admin_page_access());
    let login = StaffLogin::get();
    view! {
        <Title text="Groups · Admin"/>
        <h1 class="admin-title">"Customer groups"</h1>
        <p class="muted">"Groups decide which restricted pages of the shop a customer may open. New customers join the default group."</p>
        <DoneNotice/>
        <FormAlert message=all_errors(actions.update.value())/>
        <FormAlert message=all_errors(actions.delete.value())/>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the groups…"</p> }>
            {move || Suspend::new(async move {
                let manage = staff_may(login, Permission::ManageGroups).await;
                match (groups.await, pages.await) {
                    (Ok(groups), Ok(pages)) => view! {
                        <GroupsTable groups=groups.clone() manage actions/>
                        {manage.then(|| view! { <NewGroup actions/> })}
                        <h2 class="admin-section-title" id="access">"Restricted pages"</h2>
                        {pages
                            .into_iter()
                            .map(|page| view! { <PageAccess page groups=groups.clone() manage actions/> })
                            .collect_view()}
                    }
                        .into_any(),
                    (Err(e), _) | (_, Err(e)) => view! {
                        <div class="alert alert-error" role="alert">
                            {format!("We could not load the groups: {}", e.message())}
                        </div>
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DoneNotice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            let text = match q.get_str("done")? {
                "created" => "The group was created.".to_string(),
                "updated" => "The group was saved.".to_string(),
                "deleted" => match q.get_str("moved").unwrap_or("0") {
                    "0" => "The group was deleted.".to_string(),
                    "1" => "The group was deleted; its customer moved to the default group."
                        .to_string(),
                    n => format!(
                        "The group was deleted; its {n} customers moved to the default group."
                    ),
                },
                "access" => "The page's access was saved.".to_string(),
                _ => return None,
            };
            Some(view! { <div class="alert alert-success" role="status">{text}</div> })
        })
    }
}

#[component]
fn GroupsTable(groups: Vec<GroupDetail>, manage: bool, actions: GroupActions) -> impl IntoView {
    let default_name = groups
        .iter()
        .find(|g| g.default)
        .map(|g| g.name.clone())
        .unwrap_or_else(|| "the default group".into());
    let rows = groups
        .into_iter()
        .map(|g| {
            let members_href = format!("{ADMIN_CUSTOMERS_PATH}?group={}", encode(&g.id));
            let edit = manage.then(|| view! { <GroupEdit group=g.clone() default_name=default_name.clone() actions/> });
            view! {
                <tr>
                    <th scope="row">
                        {g.name.clone()}
                        {g.system.then(|| view! { <span class="badge">"Built-in"</span> })}
                        {g.default.then(|| view! { <span class="badge badge-default">"Default"</span> })}
                    </th>
                    <td>{g.description.clone()}</td>
                    <td class="num"><a href=members_href>{thousands(g.members)}</a></td>
                    {manage.then(|| view! { <td>{edit}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="groups">
                <thead>
                    <tr>
                        <th scope="col">"Group"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col" class="num">"Customers"</th>
                        {manage.then(|| view! { <th scope="col">"Change"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Rename (and describe) a group; delete a custom one after a confirmation.
#[component]
fn GroupEdit(group: GroupDetail, default_name: String, actions: GroupActions) -> impl IntoView {
    let GroupDetail {
        id,
        name,
        description,
        system,
        members,
        ..
    } = group;
    let name_id = format!("name-{id}");
    let description_id = format!("description-{id}");
    let delete_id = id.clone();
    let delete = (!system).then(|| {
        let warning = match members {
            0 => "Nobody is in it.".to_string(),
            1 => format!("Its customer moves to {default_name}."),
            n => format!("Its {} customers move to {default_name}.", thousands(n)),
        };
        view! {
            <details class="confirm">
                <summary class="button button-ghost button-danger">"Delete…"</summary>
                <div class="confirm-panel">
                    <p>{format!("Delete {name}? {warning}")}</p>
                    <ActionForm action=actions.delete attr:class="inline-form">
                        <input type="hidden" name="id" value=delete_id/>
                        <button type="submit" class="button button-danger">"Delete the group"</button>
                    </ActionForm>
                </div>
            </details>
        }
    });
    view! {
        <div class="row-actions">
            <details class="confirm">
                <summary class="button button-ghost">"Edit…"</summary>
                <div class="confirm-panel">
                    <ActionForm action=actions.update attr:class="form">
                        <input type="hidden" name="id" value=id.clone()/>
                        <div class="field">
                            <label class="field-label" for=name_id.clone()>"Name"</label>
                            <input class="input" id=name_id name="name" maxlength="60" value=name.clone() required=true/>
                        </div>
                        <div class="field">
                            <label class="field-label" for=description_id.clone()>"Description"</label>
                            <input class="input" id=description_id name="description" maxlength="500" value=description/>
                        </div>
                        <button type="submit" class="button button-primary">"Save"</button>
                    </ActionForm>
                </div>
            </details>
            {delete}
        </div>
    }
}

#[component]
fn NewGroup(actions: GroupActions) -> impl IntoView {
    let value = actions.create.value();
    view! {
        <h2 class="admin-section-title" id="new-group">"New group"</h2>
        <div class="card admin-form-card">
            <div class="card-body">
                <ActionForm action=actions.create attr:class="form" attr:novalidate=true>
                    <FormAlert message=form_error(value)/>
                    <Field label="Name" name="name" error=field_error(value, "name")/>
                    <Field label="Description" name="description" optional=true error=field_error(value, "description")/>
                    <div class="form-actions">
                        <SubmitButton label="Create group" pending_label="Creating…" pending=actions.create.pending() block=false/>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}

/// Which groups may open one storefront page.
#[component]
fn PageAccess(
    page: PageAccessView,
    groups: Vec<GroupDetail>,
    manage: bool,
    actions: GroupActions,
) -> impl IntoView {
    let allowed: Vec<String> = page.groups.iter().map(|g| g.id.clone()).collect();
    let summary = match page.restricted {
        false => "Open to every logged-in customer.".to_string(),
        true => {
            let names: Vec<&str> = page.groups.iter().map(|g| g.name.as_str()).collect();
            format!("Open to: {}.", names.join(", "))
        }
    };
    let boxes = groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let box_id = format!("access-{}-{i}", page.page);
            let checked = allowed.contains(&g.id);
            view! {
                <div class="field field-check">
                    <input class="checkbox" type="checkbox" id=box_id.clone() name="groups[]" value=g.id checked=checked disabled=!manage/>
                    <label class="check-label" for=box_id>{g.name}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card admin-form-card" aria-label=page.label.clone()>
            <div class="card-header"><h3 class="card-title">{page.label.clone()}</h3></div>
            <div class="card-body stack">
                <p data-testid="access-summary">{summary}</p>
                <ActionForm action=actions.access attr:class="form">
                    <FormAlert message=all_errors(actions.access.value())/>
                    <input type="hidden" name="page" value=page.page.clone()/>
                    <fieldset class="checks">
                        <legend class="field-label">"Groups that may open it (none: everyone logged in)"</legend>
                        {boxes}
                    </fieldset>
                    {manage.then(|| view! {
                        <div class="form-actions">
                            <button type="submit" class="button button-primary">"Save access"</button>
                        </div>
                    })}
                </ActionForm>
            </div>
        </section>
    }
}
