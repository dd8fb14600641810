//! The customer's email address: the pages verification and change mails
//! link to (each with a button that posts the token: nothing happens on
//! GET, since mail scanners open links), "send the verification link
//! again" for a customer who is logged out, and the dashboard's banner and
//! change form.

pub mod banner;
pub mod change;
pub mod confirm;
pub mod resend;
pub mod verify;

use leptos::prelude::*;

/// The token in the page's query, or empty.
fn query_token() -> String {
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default()
}

/// Whether the page is the one a successful post's redirect asked for.
fn query_done() -> bool {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("done").is_some())
}

/// The first words of an error: its field's message (the token, or the new
/// address taken meanwhile), else its own.
fn first_message(error: &customer_core::AppError) -> String {
    error
        .fields()
        .and_then(|f| f.values().next().cloned())
        .unwrap_or_else(|| error.message())
}
