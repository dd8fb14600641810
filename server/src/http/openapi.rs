//! The REST API's OpenAPI 3.1 document and its docs page.
//!
//! The document is generated from the handlers: each `#[utoipa::path]` is
//! registered together with its route (`utoipa_axum::routes!`, see
//! [`super::router`]), and the wire types derive their schemas in the core
//! (feature `openapi`). This module adds what no handler says: the title,
//! the tags, the shared schemas and the session cookie.
//!
//! - `GET /api/openapi.json`: the document.
//! - `GET /api/docs`: Swagger UI, from files compiled into the server
//!   (`utoipa-swagger-ui` with its `vendored` feature) and served under
//!   `/api/docs/...`; the page loads nothing from elsewhere, and its CSP
//!   ([`DOCS_CSP`](crate::middleware::security::DOCS_CSP)) says so.

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use customer_core::dto::{CustomerView, SessionView};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi, ToResponse};
use utoipa_swagger_ui::Config;

use super::{Data, ErrorBody};
use crate::startup::SESSION_COOKIE;
use crate::state::AppState;

pub const TAG_CUSTOMER: &str = "customer";
pub const TAG_AUTH: &str = "auth";
pub const TAG_ADDRESSES: &str = "addresses";
pub const TAG_PASSWORDS: &str = "passwords";
pub const TAG_EMAIL: &str = "email";
pub const TAG_ADMIN: &str = "admin";
pub const TAG_GROUPS: &str = "groups";
pub const TAG_WHOLESALE: &str = "wholesale";
pub const TAG_ORDERS: &str = "orders";
/// The staff login cookie's security scheme, for the `/api/admin/...`
/// routes (`security(("staff_cookie" = []))`).
pub const STAFF_COOKIE_SCHEME: &str = "staff_cookie";
/// The security scheme the routes that need a login name
/// (`security(("session_cookie" = []))`).
pub const SESSION_COOKIE_SCHEME: &str = "session_cookie";

pub const DOCUMENT_PATH: &str = "/api/openapi.json";
/// The docs page; its files are under `{DOCS_PATH}/`.
pub const DOCS_PATH: &str = "/api/docs";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Customer platform REST API",
        description = "Customer accounts: registration, login, profile, sessions and the address book.\n\n\
            JSON in and out. A successful answer is `{\"data\": ...}`; an error is \
            `{\"error\": {\"status\", \"code\", \"message\", \"fields\"?}}` (`ErrorBody`), \
            with `Retry-After` on 429.\n\n\
            Registering or logging in sets the `shop_session` cookie (HttpOnly, \
            SameSite=Lax); routes that need a login read it. A state-changing request \
            whose `Origin` (or `Referer`) is another site is refused with 403.\n\n\
            Generated from the handlers. The same operations exist in GraphQL at \
            `/api/graphql`.",
        license(name = "MIT", identifier = "MIT")
    ),
    tags(
        (name = TAG_CUSTOMER, description = "Registration, the caller's account and profile."),
        (name = TAG_AUTH, description = "Logging in and out, and the caller's sessions (devices)."),
        (name = TAG_ADDRESSES, description = "The caller's address book, and the countries \
            and address rules its forms use."),
        (name = TAG_PASSWORDS, description = "Forgot password (a reset link by mail), the \
            reset, and the change while logged in."),
        (name = TAG_EMAIL, description = "Verifying the email address, and changing it with \
            a confirmation mailed to the new address."),
        (name = TAG_ADMIN, description = "For shop staff: their login, and managing customers. \
            Staff log in with their own accounts and cookie (`shop_staff`); roles `admin` and \
            `support` decide what each may do (403 otherwise)."),
        (name = TAG_GROUPS, description = "For shop staff: customer groups, and the storefront \
            pages each group may see."),
        (name = TAG_WHOLESALE, description = "Storefront pages open only to some customer groups."),
        (name = TAG_ORDERS, description = "The catalogue, checkout (with creating an account \
            while checking out), and the customer's order history."),
    ),
    components(
        schemas(ErrorBody, Data<CustomerView>, Data<Vec<SessionView>>),
        responses(BadRequest, NotLoggedIn, CrossSite, Internal, TooManyMails, WrongShape, BadToken,
            StaffNotLoggedIn, NotAllowed)
    ),
    modifiers(&SessionCookie)
)]
struct ApiDoc;

// The error answers many routes share (`(status = 401, response =
// NotLoggedIn)`), under `components.responses`. Only described, never built.

#[derive(ToResponse)]
#[response(
    description = "The body is not JSON, or not sent as `application/json`.",
    example = json!({"error": {"status": 400, "code": "BAD_REQUEST",
        "message": "The request body is not valid JSON."}})
)]
pub struct BadRequest(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Not logged in: no session cookie, or its session has ended.",
    example = json!({"error": {"status": 401, "code": "UNAUTHORIZED",
        "message": "Please log in."}})
)]
pub struct NotLoggedIn(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Cross-site request refused: its `Origin` (or `Referer`) is another site.",
    example = json!({"error": {"status": 403, "code": "FORBIDDEN",
        "message": "Cross-site request refused: it does not come from this shop's pages."}})
)]
pub struct CrossSite(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Something failed inside the shop; the details are in its log only.",
    example = json!({"error": {"status": 500, "code": "INTERNAL", "message": "internal error"}})
)]
pub struct Internal(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Too many mails asked for from the caller's network (or, logged in, to \
        one address); `Retry-After` says how many seconds to wait.",
    example = json!({"error": {"status": 429, "code": "RATE_LIMITED",
        "message": "Too many emails were asked for. Please wait 60 minutes and try again."}})
)]
pub struct TooManyMails(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "A field is missing or refused (`fields` names each, with what to do), or \
        the body has the wrong shape.",
    example = json!({"error": {"status": 422, "code": "VALIDATION",
        "message": "Some fields need your attention.",
        "fields": {"current_password": "That is not your current password."}}})
)]
pub struct WrongShape(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "The emailed token cannot be used: unknown, expired, already used (or \
        voided by a newer link), or meant for another purpose. `fields.token` says which \
        and to ask for a new link.",
    example = json!({"error": {"status": 422, "code": "VALIDATION",
        "message": "Some fields need your attention.",
        "fields": {"token": "This link has already been used. Ask for a new one."}}})
)]
pub struct BadToken(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "No staff login: no `shop_staff` cookie, or its login has ended. A \
        customer's session is not a staff login.",
    example = json!({"error": {"status": 401, "code": "UNAUTHORIZED",
        "message": "Please log in."}})
)]
pub struct StaffNotLoggedIn(pub ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Not allowed: a customer at a staff route, a staff role that is not enough \
        (support cannot delete, change groups or manage staff), a customer group the page is \
        not open to, or a cross-site request.",
    example = json!({"error": {"status": 403, "code": "FORBIDDEN",
        "message": "You do not have permission to do this."}})
)]
pub struct NotAllowed(pub ErrorBody);

/// Adds the session cookie as the security scheme.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION_COOKIE_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie set by `register` and `login` (HttpOnly: a browser sends \
                 it by itself).",
            ))),
        );
        components.add_security_scheme(
            STAFF_COOKIE_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::middleware::caller::STAFF_COOKIE,
                "The staff login cookie set by `POST /api/admin/login` (HttpOnly, \
                 SameSite=Strict).",
            ))),
        );
    }
}

/// Everything in the document but the paths, which the routes add.
pub fn base_document() -> Document {
    ApiDoc::openapi()
}

/// The whole document, as `GET /api/openapi.json` serves it.
pub fn document() -> Document {
    super::rest_routes().into_openapi()
}

/// `GET /api/openapi.json` and the docs page with its files.
pub fn routes(document: Document) -> Router<AppState> {
    let document = Arc::new(document);
    let config = Arc::new(
        Config::new([DOCUMENT_PATH])
            // No badge from validator.swagger.io, no top bar to load other
            // documents: the page talks to this shop only.
            .validator_url("none")
            .use_base_layout(),
    );
    Router::new()
        .route(
            DOCUMENT_PATH,
            get(move || {
                let document = document.clone();
                async move { Json(document.as_ref()).into_response() }
            }),
        )
        .route(DOCS_PATH, get(docs_page))
        .route(&format!("{DOCS_PATH}/"), get(docs_page))
        .route(
            &format!("{DOCS_PATH}/{{*file}}"),
            get(move |Path(file): Path<String>| {
                let config = config.clone();
                async move { docs_file(&file, config) }
            }),
        )
}

/// Swagger UI's own `index.html`, with absolute paths so that it works at
/// `/api/docs` (no trailing slash) too.
const DOCS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer platform REST API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/index.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<noscript><p>This page needs JavaScript. The API's description is at
<a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p></noscript>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/swagger-initializer.js"></script>
</body>
</html>
"#;

async fn docs_page() -> Html<&'static str> {
    Html(DOCS_PAGE)
}

/// One of Swagger UI's files, compiled into the server; the initializer
/// script carries `config`.
fn docs_file(file: &str, config: Arc<Config<'static>>) -> Response {
    match utoipa_swagger_ui::serve(file, config) {
        Ok(Some(file)) => {
            let mut response = (
                [(header::CONTENT_TYPE, file.content_type)],
                file.bytes.into_owned(),
            )
                .into_response();
            if file.gzpipped {
                response.headers_mut().insert(
                    header::CONTENT_ENCODING,
                    header::HeaderValue::from_static("gzip"),
                );
            }
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, file, "could not serve a Swagger UI file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
