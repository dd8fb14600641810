//! The grid's search and filters: a plain GET form, so the state is in the
//! URL (the router turns the submit into a navigation when JavaScript
//! runs, a page load when it does not).

use leptos::prelude::*;
use leptos_router::components::Form;

use super::query::{slow_search, FAST_SEARCH_CHARS};
use super::GRID_PATH;
use crate::api::{CustomerQuery, GroupDetail};

/// `(value, text)` choices of a filter `<select>`, the first meaning "any".
fn select(
    id: &'static str,
    label: &'static str,
    choices: Vec<(String, String)>,
    current: Option<String>,
) -> impl IntoView {
    let current = current.unwrap_or_default();
    let options = choices
        .into_iter()
        .map(|(value, text)| {
            let chosen = value == current;
            view! { <option value=value selected=chosen>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label class="field-label" for=id>{label}</label>
            <select class="input select" id=id name=id>{options}</select>
        </div>
    }
}

fn choices(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, t)| (v.to_string(), t.to_string()))
        .collect()
}

#[component]
pub fn Filters(query: CustomerQuery, groups: Vec<GroupDetail>) -> impl IntoView {
    let slow = slow_search(&query);
    let mut group_choices = vec![(String::new(), "Any group".to_string())];
    group_choices.extend(groups.into_iter().map(|g| (g.id, g.name)));
    let filtered = query.group.is_some()
        || query.status.is_some()
        || query.verified.is_some()
        || query.created_from.is_some()
        || query.created_to.is_some()
        || query.q.is_some();
    view! {
        <Form method="GET" action=GRID_PATH attr:class="grid-filters" attr:role="search" attr:aria-label="Customers">
            <div class="field grid-search">
                <label class="field-label" for="q">"Search"</label>
                <input
                    class="input"
                    type="search"
                    id="q"
                    name="q"
                    maxlength="100"
                    placeholder="Email or name"
                    value=query.q.clone().unwrap_or_default()
                    aria-describedby="q-hint"
                />
                <p class="field-hint" id="q-hint">
                    {if slow {
                        format!("Searches of fewer than {FAST_SEARCH_CHARS} characters look through every customer and may be slow.")
                    } else {
                        "Part of an email or a name, in any case.".to_string()
                    }}
                </p>
            </div>
            {select("group", "Group", group_choices, query.group.clone())}
            {select(
                "status",
                "Status",
                choices(&[("", "Any status"), ("active", "Active"), ("disabled", "Disabled")]),
                query.status.clone(),
            )}
            {select(
                "verified",
                "Email",
                choices(&[("", "Verified or not"), ("true", "Verified"), ("false", "Not verified")]),
                query.verified.clone(),
            )}
            <div class="field">
                <label class="field-label" for="created_from">"Joined from"</label>
                <input class="input" type="date" id="created_from" name="created_from" value=query.created_from.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label class="field-label" for="created_to">"Joined until"</label>
                <input class="input" type="date" id="created_to" name="created_to" value=query.created_to.clone().unwrap_or_default()/>
            </div>
            {select(
                "per_page",
                "Per page",
                choices(&[("", "50"), ("25", "25"), ("100", "100"), ("200", "200")]),
                query.per_page.clone(),
            )}
            // The order stays as it was; a new search starts on page 1.
            {query.sort.clone().map(|sort| view! { <input type="hidden" name="sort" value=sort/> })}
            <div class="grid-filter-actions">
                <button type="submit" class="button button-primary">"Search"</button>
                {filtered.then(|| view! { <a class="button button-ghost" href=GRID_PATH>"Clear"</a> })}
            </div>
        </Form>
    }
}
