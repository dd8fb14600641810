#![recursion_limit = "256"]
//! The Leptos application: pages, components and the server functions they
//! call. Rendered on the server (`ssr`) and hydrated in the browser
//! (`hydrate`). Server functions are thin: they parse nothing themselves,
//! call one service method and map the result.

pub mod api;
mod components;
mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    path, Lazy, SsrMode,
};

use components::layout::{Footer, Header};
pub use components::session::provide_session;
use pages::addresses::{
    book::AddressBookPage, delete::DeleteAddressPage, edit::EditAddressPage, new::NewAddressPage,
};
use pages::admin::{is_admin_path, AdminArea};
use pages::auth::login::LoginPage;
use pages::customers::{account::AccountPage, register::RegisterPage};
use pages::emails::{
    confirm::ConfirmEmailPage, resend::ResendVerificationPage, verify::VerifyEmailPage,
};
use pages::orders::{checkout::CheckoutPage, detail::OrderPage, history::OrdersPage};
use pages::passwords::{forgot::ForgotPasswordPage, reset::ResetPasswordPage};
use pages::wholesale::WholesalePage;
use pages::{home::HomePage, not_found::NotFound};

/// Query prefix of the values a failed no-JavaScript form post brings back
/// (`__kept_email=...`, passwords never): the server adds them to the
/// redirect, [`components::form`]'s fields start with them.
pub const KEPT_PREFIX: &str = "__kept_";

/// The shop's name, shown in the header and titles.
pub const SHOP_NAME: &str = "Larkspur & Co.";

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/shop.css"/>
        <Title formatter=|page: String| if page.is_empty() { SHOP_NAME.to_string() } else { format!("{page} · {SHOP_NAME}") }/>
        <Router>
            <Shop/>
        </Router>
    }
}

/// Everything inside the router: the session actions must be created here,
/// where a form post's error (no-JavaScript mode) is visible in the URL.
///
/// The admin area (`/admin`, [`pages::admin`]) has its own layout, so the
/// storefront's header and footer stand aside there. Whether this page is
/// one of the admin area's is decided once, when the page is loaded: links
/// from one area to the other are `rel="external"`, so the router loads the
/// page anew instead of navigating in place. The admin pages are one lazily
/// loaded WASM chunk behind a single route: every route here adds to the
/// storefront's bundle, so the admin area tells its pages apart itself.
#[component]
fn Shop() -> impl IntoView {
    provide_session();
    let admin = is_admin_path(&use_location().pathname.get_untracked());
    view! {
        {(!admin).then(|| view! {
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
        })}
        <main class=if admin { "admin-root" } else { "page" } id="main">
            // Every page renders in `Async` mode: the whole page, header
            // included, is complete HTML without JavaScript (out-of-order
            // streaming would need a script to swap content in), and a
            // redirect can still set the status.
            <Routes fallback=NotFound>
                <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/account/register") view=RegisterPage ssr=SsrMode::Async/>
                <Route path=path!("/account/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/account/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/account/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/account/verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                <Route path=path!("/account/resend-verification") view=ResendVerificationPage ssr=SsrMode::Async/>
                <Route path=path!("/account/confirm-email") view=ConfirmEmailPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses") view=AddressBookPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses/new") view=NewAddressPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses/:id/edit") view=EditAddressPage ssr=SsrMode::Async/>
                <Route path=path!("/account/addresses/:id/delete") view=DeleteAddressPage ssr=SsrMode::Async/>
                <Route path=path!("/account/orders") view=OrdersPage ssr=SsrMode::Async/>
                <Route path=path!("/account/orders/:number") view=OrderPage ssr=SsrMode::Async/>
                <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async/>
                <Route path=path!("/wholesale") view=WholesalePage ssr=SsrMode::Async/>
                // The whole admin area, `/admin` included (see
                // `pages::admin::AdminPage`; the server lists `/admin` apart).
                <Route path=path!("/admin/*rest") view={Lazy::<AdminArea>::new()} ssr=SsrMode::Async/>
            </Routes>
        </main>
        {(!admin).then(|| view! { <Footer/> })}
    }
    // Erased: the routes' view type is deep enough to pass the compiler's
    // query depth limit when the WASM entry point (`hydrate_lazy`) lays it
    // out in a release build.
    .into_any()
}
