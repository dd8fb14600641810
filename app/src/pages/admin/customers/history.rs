//! The customer page's history: every change to the account, newest
//! first, as a timeline (who, when, what, and each field's old and new
//! value). Older entries are a link (`?before=`), so it pages without
//! JavaScript too.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::detail::short_time;
use super::query::encode;
use customer_core::AppError;

use crate::api::{admin_customer_history, admin_customer_path, HistoryEntryView, HistoryPage};

/// A page of the history, keyed on the customer, `?before=` and the page's
/// changes. Created by the customer page itself, not inside the part it
/// redraws after a change: a resource made in there would be disposed
/// while the old part still waited for it.
pub fn history_resource(
    id: String,
    version: impl Fn() -> usize + Send + Sync + 'static,
) -> (
    Resource<Result<HistoryPage, AppError>>,
    Memo<Option<String>>,
) {
    let query = use_query_map();
    let before = Memo::new(move |_| query.with(|q| q.get("before")));
    let history = Resource::new(
        move || (id.clone(), before.get(), version()),
        |(id, before, _)| admin_customer_history(id, before),
    );
    (history, before)
}

#[component]
pub fn HistoryTimeline(
    id: String,
    history: Resource<Result<HistoryPage, AppError>>,
    before: Memo<Option<String>>,
) -> impl IntoView {
    view! {
        <h2 class="admin-section-title" id="history">"History"</h2>
        <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading the history…"</p> }>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    match history.await {
                        Ok(page) => {
                            let older = page.meta.next.map(|next| {
                                format!("{}?before={}#history", admin_customer_path(&id), encode(&next))
                            });
                            let newest = before.get_untracked().is_some().then(|| {
                                format!("{}#history", admin_customer_path(&id))
                            });
                            view! { <Timeline entries=page.data older newest/> }.into_any()
                        }
                        Err(e) => view! {
                            <div class="alert alert-error" role="alert">
                                {format!("We could not load the history: {}", e.message())}
                            </div>
                        }
                            .into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn Timeline(
    entries: Vec<HistoryEntryView>,
    older: Option<String>,
    newest: Option<String>,
) -> impl IntoView {
    let empty = entries.is_empty();
    let items = entries
        .into_iter()
        .map(|e| view! { <Entry entry=e/> })
        .collect_view();
    view! {
        {empty.then(|| view! { <p class="muted">"Nothing yet."</p> })}
        <ol class="timeline" data-testid="history">{items}</ol>
        <nav class="pager" aria-label="History pages">
            {newest.map(|href| view! { <a class="button button-secondary" href=href>"← Newest"</a> })}
            {older.map(|href| view! { <a class="button button-secondary" href=href>"Older entries →"</a> })}
        </nav>
    }
}

#[component]
fn Entry(entry: HistoryEntryView) -> impl IntoView {
    let who = match entry.actor.kind.as_str() {
        "customer" => "the customer".to_string(),
        "staff" => match entry.actor.name {
            Some(name) => format!("{name} (staff)"),
            None => "staff".to_string(),
        },
        _ => "the shop".to_string(),
    };
    let changes = entry
        .changes
        .into_iter()
        .map(|c| {
            let old = c.old.unwrap_or_else(|| "—".into());
            let new = c.new.unwrap_or_else(|| "—".into());
            view! {
                <li>
                    <span class="timeline-field">{action_label(&c.field)}</span>": "
                    <del>{old}</del>" → "<ins>{new}</ins>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="timeline-entry">
            <p class="timeline-head">
                <strong>{action_label(&entry.action)}</strong>
                " by " {who}
                <time class="timeline-time" datetime=entry.at.clone()>{short_time(&entry.at)}</time>
            </p>
            <ul class="timeline-changes">{changes}</ul>
        </li>
    }
}

/// `group_changed` as "Group changed" (field names too: `first_name`).
pub fn action_label(action: &str) -> String {
    let words = action.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_as_words() {
        assert_eq!(action_label("group_changed"), "Group changed");
        assert_eq!(action_label("registered"), "Registered");
        assert_eq!(action_label(""), "");
    }
}
