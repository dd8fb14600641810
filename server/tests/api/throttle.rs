use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{spawn_app_with, TestApp};
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

async fn fail_times(app: &TestApp, email: &str, n: usize) {
    for i in 0..n {
        let res = app.login(email, "definitely wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {}", i + 1);
    }
}

on_both_backends! {
    async fn five_failures_then_429_with_retry_after(app: TestApp) {
        app.register("tom@example.com").await;
        let other = app.other_browser();
        fail_times(&other, "tom@example.com", 5).await;
        // Even the right password is refused during the cooldown.
        let res = other.login("tom@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!((1..=30).contains(&retry), "{retry}");
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["error"]["status"], 429);
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn unknown_email_is_throttled_the_same_way(app: TestApp) {
        app.register("known@example.com").await;
        let a = app.other_browser();
        let b = app.other_browser();
        fail_times(&a, "known@example.com", 5).await;
        fail_times(&b, "unknown@example.com", 5).await;
        let known = a.login("known@example.com", "definitely wrong").await;
        let unknown = b.login("unknown@example.com", "definitely wrong").await;
        assert_eq!(known.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(unknown.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            known.headers().get("retry-after").map(|v| v.to_str().unwrap_or_default().to_string()),
            unknown.headers().get("retry-after").map(|v| v.to_str().unwrap_or_default().to_string())
        );
        let (k, u): (Value, Value) = (known.json().await.expect("json"), unknown.json().await.expect("json"));
        assert_eq!(k, u);
    }

    async fn graphql_and_server_functions_share_the_throttle(app: TestApp) {
        app.register("gq@example.com").await;
        let other = app.other_browser();
        fail_times(&other, "gq@example.com", 5).await;
        let res = other
            .graphql("mutation { login(email: \"gq@example.com\", password: \"correct horse battery\") { id } }", serde_json::json!({}))
            .await;
        assert_eq!(res["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{res}");
        let res = other.server_fn("login", &[("email", "gq@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }

    async fn success_clears_the_count(app: TestApp) {
        app.register("ok@example.com").await;
        let other = app.other_browser();
        fail_times(&other, "ok@example.com", 4).await;
        assert_eq!(other.login("ok@example.com", PASSWORD).await.status(), StatusCode::OK);
        // Four more failures are still answered normally.
        fail_times(&other, "ok@example.com", 4).await;
        assert_eq!(other.login("ok@example.com", PASSWORD).await.status(), StatusCode::OK);
    }

    async fn per_ip_limit_through_a_trusted_proxy(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("TRUSTED_PROXIES", "127.0.0.1"), ("LOGIN_MAX_FAILURES_PER_IP", "3")])
            .await
            .expect("app");
        app.register("ip@example.com").await;
        let sprayer = app.other_browser();
        for i in 0..3 {
            let res = sprayer.login_from("198.51.100.23", &format!("victim{i}@example.com"), "Summer2026!").await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        }
        let blocked = sprayer.login_from("198.51.100.23", "ip@example.com", PASSWORD).await;
        assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
        // A different client behind the same proxy is not affected.
        let fine = app.login_from("198.51.100.99", "ip@example.com", PASSWORD).await;
        assert_eq!(fine.status(), StatusCode::OK);
    }

    async fn forwarded_for_is_ignored_without_a_trusted_proxy(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("LOGIN_MAX_FAILURES_PER_IP", "3")]).await.expect("app");
        app.register("spoof@example.com").await;
        // Rotating X-Forwarded-For does not dodge the per-IP limit.
        for i in 0..3 {
            let res = app.login_from(&format!("203.0.113.{i}"), &format!("v{i}@example.com"), "Summer2026!").await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        }
        // (From a browser that is not a remembered device of the account:
        // the one that registered it is throttled under its device cookie.)
        let res = app.other_browser().login_from("203.0.113.200", "spoof@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}
