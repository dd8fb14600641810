//! Security events are logged as structured lines: which event, the account
//! (public id) when known, the client's IP and the reason; never a password,
//! token or hash. A separate test binary, so its subscriber is the process's
//! only one; both backends run in the one test.

use std::io::Write;
use std::sync::{Arc, Mutex};

use customer_core::db::testing::{fresh_database_url, Backend};
use serde_json::{json, Value};
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

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("logs")).to_string()
    }
}

const PASSWORD: &str = "lantern orchard whistle 77";
const WRONG: &str = "marble canyon tulip 31";

struct Shop {
    base: String,
}

impl Shop {
    async fn start(backend: Backend) -> Option<Self> {
        let url = fresh_database_url(backend).await.expect("db")?;
        Some(start_on(&url).await)
    }

    fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    async fn post(&self, c: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
        c.post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    async fn delete(&self, c: &reqwest::Client, path: &str) -> reqwest::Response {
        c.delete(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    async fn get(&self, c: &reqwest::Client, path: &str) -> Value {
        c.get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }
}

fn registration(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "first_name": "Lo", "last_name": "Gs"})
}

/// The one captured line with `message` whose fields include every one of
/// `fields` (`name=value`, the value quoted or not).
fn find_event(logs: &str, message: &str, fields: &[(&str, &str)]) -> String {
    let has = |line: &str, (k, v): &(&str, &str)| {
        line.contains(&format!("{k}={v}")) || line.contains(&format!("{k}=\"{v}\""))
    };
    logs.lines()
        .find(|l| l.contains(message) && fields.iter().all(|f| has(l, f)))
        .unwrap_or_else(|| panic!("no {message:?} line with {fields:?} in the logs"))
        .to_string()
}

async fn story(shop: Shop, captured: &Captured, tag: &str) {
    let email = format!("ev-{tag}@example.com");
    let ann = shop.browser();
    let res = shop
        .post(&ann, "/api/customer/register", registration(&email))
        .await;
    assert_eq!(res.status(), 201);
    let id = shop.get(&ann, "/api/customer/me").await["data"]["id"]
        .as_str()
        .expect("id")
        .to_string();

    // Registration refused: the email is taken, and bad input.
    let other = shop.browser();
    shop.post(&other, "/api/customer/register", registration(&email))
        .await;
    shop.post(
        &other,
        "/api/customer/register",
        json!({"email": "x", "password": WRONG, "first_name": "", "last_name": ""}),
    )
    .await;
    // Failed logins, each reason.
    let unknown = format!("nobody-{tag}@example.com");
    shop.post(
        &other,
        "/api/customer/login",
        json!({"email": unknown, "password": WRONG}),
    )
    .await;
    shop.post(
        &other,
        "/api/customer/login",
        json!({"email": email, "password": WRONG}),
    )
    .await;
    // End one session and the others, from Ann's browser.
    let phone = shop.browser();
    shop.post(
        &phone,
        "/api/customer/login",
        json!({"email": email, "password": PASSWORD}),
    )
    .await;
    let list = shop.get(&ann, "/api/customer/sessions").await;
    let phone_id = list["data"]
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["current"] == false)
        .expect("phone")["id"]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(
        shop.delete(&ann, &format!("/api/customer/sessions/{phone_id}"))
            .await
            .status(),
        204
    );
    let tablet = shop.browser();
    shop.post(
        &tablet,
        "/api/customer/login",
        json!({"email": email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(
        shop.delete(&ann, "/api/customer/sessions").await.status(),
        204
    );
    // Logged out.
    shop.post(&ann, "/api/customer/logout", json!({})).await;
    // Throttled: five wrong passwords lock the account.
    let attacker = shop.browser();
    for _ in 0..6 {
        shop.post(
            &attacker,
            "/api/customer/login",
            json!({"email": email, "password": WRONG}),
        )
        .await;
    }

    let logs = captured.text();
    let ip = ("ip", "127.0.0.1");
    find_event(
        &logs,
        "registration refused",
        &[ip, ("reason", "email_taken")],
    );
    find_event(
        &logs,
        "registration refused",
        &[ip, ("reason", "invalid_input")],
    );
    find_event(&logs, "login failed", &[ip, ("reason", "unknown_email")]);
    find_event(
        &logs,
        "login failed",
        &[ip, ("reason", "wrong_password"), ("customer", &id)],
    );
    find_event(
        &logs,
        "session revoked",
        &[ip, ("reason", "end_one"), ("customer", &id)],
    );
    find_event(
        &logs,
        "session revoked",
        &[ip, ("reason", "end_others"), ("customer", &id)],
    );
    find_event(&logs, "logged out", &[ip, ("customer", &id)]);
    find_event(&logs, "login throttled", &[ip]);
}

async fn disabled_story(shop: Shop, captured: &Captured, tag: &str, database_url: &str) {
    let email = format!("off-{tag}@example.com");
    let c = shop.browser();
    assert_eq!(
        shop.post(&c, "/api/customer/register", registration(&email))
            .await
            .status(),
        201
    );
    let id = shop.get(&c, "/api/customer/me").await["data"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let db = customer_core::db::connect_with(database_url, Some(1))
        .await
        .expect("db");
    let mut conn = db.conn().await.expect("conn");
    let row = conn
        .customers()
        .customer_by_email(&email)
        .await
        .expect("q")
        .expect("row");
    conn.customers()
        .set_customer_status(
            row.customer_id(),
            customer_core::dto::CustomerStatus::Disabled,
            chrono::Utc::now(),
        )
        .await
        .expect("disable");
    drop(conn);
    db.close().await;
    shop.post(
        &shop.browser(),
        "/api/customer/login",
        json!({"email": email, "password": PASSWORD}),
    )
    .await;
    find_event(
        &captured.text(),
        "login failed",
        &[
            ("ip", "127.0.0.1"),
            ("reason", "disabled"),
            ("customer", &id),
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_events_are_logged_with_their_fields() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    for (backend, tag) in [(Backend::Sqlite, "lite"), (Backend::Postgres, "pg")] {
        // Each backend's lines on their own.
        captured.0.lock().expect("logs").clear();
        let Some(shop) = Shop::start(backend).await else {
            eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
            continue;
        };
        story(shop, &captured, tag).await;
        let Some(url) = fresh_database_url(backend).await.expect("db") else {
            continue;
        };
        let shop = start_on(&url).await;
        disabled_story(shop, &captured, tag, &url).await;
        no_secrets(&captured.text());
    }
}

/// No password, hash or email address in any security event, and no
/// password or hash anywhere.
fn no_secrets(logs: &str) {
    let events: Vec<&str> = logs.lines().filter(|l| l.contains(" security: ")).collect();
    assert!(events.len() >= 8, "{events:#?}");
    for line in &events {
        assert!(!line.contains("@example.com"), "an email address in {line}");
    }
    for secret in [PASSWORD, WRONG, "$2b$", "$2y$"] {
        assert!(!logs.contains(secret), "a log line contains {secret:?}");
    }
}

async fn start_on(url: &str) -> Shop {
    let url = url.to_string();
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        "BCRYPT_COST" => Some("4".into()),
        "DATABASE_MAX_CONNECTIONS" => Some("4".into()),
        _ => None,
    })
    .expect("config");
    let app = Application::build(config).await.expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    Shop { base }
}
