//! `/wholesale`: the trade price list, for customers whose group may see
//! it. The service decides; the page shows the list, a "please log in"
//! prompt that comes back here after logging in, or why the list is not
//! shown. Plain HTML: it works without JavaScript.

use customer_core::dto::{PriceItemView, PriceListView};
use customer_core::groups::dto::WHOLESALE_PAGE;
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{wholesale_price_list, WHOLESALE_PATH};

#[component]
pub fn WholesalePage() -> impl IntoView {
    let list = Resource::new(|| (), |_| wholesale_price_list());
    view! {
        <Title text=WHOLESALE_PAGE.label/>
        <Suspense fallback=|| view! { <p class="muted" aria-busy="true">"Loading the price list…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <PriceList list/> }.into_any(),
                    Err(AppError::Unauthorized { .. }) => view! { <LogInFirst/> }.into_any(),
                    Err(AppError::Forbidden { message }) => view! { <NotForYou message/> }.into_any(),
                    Err(e) => {
                        view! {
                            <h1 class="page-title">{WHOLESALE_PAGE.label}</h1>
                            <div class="alert alert-error" role="alert">
                                {format!("We could not load the price list: {}", e.message())}
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
fn PriceList(list: PriceListView) -> impl IntoView {
    let count = match list.items.len() {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    };
    view! {
        <div class="page-heading">
            <div>
                <h1 class="page-title">{WHOLESALE_PAGE.label}</h1>
                <p class="page-lead">
                    "Trade prices per unit, for orders of at least the minimum quantity. "
                    {count} "."
                </p>
            </div>
        </div>
        {if list.items.is_empty() {
            view! {
                <section class="card empty-state">
                    <div class="card-body">
                        <p class="muted">"The price list is empty right now. Please check back soon."</p>
                    </div>
                </section>
            }
                .into_any()
        } else {
            view! {
                <div class="card price-table-card">
                    <table class="price-table" data-testid="price-table">
                        <caption class="visually-hidden">"Wholesale prices, with the retail price and the minimum order of each item"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Item"</th>
                                <th scope="col" class="num">"Minimum order"</th>
                                <th scope="col" class="num">"Retail"</th>
                                <th scope="col" class="num">"Trade price"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.items.into_iter().map(|item| view! { <PriceRow item/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn PriceRow(item: PriceItemView) -> impl IntoView {
    let saving = (item.retail.amount > 0 && item.price.amount < item.retail.amount).then(|| {
        let percent = (item.retail.amount - item.price.amount) * 100 / item.retail.amount;
        format!("{percent}% off retail")
    });
    view! {
        <tr>
            <th scope="row" class="price-item">
                <span class="price-name">{item.name}</span>
                <span class="price-sku">{format!("SKU {}", item.sku)}</span>
            </th>
            <td class="num" data-label="Minimum order">{format!("{} units", item.min_quantity)}</td>
            <td class="num price-retail" data-label="Retail">{item.retail.format()}</td>
            <td class="num" data-label="Trade price">
                <span class="price-trade">{item.price.format()}</span>
                {saving.map(|s| view! { <span class="price-saving">{s}</span> })}
            </td>
        </tr>
    }
}

/// Logged out: log in, and come back here.
#[component]
fn LogInFirst() -> impl IntoView {
    let login = format!("/account/login?next={WHOLESALE_PATH}");
    view! {
        <div class="page-narrow">
            <h1 class="page-title">{WHOLESALE_PAGE.label}</h1>
            <section class="card">
                <div class="card-body stack">
                    <p>"Please log in to see our trade prices. They are open to our wholesale customers."</p>
                    <p>
                        <a class="button button-primary" href=login data-testid="wholesale-login">"Log in"</a>
                    </p>
                    <p class="muted">"New here? " <a href="/account/register">"Create an account"</a></p>
                </div>
            </section>
        </div>
    }
}

/// Logged in, but the customer's group may not see the list: say so, with
/// no prices.
#[component]
fn NotForYou(message: String) -> impl IntoView {
    view! {
        <div class="page-narrow">
            <h1 class="page-title">{WHOLESALE_PAGE.label}</h1>
            <section class="card">
                <div class="card-body stack">
                    <div class="alert alert-info" role="status" data-testid="wholesale-closed">{message}</div>
                    <p class="muted">
                        "If you buy for a business and would like a trade account, get in touch and we will set you up."
                    </p>
                    <p>
                        <a class="button button-secondary" href="/">"Back to the shop"</a>
                    </p>
                </div>
            </section>
        </div>
    }
}

/// The account dashboard's way to the price list, shown to customers whose
/// group may see it.
#[component]
pub fn TradeCard() -> impl IntoView {
    view! {
        <section class="card" data-testid="trade-card">
            <div class="card-header">
                <h2 class="card-title">"Trade prices"</h2>
                <span class="badge">"Trade"</span>
            </div>
            <div class="card-body stack">
                <p class="muted">"Your account buys at trade prices. See the wholesale price list and minimum order quantities."</p>
                <p>
                    <a class="button button-secondary" href=WHOLESALE_PATH>{WHOLESALE_PAGE.label}</a>
                </p>
            </div>
        </section>
    }
}
