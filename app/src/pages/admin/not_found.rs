//! The admin area's "not found".

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminNotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Page not found · Admin"/>
        <h1 class="admin-title">"Page not found"</h1>
        <p class="muted">"There is no such admin page."</p>
        <p>
            <a href="/admin">"Back to the dashboard"</a>
        </p>
    }
}
