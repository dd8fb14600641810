use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Page not found"/>
        <div class="page-narrow">
            <h1 class="page-title">"Page not found"</h1>
            <p class="page-lead">"We could not find that page. It may have moved."</p>
            <a class="button button-secondary" href="/">"Back to the shop"</a>
        </div>
    }
}
