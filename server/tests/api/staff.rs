//! Staff accounts: `server create-admin`, the staff login with its own
//! cookie, and the separation from customer sessions.

use customer_core::staff::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{TestApp, STAFF_PASSWORD};
use crate::on_both_backends;

async fn body(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Runs the server binary's `create-admin` on this test's database.
fn create_admin(
    app: &TestApp,
    args: &[&str],
    password_env: Option<&str>,
    stdin: &str,
) -> std::process::Output {
    use std::io::Write;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.arg("create-admin")
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("BCRYPT_COST", "4")
        .env_remove("ADMIN_PASSWORD")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(p) = password_env {
        cmd.env("ADMIN_PASSWORD", p);
    }
    let mut child = cmd.spawn().expect("server binary");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("create-admin ran")
}

on_both_backends! {
    async fn create_admin_takes_the_password_from_the_environment_or_stdin(app: TestApp) {
        let out = create_admin(&app, &["--email", "Owner@Example.com", "--name", "Olive Owner"], Some(STAFF_PASSWORD), "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(printed.contains("owner@example.com"), "{printed}");
        assert!(!printed.contains(STAFF_PASSWORD) && !String::from_utf8_lossy(&out.stderr).contains(STAFF_PASSWORD));

        let out = create_admin(&app, &["--email", "help@example.com", "--name", "Sam Support", "--role", "support"], None, "plum orchard lantern 42\n");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

        // The same email twice, a weak password, a password as an argument.
        let again = create_admin(&app, &["--email", "owner@example.com", "--name", "X"], Some(STAFF_PASSWORD), "");
        assert_eq!(again.status.code(), Some(1));
        let weak = create_admin(&app, &["--email", "w@example.com", "--name", "W"], Some("short"), "");
        assert_eq!(weak.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&weak.stderr).contains("password"), "{}", String::from_utf8_lossy(&weak.stderr));
        let arg = create_admin(&app, &["--email", "a@example.com", "--name", "A", "--password", "x"], Some(STAFF_PASSWORD), "");
        assert_eq!(arg.status.code(), Some(2));

        let res = app.post_json("/api/admin/login", &json!({"email": "OWNER@example.com", "password": STAFF_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = set_cookie(&res, "shop_staff").expect("staff cookie");
        for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attr), "{cookie}");
        }
        assert!(set_cookie(&res, "shop_session").is_none(), "a staff login is not a customer session");
        let staff = body(res).await;
        assert_eq!(staff["data"]["role"], "admin");
        assert_eq!(staff["data"]["name"], "Olive Owner");

        let me = body(app.get("/api/admin/me").await).await;
        assert_eq!(me["data"]["email"], "owner@example.com");
        let support = app.other_browser();
        support.staff_login("help@example.com", "plum orchard lantern 42").await;
        assert_eq!(body(support.get("/api/admin/me").await).await["data"]["role"], "support");
    }

    async fn a_customer_session_is_not_a_staff_login_and_the_reverse(app: TestApp) {
        // Anonymous: 401.
        assert_eq!(app.get("/api/admin/me").await.status(), StatusCode::UNAUTHORIZED);
        // A customer: 403, even with the same email as a staff member.
        app.create_staff("ann@example.com", STAFF_PASSWORD, Role::Admin).await;
        app.register("ann@example.com").await;
        let res = app.get("/api/admin/me").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(body(res).await["error"]["code"], "FORBIDDEN");
        // The customer's password is not the staff password, and the
        // customer session does not log in staff.
        let wrong = app.post_json("/api/admin/login", &json!({"email": "ann@example.com", "password": "correct horse battery staple"})).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

        // A staff login does not make a customer.
        let staff = app.other_browser();
        staff.staff_login("ann@example.com", STAFF_PASSWORD).await;
        assert_eq!(staff.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(staff.get("/api/admin/me").await.status(), StatusCode::OK);
        // Both in one browser: each keeps its own.
        app.staff_login("ann@example.com", STAFF_PASSWORD).await;
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::OK);
        assert_eq!(app.get("/api/admin/me").await.status(), StatusCode::OK);
        // Logging the customer out leaves the staff login, and the reverse.
        assert_eq!(app.post_json("/api/customer/logout", &json!({})).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.get("/api/admin/me").await.status(), StatusCode::OK);
        let res = app.post_json("/api/admin/logout", &json!({})).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let cleared = set_cookie(&res, "shop_staff").expect("cleared");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        assert_eq!(app.get("/api/admin/me").await.status(), StatusCode::UNAUTHORIZED);
        // Logging out twice is fine.
        assert_eq!(app.post_json("/api/admin/logout", &json!({})).await.status(), StatusCode::NO_CONTENT);
        // Another staff browser is not touched by this one's logout.
        let support = app.staff_browser(Role::Support).await;
        assert_eq!(body(support.get("/api/admin/me").await).await["data"]["role"], "support");
    }

    async fn staff_logins_fail_alike_are_throttled_and_end_when_disabled_or_idle(app: TestApp) {
        app.create_staff("boss@example.com", STAFF_PASSWORD, Role::Admin).await;
        let unknown = body(app.post_json("/api/admin/login", &json!({"email": "nobody@example.com", "password": STAFF_PASSWORD})).await).await;
        let wrong = body(app.post_json("/api/admin/login", &json!({"email": "boss@example.com", "password": "not the password"})).await).await;
        assert_eq!(unknown, wrong, "the same answer for an unknown email and a wrong password");
        assert_eq!(wrong["error"]["status"], 401);
        let bad = app.post_json("/api/admin/login", &json!({"email": "boss", "password": ""})).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fields = body(bad).await["error"]["fields"].clone();
        assert!(fields["email"].is_string() && fields["password"].is_string(), "{fields}");

        // Five failures in all lock the account for a while, right password or not.
        for _ in 0..4 {
            let res = app.post_json("/api/admin/login", &json!({"email": "boss@example.com", "password": "not it"})).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        }
        let locked = app.post_json("/api/admin/login", &json!({"email": "boss@example.com", "password": STAFF_PASSWORD})).await;
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(locked.headers().get("retry-after").is_some());
        // A customer account of the same email has its own count.
        app.register("boss@example.com").await;

        // Disabled staff are logged out at once and cannot log in.
        app.exec_sql("DELETE FROM login_throttle").await;
        let browser = app.other_browser();
        browser.staff_login("boss@example.com", STAFF_PASSWORD).await;
        app.exec_sql("UPDATE staff SET status = 'disabled' WHERE email = 'boss@example.com'").await;
        assert_eq!(browser.get("/api/admin/me").await.status(), StatusCode::UNAUTHORIZED);
        let res = browser.post_json("/api/admin/login", &json!({"email": "boss@example.com", "password": STAFF_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

        // An hour without use ends a staff login.
        app.exec_sql("UPDATE staff SET status = 'active'").await;
        browser.staff_login("boss@example.com", STAFF_PASSWORD).await;
        assert_eq!(browser.get("/api/admin/me").await.status(), StatusCode::OK);
        app.exec_sql("UPDATE staff_session SET last_seen_at_ms = last_seen_at_ms - 3601000").await;
        assert_eq!(browser.get("/api/admin/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.sql_strings("SELECT CAST(count(*) AS TEXT) FROM staff_session").await, vec!["0".to_string()]);
        // Only the token's hash is stored.
        browser.staff_login("boss@example.com", STAFF_PASSWORD).await;
        let hashes = app.sql_strings("SELECT token_hash FROM staff_session").await;
        assert_eq!(hashes.len(), 1);
        assert_eq!(hashes[0].len(), 64);
    }
}
