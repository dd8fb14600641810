//! The grid's bulk actions (admins): move the ticked customers to a group,
//! disable or enable them, all or nothing, after a confirmation that opens
//! in place (a `<details>`, so it works without JavaScript too).

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{AdminBulk, GroupDetail};
use crate::components::form::{all_errors, FormAlert};

#[component]
pub fn BulkBar(
    bulk: ServerAction<AdminBulk>,
    groups: Vec<GroupDetail>,
    selected: RwSignal<BTreeSet<String>>,
    /// The grid's query, to come back to it.
    back: String,
) -> impl IntoView {
    let count = move || match selected.with(BTreeSet::len) {
        0 => "the selected customers".to_string(),
        1 => "1 selected customer".to_string(),
        n => format!("{n} selected customers"),
    };
    let group_options = groups
        .into_iter()
        .map(|g| view! { <option value=g.id>{g.name}</option> })
        .collect_view();
    view! {
        <FormAlert message=all_errors(bulk.value())/>
        <div class="bulk-bar" role="group" aria-label="Bulk actions">
            <input type="hidden" name="back" value=back/>
            <div class="field">
                <label class="field-label" for="bulk-action">"With the selected"</label>
                <select class="input select" id="bulk-action" name="action">
                    <option value="assign_group">"Move to group"</option>
                    <option value="disable">"Disable"</option>
                    <option value="enable">"Enable"</option>
                </select>
            </div>
            <div class="field">
                <label class="field-label" for="bulk-group">"Group (for a move)"</label>
                <select class="input select" id="bulk-group" name="group_id">{group_options}</select>
            </div>
            <details class="confirm">
                <summary class="button button-secondary">"Apply…"</summary>
                <div class="confirm-panel">
                    <p>"Apply this to " {count} "? Each change is logged in the customer's history; disabling logs them out everywhere."</p>
                    <button type="submit" class="button button-primary" disabled=move || bulk.pending().get()>
                        "Confirm"
                    </button>
                </div>
            </details>
        </div>
    }
}

/// What the last bulk action did (`?done=disable&updated=3`).
#[component]
pub fn BulkNotice() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            let updated: u64 = q.get_str("updated")?.parse().ok()?;
            let verb = match q.get_str("done")? {
                "assign_group" => "moved to the group",
                "disable" => "disabled",
                "enable" => "enabled",
                _ => return None,
            };
            let text = match updated {
                0 => format!("No customer needed to be {verb}."),
                1 => format!("1 customer {verb}."),
                n => format!("{n} customers {verb}."),
            };
            Some(view! { <div class="alert alert-success" role="status">{text}</div> })
        })
    }
}
