//! The REST API's OpenAPI document (`/api/openapi.json`) and its docs page
//! (`/api/docs`), seen from outside: every REST route is described, every
//! described operation exists, and the docs page loads nothing from
//! outside the shop.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

/// Every REST route, as (method, path) in the document's spelling.
///
/// A NEW ROUTE MUST BE ADDED HERE, and with its description: a handler with
/// `#[utoipa::path(...)]`, registered with `.routes(routes!(handler))`.
/// Then `every_route_is_described` checks that the document has it, with
/// its responses (and its request body for POST, PUT and PATCH), and that
/// the document has nothing else.
const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/customer/register"),
    ("get", "/api/customer/me"),
    ("patch", "/api/customer/{id}"),
    ("post", "/api/customer/login"),
    ("post", "/api/customer/logout"),
    ("get", "/api/customer/sessions"),
    ("delete", "/api/customer/sessions"),
    ("delete", "/api/customer/sessions/{id}"),
    ("get", "/api/customer/addresses"),
    ("post", "/api/customer/addresses"),
    ("patch", "/api/customer/addresses/{id}"),
    ("delete", "/api/customer/addresses/{id}"),
    ("get", "/api/countries"),
    ("get", "/api/countries/{code}"),
    ("post", "/api/customer/forgotPassword"),
    ("post", "/api/customer/resetPassword"),
    ("post", "/api/customer/changePassword"),
    ("post", "/api/customer/verifyEmail"),
    ("post", "/api/customer/resendVerification"),
    ("post", "/api/customer/changeEmail"),
    ("post", "/api/customer/confirmEmail"),
    ("post", "/api/admin/login"),
    ("post", "/api/admin/logout"),
    ("get", "/api/admin/me"),
    ("get", "/api/admin/customer-groups"),
    ("post", "/api/admin/customer-groups"),
    ("patch", "/api/admin/customer-groups/{id}"),
    ("delete", "/api/admin/customer-groups/{id}"),
    ("get", "/api/admin/pages/{page}/access"),
    ("put", "/api/admin/pages/{page}/access"),
    ("get", "/api/wholesale/price-list"),
    ("get", "/api/admin/customers"),
    ("post", "/api/admin/customers"),
    ("get", "/api/admin/customers/{id}"),
    ("patch", "/api/admin/customers/{id}"),
    ("post", "/api/admin/customers/bulk"),
    ("get", "/api/admin/customers/export.csv"),
    ("post", "/api/admin/customers/{id}/password-reset"),
    ("post", "/api/admin/customers/{id}/resend-verification"),
    ("get", "/api/admin/customers/{id}/sessions"),
    ("delete", "/api/admin/customers/{id}/sessions"),
    ("get", "/api/admin/customers/{id}/history"),
    ("get", "/api/admin/customers/{id}/addresses"),
    ("post", "/api/admin/customers/{id}/addresses"),
    ("patch", "/api/admin/customers/{id}/addresses/{address_id}"),
    ("delete", "/api/admin/customers/{id}/addresses/{address_id}"),
    ("get", "/api/admin/dashboard"),
    ("get", "/api/catalog/products"),
    ("post", "/api/checkout"),
    ("get", "/api/customer/orders"),
    ("get", "/api/customer/orders/{number}"),
    ("get", "/api/admin/customers/{id}/orders"),
    ("get", "/api/admin/orders/{number}"),
    ("patch", "/api/admin/orders/{number}"),
];

/// The routes that need a staff login, and so name the staff cookie.
const NEED_STAFF: &[(&str, &str)] = &[
    ("get", "/api/admin/me"),
    ("get", "/api/admin/customer-groups"),
    ("post", "/api/admin/customer-groups"),
    ("patch", "/api/admin/customer-groups/{id}"),
    ("delete", "/api/admin/customer-groups/{id}"),
    ("get", "/api/admin/pages/{page}/access"),
    ("put", "/api/admin/pages/{page}/access"),
    ("get", "/api/admin/customers"),
    ("post", "/api/admin/customers"),
    ("get", "/api/admin/customers/{id}"),
    ("patch", "/api/admin/customers/{id}"),
    ("post", "/api/admin/customers/bulk"),
    ("get", "/api/admin/customers/export.csv"),
    ("post", "/api/admin/customers/{id}/password-reset"),
    ("post", "/api/admin/customers/{id}/resend-verification"),
    ("get", "/api/admin/customers/{id}/sessions"),
    ("delete", "/api/admin/customers/{id}/sessions"),
    ("get", "/api/admin/customers/{id}/history"),
    ("get", "/api/admin/customers/{id}/addresses"),
    ("post", "/api/admin/customers/{id}/addresses"),
    ("patch", "/api/admin/customers/{id}/addresses/{address_id}"),
    ("delete", "/api/admin/customers/{id}/addresses/{address_id}"),
    ("get", "/api/admin/dashboard"),
    ("get", "/api/admin/customers/{id}/orders"),
    ("get", "/api/admin/orders/{number}"),
    ("patch", "/api/admin/orders/{number}"),
];

/// The routes that need a login, and so name the session cookie.
const NEED_LOGIN: &[(&str, &str)] = &[
    ("get", "/api/customer/me"),
    ("patch", "/api/customer/{id}"),
    ("get", "/api/customer/sessions"),
    ("delete", "/api/customer/sessions"),
    ("delete", "/api/customer/sessions/{id}"),
    ("get", "/api/customer/addresses"),
    ("post", "/api/customer/addresses"),
    ("patch", "/api/customer/addresses/{id}"),
    ("delete", "/api/customer/addresses/{id}"),
    ("post", "/api/customer/changePassword"),
    ("post", "/api/customer/changeEmail"),
    ("get", "/api/wholesale/price-list"),
    ("get", "/api/customer/orders"),
    ("get", "/api/customer/orders/{number}"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

const FALLBACK_MESSAGE: &str = "No such API endpoint.";

async fn document(app: &TestApp) -> Value {
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        content_type(&res).starts_with("application/json"),
        "{}",
        content_type(&res)
    );
    res.json().await.expect("json")
}

fn content_type(res: &reqwest::Response) -> String {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Every (method, path) the document describes.
fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(method).is_some() {
                ops.push((method.to_string(), path.clone()));
            }
        }
    }
    ops
}

/// A response, or the shared one (`components.responses`) it refers to.
fn resolve<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(to) => {
            let name = to
                .strip_prefix("#/components/responses/")
                .expect("a shared response");
            let shared = &doc["components"]["responses"][name];
            assert!(shared.is_object(), "{to} is not in the document");
            shared
        }
        None => response,
    }
}

/// A concrete URL for a documented path (any id will do).
fn concrete(path: &str) -> String {
    path.replace("{id}", "00000000-0000-4000-8000-000000000000")
        .replace("{address_id}", "00000000-0000-4000-8000-000000000000")
        .replace("{code}", "CA")
        .replace("{page}", "wholesale")
        .replace("{number}", "7KQ2-M9XD")
}

fn method(name: &str) -> Method {
    Method::from_bytes(name.to_ascii_uppercase().as_bytes()).expect("method")
}

/// What the answer says when no route matched, if it is that answer.
async fn is_fallback(res: reqwest::Response) -> bool {
    if res.status() != StatusCode::NOT_FOUND {
        return false;
    }
    let body: Value = res.json().await.unwrap_or(Value::Null);
    body["error"]["message"] == FALLBACK_MESSAGE
}

/// The values of every `name="..."` attribute in `html`.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("{name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Every `url(...)` and `@import` target in a stylesheet.
fn stylesheet_targets(css: &str) -> Vec<String> {
    let mut targets: Vec<String> = css
        .match_indices("url(")
        .filter_map(|(at, _)| {
            let rest = &css[at + 4..];
            rest.find(')').map(|end| {
                rest[..end]
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string()
            })
        })
        .collect();
    for (at, _) in css.match_indices("@import") {
        let rest = css[at + 7..].trim_start();
        targets.push(rest.chars().take(80).collect());
    }
    targets
}

/// Whether a reference from the docs page stays in the shop: a path on
/// this origin, a fragment, `data:`, or an absolute URL on this origin.
fn stays_in_shop(app: &TestApp, target: &str) -> bool {
    let target = target.trim();
    if target.starts_with("data:") {
        return true;
    }
    if target.starts_with("//") {
        return false;
    }
    if target.starts_with("http://") || target.starts_with("https://") {
        return target.starts_with(&format!("{}/", app.base));
    }
    !target.contains("://")
}

/// Hosts a page would load a third-party Swagger UI (or fonts) from.
const CDNS: [&str; 5] = [
    "unpkg.com",
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
];

on_both_backends! {
    async fn the_document_is_openapi_3_1(app: TestApp) {
        let doc = document(&app).await;
        let version = doc["openapi"].as_str().expect("openapi");
        assert!(version.starts_with("3.1."), "{version}");
        assert!(doc["info"]["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(doc["info"]["version"].as_str().is_some_and(|v| !v.is_empty()));
        assert!(doc["info"]["description"].as_str().is_some_and(|d| !d.is_empty()));

        // The shared shapes, and the session cookie as the security scheme.
        let schemas = &doc["components"]["schemas"];
        let error = &schemas["ErrorDetail"];
        for field in ["status", "code", "message", "fields"] {
            assert!(error["properties"].get(field).is_some(), "error.{field}");
        }
        assert_eq!(schemas["ErrorBody"]["properties"]["error"]["$ref"], "#/components/schemas/ErrorDetail");
        let envelope = &schemas["Data_CustomerView"];
        assert_eq!(envelope["required"], json!(["data"]));
        let cookie = &doc["components"]["securitySchemes"]["session_cookie"];
        assert_eq!(cookie["type"], "apiKey");
        assert_eq!(cookie["in"], "cookie");
        assert_eq!(cookie["name"], "shop_session");

        // `ProfileInput`: three optional, nullable fields; `other` stays
        // inside the server.
        let profile = &schemas["ProfileInput"];
        assert!(profile.get("required").is_none(), "{profile}");
        for field in ["first_name", "last_name", "phone"] {
            assert_eq!(profile["properties"][field]["type"], json!(["string", "null"]), "{field}");
        }
        assert!(profile["properties"].get("other").is_none(), "{profile}");
    }

    async fn every_route_is_described(app: TestApp) {
        let doc = document(&app).await;
        for &(method, path) in ROUTES {
            let op = &doc["paths"][path][method];
            assert!(op.is_object(), "{method} {path} is not in /api/openapi.json");
            let tags = op["tags"].as_array().expect("tags");
            assert!(
                [json!("customer"), json!("auth"), json!("addresses"), json!("passwords"), json!("email"),
                    json!("admin"), json!("groups"), json!("wholesale"), json!("orders")]
                    .contains(&tags[0]) && tags.len() == 1,
                "{method} {path}: {tags:?}"
            );

            let responses = op["responses"].as_object().expect("responses");
            assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path}: no success");
            assert!(responses.contains_key("500"), "{method} {path}: no 500");
            for (status, response) in responses {
                // 304 Not Modified has no body.
                if !status.starts_with('2') && status != "304" {
                    let response = resolve(&doc, response);
                    assert!(response["description"].as_str().is_some_and(|d| !d.is_empty()));
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
            if ["post", "put", "patch", "delete"].contains(&method) {
                assert!(responses.contains_key("403"), "{method} {path}: cross-site refusal");
            }
            if path.contains("{id}") {
                let params = op["parameters"].as_array().expect("parameters");
                assert!(params.iter().any(|p| p["name"] == "id" && p["in"] == "path"), "{method} {path}");
            }

            let needs_login = NEED_LOGIN.contains(&(method, path));
            let security = op["security"].as_array().cloned().unwrap_or_default();
            let needs_staff = NEED_STAFF.contains(&(method, path));
            assert_eq!(
                security.contains(&json!({"staff_cookie": []})),
                needs_staff || path == "/api/admin/logout",
                "{method} {path}: {security:?}"
            );
            if needs_staff {
                assert!(responses.contains_key("401"), "{method} {path}: no 401");
                assert!(responses.contains_key("403"), "{method} {path}: no 403");
                assert!(!security.contains(&json!({})), "{method} {path}: staff login is optional");
            }
            assert_eq!(
                security.contains(&json!({"session_cookie": []})),
                // Login optional: logout, and resending the verification mail.
                needs_login
                    || path == "/api/customer/logout"
                    || path.ends_with("/resendVerification"),
                "{method} {path}: {security:?}"
            );
            if needs_login {
                assert!(responses.contains_key("401"), "{method} {path}: no 401");
                assert!(!security.contains(&json!({})), "{method} {path}: login is optional");
            }
        }

        // The bodies: POST and PATCH take JSON (logout takes none).
        for (method, path, schema) in [
            ("post", "/api/customer/register", "RegisterInput"),
            ("patch", "/api/customer/{id}", "ProfileInput"),
            ("post", "/api/customer/login", "LoginInput"),
            ("post", "/api/customer/addresses", "AddressInput"),
            ("patch", "/api/customer/addresses/{id}", "AddressPatch"),
            ("post", "/api/admin/customer-groups", "NewGroupInput"),
            ("patch", "/api/admin/customer-groups/{id}", "GroupPatch"),
            ("put", "/api/admin/pages/{page}/access", "PageAccessInput"),
        ] {
            let body = &doc["paths"][path][method]["requestBody"];
            assert_eq!(body["required"], true, "{method} {path}");
            assert_eq!(
                body["content"]["application/json"]["schema"]["$ref"],
                format!("#/components/schemas/{schema}"),
                "{method} {path}"
            );
        }
        let retry = &doc["paths"]["/api/customer/login"]["post"]["responses"]["429"]["headers"];
        assert!(retry.get("Retry-After").is_some(), "{retry}");

        // Operation ids are unique (OpenAPI requires it; clients name
        // their methods after them).
        let mut ids: Vec<&str> = ROUTES
            .iter()
            .filter_map(|(m, p)| doc["paths"][*p][*m]["operationId"].as_str())
            .collect();
        assert_eq!(ids.len(), ROUTES.len(), "every operation has an id");
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "operation ids repeat: {ids:?}");

        // And nothing but these: a described route missing from ROUTES
        // fails here.
        let mut described = operations(&doc);
        let mut listed: Vec<(String, String)> =
            ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        described.sort();
        listed.sort();
        assert_eq!(described, listed, "update ROUTES with the new route");
    }

    async fn every_described_operation_exists(app: TestApp) {
        let doc = document(&app).await;
        let ops = operations(&doc);
        assert!(ops.len() >= ROUTES.len());
        for (name, path) in &ops {
            let res = app
                .client
                .request(method(name), app.url(&concrete(path)))
                .json(&json!({}))
                .send()
                .await
                .expect("request");
            let status = res.status();
            assert!(!is_fallback(res).await, "{name} {path}: {status}, no such route");
        }
        // The probe itself works: an unknown path is the fallback.
        assert!(is_fallback(app.get("/api/customer/no/such/thing").await).await);

        // No undescribed method on a described path: every other method is
        // refused by the router (405), not answered by a handler.
        let mut paths: Vec<&String> = ops.iter().map(|(_, p)| p).collect();
        paths.dedup();
        for path in paths {
            for name in METHODS {
                if ops.contains(&(name.to_string(), path.clone())) {
                    continue;
                }
                let res = app
                    .client
                    .request(method(name), app.url(&concrete(path)))
                    .json(&json!({}))
                    .send()
                    .await
                    .expect("request");
                assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{name} {path}: undescribed");
            }
        }
    }

    async fn the_docs_page_loads_only_from_the_shop(app: TestApp) {
        let res = app.get("/api/docs").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(content_type(&res).starts_with("text/html"), "{}", content_type(&res));
        let csp = res
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .expect("csp")
            .to_string();
        let html = res.text().await.expect("html");

        let targets: Vec<&str> = attribute_values(&html, "src")
            .into_iter()
            .chain(attribute_values(&html, "href"))
            .collect();
        let scripts = attribute_values(&html, "src");
        assert!(scripts.iter().any(|s| s.ends_with("swagger-ui-bundle.js")), "{html}");
        let stylesheets: Vec<&str> = attribute_values(&html, "href")
            .into_iter()
            .filter(|h| h.ends_with(".css"))
            .collect();
        assert!(!stylesheets.is_empty(), "{html}");

        for target in &targets {
            assert!(stays_in_shop(&app, target), "/api/docs refers to {target}");
            if !target.starts_with('/') {
                continue;
            }
            let asset = app.get(target).await;
            assert_eq!(asset.status(), StatusCode::OK, "{target}");
            let body = asset.text().await.expect("text");
            if stylesheets.contains(target) {
                for url in stylesheet_targets(&body) {
                    assert!(stays_in_shop(&app, &url), "{target} loads {url}");
                }
            }
            if scripts.contains(target) {
                for cdn in CDNS {
                    assert!(!body.contains(cdn), "{target} names {cdn}");
                }
            }
        }

        // The script that starts Swagger UI: this shop's document, no
        // online validator, and no address of anywhere else.
        let init = app.get("/api/docs/swagger-initializer.js").await;
        assert_eq!(init.status(), StatusCode::OK);
        let init = init.text().await.expect("js");
        assert!(init.contains("\"/api/openapi.json\""), "{init}");
        assert!(init.contains("\"validatorUrl\": \"none\""), "{init}");
        assert!(!init.contains("http://") && !init.contains("https://"), "{init}");

        // The page's CSP names no other origin (the unit tests in
        // middleware::security check each directive).
        for source in csp.split(';').flat_map(|d| d.split_whitespace().skip(1)) {
            assert!(
                ["'self'", "'none'", "data:"].contains(&source),
                "{source} in {csp}"
            );
        }
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");

        // With a trailing slash too, and a missing file is a 404.
        assert_eq!(app.get("/api/docs/").await.status(), StatusCode::OK);
        assert_eq!(app.get("/api/docs/no-such-file.js").await.status(), StatusCode::NOT_FOUND);
    }
}

/// Writes the document for `scripts/test.sh`, which validates it with
/// `openapi-spec-validator`. No server needed: it is the document the
/// server serves (`server::http::openapi::document`).
#[test]
fn the_document_is_written_for_the_validator() {
    let doc = server::http::openapi::document();
    let json = doc.to_pretty_json().expect("json");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi.json");
    std::fs::write(&path, json).expect("write openapi.json");
}
