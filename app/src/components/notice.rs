//! What a page says once something worked, or why an emailed link cannot
//! be used. A success shows when the action says so (JavaScript) or when
//! the no-JavaScript redirect's query asks for it.

use leptos::prelude::*;

/// A success message, announced politely when it appears.
#[component]
pub fn Notice(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="alert alert-success" role="status">
                {move || message.get()}
            </div>
        </Show>
    }
}

/// The success message of an action: its own words (JavaScript), or
/// `fallback` when the page was reached by the redirect that follows a
/// plain form post and `query_key` is in the query with `query_value`.
pub fn success_message<T, V>(
    value: V,
    words: fn(&T) -> String,
    query_key: &'static str,
    query_value: &'static str,
    fallback: &'static str,
) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, customer_core::AppError>>> + Copy + Send + Sync + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Ok(done)) => Some(words(done)),
            Some(Err(_)) => None,
            None => query
                .with(|q| q.get(query_key).as_deref() == Some(query_value))
                .then(|| fallback.to_string()),
        })
    })
}

/// An emailed link that cannot be used: why, and where to get a new one.
#[component]
pub fn LinkProblem(
    #[prop(into)] message: String,
    href: &'static str,
    link_text: &'static str,
) -> impl IntoView {
    view! {
        <div class="alert alert-error link-problem" role="alert">
            <p>{message}</p>
            <p>
                <a href=href>{link_text}</a>
            </p>
        </div>
    }
}
