//! Cross-site request defence and security headers, seen from outside:
//! a foreign `Origin` (or `Referer`) on a state-changing request is a 403
//! with the REST error body and changes nothing; every response carries the
//! security headers, and an HTML page's CSP nonce is the one on its scripts.

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{ann, TestApp};
use crate::on_both_backends;

const EVIL: &str = "http://evil.example";

fn password() -> String {
    ann("x@example.com")["password"]
        .as_str()
        .expect("password")
        .to_string()
}

fn login_body(email: &str) -> Value {
    json!({"email": email, "password": password()})
}

fn graphql_register(email: &str) -> Value {
    json!({
        "query": "mutation($e: String!, $p: String!) { register(email: $e, password: $p, firstName: \"Eve\", lastName: \"Ma\") { id email } }",
        "variables": {"e": email, "p": password()},
    })
}

/// Every kind of state-changing request the shop takes, from `app`'s
/// browser, without the header under test.
fn state_changing(app: &TestApp, email: &str) -> Vec<(&'static str, RequestBuilder)> {
    let c = &app.client;
    vec![
        (
            "rest register",
            c.post(app.url("/api/customer/register")).json(&ann(email)),
        ),
        (
            "rest login",
            c.post(app.url("/api/customer/login"))
                .json(&login_body(email)),
        ),
        ("rest logout", c.post(app.url("/api/customer/logout"))),
        (
            "server fn login",
            c.post(app.url("/api/fn/login"))
                .form(&[("email", email.to_string()), ("password", password())]),
        ),
        (
            "graphql mutation",
            c.post(app.url("/api/graphql"))
                .json(&graphql_register(email)),
        ),
    ]
}

async fn assert_refused(what: &str, req: RequestBuilder) {
    let res = req.send().await.expect("request");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{what}");
    assert_eq!(
        header(res.headers(), "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    let body: Value = res.json().await.expect("json error body");
    // GraphQL clients get the refusal as a GraphQL error; everyone else
    // the REST body.
    let error = if what.starts_with("graphql") {
        assert!(body["data"].is_null(), "{what}: {body}");
        body["errors"][0]["extensions"].clone()
    } else {
        body["error"].clone()
    };
    assert_eq!(error["status"], 403, "{what}: {body}");
    assert_eq!(error["code"], "FORBIDDEN", "{what}: {body}");
    let message = if what.starts_with("graphql") {
        &body["errors"][0]["message"]
    } else {
        &body["error"]["message"]
    };
    assert!(message.is_string(), "{what}: {body}");
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

async fn me(app: &TestApp) -> StatusCode {
    app.get("/api/customer/me").await.status()
}

/// The nonce named in an HTML policy's `script-src`.
fn csp_nonce(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    let len = csp[start..].find('\'').expect("closing quote");
    csp[start..start + len].to_string()
}

/// Every `<script ...>` start tag in `html`.
fn script_tags(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let start = from + i;
        let end = start + lower[start..].find('>').expect("end of tag");
        tags.push(html[start..=end].to_string());
        from = end;
    }
    tags
}

/// A page rendered by Leptos, as status, headers and body.
async fn fetch_page(req: impl Fn() -> RequestBuilder) -> (StatusCode, HeaderMap, String) {
    let res = req().send().await.expect("request");
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.expect("body"))
}

/// Fetches an HTML page and checks its headers and its scripts' nonces;
/// returns the nonce.
async fn check_html_page(app: &TestApp, path: &str) -> String {
    let (_, headers, body) = fetch_page(|| app.client.get(app.url(path))).await;
    assert!(
        header(&headers, "content-type").starts_with("text/html"),
        "{path}"
    );
    assert_eq!(
        header(&headers, "x-content-type-options"),
        "nosniff",
        "{path}"
    );
    assert_eq!(header(&headers, "x-frame-options"), "DENY", "{path}");
    assert_eq!(
        header(&headers, "referrer-policy"),
        "strict-origin-when-cross-origin",
        "{path}"
    );
    assert!(
        headers.get("strict-transport-security").is_none(),
        "no HSTS over http"
    );

    let csp = header(&headers, "content-security-policy");
    let nonce = csp_nonce(&csp);
    assert!(nonce.len() >= 16, "{csp}");
    assert_eq!(
        csp,
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
    );

    let tags = script_tags(&body);
    assert!(
        !tags.is_empty(),
        "{path}: the page has its hydration script"
    );
    for tag in tags.iter().filter(|t| !t.contains(" src=")) {
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: {tag} lacks nonce {nonce}"
        );
    }
    nonce
}

on_both_backends! {
    async fn cross_site_state_changes_are_refused_and_change_nothing(app: TestApp) {
        for (what, req) in state_changing(&app, "eve@example.com") {
            assert_refused(what, req.header("origin", EVIL)).await;
        }
        // Nothing was stored and nobody is logged in: the same email
        // registers now, from a client that names no origin.
        assert_eq!(me(&app).await, StatusCode::UNAUTHORIZED);
        let other = app.other_browser();
        let res = other.post_json("/api/customer/register", &ann("eve@example.com")).await;
        assert_eq!(res.status(), StatusCode::CREATED);

        // A cross-site login with the right password logs nobody in...
        let login = app.client.post(app.url("/api/customer/login")).header("origin", EVIL).json(&login_body("eve@example.com"));
        assert_refused("login", login).await;
        assert_eq!(me(&app).await, StatusCode::UNAUTHORIZED);
        // ...and a cross-site logout logs nobody out.
        assert_refused("logout", other.client.post(app.url("/api/customer/logout")).header("origin", EVIL)).await;
        assert_eq!(me(&other).await, StatusCode::OK);
    }

    async fn same_origin_requests_are_served(app: TestApp) {
        let origin = app.base.clone();
        let email = "same@example.com";
        let mut expected = [
            StatusCode::CREATED,    // rest register (logs in)
            StatusCode::OK,         // rest login
            StatusCode::NO_CONTENT, // rest logout
            StatusCode::OK,         // server fn login
            StatusCode::OK,         // graphql register: a GraphQL error, answered with 200
        ]
        .into_iter();
        for (what, req) in state_changing(&app, email) {
            let res = req.header("origin", &origin).send().await.expect("request");
            assert_eq!(Some(res.status()), expected.next(), "{what}");
        }
        assert_eq!(me(&app).await, StatusCode::OK, "the server function logged in");

        // A port-qualified or upper-case spelling of the same origin is the same origin.
        let loud = origin.replace("http://", "HTTP://");
        let res = app.client.post(app.url("/api/customer/logout")).header("origin", &loud).send().await.expect("request");
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(me(&app).await, StatusCode::UNAUTHORIZED);
    }

    async fn foreign_origins_in_any_form_are_refused(app: TestApp) {
        let port = app.base.rsplit(':').next().expect("port").to_string();
        for origin in [
            "null",
            "https://127.0.0.1",                         // other scheme, default port
            &format!("https://127.0.0.1:{port}"),        // other scheme
            "http://127.0.0.1",                          // other port
            &format!("http://127.0.0.2:{port}"),         // other host
            &format!("http://127.0.0.1:{port}.evil.example"),
            &format!("{}/account", app.base),            // an Origin has no path
            "garbage",
        ] {
            let req = app.client.post(app.url("/api/customer/register")).header("origin", origin).json(&ann("f@example.com"));
            assert_refused(origin, req).await;
        }
    }

    async fn referer_decides_when_origin_is_missing(app: TestApp) {
        let req = app.client.post(app.url("/api/customer/register")).header("referer", "http://evil.example/shop-clone").json(&ann("r@example.com"));
        assert_refused("foreign referer", req).await;
        let req = app.client.post(app.url("/api/fn/logout")).header("referer", "http://evil.example/");
        assert_refused("foreign referer, server fn", req).await;

        let res = app
            .client
            .post(app.url("/api/customer/register"))
            .header("referer", app.url("/account/register?from=home"))
            .json(&ann("r@example.com"))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::CREATED);
    }

    async fn clients_naming_no_origin_are_allowed(app: TestApp) {
        // curl and scripts send neither Origin nor Referer.
        let res = app.post_json("/api/customer/register", &ann("cli@example.com")).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let out = app.graphql("mutation { logout }", json!({})).await;
        assert_eq!(out["data"]["logout"], true, "{out}");
        let res = app.client.post(app.url("/api/fn/login")).form(&[("email", "cli@example.com".to_string()), ("password", password())]).send().await.expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(me(&app).await, StatusCode::OK);
    }

    async fn reading_requests_are_never_refused(app: TestApp) {
        let foreign = [("origin", EVIL), ("origin", "null"), ("referer", "http://evil.example/x")];
        for (path, status) in [
            ("/health", StatusCode::OK),
            ("/api/customer/me", StatusCode::UNAUTHORIZED),
            ("/api/graphql", StatusCode::OK),
        ] {
            for (name, value) in foreign {
                let res = app.client.get(app.url(path)).header(name, value).send().await.expect("request");
                assert_eq!(res.status(), status, "GET {path} with {name}: {value}");
            }
            let res = app.client.head(app.url(path)).header("origin", EVIL).send().await.expect("request");
            assert_eq!(res.status(), status, "HEAD {path}");
        }
        for path in ["/", "/account/login"] {
            for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
                let (status, _, _) = fetch_page(|| {
                    app.client.request(method.clone(), app.url(path)).header("origin", EVIL).header("referer", "http://evil.example/x")
                })
                .await;
                assert_eq!(status, StatusCode::OK, "{method} {path}");
            }
        }
    }

    async fn html_pages_carry_a_fresh_nonce_that_matches_their_scripts(app: TestApp) {
        let first = check_html_page(&app, "/").await;
        let second = check_html_page(&app, "/").await;
        assert_ne!(first, second, "a new nonce per response");
        check_html_page(&app, "/account/login").await;
        check_html_page(&app, "/account/register").await;
        check_html_page(&app, "/no/such/page").await;
    }

    async fn json_and_other_responses_carry_the_headers_too(app: TestApp) {
        for path in ["/health", "/api/customer/me", "/api/customer/no/such/endpoint"] {
            let res = app.get(path).await;
            let headers = res.headers();
            assert!(header(headers, "content-type").starts_with("application/json"), "{path}");
            assert_eq!(header(headers, "x-content-type-options"), "nosniff", "{path}");
            assert_eq!(header(headers, "x-frame-options"), "DENY", "{path}");
            assert_eq!(header(headers, "referrer-policy"), "strict-origin-when-cross-origin", "{path}");
            assert_eq!(header(headers, "content-security-policy"), "default-src 'none'; frame-ancestors 'none'", "{path}");
            assert!(headers.get("strict-transport-security").is_none(), "{path}");
        }
        // Files (or, where the site is not built, the 404 page) too.
        let (_, headers, _) = fetch_page(|| app.client.get(app.url("/favicon.svg"))).await;
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    }
}
