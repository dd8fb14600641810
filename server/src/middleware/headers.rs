//! Security headers on every response, with a fresh CSP nonce per request
//! that Leptos puts on its inline scripts (see `docs/SECURITY.md`):
//! `X-Content-Type-Options`, `X-Frame-Options`, `Referrer-Policy`,
//! `Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy` everywhere
//! (`Referrer-Policy: no-referrer` on the pages an emailed link opens),
//! `Cache-Control: no-store` on personal data, a nonce-based
//! `Content-Security-Policy` on HTML (its own for GraphiQL and the API docs),
//! a locked-down one on JSON, and `Strict-Transport-Security` over https.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

use super::security::SecuritySettings;
use crate::http::openapi::DOCS_PATH;

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

/// The pages an emailed link opens: their URL holds the link's token.
pub const TOKEN_PAGES: [&str; 3] = [
    "/account/reset-password",
    "/account/verify-email",
    "/account/confirm-email",
];

/// The `Referrer-Policy` for a path: `no-referrer` on [`TOKEN_PAGES`], so
/// their URL (and the token in it) never leaves in a `Referer`, not even to
/// the shop's own files; `strict-origin-when-cross-origin` elsewhere.
pub fn referrer_policy(path: &str) -> &'static str {
    let page = match path.len() {
        2.. => path.strip_suffix('/').unwrap_or(path),
        _ => path,
    };
    if TOKEN_PAGES.contains(&page) {
        "no-referrer"
    } else {
        "strict-origin-when-cross-origin"
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
pub(crate) fn essence(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    Some(essence.to_ascii_lowercase())
}

pub(crate) fn set_default(headers: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    if !headers.contains_key(&name) {
        headers.insert(name, value);
    }
}

/// The REST API's docs page and the files under it.
pub(crate) fn is_docs_page(path: &str) -> bool {
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
    let referrer = referrer_policy(req.uri().path());

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
        HeaderValue::from_static(referrer),
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
mod tests;
