//! `/api/wholesale/price-list`: the storefront's wholesale price list, for
//! logged-in customers whose group may open it. One handler, one service
//! method.

use axum::extract::State;
use axum::Json;
use customer_core::dto::PriceListView;
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{Internal, NotLoggedIn, TAG_WHOLESALE};
use super::{ApiError, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(wholesale_price_list))
}

/// The wholesale price list
///
/// Trade prices beside retail ones, in minor units (cents), with the
/// smallest quantity each price applies to. Open to customers of the
/// groups an admin chose (Wholesale and VIP to begin with); a change of a
/// customer's group counts from their next request. A staff login is not a
/// customer login.
#[utoipa::path(
    get,
    path = "/price-list",
    tag = TAG_WHOLESALE,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The price list, in its order.", body = Data<PriceListView>),
        (status = 401, response = NotLoggedIn),
        (status = 403, description = "The customer's group may not see this list.",
            body = ErrorBody,
            example = json!({"error": {"status": 403, "code": "FORBIDDEN",
                "message": "This price list is for trade customers."}})),
        (status = 500, response = Internal),
    )
)]
async fn wholesale_price_list(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<PriceListView>>, ApiError> {
    let list = services.wholesale.price_list(&caller).await?;
    Ok(Json(Data { data: list }))
}
