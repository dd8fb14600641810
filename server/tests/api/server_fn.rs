//! Server functions are public HTTP endpoints too: call them as a browser
//! without WASM would (form posts) and as the WASM client does.

use reqwest::StatusCode;
use serde_json::Value;

use crate::on_both_backends;

fn form(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("email", email.to_string()),
        ("password", "correct horse battery".into()),
        ("first_name", "Sam".into()),
        ("last_name", "Fn".into()),
        ("phone", "".into()),
    ]
}

on_both_backends! {
    async fn register_via_server_fn_as_api_client(app: TestApp) {
        let res = app.client.post(app.url("/api/fn/register")).form(&form("sf@example.com")).send().await.expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["email"], "sf@example.com");
        assert!(body["phone"].is_null());
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::OK);

        let current: Value = app.client.post(app.url("/api/fn/current_customer")).send().await.expect("request").json().await.expect("json");
        assert_eq!(current["email"], "sf@example.com");

        // Errors keep their real status and name the field.
        let other = app.other_browser();
        let res = other.client.post(app.url("/api/fn/register")).form(&form("SF@example.com")).send().await.expect("request");
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let err: Value = res.json().await.expect("json");
        assert!(err["fields"]["email"].is_string(), "{err}");

        let res = other
            .client
            .post(app.url("/api/fn/login"))
            .form(&[("email", "sf@example.com"), ("password", "nope nope nope")])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

        let res = app.client.post(app.url("/api/fn/logout")).send().await.expect("request");
        assert!(res.status().is_success());
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn form_post_without_js_redirects(app: TestApp) {
        let referer = app.url("/account/register");
        // Success: 302 to the account page.
        let res = app
            .client
            .post(app.url("/api/fn/register"))
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&form("nojs@example.com"))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::FOUND);
        assert_eq!(res.headers().get("location").and_then(|v| v.to_str().ok()), Some("/account"));

        // Failure: back to the form with the error for the page to show.
        let other = app.other_browser();
        let res = other
            .client
            .post(app.url("/api/fn/register"))
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&[("email", "bad"), ("password", "x"), ("first_name", ""), ("last_name", "")])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::FOUND);
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_string();
        assert!(location.starts_with(&referer), "{location}");
        let page = other.client.get(&location).send().await.expect("request").text().await.expect("html");
        assert!(page.contains("Enter a valid email address"), "the error shows on the page");
    }

    async fn missing_form_fields_are_client_errors(app: TestApp) {
        let res = app.client.post(app.url("/api/fn/register")).form(&[("email", "x@example.com")]).send().await.expect("request");
        assert!(res.status().is_client_error(), "{}", res.status());
    }
}
