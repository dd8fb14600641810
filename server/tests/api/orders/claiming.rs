//! Guest orders join an account only once its email is verified: by the
//! verification link, or at login once verified.

use serde_json::json;

use super::*;
use crate::helpers::TestApp;
use crate::on_both_backends;

async fn total(app: &TestApp) -> serde_json::Value {
    json_of(app.get(MY_ORDERS).await).await["meta"]["total"].clone()
}

on_both_backends! {
    async fn guest_orders_join_only_after_verification(app: TestApp) {
        let guest = app.other_browser();
        for _ in 0..2 {
            place(&guest, &guest_order("Later@Example.com", json!([{"sku": "LK-TEA-001", "quantity": 1}]))).await;
        }
        place(&guest, &guest_order("someone.else@example.com", json!([{"sku": "LK-TEA-001", "quantity": 1}]))).await;

        // Registering with the email is not enough: anyone could.
        app.register("later@example.com").await;
        assert_eq!(total(&app).await, 0);

        let token = app.token_from_mail("later@example.com", "verify_email").await;
        let res = app.post_json("/api/customer/verifyEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        assert_eq!(total(&app).await, 2, "both guest orders, not the other email's");
        let orders = json_of(app.get(MY_ORDERS).await).await;
        let number = orders["data"][0]["number"].as_str().expect("number");
        let order = json_of(app.get(&format!("{MY_ORDERS}/{number}")).await).await;
        assert_eq!(order["data"]["guest"], false);

        // Later guest orders with the verified email join at the next login.
        place(&guest, &guest_order("later@example.com", json!([{"sku": "LK-TEA-002", "quantity": 1}]))).await;
        assert_eq!(total(&app).await, 2);
        let fresh = app.other_browser();
        let res = fresh.login("later@example.com", "correct horse battery").await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        assert_eq!(total(&fresh).await, 3);
        // The history says so.
        let actions = app.sql_strings(
            "SELECT action FROM customer_history WHERE action = 'orders_attached'").await;
        assert_eq!(actions.len(), 2);
    }

    async fn an_unverified_login_claims_nothing(app: TestApp) {
        app.register("unverified@example.com").await;
        let guest = app.other_browser();
        place(&guest, &guest_order("unverified@example.com", json!([{"sku": "LK-TEA-001", "quantity": 1}]))).await;
        let again = app.other_browser();
        let res = again.login("unverified@example.com", "correct horse battery").await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        assert_eq!(total(&again).await, 0);
        let guests = app.sql_strings("SELECT number FROM customer_order WHERE customer_id IS NULL").await;
        assert_eq!(guests.len(), 1);
    }
}
