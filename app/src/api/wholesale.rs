//! Server functions for the wholesale price list. The service decides who
//! may see it; the page only shows what it was told.

use customer_core::dto::PriceListView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// Where the price list lives in the storefront.
pub const WHOLESALE_PATH: &str = customer_core::groups::dto::WHOLESALE_PAGE.path;

/// The price list: "please log in" (401) when logged out, refused (403)
/// when the customer's group may not see it.
#[server(prefix = "/api/fn", endpoint = "wholesale_price_list")]
pub async fn wholesale_price_list() -> Result<PriceListView, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.wholesale.price_list(&caller).await?)
}

/// Whether to offer a link to the price list: false when logged out or
/// when the customer's group may not see it.
#[server(prefix = "/api/fn", endpoint = "can_see_wholesale")]
pub async fn can_see_wholesale() -> Result<bool, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.wholesale.can_view(&caller).await?)
}
