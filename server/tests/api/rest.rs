use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::ann;
use crate::on_both_backends;

on_both_backends! {
    async fn register_me_logout_login(app: TestApp) {
        let res = app.post_json("/api/customer/register", &ann("Ann@Example.com")).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .find(|c| c.starts_with("shop_session="))
            .expect("session cookie set");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http must not set Secure: {cookie}");

        let body: Value = res.json().await.expect("json");
        let data = &body["data"];
        assert_eq!(data["email"], "ann@example.com");
        assert_eq!(data["first_name"], "Ann");
        assert_eq!(data["last_name"], "Lee");
        assert_eq!(data["phone"], "+442079460958");
        assert_eq!(data["group"]["name"], "General");
        assert_eq!(data["group"]["id"], "00000000-0000-4000-8000-000000000001", "the public id of General");
        assert_eq!(data["status"], "active");
        assert_eq!(data["email_verified"], false);
        assert!(data["created_at"].as_str().is_some_and(|s| s.ends_with('Z')));
        let id = data["id"].as_str().expect("public id").to_string();
        assert_eq!(id.len(), 36, "public id, not a row number");
        let text = body.to_string();
        assert!(!text.contains("password") && !text.contains("$2"), "{text}");

        // Logged in by registering.
        let me = app.get("/api/customer/me").await;
        assert_eq!(me.status(), StatusCode::OK);
        let me: Value = me.json().await.expect("json");
        assert_eq!(me["data"]["id"], id.as_str());

        let out = app.client.post(app.url("/api/customer/logout")).send().await.expect("logout");
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);

        let login = app
            .post_json("/api/customer/login", &json!({"email": " ANN@example.com", "password": "correct horse battery"}))
            .await;
        assert_eq!(login.status(), StatusCode::OK);
        let login: Value = login.json().await.expect("json");
        assert_eq!(login["data"]["id"], id.as_str());
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::OK);
    }

    async fn me_requires_login(app: TestApp) {
        let res = app.get("/api/customer/me").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["error"]["status"], 401);
        assert!(body["error"]["message"].is_string());
    }

    async fn duplicate_email_in_any_case_is_409(app: TestApp) {
        assert_eq!(app.post_json("/api/customer/register", &ann("dup@example.com")).await.status(), StatusCode::CREATED);
        let other = app.other_browser();
        let res = other.post_json("/api/customer/register", &ann("  DUP@Example.COM")).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["error"]["status"], 409);
        assert!(body["error"]["fields"]["email"].is_string(), "{body}");
        // The second browser is not logged in.
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn invalid_fields_are_422_and_named(app: TestApp) {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (json!({}), vec!["email", "password", "first_name", "last_name"]),
            (json!({"email": "no-at-sign", "password": "correct horse battery", "first_name": "A", "last_name": "B"}), vec!["email"]),
            (json!({"email": "a@example.com", "password": "short", "first_name": "A", "last_name": "B"}), vec!["password"]),
            (json!({"email": "a@example.com", "password": "a@example.com", "first_name": "A", "last_name": "B"}), vec!["password"]),
            (json!({"email": "a@example.com", "password": "x".repeat(73), "first_name": "A", "last_name": "B"}), vec!["password"]),
            (json!({"email": "a@example.com", "password": "correct horse battery", "first_name": "  ", "last_name": "B"}), vec!["first_name"]),
            (json!({"email": "a@example.com", "password": "correct horse battery", "first_name": "A", "last_name": "b".repeat(101)}), vec!["last_name"]),
            (json!({"email": "a@example.com", "password": "correct horse battery", "first_name": "A", "last_name": "B", "phone": "call me"}), vec!["phone"]),
        ];
        for (body, fields) in cases {
            let res = app.post_json("/api/customer/register", &body).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            let err: Value = res.json().await.expect("json");
            assert_eq!(err["error"]["status"], 422);
            for f in &fields {
                assert!(err["error"]["fields"][f].is_string(), "{f} missing for {body}: {err}");
            }
        }
        // Nothing was stored: the address is still free.
        assert_eq!(app.post_json("/api/customer/register", &ann("a@example.com")).await.status(), StatusCode::CREATED);
    }

    async fn malformed_bodies_are_4xx(app: TestApp) {
        for path in ["/api/customer/register", "/api/customer/login"] {
            let cases: Vec<(Option<&str>, &str)> = vec![
                (Some("application/json"), ""),
                (Some("application/json"), "{not json"),
                (Some("application/json"), "[1,2,3]"),
                (Some("application/json"), "{\"email\": 5}"),
                (Some("text/plain"), "{}"),
                (None, "email=a"),
            ];
            for (content_type, body) in cases {
                let mut req = app.client.post(app.url(path)).body(body.to_string());
                if let Some(ct) = content_type {
                    req = req.header("content-type", ct);
                }
                let res = req.send().await.expect("request");
                let status = res.status();
                assert!(status.is_client_error(), "{path} {content_type:?} {body:?} -> {status}");
                let err: Value = res.json().await.expect("error body is JSON");
                assert_eq!(err["error"]["status"], status.as_u16());
            }
        }
    }

    async fn wrong_password_and_unknown_email_look_the_same(app: TestApp) {
        app.post_json("/api/customer/register", &ann("known@example.com")).await;
        let other = app.other_browser();
        let wrong = other.post_json("/api/customer/login", &json!({"email": "known@example.com", "password": "not the password"})).await;
        let unknown = other.post_json("/api/customer/login", &json!({"email": "unknown@example.com", "password": "not the password"})).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
        let (wrong, unknown): (Value, Value) = (wrong.json().await.expect("json"), unknown.json().await.expect("json"));
        assert_eq!(wrong, unknown);
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        // A missing password is a field error, not a failed login.
        let res = other.post_json("/api/customer/login", &json!({"email": "known@example.com"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn login_rotates_and_logout_deletes_the_session(app: TestApp) {
        app.post_json("/api/customer/register", &ann("rot@example.com")).await;
        // A raw cookie copied before logout no longer works afterwards.
        let res = app.post_json("/api/customer/login", &json!({"email": "rot@example.com", "password": "correct horse battery"})).await;
        let cookie = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|v| v.starts_with("shop_session=")).expect("cookie").split(';').next().expect("pair").to_string();
        let stolen = crate::helpers::new_client();
        let me = stolen.get(app.url("/api/customer/me")).header("cookie", &cookie).send().await.expect("request");
        assert_eq!(me.status(), StatusCode::OK);
        app.client.post(app.url("/api/customer/logout")).send().await.expect("logout");
        let me = stolen.get(app.url("/api/customer/me")).header("cookie", &cookie).send().await.expect("request");
        assert_eq!(me.status(), StatusCode::UNAUTHORIZED, "the session must be gone on the server");
    }

    async fn unknown_api_path_is_json_404(app: TestApp) {
        let res = app.get("/api/customer/no/such/endpoint").await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["error"]["status"], 404);
    }

    async fn pages_render_on_the_server(app: TestApp) {
        for (path, text) in [("/", "Create an account"), ("/account/register", "Create your account"), ("/account/login", "Log in")] {
            let res = app.get(path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let html = res.text().await.expect("html");
            assert!(html.contains(text), "{path} lacks {text:?}");
        }
        // Logged out, the account page sends a browser to log in.
        let res = app.client.get(app.url("/account")).header("accept", "text/html").send().await.expect("request");
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers().get("location").and_then(|v| v.to_str().ok()), Some("/account/login"));
        // Logged in, it shows who you are.
        app.post_json("/api/customer/register", &ann("page@example.com")).await;
        let html = app.get("/account").await.text().await.expect("html");
        assert!(html.contains("Ann Lee") && html.contains("page@example.com"));
        assert_eq!(app.get("/no/such/page").await.status(), StatusCode::NOT_FOUND);
    }

    async fn a_broken_database_is_a_bare_500(app: TestApp) {
        app.register("broken@example.com").await;
        // Something the client cannot cause: a table disappears.
        app.exec_sql("DROP TABLE customer_session").await;
        let res = app.get("/api/customer/me").await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["error"]["status"], 500);
        assert_eq!(body["error"]["message"], "internal error", "no internal detail: {body}");
        let text = body.to_string().to_lowercase();
        assert!(!text.contains("customer_session") && !text.contains("sql"), "{body}");
    }

    async fn health_reports_ok(app: TestApp) {
        let res = app.get("/health").await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}
