//! `GET /api/admin/customers/export.csv`: the customers matching the
//! grid's query as a CSV file, streamed a batch at a time
//! (`CustomerExport::next_chunk`), so a long list is never held in memory.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use customer_core::admin::dto::CustomerQuery;
use customer_core::admin::CustomerExport;
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{Internal, NotAllowed, StaffNotLoggedIn, TAG_ADMIN};
use super::{ApiError, ApiQuery, CurrentCaller, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(admin_export_customers))
}

/// Export customers as CSV
///
/// Admin only. The customers matching the same query as the grid (its
/// `sort`, `page` and `per_page` are checked but not used: the file is in
/// the order customers joined), as `text/csv`: a header row, then one
/// customer per line. Cells a spreadsheet would run as formulas get a
/// leading `'`.
#[utoipa::path(
    get,
    path = "/customers/export.csv",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(CustomerQuery),
    responses(
        (status = 200, description = "The file (`id,email,first_name,last_name,phone,group,\
            status,email_verified,created_at`), sent as it is read.",
            content_type = "text/csv", body = String,
            headers(("Content-Disposition" = String,
                description = "`attachment; filename=\"customers.csv\"`"))),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 422, description = "A parameter is not valid; `fields` names it.",
            body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_export_customers(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiQuery(query): ApiQuery<CustomerQuery>,
) -> Result<Response, ApiError> {
    let export = services.admin.export(&caller, &query).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"customers.csv\"",
        ),
        (header::CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, Body::from_stream(chunks(export))).into_response())
}

/// The export as a stream of chunks. A failure part way is logged and
/// ends the stream with an error, so the client sees a broken download
/// rather than a file that looks whole.
fn chunks(
    export: CustomerExport,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    futures_util::stream::unfold(Some(export), |state| async move {
        let mut export = state?;
        match export.next_chunk().await {
            Ok(Some(text)) => Some((Ok(Bytes::from(text)), Some(export))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = ?e, "the customer export failed part way");
                Some((Err(std::io::Error::other("the export failed")), None))
            }
        }
    })
}
