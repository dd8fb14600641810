//! Personal data is never cached (`Cache-Control: no-store` on the REST
//! customer API, GraphQL, server functions and the account pages), and
//! every response isolates the shop from other origins' windows and reads
//! (`Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy`).

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn assert_isolated(what: &str, res: &reqwest::Response) {
    assert_eq!(
        header(res, "cross-origin-opener-policy"),
        "same-origin",
        "{what}"
    );
    assert_eq!(
        header(res, "cross-origin-resource-policy"),
        "same-origin",
        "{what}"
    );
}

fn assert_not_stored(what: &str, res: &reqwest::Response) {
    let cc = header(res, "cache-control");
    assert!(
        cc.split(',')
            .any(|d| d.trim().eq_ignore_ascii_case("no-store")),
        "{what}: cache-control {cc:?}"
    );
}

on_both_backends! {
    async fn personal_data_is_never_cached(app: TestApp) {
        app.register("cache@example.com").await;
        let mut personal = Vec::new();
        personal.push(("rest me", app.get("/api/customer/me").await));
        personal.push(("rest sessions", app.get("/api/customer/sessions").await));
        personal.push((
            "rest login",
            app.login("cache@example.com", "correct horse battery").await,
        ));
        personal.push((
            "rest error",
            app.post_json("/api/customer/login", &json!({"email": "", "password": ""})).await,
        ));
        personal.push((
            "graphql",
            app.client
                .post(app.url("/api/graphql"))
                .json(&json!({"query": "{ currentCustomer { email } }"}))
                .send()
                .await
                .expect("graphql"),
        ));
        personal.push(("server fn", app.server_fn("current_customer", &[]).await));
        for path in ["/account", "/account/register", "/account/login"] {
            let res = app
                .client
                .get(app.url(path))
                .header("accept", "text/html")
                .send()
                .await
                .expect("page");
            personal.push((path, res));
        }
        for (what, res) in &personal {
            assert!(res.status() != StatusCode::INTERNAL_SERVER_ERROR, "{what}");
            assert_not_stored(what, res);
            assert_isolated(what, res);
        }
        let graphql_body: serde_json::Value = personal
            .into_iter()
            .find(|(w, _)| *w == "graphql")
            .expect("graphql")
            .1
            .json()
            .await
            .expect("json");
        assert_eq!(graphql_body["data"]["currentCustomer"]["email"], "cache@example.com");

        // Every other response is isolated too.
        for path in ["/", "/health", "/no-such-page", "/api/graphql"] {
            let res = app.get(path).await;
            assert_isolated(path, &res);
        }
    }
}
