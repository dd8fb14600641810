//! The customer's home: account information with an edit form, the list of
//! logged-in devices, the default addresses, and what is still to come. Each
//! card belongs to its resource's pages: the profile to `customers`, the
//! devices to `auth`, the addresses to `addresses`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{current_customer, list_sessions, EndOtherSessions, EndSession, UpdateProfile};
use crate::pages::addresses::summary::AddressesCard;
use crate::pages::auth::devices::SessionsCard;
use crate::pages::customers::profile::ProfileCard;

#[component]
pub fn AccountPage() -> impl IntoView {
    // Actions are created here, inside the routes, so that a form posted
    // without JavaScript shows its error when the page comes back.
    let update = ServerAction::<UpdateProfile>::new();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    // Fetched when the page opens and after each change made here.
    let customer = Resource::new(move || update.version().get(), |_| current_customer());
    let sessions = Resource::new(
        move || (end_one.version().get(), end_others.version().get()),
        |_| list_sessions(),
    );
    view! {
        <Title text="Your account"/>
        <Suspense fallback=|| {
            view! { <p class="muted" aria-busy="true">"Loading your account…"</p> }
        }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(Some(c)) => {
                        let (shipping, billing) = (
                            c.default_shipping_address.clone(),
                            c.default_billing_address.clone(),
                        );
                        view! {
                            <h1 class="page-title">"Your account"</h1>
                            <p class="page-lead">{format!("Hello, {}.", c.first_name)}</p>
                            <div class="account-grid">
                                <ProfileCard customer=c update/>
                                <SessionsCard sessions end_one end_others/>
                                <AddressesCard shipping billing/>
                                <ComingSoon title="Orders" text="Follow your orders and see what you bought before."/>
                                <ComingSoon title="Password" text="Change your password while logged in."/>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/account/login"/> }.into_any(),
                    Err(e) => {
                        view! {
                            <div class="alert alert-error" role="alert">
                                {format!("We could not load your account: {}", e.message())}
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ComingSoon(title: &'static str, text: &'static str) -> impl IntoView {
    view! {
        <section class="card card-muted">
            <div class="card-header">
                <h2 class="card-title">{title}</h2>
                <span class="badge">"Coming soon"</span>
            </div>
            <div class="card-body">
                <p class="muted">{text}</p>
            </div>
        </section>
    }
}
