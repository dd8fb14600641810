//! No password, hash or session token ever reaches a log line, at any level.
//! A separate test binary, so this subscriber (everything at TRACE) is the
//! process's only one. The test's own HTTP client (reqwest and its cookie
//! jar, which logs the cookies it stores) is left out: it is not the server.

use std::io::Write;
use std::sync::{Arc, Mutex};

use customer_core::db::testing::{fresh_database_url, Backend};
use serde_json::json;
use server::{Application, Config};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut v) = self.0.lock() {
            v.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const PASSWORD: &str = "lantern orchard whistle 77";
const WRONG: &str = "marble canyon tulip 31";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "trace,cookie_store=off,reqwest=off",
        ))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let url = fresh_database_url(Backend::Sqlite)
        .await
        .expect("db")
        .expect("sqlite");
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        "BCRYPT_COST" => Some("4".into()),
        _ => None,
    })
    .expect("config");
    let app = Application::build(config).await.expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");

    let res = client
        .post(format!("{base}/api/customer/register"))
        .json(&json!({"email": "log@example.com", "password": PASSWORD, "first_name": "Lo", "last_name": "Gs"}))
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), 201);
    let cookie_value = |name: &str| {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|c| c.split(';').next())
            .filter_map(|c| c.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    };
    let cookie = cookie_value("shop_session").expect("session cookie");
    let device = cookie_value("shop_device").expect("device cookie");
    // Every interface, right and wrong passwords, and a bad registration.
    for (path, body) in [
        (
            "/api/customer/login",
            json!({"email": "log@example.com", "password": WRONG}),
        ),
        (
            "/api/customer/login",
            json!({"email": "log@example.com", "password": PASSWORD}),
        ),
        (
            "/api/customer/register",
            json!({"email": "x", "password": WRONG, "first_name": "", "last_name": ""}),
        ),
    ] {
        client
            .post(format!("{base}{path}"))
            .json(&body)
            .send()
            .await
            .expect("request");
    }
    client
        .post(format!("{base}/api/graphql"))
        .json(&json!({"query": format!("mutation {{ login(email: \"log@example.com\", password: \"{WRONG}\") {{ id }} }}")}))
        .send()
        .await
        .expect("graphql");
    for accept in ["application/json", "text/html"] {
        client
            .post(format!("{base}/api/fn/login"))
            .header("accept", accept)
            .header("referer", format!("{base}/account/login"))
            .form(&[("email", "log@example.com"), ("password", WRONG)])
            .send()
            .await
            .expect("server fn");
    }
    client
        .get(format!("{base}/account"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("page");

    let logs = String::from_utf8_lossy(&captured.0.lock().expect("logs")).to_string();
    assert!(
        logs.len() > 1000,
        "the subscriber captured the server's logs"
    );
    assert!(logs.contains("login failed"), "the failed login is logged");
    for secret in [
        PASSWORD,
        WRONG,
        "lantern",
        "marble canyon",
        "$2b$",
        "$2y$",
        cookie.as_str(),
        device.as_str(),
    ] {
        let line = logs
            .lines()
            .find(|l| l.contains(secret))
            .unwrap_or_default();
        assert!(
            !logs.contains(secret),
            "a log line contains {secret:?}: {line}"
        );
    }
}
