//! The one step that resolves the caller, for every interface: a layer that
//! wraps the request's cookie session as the services' `SessionHandle`, asks
//! `AuthService::resolve` who is calling, and puts the answer
//! ([`Resolved`]) in the request's extensions. REST handlers take it through
//! the `http::CurrentCaller` extractor, the GraphQL handler and the server
//! functions read the same extension, and each maps a failure its own way.
//!
//! It also carries the remembered-device cookie (`shop_device`, see
//! `customer_core::auth::device`): the incoming value goes into the
//! caller's `ClientInfo`, and a token a service left in the caller's
//! `DeviceCookieSlot` is set on the response, whichever interface answered.
//!
//! Static files (`/pkg/...`, anything with a file extension) and `/health`
//! skip it: they have no caller.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use customer_core::auth::session::SessionHandle;
use customer_core::caller::{ClientInfo, DeviceToken, Resolved, StaffCookie};
use customer_core::services::Services;
use customer_core::AppError;
use tower_sessions::cookie::{Cookie, SameSite};
use tower_sessions::Session;

use crate::sessions::CookieSession;

/// Whether a request path is served without a caller: static files (a dot
/// in the last segment), the health check and the API's own description.
/// Every other `/api/` path gets one, dots or not (`/api/customer/addresses/a.b`
/// reaches a handler that needs it).
fn needs_no_caller(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    path.starts_with("/pkg/")
        || path == "/health"
        || path == "/api/openapi.json"
        || path.starts_with("/api/docs/")
        || (!path.starts_with("/api/") && last.contains('.'))
}

/// Name of the remembered-device cookie.
pub const DEVICE_COOKIE: &str = "shop_device";

/// How long a browser stays remembered without logging in again.
const DEVICE_COOKIE_DAYS: i64 = 365;

/// What the layer needs: the services, and whether cookies are `Secure`.
#[derive(Clone)]
pub struct CallerState {
    pub services: Services,
    pub secure_cookies: bool,
}

/// Name of the staff login cookie (see `customer_core::staff`); over https
/// it is [`STAFF_COOKIE_SECURE`], which browsers accept only when Secure,
/// for the whole site, from this host alone.
pub const STAFF_COOKIE: &str = "shop_staff";
pub const STAFF_COOKIE_SECURE: &str = "__Host-shop_staff";

fn staff_cookie_name(secure: bool) -> &'static str {
    if secure {
        STAFF_COOKIE_SECURE
    } else {
        STAFF_COOKIE
    }
}

/// The first cookie called `name` in the request, if any.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<DeviceToken> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| DeviceToken(c.value().to_owned()))
}

/// The first `shop_device` cookie of the request, if any.
fn device_token(headers: &HeaderMap) -> Option<DeviceToken> {
    cookie_value(headers, DEVICE_COOKIE)
}

/// The `Set-Cookie` value for a staff login change: a session cookie (no
/// expiry: it ends with the browser; the server ends it sooner), sent only
/// on same-site requests, never readable by scripts.
fn staff_set_cookie(change: StaffCookie, secure: bool) -> Option<HeaderValue> {
    let (value, clear) = match change {
        StaffCookie::Set(token) => (token, false),
        StaffCookie::Clear => (String::new(), true),
    };
    let mut cookie = Cookie::build((staff_cookie_name(secure), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure);
    if clear {
        cookie = cookie.max_age(time::Duration::ZERO);
    }
    HeaderValue::from_str(&cookie.build().to_string()).ok()
}

/// The `Set-Cookie` value for a device token.
fn device_set_cookie(token: String, secure: bool) -> Option<HeaderValue> {
    let cookie = Cookie::build((DEVICE_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(DEVICE_COOKIE_DAYS))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

pub async fn resolve_caller(
    State(CallerState {
        services,
        secure_cookies,
    }): State<CallerState>,
    mut req: Request,
    next: Next,
) -> Response {
    let mut slot = None;
    if !needs_no_caller(req.uri().path()) {
        let session = req
            .extensions()
            .get::<Session>()
            .cloned()
            .map(|s| Arc::new(CookieSession(s)) as Arc<dyn SessionHandle>);
        let mut client = req
            .extensions()
            .get::<ClientInfo>()
            .cloned()
            .unwrap_or_default();
        client.device_token = device_token(req.headers());
        client.staff_token = cookie_value(req.headers(), staff_cookie_name(secure_cookies));
        let resolved = services
            .auth
            .resolve(session, client)
            .await
            .map_err(AppError::from);
        slot = resolved
            .as_ref()
            .ok()
            .map(|c| (c.device_cookie().clone(), c.staff_cookie().clone()));
        req.extensions_mut().insert(Resolved(resolved));
    }
    let mut response = next.run(req).await;
    if let Some((device, staff)) = slot {
        if let Some(value) = device
            .take()
            .and_then(|token| device_set_cookie(token, secure_cookies))
        {
            response.headers_mut().append(SET_COOKIE, value);
        }
        if let Some(value) = staff
            .take()
            .and_then(|change| staff_set_cookie(change, secure_cookies))
        {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_cookie_is_read_among_others_and_set_with_its_attributes() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; shop_device=n.t; b=2"),
        );
        assert_eq!(device_token(&headers), Some(DeviceToken("n.t".into())));
        assert_eq!(device_token(&HeaderMap::new()), None);

        let plain = device_set_cookie("n.t".into(), false).expect("value");
        let plain = plain.to_str().expect("ascii");
        assert!(plain.starts_with("shop_device=n.t;"), "{plain}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
            assert!(plain.contains(attr), "{plain}");
        }
        assert!(!plain.contains("Secure"), "{plain}");
        let secure = device_set_cookie("n.t".into(), true).expect("value");
        assert!(secure.to_str().expect("ascii").contains("Secure"));
    }

    #[test]
    fn the_staff_cookie_is_strict_and_cleared_on_logout() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("shop_device=n.t; shop_staff=abc"),
        );
        assert_eq!(
            cookie_value(&headers, STAFF_COOKIE),
            Some(DeviceToken("abc".into()))
        );
        let set = staff_set_cookie(StaffCookie::Set("abc".into()), true).expect("value");
        let set = set.to_str().expect("ascii");
        for attr in [
            "shop_staff=abc",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/",
            "Secure",
        ] {
            assert!(set.contains(attr), "{set}");
        }
        assert!(!set.contains("Max-Age"), "a browser-session cookie: {set}");
        let clear = staff_set_cookie(StaffCookie::Clear, false).expect("value");
        let clear = clear.to_str().expect("ascii");
        assert!(clear.starts_with("shop_staff=;"), "{clear}");
        assert!(clear.contains("Max-Age=0"), "{clear}");
    }

    #[test]
    fn static_files_and_health_have_no_caller() {
        for path in [
            "/pkg/shop.wasm",
            "/favicon.svg",
            "/health",
            "/pkg/x",
            "/api/openapi.json",
            "/api/docs/swagger-ui.css",
        ] {
            assert!(needs_no_caller(path), "{path}");
        }
        for path in [
            "/",
            "/account",
            "/api/customer/me",
            "/api/graphql",
            "/api/fn/login",
            "/api/customer/addresses/..%2F..%2Fetc",
            "/api/customer/sessions/a.b",
            "/api/countries/c.a",
        ] {
            assert!(!needs_no_caller(path), "{path}");
        }
    }
}
