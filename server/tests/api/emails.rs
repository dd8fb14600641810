//! Email verification (and EMAIL_VERIFICATION=required), resending, and the
//! change of email with a confirmation to the new address: over REST and
//! GraphQL, on both databases. Mails are read from the outbox.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{ann, spawn_app_with};
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

async fn body(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

async fn me(app: &crate::helpers::TestApp) -> Value {
    body(app.get("/api/customer/me").await).await["data"].clone()
}

on_both_backends! {
    async fn registration_mails_a_verification_link(app: TestApp) {
        app.register("ver@example.com").await;
        assert_eq!(me(&app).await["email_verified"], false);
        let token = app.token_from_mail("ver@example.com", "verify_email").await;
        // Opened in another browser: no login needed.
        let res = app.other_browser().post_json("/api/customer/verifyEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["data"], json!({"email": "ver@example.com", "email_verified": true}));
        assert_eq!(me(&app).await["email_verified"], true);
        assert_eq!(app.count_mails("ver@example.com", "welcome").await, 1);
        let res = app.post_json("/api/customer/verifyEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body(res).await["error"]["fields"]["token"], "This link has already been used. Ask for a new one.");
        // Nothing more to verify.
        let res = app.post_json("/api/customer/resendVerification", &json!({})).await;
        assert!(body(res).await["data"]["message"].as_str().is_some_and(|m| m.contains("already verified")));
        assert_eq!(app.count_mails("ver@example.com", "verify_email").await, 1);
    }

    async fn resending_voids_the_older_link(app: TestApp) {
        app.register("again@example.com").await;
        let first = app.token_from_mail("again@example.com", "verify_email").await;
        let res = app.post_json("/api/customer/resendVerification", &json!({})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let second = app.token_from_mail("again@example.com", "verify_email").await;
        assert_ne!(first, second);
        let res = app.post_json("/api/customer/verifyEmail", &json!({"token": first})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = app.post_json("/api/customer/verifyEmail", &json!({"token": second})).await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    async fn logged_in_resend_is_limited_per_address(app: TestApp) {
        app.register("many@example.com").await;
        for _ in 0..5 {
            let res = app.post_json("/api/customer/resendVerification", &json!({})).await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let res = app.post_json("/api/customer/resendVerification", &json!({})).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.headers().get("retry-after").is_some());
        // The registration's mail and five more; the refused one sent none.
        assert_eq!(app.count_mails("many@example.com", "verify_email").await, 6);
    }

    async fn logged_out_resend_tells_nothing(app: TestApp) {
        app.register("quiet@example.com").await;
        let anon = app.other_browser();
        let mut answers = Vec::new();
        for email in ["quiet@example.com", "nobody@example.com"] {
            let res = anon.post_json("/api/customer/resendVerification", &json!({"email": email})).await;
            assert_eq!(res.status(), StatusCode::OK);
            answers.push(res.text().await.expect("text"));
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(app.count_mails("quiet@example.com", "verify_email").await, 2);
        let res = anon.post_json("/api/customer/resendVerification", &json!({})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["email"].is_string());
    }

    async fn change_email_needs_the_new_address_to_confirm(app: TestApp) {
        app.register("old@example.com").await;
        app.other_browser().register("taken@example.com").await;
        let other = app.other_browser();
        assert_eq!(other.login("old@example.com", PASSWORD).await.status(), StatusCode::OK);

        let change = |email: &str, password: &str| json!({"new_email": email, "current_password": password});
        let res = app.post_json("/api/customer/changeEmail", &change("new@example.com", "not my password")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body(res).await["error"]["fields"]["current_password"], "That is not your current password.");
        let res = app.post_json("/api/customer/changeEmail", &change("taken@example.com", PASSWORD)).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(body(res).await["error"]["fields"]["new_email"].is_string());
        let res = app.post_json("/api/customer/changeEmail", &change("OLD@example.com", PASSWORD)).await;
        assert_eq!(body(res).await["error"]["fields"]["new_email"], "That is already your email address.");
        let res = app.post_json("/api/customer/changeEmail", &change("nope", "")).await;
        let b = body(res).await;
        assert!(b["error"]["fields"]["new_email"].is_string() && b["error"]["fields"]["current_password"].is_string(), "{b}");

        let res = app.post_json("/api/customer/changeEmail", &change("New@Example.com", PASSWORD)).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(app.count_mails("new@example.com", "confirm_email_change").await, 1);
        assert_eq!(app.count_mails("old@example.com", "email_changing").await, 1);
        assert_eq!(me(&app).await["email"], "old@example.com", "nothing changes before the link");

        let token = app.token_from_mail("new@example.com", "confirm_email_change").await;
        let res = app.post_json("/api/customer/confirmEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["data"], json!({"email": "new@example.com", "email_verified": true}));
        let now = me(&app).await;
        assert_eq!(now["email"], "new@example.com");
        assert_eq!(now["email_verified"], true);
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED, "other sessions end");
        let fresh = app.other_browser();
        assert_eq!(fresh.login("old@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(fresh.login("new@example.com", PASSWORD).await.status(), StatusCode::OK);
        let res = app.post_json("/api/customer/confirmEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn confirm_fails_if_the_address_was_taken_meanwhile(app: TestApp) {
        app.register("mine@example.com").await;
        let res = app.post_json("/api/customer/changeEmail", &json!({"new_email": "race@example.com", "current_password": PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let token = app.token_from_mail("race@example.com", "confirm_email_change").await;
        app.other_browser().register("race@example.com").await;
        let res = app.post_json("/api/customer/confirmEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(body(res).await["error"]["fields"]["new_email"].is_string());
        assert_eq!(me(&app).await["email"], "mine@example.com");
    }

    async fn a_verification_link_for_an_old_address_does_not_verify_the_new_one(app: TestApp) {
        app.register("first@example.com").await;
        let verify_old = app.token_from_mail("first@example.com", "verify_email").await;
        app.post_json("/api/customer/changeEmail", &json!({"new_email": "second@example.com", "current_password": PASSWORD})).await;
        let confirm = app.token_from_mail("second@example.com", "confirm_email_change").await;
        assert_eq!(app.post_json("/api/customer/confirmEmail", &json!({"token": confirm})).await.status(), StatusCode::OK);
        let res = app.post_json("/api/customer/verifyEmail", &json!({"token": verify_old})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn required_verification_holds_login_until_verified(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("EMAIL_VERIFICATION", "required")]).await.expect("app");
        let res = app.post_json("/api/customer/register", &ann("must@example.com")).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        assert_eq!(body(res).await["data"]["email_verified"], false);
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED, "not logged in");
        let res = app.login("must@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let unverified = body(res).await;
        let wrong = body(app.login("must@example.com", "wrong password here").await).await;
        assert_eq!(unverified, wrong, "the same answer as a wrong password");
        let token = app.token_from_mail("must@example.com", "verify_email").await;
        assert_eq!(app.post_json("/api/customer/verifyEmail", &json!({"token": token})).await.status(), StatusCode::OK);
        assert_eq!(app.login("must@example.com", PASSWORD).await.status(), StatusCode::OK);
    }

    async fn graphql_verifies_and_changes_email(app: TestApp) {
        app.register("gq@example.com").await;
        let token = app.token_from_mail("gq@example.com", "verify_email").await;
        let res = app.graphql("mutation($t: String!) { verifyEmail(token: $t) { email emailVerified } }", json!({"t": token})).await;
        assert_eq!(res["data"]["verifyEmail"], json!({"email": "gq@example.com", "emailVerified": true}), "{res}");
        let res = app.graphql("mutation { resendVerification }", json!({})).await;
        assert!(res["data"]["resendVerification"].as_str().is_some_and(|m| m.contains("already verified")), "{res}");
        let res = app.graphql("mutation($p: String!) { changeEmail(newEmail: \"gq2@example.com\", currentPassword: $p) }", json!({"p": PASSWORD})).await;
        assert!(res["errors"].is_null(), "{res}");
        let token = app.token_from_mail("gq2@example.com", "confirm_email_change").await;
        let res = app.graphql("mutation($t: String!) { confirmEmail(token: $t) { email emailVerified } }", json!({"t": token})).await;
        assert_eq!(res["data"]["confirmEmail"]["email"], "gq2@example.com", "{res}");
        let res = app.graphql("mutation { verifyEmail(token: \"nope\") { email } }", json!({})).await;
        assert_eq!(res["errors"][0]["extensions"]["status"], 422, "{res}");
    }
}
