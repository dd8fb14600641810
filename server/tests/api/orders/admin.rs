//! Staff: a customer's orders, any order, and status changes along the
//! allowed transitions (admins only).

use customer_core::staff::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::on_both_backends;

on_both_backends! {
    async fn staff_see_a_customers_orders_and_admins_move_them_along(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let placed = place(&app, &json!({"items": [{"sku": "LK-POT-020", "quantity": 2}],
            "shipping_address": ottawa()})).await;
        let number = placed["data"]["number"].as_str().expect("number").to_owned();
        assert_eq!(stock(&app, "LK-POT-020").await, 58);
        let list_path = format!("/api/admin/customers/{id}/orders");
        let order_path = format!("/api/admin/orders/{number}");

        assert_eq!(app.get(&list_path).await.status(), StatusCode::FORBIDDEN, "a customer");
        assert_eq!(app.other_browser().get(&list_path).await.status(), StatusCode::UNAUTHORIZED);
        let support = app.staff_browser(Role::Support).await;
        let list = json_of(support.get(&list_path).await).await;
        assert_eq!(list["meta"]["total"], 1);
        assert_eq!(list["data"][0]["number"], number.as_str());
        let seen = json_of(support.get(&order_path).await).await;
        assert_eq!(seen["data"]["customer_id"], id.as_str(), "staff can go to the customer");
        let missing = support.get("/api/admin/orders/ZZZZ-ZZZZ").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let res = support.patch_json(&order_path, &json!({"status": "paid"})).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "support cannot take money");
        let missing = support.get("/api/admin/customers/00000000-0000-4000-8000-00000000dead/orders").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);

        let admin = app.staff_browser(Role::Admin).await;
        let res = admin.patch_json(&order_path, &json!({"status": "shipped"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json_of(res).await["error"]["fields"]["status"],
            "A pending order cannot become shipped; it can become paid or cancelled.");
        let res = admin.patch_json(&order_path, &json!({"status": "lost"})).await;
        assert_eq!(json_of(res).await["error"]["fields"]["status"],
            "Use one of: pending, paid, shipped, delivered, cancelled, refunded.");
        let res = admin.patch_json(&order_path, &json!({"status": "paid", "note": "x"})).await;
        assert!(json_of(res).await["error"]["fields"]["note"].is_string());

        for status in ["paid", "shipped", "delivered"] {
            let res = admin.patch_json(&order_path, &json!({"status": status})).await;
            assert_eq!(res.status(), StatusCode::OK, "{status}");
        }
        let mine = json_of(app.get(&format!("{MY_ORDERS}/{number}")).await).await;
        assert_eq!(mine["data"]["status"], "delivered");
        let steps: Vec<&str> = mine["data"]["history"].as_array().expect("history").iter()
            .map(|h| h["status"].as_str().expect("status")).collect();
        assert_eq!(steps, ["pending", "paid", "shipped", "delivered"]);
        let res = admin.patch_json(&order_path, &json!({"status": "cancelled"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(stock(&app, "LK-POT-020").await, 58, "delivered goods stay sold");
        assert_eq!(admin.patch_json("/api/admin/orders/ZZZZ-ZZZZ", &json!({"status": "paid"})).await.status(),
            StatusCode::NOT_FOUND);
    }

    async fn cancelling_puts_the_stock_back_once(app: TestApp) {
        let placed = place(&app, &guest_order("g@example.com", json!([{"sku": "LK-POT-020", "quantity": 5}]))).await;
        let number = placed["data"]["number"].as_str().expect("number").to_owned();
        assert_eq!(stock(&app, "LK-POT-020").await, 55);
        let admin = app.staff_browser(Role::Admin).await;
        let path = format!("/api/admin/orders/{number}");
        let res = admin.patch_json(&path, &json!({"status": "cancelled"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(json_of(res).await["data"]["status"], "cancelled");
        assert_eq!(stock(&app, "LK-POT-020").await, 60);
        let res = admin.patch_json(&path, &json!({"status": "cancelled"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json_of(res).await["error"]["fields"]["status"], "A cancelled order cannot change any more.");
        assert_eq!(stock(&app, "LK-POT-020").await, 60);
    }
}
