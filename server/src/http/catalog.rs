//! `/api/catalog/products`: what checkout sells. Open to everyone.

use axum::extract::State;
use axum::Json;
use customer_core::catalog::dto::ProductView;
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{Internal, TAG_ORDERS};
use super::{ApiError, Data};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(catalog_products))
}

/// The catalogue
///
/// Every product with its price per unit (in minor units: cents for USD)
/// and the units left, in the catalogue's order.
#[utoipa::path(
    get,
    path = "/products",
    tag = TAG_ORDERS,
    responses(
        (status = 200, description = "The products.", body = Data<Vec<ProductView>>,
            example = json!({"data": [{"sku": "LK-TEA-001",
                "name": "Larkspur breakfast tea, 500 g",
                "price": {"amount": 1800, "currency": "USD"}, "stock": 500}]})),
        (status = 500, response = Internal),
    )
)]
async fn catalog_products(
    State(services): State<Services>,
) -> Result<Json<Data<Vec<ProductView>>>, ApiError> {
    Ok(Json(Data {
        data: services.catalog.products().await?,
    }))
}
