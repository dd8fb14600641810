//! Cross-site request defence (see `docs/SECURITY.md` for the reasoning);
//! the security headers are in [`super::headers`], re-exported here.
//!
//! - [`reject_cross_site`]: a state-changing request (any method but GET,
//!   HEAD and OPTIONS) whose `Origin` (or, lacking it, `Referer`) is not the
//!   shop's own origin is refused with 403 and the REST error body. A request
//!   with neither header (curl, scripts, server-to-server) passes: browsers
//!   send `Origin` on every POST, so only non-browser clients lack both, and
//!   they carry no victim's cookies. `Origin: null` passes only with
//!   `Sec-Fetch-Site: same-origin` (a form on a `no-referrer` page).
//! - [`security_headers`]: `X-Content-Type-Options`, `X-Frame-Options`,
//!   `Referrer-Policy` on every response, a per-request nonce-based
//!   `Content-Security-Policy` on HTML, a locked-down one on JSON, and
//!   `Strict-Transport-Security` when the shop is served over https.
//!
//! "The shop's own origin" is the origin of `APP_BASE_URL` or the origin
//! formed from the request's own `Host`. Both middlewares read their
//! settings ([`SecuritySettings`]) from the request extensions; without
//! them, only the `Host` origin counts and no HSTS is sent.

use std::str::FromStr;

use axum::extract::Request;
use axum::http::uri::Authority;
use axum::http::{header, HeaderMap, HeaderName, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use customer_core::AppError;

use crate::config::Config;
use crate::http::ApiError;

pub use super::headers::{
    html_csp, provide_request_nonce, security_headers, CspNonce, DOCS_CSP, GRAPHIQL_CSP, HSTS,
    JSON_CSP,
};

/// Scheme, lower-cased host and port (80 and 443 filled in for http and
/// https): two origins are the same exactly when these are equal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    https: bool,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute http(s) URL (a `Referer`, `APP_BASE_URL`).
    /// Anything else, user info included, is `None`.
    pub fn of_url(url: &str) -> Option<Self> {
        let (origin, _rest) = Self::split(url)?;
        Some(origin)
    }

    /// An `Origin` header: `scheme://host[:port]` and nothing more. `null`
    /// (sandboxed frames, redirects across sites, `file:` pages) and every
    /// malformed value are `None`, which counts as foreign.
    pub fn of_header(value: &str) -> Option<Self> {
        match Self::split(value)? {
            (origin, "") => Some(origin),
            _ => None,
        }
    }

    /// The origin a request for `authority` (a `Host` header) has.
    fn of_authority(https: bool, authority: &str) -> Option<Self> {
        if authority.is_empty() || authority.contains('@') {
            return None;
        }
        let authority = Authority::from_str(authority).ok()?;
        let host = authority.host();
        if host.is_empty() {
            return None;
        }
        let default_port = if https { 443 } else { 80 };
        Some(Self {
            https,
            host: host.to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
        })
    }

    /// Splits `scheme://authority` off `url`; the rest (path, query,
    /// fragment) is returned as is.
    fn split(url: &str) -> Option<(Self, &str)> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let https = if scheme.eq_ignore_ascii_case("https") {
            true
        } else if scheme.eq_ignore_ascii_case("http") {
            false
        } else {
            return None;
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        Some((Self::of_authority(https, authority)?, tail))
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        write!(f, "{scheme}://{}:{}", self.host, self.port)
    }
}

/// What the middlewares need from the configuration. `Application::build`
/// puts it in every request's extensions
/// (`.layer(axum::Extension(SecuritySettings::from_config(&config)))`).
#[derive(Clone, Debug, Default)]
pub struct SecuritySettings {
    /// The origin of `APP_BASE_URL`.
    pub base_origin: Option<Origin>,
    /// Send `Strict-Transport-Security` (the shop is served over https).
    pub hsts: bool,
}

impl SecuritySettings {
    pub fn from_config(config: &Config) -> Self {
        let base_origin = Origin::of_url(&config.app_base_url);
        if base_origin.is_none() {
            tracing::warn!(
                app_base_url = %config.app_base_url,
                "APP_BASE_URL has no usable origin; only the Host origin is trusted"
            );
        }
        Self {
            base_origin,
            hsts: config.secure_cookies(),
        }
    }
}

/// Why a request was refused (for the log; the client gets one message).
#[derive(Debug, PartialEq, Eq)]
pub enum CrossSite {
    ForeignOrigin,
    ForeignReferer,
}

/// GET, HEAD and OPTIONS change nothing and are never refused.
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The one header value of `name`; two or more count as malformed.
fn single<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<Option<&'a str>> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return Some(None);
    }
    Some(first.to_str().ok())
}

/// The request's own origin, from its `Host` (HTTP/1) or `:authority`
/// (HTTP/2). The server itself speaks plain http; behind a TLS proxy the
/// https origin comes from `APP_BASE_URL`.
fn host_origin(headers: &HeaderMap, uri: &Uri) -> Option<Origin> {
    let https = uri.scheme_str() == Some("https");
    match single(headers, &header::HOST) {
        Some(Some(host)) => Origin::of_authority(https, host),
        Some(None) => None,
        None => uri
            .authority()
            .and_then(|a| Origin::of_authority(https, a.as_str())),
    }
}

/// Decides a state-changing request: `Ok` when it comes from the shop's own
/// pages or from a client that names no origin at all.
pub fn check_request(
    headers: &HeaderMap,
    uri: &Uri,
    settings: &SecuritySettings,
) -> Result<(), CrossSite> {
    // Over https (`settings.hsts`) the shop's own origin is https, whatever
    // scheme the proxy spoke to us: the plain-http form of the name is
    // foreign, like any other site.
    let host = host_origin(headers, uri).map(|o| Origin {
        https: o.https || settings.hsts,
        port: if settings.hsts && !o.https && o.port == 80 {
            443
        } else {
            o.port
        },
        ..o
    });
    let is_own = |origin: Option<Origin>| {
        origin
            .is_some_and(|o| settings.base_origin.as_ref() == Some(&o) || host.as_ref() == Some(&o))
    };
    if let Some(origin) = single(headers, &header::ORIGIN) {
        return if is_own(origin.and_then(Origin::of_header)) || null_from_own_page(headers, origin)
        {
            Ok(())
        } else {
            Err(CrossSite::ForeignOrigin)
        };
    }
    if let Some(referer) = single(headers, &header::REFERER) {
        return if is_own(referer.and_then(Origin::of_url)) {
            Ok(())
        } else {
            Err(CrossSite::ForeignReferer)
        };
    }
    Ok(())
}

/// `Origin: null` from one of the shop's own pages. A browser sends `null`
/// for a plain form post from a page served with `Referrer-Policy:
/// no-referrer` (the pages an emailed link opens; Fetch standard, "append
/// a request Origin header"), and with it no `Referer`. It then still says
/// where the request comes from in `Sec-Fetch-Site`, which a page cannot
/// set or change: `same-origin` is the shop's own page. A sandboxed frame or
/// another site's page says `cross-site` or `same-site` and stays refused.
fn null_from_own_page(headers: &HeaderMap, origin: Option<&str>) -> bool {
    origin == Some("null")
        && single(headers, &HeaderName::from_static("sec-fetch-site")) == Some(Some("same-origin"))
}

const GRAPHQL_PATH: &str = "/api/graphql";

/// A refusal as GraphQL clients read errors: `{"data": null, "errors":
/// [{"message", "extensions": {"code", "status"}}]}`, with the same status.
fn graphql_refusal(e: AppError) -> Response {
    let status =
        axum::http::StatusCode::from_u16(e.status()).unwrap_or(axum::http::StatusCode::FORBIDDEN);
    let body = async_graphql::Response::from_errors(vec![
        crate::graphql::to_graphql_error(e).into_server_error(async_graphql::Pos::default())
    ]);
    (status, axum::Json(body)).into_response()
}

/// Middleware: refuses cross-site state-changing requests with 403 and the
/// error body of the interface asked (GraphQL-shaped on `/api/graphql`,
/// the REST body everywhere else).
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    let settings = req
        .extensions()
        .get::<SecuritySettings>()
        .cloned()
        .unwrap_or_default();
    match check_request(req.headers(), req.uri(), &settings) {
        Ok(()) => next.run(req).await,
        Err(reason) => {
            let header_value = |name| {
                req.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string()
            };
            tracing::warn!(
                ?reason,
                method = %req.method(),
                path = req.uri().path(),
                origin = header_value(header::ORIGIN),
                referer = header_value(header::REFERER),
                host = header_value(header::HOST),
                "cross-site request refused"
            );
            let refusal = AppError::forbidden(
                "Cross-site request refused: it does not come from this shop's pages.",
            );
            if req.uri().path() == GRAPHQL_PATH {
                graphql_refusal(refusal)
            } else {
                ApiError(refusal).into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests;
