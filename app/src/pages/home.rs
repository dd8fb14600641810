use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::session::use_session;

#[component]
pub fn HomePage() -> impl IntoView {
    let customer = use_session().customer;
    view! {
        <Title text=""/>
        <section class="hero">
            <h1 class="hero-title">"Thoughtful goods, delivered."</h1>
            <p class="hero-lead">
                "Create an account to check out faster, keep your addresses in one place and follow your orders."
            </p>
            <div class="hero-actions">
                <Transition fallback=|| ()>
                    {move || {
                        customer
                            .get()
                            .map(|r| match r {
                                Ok(Some(c)) => {
                                    view! {
                                        <a class="button button-primary" href="/account">
                                            {format!("Go to your account, {}", c.first_name)}
                                        </a>
                                    }
                                        .into_any()
                                }
                                _ => {
                                    view! {
                                        <a class="button button-primary" href="/account/register">"Create an account"</a>
                                        <a class="button button-secondary" href="/account/login">"Log in"</a>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </div>
        </section>
    }
}
