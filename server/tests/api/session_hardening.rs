//! The session store and cookie, hardened: the session table holds only a
//! hash of each session id (read access to the database is not enough to
//! take over a session), and over https the cookie is `__Host-` prefixed
//! while the cross-site check accepts only the https origin.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{ann, spawn_app_with, TestApp};
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

/// The `shop_session` cookie's value from a response.
fn cookie_value(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next())
        .filter_map(|c| c.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

/// Every stored session id and record, as text (ids) and raw bytes (data).
async fn session_table(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    match customer_core::db::connect_with(&app.database_url, Some(1))
        .await
        .expect("db")
    {
        customer_core::db::Database::Sqlite(pool) => {
            let rows: Vec<(String, Vec<u8>)> =
                sqlx::query_as("SELECT id, data FROM tower_sessions")
                    .fetch_all(&pool)
                    .await
                    .expect("sessions");
            pool.close().await;
            rows
        }
        customer_core::db::Database::Postgres(pool) => {
            let rows: Vec<(String, Vec<u8>)> =
                sqlx::query_as("SELECT id, data FROM tower_sessions.session")
                    .fetch_all(&pool)
                    .await
                    .expect("sessions");
            pool.close().await;
            rows
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

on_both_backends! {
    async fn session_table_holds_no_usable_session_id(app: TestApp) {
        app.register("hash@example.com").await;
        let fresh = app.other_browser();
        let res = fresh.login("hash@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = cookie_value(&res, "shop_session").expect("session cookie");
        let sid: tower_sessions::session::Id = cookie.parse().expect("a tower-sessions id");
        let raw = sid.0.to_le_bytes();

        let rows = session_table(&app).await;
        assert!(!rows.is_empty(), "the login saved its session");
        for (id, data) in &rows {
            assert_ne!(id, &cookie, "the table holds the cookie's session id");
            assert!(!contains(id.as_bytes(), cookie.as_bytes()), "{id}");
            assert!(!contains(data, cookie.as_bytes()), "the record holds the id as text");
            assert!(!contains(data, &raw), "the record holds the id's bytes");
            assert!(!contains(data, &sid.0.to_be_bytes()), "the record holds the id's bytes");
        }

        // The session still works, and logout deletes it.
        assert_eq!(fresh.get("/api/customer/me").await.status(), StatusCode::OK);
        let before = session_table(&app).await.len();
        let res = fresh.post_json("/api/customer/logout", &json!({})).await;
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(fresh.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(session_table(&app).await.len(), before - 1, "logout deleted the record");

        // A stolen table row is no cookie: sending a stored id logs no one in.
        let thief = app.other_browser();
        for (id, _) in session_table(&app).await {
            let res = thief
                .client
                .get(app.url("/api/customer/me"))
                .header("cookie", format!("shop_session={id}"))
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{id}");
        }
    }
}

const SHOP: &str = "https://shop.example";

/// An app that believes it is served at `https://shop.example`.
async fn https_app(backend: customer_core::db::testing::Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[("APP_BASE_URL", SHOP)]).await
}

async fn https_cookie_story(app: TestApp) {
    // The registration comes from the shop's https page.
    let res = app
        .client
        .post(app.url("/api/customer/register"))
        .header("origin", SHOP)
        .json(&ann("host@example.com"))
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), StatusCode::CREATED);
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .find(|c| c.contains("shop_session="))
        .expect("a session cookie");
    assert!(
        set_cookie.starts_with("__Host-shop_session="),
        "{set_cookie}"
    );
    let attrs: Vec<String> = set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(attrs.iter().any(|a| a == "secure"), "{set_cookie}");
    assert!(attrs.iter().any(|a| a == "path=/"), "{set_cookie}");
    assert!(attrs.iter().any(|a| a == "httponly"), "{set_cookie}");
    assert!(
        !attrs.iter().any(|a| a.starts_with("domain")),
        "{set_cookie}"
    );
    let value = cookie_value(&res, "__Host-shop_session").expect("value");
    let cookie = format!("__Host-shop_session={value}");

    // The cookie works (sent by hand: reqwest keeps Secure cookies off http).
    let bare = crate::helpers::new_client();
    let me = bare
        .get(app.url("/api/customer/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::OK);

    // Over https only the https origin is the shop's own: the plain-http
    // forms of the shop's name and of the Host are foreign.
    let host_origin = app.base.clone();
    for origin in ["http://shop.example", host_origin.as_str()] {
        let res = bare
            .post(app.url("/api/customer/logout"))
            .header("cookie", &cookie)
            .header("origin", origin)
            .send()
            .await
            .expect("logout");
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin}");
        let res = bare
            .post(app.url("/api/graphql"))
            .header("cookie", &cookie)
            .header("origin", origin)
            .json(&json!({"query": "mutation { logout }"}))
            .send()
            .await
            .expect("graphql");
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin}");
    }
    let still: Value = bare
        .get(app.url("/api/customer/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    assert_eq!(
        still["data"]["email"], "host@example.com",
        "still logged in"
    );

    let res = bare
        .post(app.url("/api/customer/logout"))
        .header("cookie", &cookie)
        .header("origin", SHOP)
        .send()
        .await
        .expect("logout");
    assert!(res.status().is_success(), "{}", res.status());
    let me = bare
        .get(app.url("/api/customer/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

mod https {
    use super::*;
    use customer_core::db::testing::Backend;

    #[test]
    fn host_prefixed_cookie_and_https_origin_only_sqlite() {
        crate::helpers::runtime().block_on(async {
            let app = https_app(Backend::Sqlite).await.expect("sqlite app");
            https_cookie_story(app).await;
        })
    }

    #[test]
    fn host_prefixed_cookie_and_https_origin_only_postgres() {
        crate::helpers::runtime().block_on(async {
            let Some(app) = https_app(Backend::Postgres).await else {
                eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
                return;
            };
            https_cookie_story(app).await;
        })
    }
}
