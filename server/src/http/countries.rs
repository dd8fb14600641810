//! `/api/countries`: the countries and subdivisions the address forms
//! offer, with each country's address rules. The data changes only with a
//! new build, so answers are cacheable: `Cache-Control` with a max-age and
//! an `ETag` (a hash of the body, the same on every instance running the
//! same build); `If-None-Match` gets a bodiless 304.

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use customer_core::dto::{CountryDetailView, CountryView};
use customer_core::services::Services;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{Internal, TAG_ADDRESSES};
use super::{ApiError, Data, ErrorBody};
use crate::state::AppState;

/// A day: the data only changes with a release.
pub const MAX_AGE_SECS: u64 = 86_400;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_countries))
        .routes(routes!(get_country))
}

/// A JSON body with its tag, ready to serve.
struct Cached {
    body: Vec<u8>,
    etag: HeaderValue,
}

impl Cached {
    fn new(body: Vec<u8>) -> Self {
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::from_str(&format!("\"{hex}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        Self { body, etag }
    }

    fn respond(&self, request: &HeaderMap) -> Response {
        let cache = HeaderValue::from_str(&format!("public, max-age={MAX_AGE_SECS}"))
            .unwrap_or_else(|_| HeaderValue::from_static("public"));
        let matches = request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == "*" || tag.as_bytes() == self.etag.as_bytes());
        let mut response = if matches {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                Body::from(self.body.clone()),
            )
                .into_response()
        };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(header::CACHE_CONTROL, cache);
        response
    }
}

fn cached<T: serde::Serialize>(data: T) -> Cached {
    Cached::new(serde_json::to_vec(&Data { data }).unwrap_or_default())
}

/// Every country
///
/// By English name, each with whether its addresses need a province and a
/// postal code, and an example postal code.
#[utoipa::path(
    get,
    path = "/countries",
    tag = TAG_ADDRESSES,
    responses(
        (status = 200, description = "Every country.", body = Data<Vec<CountryView>>,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "`If-None-Match` matched: the cached copy is current."),
        (status = 500, response = Internal),
    )
)]
async fn list_countries(State(services): State<Services>, headers: HeaderMap) -> Response {
    static ALL: OnceLock<Cached> = OnceLock::new();
    ALL.get_or_init(|| cached(services.addresses.countries()))
        .respond(&headers)
}

/// One country and its subdivisions
///
/// `subdivisions` lists what its addresses accept as `province` (empty
/// where addresses use none). The code in any case.
#[utoipa::path(
    get,
    path = "/countries/{code}",
    tag = TAG_ADDRESSES,
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2, like `CA`.")),
    responses(
        (status = 200, description = "The country.", body = Data<CountryDetailView>,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "`If-None-Match` matched: the cached copy is current."),
        (status = 404, description = "No such country.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn get_country(
    State(services): State<Services>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let country = services.addresses.country(&code)?;
    Ok(cached(country).respond(&headers))
}
