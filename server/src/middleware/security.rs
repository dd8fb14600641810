//! Cross-site request defence and security headers, as two axum
//! middlewares (see `docs/SECURITY.md` for the reasoning).
//!
//! - [`reject_cross_site`]: a state-changing request (any method but GET,
//!   HEAD and OPTIONS) whose `Origin` (or, lacking it, `Referer`) is not the
//!   shop's own origin is refused with 403 and the REST error body. A request
//!   with neither header (curl, scripts, server-to-server) passes: browsers
//!   send `Origin` on every POST, so only non-browser clients lack both, and
//!   they carry no victim's cookies.
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
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use customer_core::AppError;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

use crate::config::Config;
use crate::http::openapi::DOCS_PATH;
use crate::http::ApiError;

/// `Strict-Transport-Security`, sent only when `APP_BASE_URL` is https.
pub const HSTS: &str = "max-age=31536000";

/// The policy for JSON (and other API) answers: nothing may load, nothing
/// may frame them.
pub const JSON_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// GraphiQL (GET `/api/graphql`): its page and files are served by the shop
/// itself (`graphql::graphiql`), so everything comes from `'self'`; no
/// inline script and no `eval`. Its editor sets style attributes, hence
/// `'unsafe-inline'` for styles only.
pub const GRAPHIQL_CSP: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// The REST API's docs page (GET `/api/docs`, Swagger UI, and the files
/// under it): every script, style, image and request from the shop itself;
/// no inline code and no `eval` (Swagger UI needs neither: it styles
/// elements through the DOM, which CSP allows); icons inlined as `data:`.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The policy for the shop's HTML pages: only the shop's own files, plus
/// the inline scripts Leptos writes (hydration, serialised resources), which
/// carry this response's nonce. `'wasm-unsafe-eval'` lets the page compile
/// its WebAssembly; it does not allow `eval`.
pub fn html_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

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
        return if is_own(origin.and_then(Origin::of_header)) {
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

/// This request's CSP nonce, in the request extensions. Leptos writes it on
/// its inline scripts ([`provide_request_nonce`]); the CSP header names it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Nonce);

/// Call in the Leptos context closure: makes Leptos use this request's
/// nonce (replacing the one `leptos_axum` generated), so the inline scripts
/// and the `Content-Security-Policy` header agree.
pub fn provide_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(nonce);
    }
}

/// The media type without parameters, lower-cased.
fn essence(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    Some(essence.to_ascii_lowercase())
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    if !headers.contains_key(&name) {
        headers.insert(name, value);
    }
}

/// The REST API's docs page and the files under it.
fn is_docs_page(path: &str) -> bool {
    path.strip_prefix(DOCS_PATH)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Paths whose answers carry a customer's data: the REST customer API,
/// GraphQL, the server functions and the account pages. Their responses get
/// `Cache-Control: no-store`.
pub fn carries_personal_data(path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    under("/api/customer") || under("/api/graphql") || under("/api/fn") || under("/account")
}

/// Middleware: a fresh nonce for every request, and the security headers
/// on every response (a header a handler already set is kept).
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let hsts = req
        .extensions()
        .get::<SecuritySettings>()
        .is_some_and(|s| s.hsts);
    let nonce = Nonce::new();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let graphiql = req.method() == Method::GET && req.uri().path() == "/api/graphql";
    let docs = is_docs_page(req.uri().path());
    let personal = carries_personal_data(req.uri().path());

    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    set_default(
        headers,
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set_default(
        headers,
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("DENY"),
    );
    set_default(
        headers,
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    set_default(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    set_default(
        headers,
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if personal {
        // Replaces any caching a handler allowed: personal data stays out
        // of shared and browser caches.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let csp = match essence(headers).as_deref() {
        Some("text/html") if graphiql => Some(HeaderValue::from_static(GRAPHIQL_CSP)),
        Some("text/html") if docs => Some(HeaderValue::from_static(DOCS_CSP)),
        // A nonce is base64url, always a valid header value; were it not,
        // the page would still get a policy, one that blocks every script.
        Some("text/html") => Some(
            HeaderValue::from_str(&html_csp(&nonce))
                .unwrap_or_else(|_| HeaderValue::from_static(JSON_CSP)),
        ),
        Some(t) if t == "application/json" || t.ends_with("+json") => {
            Some(HeaderValue::from_static(JSON_CSP))
        }
        _ => None,
    };
    if let Some(csp) = csp {
        set_default(headers, header::CONTENT_SECURITY_POLICY, csp);
    }
    if hsts {
        set_default(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of_url(s).expect(s)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).expect("value"));
        }
        map
    }

    fn check(pairs: &[(&'static str, &str)], base: Option<&str>) -> Result<(), CrossSite> {
        let settings = SecuritySettings {
            base_origin: base.map(origin),
            hsts: false,
        };
        check_request(&headers(pairs), &Uri::from_static("/api/x"), &settings)
    }

    #[test]
    fn origins_compare_exactly_with_default_ports() {
        assert_eq!(
            origin("http://Shop.Example:80"),
            origin("http://shop.example")
        );
        assert_eq!(
            origin("https://shop.example:443/a?b#c"),
            origin("HTTPS://shop.example")
        );
        assert_ne!(
            origin("http://shop.example"),
            origin("https://shop.example")
        );
        assert_ne!(
            origin("http://shop.example"),
            origin("http://shop.example:8080")
        );
        assert_ne!(
            origin("http://shop.example"),
            origin("http://shop.example.evil")
        );
        assert_eq!(origin("http://[::1]:3000"), origin("http://[::1]:3000/"));
    }

    #[test]
    fn odd_values_have_no_origin() {
        for v in [
            "null",
            "",
            "file:///etc/passwd",
            "ftp://shop.example",
            "http://",
            "http://user@shop.example",
            "shop.example",
            "http://shop example",
        ] {
            assert_eq!(Origin::of_header(v), None, "{v}");
            assert_eq!(Origin::of_url(v), None, "{v}");
        }
        assert_eq!(Origin::of_header("http://shop.example/path"), None);
        assert!(Origin::of_header("http://shop.example").is_some());
    }

    #[test]
    fn host_or_base_origin_is_own() {
        let host = ("host", "localhost:3000");
        assert_eq!(
            check(&[host, ("origin", "http://localhost:3000")], None),
            Ok(())
        );
        assert_eq!(
            check(&[host, ("origin", "http://LOCALHOST:3000")], None),
            Ok(())
        );
        assert_eq!(
            check(
                &[host, ("origin", "https://shop.example")],
                Some("https://shop.example/")
            ),
            Ok(())
        );
        assert_eq!(
            check(&[host, ("origin", "https://localhost:3000")], None),
            Err(CrossSite::ForeignOrigin)
        );
        assert_eq!(
            check(
                &[host, ("origin", "http://evil.example")],
                Some("https://shop.example")
            ),
            Err(CrossSite::ForeignOrigin)
        );
        assert_eq!(
            check(&[host, ("origin", "null")], None),
            Err(CrossSite::ForeignOrigin)
        );
        // Origin wins over Referer.
        assert_eq!(
            check(
                &[
                    host,
                    ("origin", "http://evil.example"),
                    ("referer", "http://localhost:3000/")
                ],
                None
            ),
            Err(CrossSite::ForeignOrigin)
        );
        // Two Origin headers are malformed.
        assert_eq!(
            check(
                &[
                    host,
                    ("origin", "http://localhost:3000"),
                    ("origin", "http://evil.example")
                ],
                None
            ),
            Err(CrossSite::ForeignOrigin)
        );
    }

    #[test]
    fn referer_is_the_fallback_and_neither_is_allowed() {
        let host = ("host", "localhost:3000");
        assert_eq!(
            check(
                &[host, ("referer", "http://localhost:3000/account/login?x=1")],
                None
            ),
            Ok(())
        );
        assert_eq!(
            check(&[host, ("referer", "http://evil.example/page")], None),
            Err(CrossSite::ForeignReferer)
        );
        assert_eq!(check(&[host], None), Ok(()));
        assert_eq!(check(&[], None), Ok(()));
    }

    #[test]
    fn without_host_only_the_base_origin_counts() {
        assert_eq!(
            check(&[("origin", "http://localhost:3000")], None),
            Err(CrossSite::ForeignOrigin)
        );
        assert_eq!(
            check(
                &[("origin", "http://localhost:3000")],
                Some("http://localhost:3000")
            ),
            Ok(())
        );
    }

    #[test]
    fn over_https_only_the_https_origin_is_own() {
        let settings = SecuritySettings {
            base_origin: Some(origin("https://shop.example")),
            hsts: true,
        };
        let check = |pairs: &[(&'static str, &str)]| {
            check_request(&headers(pairs), &Uri::from_static("/api/x"), &settings)
        };
        let host = ("host", "shop.example");
        assert_eq!(check(&[host, ("origin", "https://shop.example")]), Ok(()));
        assert_eq!(
            check(&[host, ("origin", "http://shop.example")]),
            Err(CrossSite::ForeignOrigin)
        );
        let internal = ("host", "10.0.0.5:3000");
        assert_eq!(
            check(&[internal, ("origin", "http://10.0.0.5:3000")]),
            Err(CrossSite::ForeignOrigin)
        );
        assert_eq!(
            check(&[internal, ("origin", "https://10.0.0.5:3000")]),
            Ok(())
        );
    }

    #[test]
    fn personal_paths_are_not_cached() {
        for p in [
            "/api/customer/me",
            "/api/graphql",
            "/api/fn/login",
            "/account",
            "/account/login",
        ] {
            assert!(carries_personal_data(p), "{p}");
        }
        for p in [
            "/",
            "/health",
            "/pkg/shop.css",
            "/accounts",
            "/api/fnord",
            "/api/customers",
        ] {
            assert!(!carries_personal_data(p), "{p}");
        }
    }

    #[test]
    fn only_reading_methods_are_safe() {
        for m in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(is_safe(&m));
        }
        for m in [
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::TRACE,
        ] {
            assert!(!is_safe(&m));
        }
    }

    #[test]
    fn settings_follow_the_config() {
        let config = |url: &str| {
            let url = url.to_string();
            Config::from_lookup(move |name| (name == "APP_BASE_URL").then(|| url.clone()))
                .expect("config")
        };
        let s = SecuritySettings::from_config(&config("https://shop.example.com/"));
        assert!(s.hsts);
        assert_eq!(s.base_origin, Some(origin("https://shop.example.com:443")));
        let s = SecuritySettings::from_config(&config("http://127.0.0.1:3000"));
        assert!(!s.hsts);
        assert_eq!(s.base_origin, Some(origin("http://127.0.0.1:3000")));
    }

    /// The settings arrive as a request extension, put there by a layer
    /// outside the router, as `Application::build` does.
    async fn call(settings: Option<SecuritySettings>, req: Request) -> Response {
        use tower::ServiceExt;
        let mut router = axum::Router::new()
            .route(
                "/page",
                axum::routing::get(|| async { axum::response::Html("<p>hi</p>") })
                    .post(|| async { "done" }),
            )
            .layer(axum::middleware::from_fn(reject_cross_site))
            .layer(axum::middleware::from_fn(security_headers));
        if let Some(settings) = settings {
            router = router.layer(axum::Extension(settings));
        }
        router.oneshot(req).await.expect("infallible")
    }

    fn request(method: Method, pairs: &[(&'static str, &str)]) -> Request {
        let mut req = Request::new(axum::body::Body::empty());
        *req.method_mut() = method;
        *req.uri_mut() = Uri::from_static("/page");
        *req.headers_mut() = headers(pairs);
        req
    }

    #[tokio::test]
    async fn settings_from_the_extension_add_hsts_and_the_base_origin() {
        let settings = SecuritySettings {
            base_origin: Some(origin("https://shop.example.com")),
            hsts: true,
        };
        let res = call(Some(settings.clone()), request(Method::GET, &[])).await;
        assert_eq!(
            res.headers().get(header::STRICT_TRANSPORT_SECURITY),
            Some(&HeaderValue::from_static(HSTS))
        );
        let csp = res
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("csp")
            .to_string();
        assert!(csp.contains("'nonce-"), "{csp}");

        // Behind a proxy: Host is internal, Origin is APP_BASE_URL's.
        let proxied = [
            ("host", "10.0.0.5:3000"),
            ("origin", "https://shop.example.com"),
        ];
        let res = call(Some(settings.clone()), request(Method::POST, &proxied)).await;
        assert_eq!(res.status(), axum::http::StatusCode::OK);
        // Without the settings only the Host origin counts, and no HSTS.
        let res = call(None, request(Method::POST, &proxied)).await;
        assert_eq!(res.status(), axum::http::StatusCode::FORBIDDEN);
        assert!(res
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none());
        assert_eq!(
            res.headers().get(header::CONTENT_SECURITY_POLICY),
            Some(&HeaderValue::from_static(JSON_CSP))
        );
    }

    /// The sources listed for directive `name` in `policy`, which must name
    /// it exactly once (a browser ignores every copy but the first).
    fn sources<'a>(policy: &'a str, name: &str) -> Vec<&'a str> {
        let found: Vec<Vec<&str>> = policy
            .split(';')
            .map(|d| d.split_whitespace().collect::<Vec<_>>())
            .filter(|d| d.first() == Some(&name))
            .map(|d| d[1..].to_vec())
            .collect();
        assert_eq!(found.len(), 1, "{name} in {policy:?}");
        found.into_iter().next().expect("one")
    }

    /// Every source keyword or host in `policy`, directive names left out.
    fn all_sources(policy: &str) -> Vec<&str> {
        policy
            .split(';')
            .flat_map(|d| d.split_whitespace().skip(1))
            .collect()
    }

    #[test]
    fn html_policy_names_the_nonce() {
        let csp = html_csp("abc_-1");
        assert!(csp.contains("script-src 'self' 'nonce-abc_-1' 'wasm-unsafe-eval';"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
        assert!(HeaderValue::from_str(&csp).is_ok(), "{csp}");

        // Only the nonce changes from one response to the next.
        let other = html_csp("XYZ987");
        assert!(!other.contains("abc_-1"), "{other}");
        assert_eq!(csp.replace("abc_-1", "XYZ987"), other);

        // Inline scripts run only with the nonce, and `eval` never
        // ('wasm-unsafe-eval' allows WebAssembly compilation only).
        assert_eq!(
            sources(&csp, "script-src"),
            ["'self'", "'nonce-abc_-1'", "'wasm-unsafe-eval'"]
        );
        for loose in ["'unsafe-inline'", "'unsafe-eval'"] {
            assert!(!all_sources(&csp).contains(&loose), "{loose} in {csp}");
        }
        assert_eq!(sources(&csp, "object-src"), ["'none'"]);
        assert_eq!(sources(&csp, "frame-ancestors"), ["'none'"]);

        // JSON answers load nothing and cannot be framed.
        assert_eq!(sources(JSON_CSP, "default-src"), ["'none'"]);
        assert_eq!(sources(JSON_CSP, "frame-ancestors"), ["'none'"]);
        assert!(
            all_sources(JSON_CSP).iter().all(|s| *s == "'none'"),
            "{JSON_CSP}"
        );

        // GraphiQL needs inline code, but not `eval`, plugins or framing.
        assert!(
            !all_sources(GRAPHIQL_CSP).contains(&"'unsafe-eval'"),
            "{GRAPHIQL_CSP}"
        );
        assert_eq!(sources(GRAPHIQL_CSP, "object-src"), ["'none'"]);
        assert_eq!(sources(GRAPHIQL_CSP, "frame-ancestors"), ["'none'"]);
        // ... and loads nothing from outside the shop.
        for source in all_sources(GRAPHIQL_CSP) {
            assert!(
                ["'self'", "'none'", "data:", "'unsafe-inline'"].contains(&source),
                "{source} in {GRAPHIQL_CSP}"
            );
        }
        assert_eq!(sources(GRAPHIQL_CSP, "script-src"), ["'self'"]);
    }

    #[test]
    fn docs_policy_allows_the_shop_only() {
        assert!(HeaderValue::from_str(DOCS_CSP).is_ok(), "{DOCS_CSP}");
        // Keywords and `data:` only: no host, no scheme, no wildcard.
        for source in all_sources(DOCS_CSP) {
            assert!(
                ["'self'", "'none'", "data:"].contains(&source),
                "{source} in {DOCS_CSP}"
            );
        }
        assert_eq!(sources(DOCS_CSP, "default-src"), ["'none'"]);
        assert_eq!(sources(DOCS_CSP, "script-src"), ["'self'"]);
        assert_eq!(sources(DOCS_CSP, "style-src"), ["'self'"]);
        assert_eq!(sources(DOCS_CSP, "connect-src"), ["'self'"]);
        assert_eq!(sources(DOCS_CSP, "img-src"), ["'self'", "data:"]);
        assert_eq!(sources(DOCS_CSP, "object-src"), ["'none'"]);
        assert_eq!(sources(DOCS_CSP, "frame-ancestors"), ["'none'"]);

        for path in ["/api/docs", "/api/docs/", "/api/docs/swagger-ui.css"] {
            assert!(is_docs_page(path), "{path}");
        }
        for path in [
            "/api/docsx",
            "/api/doc",
            "/api/graphql",
            "/",
            "/api/openapi.json",
        ] {
            assert!(!is_docs_page(path), "{path}");
        }
    }

    #[tokio::test]
    async fn the_docs_page_gets_its_own_policy() {
        use tower::ServiceExt;
        let page = || async { axum::response::Html("<p>docs</p>") };
        let router = axum::Router::new()
            .route(DOCS_PATH, axum::routing::get(page))
            .route("/page", axum::routing::get(page))
            .layer(axum::middleware::from_fn(security_headers));
        let csp = |res: Response| {
            res.headers()
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .expect("csp")
                .to_string()
        };
        let mut req = request(Method::GET, &[]);
        *req.uri_mut() = Uri::from_static(DOCS_PATH);
        let docs = router.clone().oneshot(req).await.expect("infallible");
        assert_eq!(csp(docs), DOCS_CSP);
        let other = router
            .oneshot(request(Method::GET, &[]))
            .await
            .expect("infallible");
        assert!(csp(other).contains("'nonce-"));
    }
}
