//! Tests of the cross-site check and the security headers.

use super::*;
use crate::http::openapi::DOCS_PATH;
use crate::middleware::headers::*;
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
