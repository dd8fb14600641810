//! The customer's home: a banner while the email is not verified, account
//! information with the profile and email forms, the password card, the
//! list of logged-in devices, the default addresses, and the latest orders.
//! Each card belongs to its resource's pages: the profile to `customers`,
//! the banner and email form to `emails`, the password card to `passwords`,
//! the devices to `auth`, the addresses to `addresses`, the orders to
//! `orders`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{
    can_see_wholesale, current_customer, email_verification_on, latest_orders, list_sessions,
    ChangeEmail, ChangePassword, EndOtherSessions, EndSession, ResendVerification, UpdateProfile,
};
use crate::pages::addresses::summary::AddressesCard;
use crate::pages::auth::devices::SessionsCard;
use crate::pages::customers::profile::ProfileCard;
use crate::pages::emails::banner::VerifyBanner;
use crate::pages::orders::card::OrdersCard;
use crate::pages::passwords::change::ChangePasswordCard;
use crate::pages::wholesale::TradeCard;

#[component]
pub fn AccountPage() -> impl IntoView {
    // Actions are created here, inside the routes, so that a form posted
    // without JavaScript shows its error when the page comes back.
    let update = ServerAction::<UpdateProfile>::new();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let change_email = ServerAction::<ChangeEmail>::new();
    let resend = ServerAction::<ResendVerification>::new();
    // Fetched when the page opens and after each change made here.
    let customer = Resource::new(move || update.version().get(), |_| current_customer());
    let verification_on = Resource::new(|| (), |_| email_verification_on());
    // Only for customers whose group may see the price list (a comfort:
    // the price list's service decides).
    let trade = Resource::new(|| (), |_| can_see_wholesale());
    let orders = Resource::new(|| (), |_| latest_orders());
    // A new password logs out the other devices.
    let sessions = Resource::new(
        move || {
            (
                end_one.version().get(),
                end_others.version().get(),
                change_password.version().get(),
            )
        },
        |_| list_sessions(),
    );
    view! {
        <Title text="Your account"/>
        <Suspense fallback=|| {
            view! { <p class="muted" aria-busy="true">"Loading your account…"</p> }
        }>
            {move || Suspend::new(async move {
                // Unknown (it failed to load): ask, as most shops verify.
                let verifying = verification_on.await.unwrap_or(true);
                let trade = trade.await.unwrap_or(false).then(|| view! { <TradeCard/> });
                let latest = orders.await;
                match customer.await {
                    Ok(Some(c)) => {
                        let (shipping, billing) = (
                            c.default_shipping_address.clone(),
                            c.default_billing_address.clone(),
                        );
                        let banner = (verifying && !c.email_verified)
                            .then(|| view! { <VerifyBanner email=c.email.clone() resend/> });
                        view! {
                            <h1 class="page-title">"Your account"</h1>
                            <p class="page-lead">{format!("Hello, {}.", c.first_name)}</p>
                            {banner}
                            <div class="account-grid">
                                <ProfileCard customer=c update change_email/>
                                <ChangePasswordCard change=change_password/>
                                <SessionsCard sessions end_one end_others/>
                                <AddressesCard shipping billing/>
                                {trade}
                                <OrdersCard latest/>
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
