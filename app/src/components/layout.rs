use leptos::prelude::*;
use leptos_router::components::A;

use super::session::use_session;
use crate::SHOP_NAME;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let customer = session.customer;
    let logout = session.logout;
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">{SHOP_NAME}</a>
                <nav class="site-nav" aria-label="Account">
                    <A href="/checkout" attr:class="nav-link" attr:data-testid="nav-shop">"Shop"</A>
                    <Transition fallback=|| ()>
                        {move || {
                            customer
                                .get()
                                .map(|result| match result {
                                    Ok(Some(c)) => {
                                        view! {
                                            <A href="/account" attr:class="nav-link nav-user" attr:data-testid="nav-user">
                                                {c.first_name.clone()}
                                            </A>
                                            <ActionForm action=logout attr:class="inline-form">
                                                <button type="submit" class="button button-ghost">
                                                    "Log out"
                                                </button>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    }
                                    _ => {
                                        view! {
                                            <A href="/account/login" attr:class="nav-link">"Log in"</A>
                                            <A href="/account/register" attr:class="button button-primary">"Register"</A>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </Transition>
                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{SHOP_NAME} " · Your account is protected by secure, HTTP-only sessions."</p>
        </footer>
    }
}
