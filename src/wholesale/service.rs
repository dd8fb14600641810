//! The wholesale price list: a storefront page for logged-in customers
//! whose group may open it (Wholesale and VIP until an admin says
//! otherwise, see `groups`).

use std::sync::Arc;

use crate::caller::Caller;
use crate::groups::dto::WHOLESALE_PAGE;
use crate::groups::require_page;
use crate::services::{Deps, ServiceError};
use crate::wholesale::dto::PriceListView;
use crate::wholesale::store::PriceRow;

#[derive(Clone)]
pub struct WholesaleService {
    deps: Arc<Deps>,
}

impl WholesaleService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// The price list, in its order. Anonymous (or staff without a
    /// customer login): "please log in"; a customer whose current group may
    /// not open the page: refused.
    pub async fn price_list(&self, caller: &Caller) -> Result<PriceListView, ServiceError> {
        require_page(&self.deps, caller, &WHOLESALE_PAGE).await?;
        let mut conn = self.deps.db.conn().await?;
        let rows = conn.wholesale().price_list().await?;
        Ok(PriceListView {
            items: rows.iter().map(PriceRow::to_view).collect(),
        })
    }

    /// Whether the caller may open the price list (for a link to it; the
    /// page itself asks [`Self::price_list`]).
    pub async fn can_view(&self, caller: &Caller) -> Result<bool, ServiceError> {
        match require_page(&self.deps, caller, &WHOLESALE_PAGE).await {
            Ok(()) => Ok(true),
            Err(ServiceError::NotLoggedIn | ServiceError::PageClosed { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
