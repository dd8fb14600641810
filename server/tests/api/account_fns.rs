//! The password and email server functions, called as public HTTP
//! endpoints (form posts, as the WASM client and plain forms send them):
//! the same rules as REST, field errors with their real status.

use reqwest::StatusCode;
use serde_json::Value;

use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";
const NEW_PASSWORD: &str = "purple elephant guitar river";

async fn json(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

on_both_backends! {
    async fn reset_and_change_the_password_through_server_functions(app: TestApp) {
        app.register("fn-pw@example.com").await;
        let anon = app.other_browser();
        let known = anon.server_fn("forgot_password", &[("email", "fn-pw@example.com")]).await;
        assert_eq!(known.status(), StatusCode::OK);
        let unknown = anon.server_fn("forgot_password", &[("email", "nobody@example.com")]).await;
        assert_eq!(json(known).await, json(unknown).await);
        let token = app.token_from_mail("fn-pw@example.com", "reset_password").await;

        let res = anon.server_fn("reset_password", &[("token", "nonsense"), ("password", NEW_PASSWORD)]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(json(res).await["fields"]["token"].is_string());
        let res = anon.server_fn("reset_password", &[("token", token.as_str()), ("password", NEW_PASSWORD)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED, "sessions ended");
        assert_eq!(anon.login("fn-pw@example.com", NEW_PASSWORD).await.status(), StatusCode::OK);

        let res = anon.server_fn("change_password", &[("current_password", PASSWORD), ("new_password", "yet another long phrase")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(json(res).await["fields"]["current_password"].is_string());
        let res = anon.server_fn("change_password", &[("current_password", NEW_PASSWORD), ("new_password", "yet another long phrase")]).await;
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(app.count_mails("fn-pw@example.com", "password_changed").await, 2);
    }

    async fn verify_and_change_the_email_through_server_functions(app: TestApp) {
        app.register("fn-em@example.com").await;
        let token = app.token_from_mail("fn-em@example.com", "verify_email").await;
        let res = app.other_browser().server_fn("verify_email", &[("token", token.as_str())]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(json(res).await["email_verified"], true);

        let res = app.server_fn("change_email", &[("new_email", "fn-new@example.com"), ("current_password", "wrong wrong wrong")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = app.server_fn("change_email", &[("new_email", "fn-new@example.com"), ("current_password", PASSWORD)]).await;
        assert!(res.status().is_success(), "{}", res.status());
        let token = app.token_from_mail("fn-new@example.com", "confirm_email_change").await;
        let res = app.server_fn("confirm_email", &[("token", token.as_str())]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let me: Value = json(app.get("/api/customer/me").await).await;
        assert_eq!(me["data"]["email"], "fn-new@example.com");

        // Logged out, the resend answers the same whatever the address.
        let anon = app.other_browser();
        let a = anon.server_fn("resend_verification", &[("email", "fn-new@example.com")]).await;
        let b = anon.server_fn("resend_verification", &[("email", "ghost@example.com")]).await;
        assert_eq!(a.status(), StatusCode::OK);
        assert_eq!(json(a).await, json(b).await);
    }
}
