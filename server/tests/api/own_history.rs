//! The customer's own changes leave history rows, whichever interface
//! made them (REST here; the services are shared), on both databases.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::groups::actions_of;
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";
const NEW_PASSWORD: &str = "purple elephant guitar river";

on_both_backends! {
    async fn each_own_change_writes_its_history_row(app: TestApp) {
        let id = app.register("ann@example.com").await;
        assert_eq!(actions_of(&app, "ann@example.com").await, ["registered"]);

        let res = app.patch_json(&format!("/api/customer/{id}"), &json!({"first_name": "Anna", "phone": null})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let changes = app.sql_strings("SELECT changes FROM customer_history WHERE action = 'profile_updated'").await;
        let changes: Value = serde_json::from_str(&changes[0]).expect("json");
        assert_eq!(changes, json!([
            {"field": "first_name", "old": "Ann", "new": "Anna"},
            {"field": "phone", "old": "+442079460958", "new": null},
        ]));

        let phone = app.other_browser();
        assert_eq!(phone.login("ann@example.com", PASSWORD).await.status(), StatusCode::OK);
        assert_eq!(app.delete("/api/customer/sessions").await.status(), StatusCode::NO_CONTENT);
        let tablet = app.other_browser();
        assert_eq!(tablet.login("ann@example.com", PASSWORD).await.status(), StatusCode::OK);
        let list: Value = app.get("/api/customer/sessions").await.json().await.expect("json");
        let other = list["data"].as_array().expect("list").iter().find(|s| s["current"] == false).expect("tablet")["id"].as_str().expect("id").to_string();
        assert_eq!(app.delete(&format!("/api/customer/sessions/{other}")).await.status(), StatusCode::NO_CONTENT);

        let res = app.post_json("/api/customer/changePassword", &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let res = app.post_json("/api/customer/changeEmail", &json!({"new_email": "ann.new@example.com", "current_password": NEW_PASSWORD})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let token = app.token_from_mail("ann.new@example.com", "confirm_email_change").await;
        assert_eq!(app.post_json("/api/customer/confirmEmail", &json!({"token": token})).await.status(), StatusCode::OK);

        assert_eq!(
            actions_of(&app, "ann.new@example.com").await,
            ["registered", "profile_updated", "sessions_ended", "sessions_ended", "password_changed", "email_changed"]
        );
        let email = app.sql_strings("SELECT changes FROM customer_history WHERE action = 'email_changed'").await;
        assert!(email[0].contains("ann@example.com") && email[0].contains("ann.new@example.com"), "{}", email[0]);
        let actors = app.sql_strings("SELECT DISTINCT actor_id FROM customer_history").await;
        assert_eq!(actors, [id]);
        // Never a password, hash or token.
        for row in app.sql_strings("SELECT changes FROM customer_history").await {
            for secret in [PASSWORD, NEW_PASSWORD, "$2", token.as_str()] {
                assert!(!row.contains(secret), "{secret} in {row}");
            }
        }
    }
}
