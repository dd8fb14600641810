//! The address book's pages: the book itself (`/account/addresses`), the add
//! and edit forms, the delete confirmation, and the dashboard's addresses
//! card. Every page works without JavaScript: links, plain form posts and
//! redirects; with it, the same forms run without reloads and the address
//! form follows the chosen country at once.

pub mod book;
pub mod delete;
mod draft;
pub mod edit;
pub mod fields;
pub mod new;
pub mod summary;

use customer_core::dto::AddressView;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

pub use crate::api::ADDRESS_BOOK_PATH;

pub use customer_core::addresses::MAX_ADDRESSES;

/// The words for a book that is full, on the book and the add page: the
/// same the service answers with.
pub fn book_full_message() -> String {
    customer_core::addresses::book_full_message(MAX_ADDRESSES)
}

pub fn new_path() -> String {
    format!("{ADDRESS_BOOK_PATH}/new")
}

pub fn edit_path(id: &str) -> String {
    format!("{ADDRESS_BOOK_PATH}/{id}/edit")
}

pub fn delete_path(id: &str) -> String {
    format!("{ADDRESS_BOOK_PATH}/{id}/delete")
}

/// An address as a postal label: its lines, then the phone.
#[component]
pub fn AddressLines(address: AddressView) -> impl IntoView {
    let phone = address.phone.clone();
    view! {
        <address class="address-lines">
            {address
                .lines()
                .into_iter()
                .map(|line| view! { <span class="address-line">{line}</span> })
                .collect_view()}
            {phone.map(|p| view! { <span class="address-line address-phone">{format!("Phone: {p}")}</span> })}
        </address>
    }
}

/// What a page shows when its data could not be loaded: the login page for
/// a visitor who is not logged in, otherwise the reason and the way back.
pub fn load_failed(error: AppError) -> AnyView {
    match error {
        AppError::Unauthorized { .. } => view! { <Redirect path="/account/login"/> }.into_any(),
        AppError::NotFound { .. } => {
            view! {
                <h1 class="page-title">"Address not found"</h1>
                <p class="page-lead">"This address is not in your address book. It may have been deleted."</p>
                <a class="button button-secondary" href=ADDRESS_BOOK_PATH>"Back to your addresses"</a>
            }
                .into_any()
        }
        e => {
            view! {
                <div class="alert alert-error" role="alert">
                    {format!("We could not load your addresses: {}", e.message())}
                </div>
            }
                .into_any()
        }
    }
}

/// "← Your addresses" above a form or confirmation.
#[component]
pub fn BackToBook() -> impl IntoView {
    view! {
        <p class="back-link">
            <a href=ADDRESS_BOOK_PATH>"← Your addresses"</a>
        </p>
    }
}
