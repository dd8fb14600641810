//! Without JavaScript a form post that fails is redirected back to its page
//! with the error in the URL (`__err`). The page shows only messages the
//! shop itself writes, and keeps what was typed except passwords.

use base64::{engine::general_purpose::URL_SAFE, Engine as _};
use reqwest::StatusCode;

use crate::on_both_backends;

const SECRET: &str = "hunter2 correct horse battery";

fn crafted_url() -> String {
    let err = serde_json::json!({
        "kind": "validation",
        "message": "Call +1 555 0100 to claim a prize",
        "fields": { "email": "Call +1 555 0100 to claim a prize", "<script>": "x" },
    });
    format!(
        "/account/register?__path=/api/fn/register&__err={}",
        URL_SAFE.encode(err.to_string())
    )
}

fn bad_phone_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("email", "kept@example.com"),
        ("password", SECRET),
        ("first_name", "Kept"),
        ("last_name", "Typist"),
        ("phone", "+12"),
    ]
}

on_both_backends! {
    async fn crafted_error_text_in_the_url_is_not_shown(app: TestApp) {
        let res = app.get(&crafted_url()).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.expect("html");
        assert!(!page.contains("claim a prize"), "the attacker's text must not be shown");
        assert!(page.contains("Check this field."), "a fixed sentence stands in its place");
        assert!(!page.contains("&lt;script&gt;"), "odd field names are dropped");
    }

    async fn a_real_no_js_failure_shows_its_message_and_keeps_the_fields(app: TestApp) {
        let referer = app.url("/account/register");
        let res = app
            .client
            .post(app.url("/api/fn/register"))
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&bad_phone_form())
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::FOUND);
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_string();
        assert!(location.starts_with(&referer), "{location}");
        assert!(!location.contains("hunter2"), "the password never travels in the URL: {location}");
        let page = app.client.get(&location).send().await.expect("request").text().await.expect("html");
        assert!(page.contains("Enter a valid phone number, like +44 20 7946 0958."), "the real message shows");
        for value in ["kept@example.com", "Kept", "Typist", "+12"] {
            assert!(page.contains(&format!("value=\"{value}\"")), "{value} is kept in its field");
        }
        assert!(!page.contains("hunter2"), "the password is never put back");
    }

    async fn a_failed_no_js_login_keeps_the_email_but_not_the_password(app: TestApp) {
        let referer = app.url("/account/login");
        let res = app
            .client
            .post(app.url("/api/fn/login"))
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&[("email", "nobody@example.com"), ("password", SECRET)])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::FOUND);
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_string();
        assert!(!location.contains("hunter2") && !location.contains("password="), "{location}");
        let page = app.client.get(&location).send().await.expect("request").text().await.expect("html");
        assert!(page.contains("value=\"nobody@example.com\""), "the email is kept");
        assert!(!page.contains("hunter2"), "the password is never put back");
    }

    async fn a_later_success_carries_no_kept_values(app: TestApp) {
        app.register("kept-later@example.com").await;
        // The page after an earlier failure, with its kept values; this
        // server function has no redirect of its own, so server_fn sends the
        // browser back to the Referer (with `__path`/`__err` stripped).
        let referer = app.url(
            "/account?saved=profile&__path=%2Fapi%2Ffn%2Fcurrent_customer&__err=e30%3D&__kept_phone=%2B12",
        );
        let res = app
            .client
            .post(app.url("/api/fn/current_customer"))
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&[("phone", "+12")])
            .send()
            .await
            .expect("request");
        assert!(res.status().is_redirection(), "{}", res.status());
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).expect("location");
        assert!(location.ends_with("/account?saved=profile"), "{location}");
    }

    async fn a_token_page_sends_no_referrer_and_its_failed_posts_come_back_to_it(app: TestApp) {
        let res = app.get("/account/reset-password?token=abc").await;
        assert_eq!(res.status(), StatusCode::OK);
        let policy = res.headers().get("referrer-policy").and_then(|v| v.to_str().ok());
        assert_eq!(policy, Some("no-referrer"));

        // A plain form post from that page: no Referer, `Origin: null`, and
        // the browser's word that it is the shop's own page.
        let post = |site: &'static str| {
            app.client
                .post(app.url("/api/fn/reset_password"))
                .header("accept", "text/html")
                .header("origin", "null")
                .header("sec-fetch-site", site)
                .form(&[("token", "abc"), ("password", SECRET)])
        };
        let res = post("same-origin").send().await.expect("request");
        assert_eq!(res.status(), StatusCode::FOUND);
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_string();
        assert!(
            location.starts_with("/account/reset-password?token=abc&__path=%2Fapi%2Ffn%2Freset_password&__err="),
            "back to the page it came from, with the error: {location}"
        );
        assert!(!location.contains("hunter2"), "{location}");
        let page = app.client.get(app.url(&location)).send().await.expect("request").text().await.expect("html");
        assert!(page.contains("Ask for a new link"), "the way to a new link shows");

        // The same post from another site's page is refused.
        let res = post("cross-site").send().await.expect("request");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
}
