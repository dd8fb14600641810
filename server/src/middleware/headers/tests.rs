//! Tests of the security headers and their policies.

use super::*;

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

#[test]
fn token_pages_send_no_referrer() {
    for path in [
        "/account/reset-password",
        "/account/verify-email",
        "/account/confirm-email",
        "/account/confirm-email/",
    ] {
        assert_eq!(referrer_policy(path), "no-referrer", "{path}");
    }
    for path in [
        "/",
        "/account",
        "/account/login",
        "/account/forgot-password",
        "/account/reset-passwords",
        "/api/fn/reset_password",
    ] {
        assert_eq!(
            referrer_policy(path),
            "strict-origin-when-cross-origin",
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_reset_page_is_served_with_no_referrer() {
    use axum::extract::Request;
    use tower::ServiceExt;
    let page = || async { axum::response::Html("<p>page</p>") };
    let router = axum::Router::new()
        .route("/account/reset-password", axum::routing::get(page))
        .route("/account/login", axum::routing::get(page))
        .layer(axum::middleware::from_fn(security_headers));
    let policy = |uri: &'static str| {
        let router = router.clone();
        async move {
            let req = Request::get(uri)
                .body(axum::body::Body::empty())
                .expect("request");
            let res = router.oneshot(req).await.expect("infallible");
            res.headers()
                .get(header::REFERRER_POLICY)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        }
    };
    assert_eq!(
        policy("/account/reset-password?token=abc").await.as_deref(),
        Some("no-referrer")
    );
    assert_eq!(
        policy("/account/login").await.as_deref(),
        Some("strict-origin-when-cross-origin")
    );
}
