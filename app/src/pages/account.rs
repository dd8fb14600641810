use customer_core::dto::CustomerView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::current_customer;

#[component]
pub fn AccountPage() -> impl IntoView {
    // Its own fetch, made when the page opens: right after a client-side
    // login the shared session resource may not have refetched yet.
    let customer = Resource::new(|| (), |_| current_customer());
    view! {
        <Title text="Your account"/>
        <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(Some(c)) => view! { <AccountDetails customer=c/> }.into_any(),
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
fn AccountDetails(customer: CustomerView) -> impl IntoView {
    let since = customer
        .created_at
        .get(..10)
        .unwrap_or_default()
        .to_string();
    view! {
        <h1 class="page-title">"Your account"</h1>
        <p class="page-lead">{format!("Hello, {}.", customer.first_name)}</p>
        <div class="account-grid">
            <section class="card" aria-labelledby="info-title">
                <div class="card-header">
                    <h2 class="card-title" id="info-title">"Account information"</h2>
                </div>
                <div class="card-body">
                    <dl class="details">
                        <div class="details-row">
                            <dt>"Name"</dt>
                            <dd>{customer.full_name()}</dd>
                        </div>
                        <div class="details-row">
                            <dt>"Email"</dt>
                            <dd>{customer.email.clone()}</dd>
                        </div>
                        <div class="details-row">
                            <dt>"Phone"</dt>
                            <dd>{customer.phone.clone().unwrap_or_else(|| "Not given".into())}</dd>
                        </div>
                        <div class="details-row">
                            <dt>"Customer group"</dt>
                            <dd>{customer.group.name.clone()}</dd>
                        </div>
                        <div class="details-row">
                            <dt>"Member since"</dt>
                            <dd><time datetime=customer.created_at.clone()>{since}</time></dd>
                        </div>
                    </dl>
                </div>
            </section>
            <ComingSoon title="Addresses" text="Save shipping and billing addresses for a faster checkout."/>
            <ComingSoon title="Orders" text="Follow your orders and see what you bought before."/>
            <ComingSoon title="Password" text="Change your password while logged in."/>
        </div>
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
