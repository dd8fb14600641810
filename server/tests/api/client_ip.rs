//! Honest client addresses (issue "Hardening"): `X-Forwarded-For` with junk
//! in it never yields an address the client chose, and IPv6 clients are
//! throttled per /64.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ann, spawn_app_with};
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

on_both_backends! {
    async fn junk_forwarded_for_never_picks_the_clients_address(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("TRUSTED_PROXIES", "127.0.0.1")]).await.expect("app");
        for (i, (header, expected)) in [
            ("6.6.6.6, junk", "127.0.0.1"),
            ("6.6.6.6, ", "127.0.0.1"),
            ("junk", "127.0.0.1"),
            ("6.6.6.6, 1.2.3.4:5678", "1.2.3.4"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("::ffff:203.0.113.5", "203.0.113.5"),
        ]
        .into_iter()
        .enumerate()
        {
            let browser = app.other_browser();
            let res = browser
                .client
                .post(app.url("/api/customer/register"))
                .header("x-forwarded-for", header)
                .json(&ann(&format!("xff{i}@example.com")))
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), StatusCode::CREATED, "{header:?}");
            let list: Value = browser.get("/api/customer/sessions").await.json().await.expect("json");
            assert_eq!(list["data"][0]["ip"], expected, "{header:?}: {list}");
        }
    }

    async fn ipv6_clients_are_throttled_per_64(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("TRUSTED_PROXIES", "127.0.0.1"), ("LOGIN_MAX_FAILURES_PER_IP", "3")])
            .await
            .expect("app");
        app.register("six@example.com").await;
        let sprayer = app.other_browser();
        // Three failures from three addresses of one /64 ...
        for i in 1..=3 {
            let res = sprayer.login_from(&format!("2001:db8:1:2::{i}"), &format!("v{i}@example.com"), "Summer2026!").await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        // ... and a fresh address in the same /64 is refused, even with the right password.
        let res = sprayer.login_from("2001:db8:1:2:ffff:ffff:ffff:ffff", "six@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        // Another /64 is another client.
        let res = app.login_from("2001:db8:1:3::1", "six@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}
