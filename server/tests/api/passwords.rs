//! Forgot password, reset by emailed token, change while logged in: over
//! REST and GraphQL, on both databases. Mails are read from the outbox (no
//! SMTP server in these tests: the worker logs them and keeps them there).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";
const NEW_PASSWORD: &str = "purple elephant guitar river";

async fn body(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

on_both_backends! {
    async fn forgot_password_answers_the_same_for_every_email(app: TestApp) {
        app.register("known@example.com").await;
        app.register("off@example.com").await;
        app.disable("off@example.com").await;
        let mut answers = Vec::new();
        for email in ["known@example.com", "KNOWN@example.com ", "off@example.com", "nobody@example.com"] {
            let res = app.post_json("/api/customer/forgotPassword", &json!({"email": email})).await;
            assert_eq!(res.status(), StatusCode::OK, "{email}");
            answers.push(res.text().await.expect("text"));
        }
        assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
        assert!(answers[0].contains("If an account exists"), "{}", answers[0]);
        // Mail only for the active account (twice: both spellings are it).
        assert_eq!(app.count_mails("known@example.com", "reset_password").await, 2);
        assert_eq!(app.count_mails("off@example.com", "reset_password").await, 0);
        assert_eq!(app.count_mails("nobody@example.com", "reset_password").await, 0);

        // A malformed email is the client's mistake, named.
        let res = app.post_json("/api/customer/forgotPassword", &json!({"email": "not an email"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["email"].is_string());
    }

    async fn reset_sets_the_password_and_ends_every_session(app: TestApp) {
        app.register("reset@example.com").await;
        let other = app.other_browser();
        assert_eq!(other.login("reset@example.com", PASSWORD).await.status(), StatusCode::OK);
        let anon = app.other_browser();
        anon.post_json("/api/customer/forgotPassword", &json!({"email": "reset@example.com"})).await;
        let token = app.token_from_mail("reset@example.com", "reset_password").await;

        // The policy applies, naming the field; the token is not spent.
        let res = anon.post_json("/api/customer/resetPassword", &json!({"token": token, "password": "reset@example.com"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["password"].is_string());

        let res = anon.post_json("/api/customer/resetPassword", &json!({"token": token, "password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(body(res).await["data"]["message"].as_str().is_some_and(|m| m.contains("Log in")));
        // Not logged in by it; both earlier sessions are over.
        assert_eq!(anon.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(anon.login("reset@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(anon.login("reset@example.com", NEW_PASSWORD).await.status(), StatusCode::OK);
        assert_eq!(app.count_mails("reset@example.com", "password_changed").await, 1);

        // Single use.
        let res = app.other_browser().post_json("/api/customer/resetPassword", &json!({"token": token, "password": "another fine long passphrase"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let b = body(res).await;
        assert_eq!(b["error"]["fields"]["token"], "This link has already been used. Ask for a new one.", "{b}");
    }

    async fn reset_clears_the_accounts_failed_logins(app: TestApp) {
        app.register("locked@example.com").await;
        let attacker = app.other_browser();
        for _ in 0..5 {
            attacker.login("locked@example.com", "wrong wrong wrong").await;
        }
        assert_eq!(attacker.login("locked@example.com", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
        let owner = app.other_browser();
        owner.post_json("/api/customer/forgotPassword", &json!({"email": "locked@example.com"})).await;
        let token = app.token_from_mail("locked@example.com", "reset_password").await;
        let res = owner.post_json("/api/customer/resetPassword", &json!({"token": token, "password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(owner.login("locked@example.com", NEW_PASSWORD).await.status(), StatusCode::OK);
    }

    async fn tokens_are_checked_for_purpose_expiry_and_newer_links(app: TestApp) {
        app.register("tok@example.com").await;
        let verify = app.token_from_mail("tok@example.com", "verify_email").await;
        let anon = app.other_browser();
        // A verification token cannot reset a password, nor the reverse.
        let res = anon.post_json("/api/customer/resetPassword", &json!({"token": verify, "password": NEW_PASSWORD})).await;
        assert_eq!(body(res).await["error"]["fields"]["token"], "This link is not valid. Ask for a new one.");
        anon.post_json("/api/customer/forgotPassword", &json!({"email": "tok@example.com"})).await;
        let first = app.token_from_mail("tok@example.com", "reset_password").await;
        let res = anon.post_json("/api/customer/verifyEmail", &json!({"token": first})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // A newer link voids the older one.
        anon.post_json("/api/customer/forgotPassword", &json!({"email": "tok@example.com"})).await;
        let second = app.token_from_mail("tok@example.com", "reset_password").await;
        assert_ne!(first, second);
        let res = anon.post_json("/api/customer/resetPassword", &json!({"token": first, "password": NEW_PASSWORD})).await;
        assert_eq!(body(res).await["error"]["fields"]["token"], "This link has already been used. Ask for a new one.");

        // Expired.
        app.exec_sql("UPDATE customer_token SET expires_at_ms = 1 WHERE purpose = 'reset_password'").await;
        let res = anon.post_json("/api/customer/resetPassword", &json!({"token": second, "password": NEW_PASSWORD})).await;
        assert_eq!(body(res).await["error"]["fields"]["token"], "This link has expired. Ask for a new one.");

        // Garbage of every kind is a 422 naming the token, never a 500.
        for bad in [json!(""), json!("x"), json!("a\u{0}b"), json!("%00"), json!("é".repeat(200)), json!("A".repeat(10_000))] {
            let res = anon.post_json("/api/customer/resetPassword", &json!({"token": bad, "password": NEW_PASSWORD})).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(body(res).await["error"]["fields"]["token"].is_string());
        }
        let res = anon.post_json("/api/customer/resetPassword", &json!({"token": 7, "password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn only_the_tokens_hash_is_stored(app: TestApp) {
        app.register("hash@example.com").await;
        app.other_browser().post_json("/api/customer/forgotPassword", &json!({"email": "hash@example.com"})).await;
        let token = app.token_from_mail("hash@example.com", "reset_password").await;
        assert!(token.len() >= 22, "at least 128 bits: {token}");
        let stored = app
            .sql_strings("SELECT purpose || ' ' || token_hash || ' ' || email FROM customer_token")
            .await;
        assert_eq!(stored.len(), 2, "verification and reset: {stored:?}");
        assert!(stored.iter().all(|row| !row.contains(&token)), "{stored:?}");
        let hash = customer_core::tokens::hash(&token);
        assert!(stored.contains(&format!("reset_password {hash} hash@example.com")), "{stored:?}");
    }

    async fn change_password_checks_the_current_one_and_ends_other_sessions(app: TestApp) {
        app.register("chg@example.com").await;
        let other = app.other_browser();
        assert_eq!(other.login("chg@example.com", PASSWORD).await.status(), StatusCode::OK);

        let res = app.post_json("/api/customer/changePassword", &json!({"current_password": "not it at all", "new_password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body(res).await["error"]["fields"]["current_password"], "That is not your current password.");
        let res = app.post_json("/api/customer/changePassword", &json!({"current_password": PASSWORD, "new_password": "short"})).await;
        assert!(body(res).await["error"]["fields"]["new_password"].is_string());
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::OK, "nothing changed yet");

        let before = app.get("/api/customer/sessions").await;
        let before: Value = before.json().await.expect("json");
        let res = app.post_json("/api/customer/changePassword", &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers().get("set-cookie").is_some(), "a renewed session id");
        // This session goes on (renewed: a new public id), the other is over.
        let after: Value = app.get("/api/customer/sessions").await.json().await.expect("json");
        assert_eq!(after["data"].as_array().map(Vec::len), Some(1), "{after}");
        assert_ne!(after["data"][0]["id"], before["data"][0]["id"]);
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(other.login("chg@example.com", NEW_PASSWORD).await.status(), StatusCode::OK);
        assert_eq!(app.count_mails("chg@example.com", "password_changed").await, 1);

        assert_eq!(
            app.other_browser().post_json("/api/customer/changePassword", &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }

    async fn wrong_current_passwords_are_throttled_like_logins(app: TestApp) {
        app.register("thr@example.com").await;
        for _ in 0..5 {
            let res = app.post_json("/api/customer/changePassword", &json!({"current_password": "guess guess guess", "new_password": NEW_PASSWORD})).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        let res = app.post_json("/api/customer/changePassword", &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.headers().get("retry-after").is_some());
    }

    async fn forgot_password_mails_are_limited_per_address(app: TestApp) {
        app.register("burst@example.com").await;
        let anon = app.other_browser();
        let mut statuses = Vec::new();
        for _ in 0..8 {
            statuses.push(anon.post_json("/api/customer/forgotPassword", &json!({"email": "burst@example.com"})).await.status());
        }
        assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
        assert_eq!(app.count_mails("burst@example.com", "reset_password").await, 5);
    }

    async fn graphql_resets_and_changes_passwords(app: TestApp) {
        app.register("gql-pw@example.com").await;
        let anon = app.other_browser();
        let res = anon.graphql("mutation { forgotPassword(email: \"gql-pw@example.com\") }", json!({})).await;
        assert!(res["data"]["forgotPassword"].as_str().is_some_and(|m| m.contains("If an account exists")), "{res}");
        let token = app.token_from_mail("gql-pw@example.com", "reset_password").await;
        let res = anon.graphql("mutation($t: String!) { resetPassword(token: $t, password: \"x\") }", json!({"t": token})).await;
        assert!(res["errors"][0]["extensions"]["fields"]["password"].is_string(), "{res}");
        let res = anon.graphql("mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }", json!({"t": token, "p": NEW_PASSWORD})).await;
        assert!(res["errors"].is_null(), "{res}");
        assert_eq!(anon.login("gql-pw@example.com", NEW_PASSWORD).await.status(), StatusCode::OK);

        let res = anon.graphql("mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }", json!({"c": "wrong one here", "n": PASSWORD})).await;
        assert_eq!(res["errors"][0]["extensions"]["status"], 422, "{res}");
        assert!(res["errors"][0]["extensions"]["fields"]["currentPassword"].is_string() || res["errors"][0]["extensions"]["fields"]["current_password"].is_string(), "{res}");
        let res = anon.graphql("mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }", json!({"c": NEW_PASSWORD, "n": "yet another long passphrase"})).await;
        assert!(res["errors"].is_null(), "{res}");
        // Two such mutations in one request are refused before anything runs.
        let res = anon.graphql("mutation { a: forgotPassword(email: \"gql-pw@example.com\") b: forgotPassword(email: \"gql-pw@example.com\") }", json!({})).await;
        assert_eq!(res["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{res}");
    }
}
