//! Throttling an attacker cannot race or turn against customers: parallel
//! guesses, the remembered-device cookie, the registration limit and the
//! GraphQL limits on expensive fields.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{ann, new_client, spawn_app_with, TestApp};
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

/// Status counts of many requests sent at once.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    unauthorized: usize,
    too_many: usize,
    other: Vec<u16>,
}

impl Tally {
    fn add(&mut self, status: StatusCode) {
        match status {
            StatusCode::OK => self.ok += 1,
            StatusCode::UNAUTHORIZED => self.unauthorized += 1,
            StatusCode::TOO_MANY_REQUESTS => self.too_many += 1,
            s => self.other.push(s.as_u16()),
        }
    }
}

/// Sends `n` REST logins at once from clones of one client (no cookies),
/// each as `forwarded_for` (believed only behind a trusted proxy), for the
/// email `email(i)`.
async fn parallel_logins(
    app: &TestApp,
    n: usize,
    forwarded_for: &str,
    email: impl Fn(usize) -> String,
    password: &str,
) -> Tally {
    let client = new_client();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        let client = client.clone();
        let url = app.url("/api/customer/login");
        let body = json!({"email": email(i), "password": password});
        let xff = forwarded_for.to_string();
        set.spawn(async move {
            client
                .post(url)
                .header("x-forwarded-for", xff)
                .json(&body)
                .send()
                .await
                .expect("request")
                .status()
        });
    }
    let mut tally = Tally::default();
    while let Some(status) = set.join_next().await {
        tally.add(status.expect("task"));
    }
    tally
}

/// The `shop_device` cookie a response sets, whole (`name=value; attrs`).
fn device_set_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("shop_device="))
        .map(str::to_string)
}

/// A browser that has logged in to `email` once (and out again), so it
/// holds that account's device cookie.
async fn remembered_browser(app: &TestApp, email: &str) -> TestApp {
    let browser = app.other_browser();
    let res = browser.login(email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = device_set_cookie(&res).expect("a device cookie at login");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Max-Age="), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let out = browser.post_json("/api/customer/logout", &json!({})).await;
    assert!(out.status().is_success(), "{}", out.status());
    browser
}

async fn lock_out(attacker: &TestApp, email: &str) {
    for i in 0..5 {
        let res = attacker.login(email, "definitely wrong").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {}", i + 1);
    }
    let res = attacker.login(email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

fn register_mutation(aliases: usize) -> String {
    let fields: Vec<String> = (0..aliases)
        .map(|i| {
            format!(
                "r{i}: register(email: \"alias{i}@example.com\", password: \"{PASSWORD}\", firstName: \"Al\", lastName: \"Ias\") {{ id }}"
            )
        })
        .collect();
    format!("mutation {{ {} }}", fields.join(" "))
}

on_both_backends! {
    async fn parallel_wrong_logins_on_one_email_get_at_most_five_guesses(app: TestApp) {
        app.register("race@example.com").await;
        let tally = parallel_logins(&app, 200, "203.0.113.7", |_| "race@example.com".into(), "definitely wrong").await;
        eprintln!("200 parallel wrong logins on one email: {tally:?}");
        assert_eq!(tally.ok, 0, "{tally:?}");
        assert!(tally.other.is_empty(), "{tally:?}");
        assert!(tally.unauthorized <= 5, "{tally:?}");
        assert_eq!(tally.unauthorized + tally.too_many, 200, "{tally:?}");
        // The right password is refused while the account cools down.
        let res = app.other_browser().login("race@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }

    async fn parallel_spraying_from_one_ip_gets_at_most_the_ip_limit(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("TRUSTED_PROXIES", "127.0.0.1"), ("LOGIN_MAX_FAILURES_PER_IP", "3")])
            .await
            .expect("app");
        app.register("spray@example.com").await;
        let tally = parallel_logins(&app, 200, "198.51.100.23", |i| format!("victim{i}@example.com"), "Summer2026!").await;
        eprintln!("200 parallel wrong logins from one IP: {tally:?}");
        assert_eq!(tally.ok, 0, "{tally:?}");
        assert!(tally.other.is_empty(), "{tally:?}");
        assert!(tally.unauthorized <= 3, "{tally:?}");
        assert_eq!(tally.unauthorized + tally.too_many, 200, "{tally:?}");
        let blocked = app.other_browser().login_from("198.51.100.23", "spray@example.com", PASSWORD).await;
        assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    }

    async fn a_remembered_device_logs_in_while_an_attacker_locks_the_account(app: TestApp) {
        app.register("dev@example.com").await;
        let customer = remembered_browser(&app, "dev@example.com").await;
        let attacker = app.other_browser();
        lock_out(&attacker, "dev@example.com").await;

        // The customer's own browser still gets in, again and again.
        for _ in 0..3 {
            let res = customer.login("dev@example.com", PASSWORD).await;
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(customer.get("/api/customer/me").await.status(), StatusCode::OK);
            customer.post_json("/api/customer/logout", &json!({})).await;
        }
        // The attacker is still refused, even with the right password.
        let res = attacker.login("dev@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);

        // GraphQL and the server function honour the device cookie too.
        let res = customer
            .graphql("mutation { login(email: \"dev@example.com\", password: \"correct horse battery\") { id } }", json!({}))
            .await;
        assert!(res["errors"].is_null(), "{res}");
        customer.post_json("/api/customer/logout", &json!({})).await;
        let res = customer.server_fn("login", &[("email", "dev@example.com"), ("password", PASSWORD)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        customer.post_json("/api/customer/logout", &json!({})).await;

        // A device cookie that fails too often is locked itself.
        for i in 0..5 {
            let res = customer.login("dev@example.com", "definitely wrong").await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {}", i + 1);
        }
        let res = customer.login("dev@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }

    async fn a_device_cookie_of_another_account_or_a_forged_one_does_not_help(app: TestApp) {
        app.register("victim@example.com").await;
        app.other_browser().register("mallory@example.com").await;
        let victim = remembered_browser(&app, "victim@example.com").await;
        // Mallory holds a genuine device cookie, for her own account.
        let mallory = remembered_browser(&app, "mallory@example.com").await;
        lock_out(&mallory, "victim@example.com").await;
        let res = mallory.login("victim@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);

        // A made-up cookie, or one with the signature of another token.
        let forged = new_client();
        for cookie in ["shop_device=0123456789abcdef0123456789abcdef.AAAA", "shop_device=junk", "shop_device=a.b.c"] {
            let res = forged
                .post(app.url("/api/customer/login"))
                .header("cookie", cookie)
                .json(&json!({"email": "victim@example.com", "password": PASSWORD}))
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{cookie}");
        }

        // The victim's own browser is not affected.
        let res = victim.login("victim@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    async fn registration_is_limited_per_ip_on_every_interface(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("REGISTRATION_MAX_PER_IP", "2")]).await.expect("app");
        app.other_browser().register("first@example.com").await;
        app.other_browser().register("second@example.com").await;

        let rest = app.other_browser().post_json("/api/customer/register", &ann("third@example.com")).await;
        assert_eq!(rest.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = rest
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!((1..=3600).contains(&retry), "{retry}");
        let body: Value = rest.json().await.expect("json");
        assert_eq!(body["error"]["status"], 429, "{body}");

        let gql = app
            .other_browser()
            .graphql("mutation { register(email: \"fourth@example.com\", password: \"correct horse battery\", firstName: \"Fo\", lastName: \"Ur\") { id } }", json!({}))
            .await;
        assert_eq!(gql["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{gql}");

        let sf = app
            .other_browser()
            .server_fn("register", &[("email", "fifth@example.com"), ("password", PASSWORD), ("first_name", "Fi"), ("last_name", "Fth")])
            .await;
        assert_eq!(sf.status(), StatusCode::TOO_MANY_REQUESTS);

        // Nothing was created for the refused ones.
        let checker = app.other_browser();
        for email in ["third@example.com", "fourth@example.com", "fifth@example.com"] {
            assert_eq!(checker.login(email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED, "{email}");
        }
        assert_eq!(checker.login("first@example.com", PASSWORD).await.status(), StatusCode::OK);
    }

    async fn graphql_refuses_many_expensive_mutations_in_one_request(app: TestApp) {
        let res = app.graphql(&register_mutation(40), json!({})).await;
        let message = res["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with("Only one mutation that checks a password or sends a mail"), "{res}");
        assert_eq!(res["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{res}");
        assert!(res["data"].is_null(), "{res}");
        // Through a fragment, too.
        let with_fragment = format!(
            "mutation {{ a: register(email: \"frag1@example.com\", password: \"{PASSWORD}\", firstName: \"Fr\", lastName: \"Ag\") {{ id }} ...F }} \
             fragment F on MutationRoot {{ b: register(email: \"frag2@example.com\", password: \"{PASSWORD}\", firstName: \"Fr\", lastName: \"Ag\") {{ id }} }}"
        );
        let res = app.graphql(&with_fragment, json!({})).await;
        assert!(res["data"].is_null(), "{res}");
        assert!(res["errors"][0]["message"].as_str().unwrap_or_default().contains("Only one"), "{res}");
        let checker = app.other_browser();
        for email in ["alias0@example.com", "alias1@example.com", "alias39@example.com", "frag1@example.com", "frag2@example.com"] {
            assert_eq!(checker.login(email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED, "{email}");
        }
        // Two logins in one request: refused too, and nothing is counted.
        app.other_browser().register("two@example.com").await;
        let two = "mutation { a: login(email: \"two@example.com\", password: \"x wrong x\") { id } b: login(email: \"two@example.com\", password: \"y wrong y\") { id } }";
        for _ in 0..6 {
            let res = app.graphql(two, json!({})).await;
            assert!(res["data"].is_null(), "{res}");
            assert!(res["errors"][0]["message"].as_str().unwrap_or_default().contains("Only one"), "{res}");
        }
        assert_eq!(checker.login("two@example.com", PASSWORD).await.status(), StatusCode::OK);
        // One register per request still works.
        let one = app.other_browser().graphql(&register_mutation(1), json!({})).await;
        assert!(one["errors"].is_null(), "{one}");
    }

    async fn graphql_counts_sessions_lookups_in_complexity(app: TestApp) {
        app.register("many@example.com").await;
        let fields: Vec<String> = (0..20).map(|i| format!("s{i}: sessions {{ id }}")).collect();
        let res = app.graphql(&format!("{{ {} }}", fields.join(" ")), json!({})).await;
        assert!(res["data"].is_null(), "{res}");
        let message = res["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase();
        assert!(message.contains("complex"), "{res}");
        // One lookup with every field is fine.
        let res = app.graphql("{ sessions { id createdAt lastSeenAt userAgent ip current } currentCustomer { id email } }", json!({})).await;
        assert!(res["errors"].is_null(), "{res}");
        assert_eq!(res["data"]["sessions"].as_array().map(Vec::len), Some(1), "{res}");
    }
}
