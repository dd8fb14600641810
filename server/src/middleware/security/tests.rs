//! Tests of the cross-site check and the security headers.

use super::*;
use crate::http::openapi::DOCS_PATH;
use axum::http::HeaderValue;

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
    // `null` from a form on the shop's own `no-referrer` page: the browser
    // says same-origin in Sec-Fetch-Site, which pages cannot set.
    assert_eq!(
        check(
            &[host, ("origin", "null"), ("sec-fetch-site", "same-origin")],
            None
        ),
        Ok(())
    );
    for other in ["cross-site", "same-site", "none", "Same-Origin"] {
        assert_eq!(
            check(&[host, ("origin", "null"), ("sec-fetch-site", other)], None),
            Err(CrossSite::ForeignOrigin),
            "{other}"
        );
    }
    // Only `null` is helped: a foreign origin stays foreign, and two
    // Sec-Fetch-Site headers are malformed.
    assert_eq!(
        check(
            &[
                host,
                ("origin", "http://evil.example"),
                ("sec-fetch-site", "same-origin")
            ],
            None
        ),
        Err(CrossSite::ForeignOrigin)
    );
    assert_eq!(
        check(
            &[
                host,
                ("origin", "null"),
                ("sec-fetch-site", "same-origin"),
                ("sec-fetch-site", "same-origin")
            ],
            None
        ),
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
