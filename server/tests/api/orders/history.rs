//! The customer's history: pages, newest first, and nobody else's orders.

use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::on_both_backends;

on_both_backends! {
    async fn the_history_is_paged_newest_first(app: TestApp) {
        app.register("ann@example.com").await;
        let mut numbers = Vec::new();
        for _ in 0..12 {
            let body = json!({"items": [{"sku": "LK-INF-050", "quantity": 1}],
                "shipping_address": washington()});
            let placed = place(&app, &body).await;
            numbers.push(placed["data"]["number"].as_str().expect("number").to_owned());
            // Distinct placing times, so "newest first" is well defined.
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        }
        numbers.reverse();
        let page = |p: &str| format!("{MY_ORDERS}?page={p}&per_page=5");
        let first = json_of(app.get(&page("1")).await).await;
        assert_eq!(first["meta"], json!({"total": 12, "page": 1, "per_page": 5}));
        let got: Vec<&str> = first["data"].as_array().expect("rows").iter()
            .map(|o| o["number"].as_str().expect("number")).collect();
        assert_eq!(got, numbers[..5].iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(first["data"][0]["item_count"], 1);
        assert_eq!(first["data"][0]["total"], json!({"amount": 1400, "currency": "USD"}));
        let last = json_of(app.get(&page("3")).await).await;
        assert_eq!(last["data"].as_array().map(Vec::len), Some(2));
        assert_eq!(last["data"][1]["number"], numbers[11].as_str());
        let beyond = json_of(app.get(&page("9")).await).await;
        assert_eq!(beyond["data"], json!([]));
        assert_eq!(beyond["meta"]["total"], 12);
        let default = json_of(app.get(MY_ORDERS).await).await;
        assert_eq!(default["meta"]["per_page"], 10);

        let res = app.get(&format!("{MY_ORDERS}?page=0&per_page=1000")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fields = json_of(res).await["error"]["fields"].clone();
        assert_eq!(fields["page"], "Use a page number from 1 to 100000.");
        assert_eq!(fields["per_page"], "Show from 1 to 100 orders per page.");
    }

    async fn another_customers_order_is_not_found(app: TestApp) {
        app.register("ann@example.com").await;
        let placed = place(&app, &json!({"items": [{"sku": "LK-TEA-002", "quantity": 1}],
            "shipping_address": ottawa()})).await;
        let number = placed["data"]["number"].as_str().expect("number").to_owned();
        // Typed in lower case without the dash, it is the same order.
        let typed = number.replace('-', "").to_lowercase();
        assert_eq!(app.get(&format!("{MY_ORDERS}/{typed}")).await.status(), StatusCode::OK);

        let bob = app.other_browser();
        bob.register("bob@example.com").await;
        let res = bob.get(&format!("{MY_ORDERS}/{number}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(json_of(res).await["error"]["message"], "No such order.");
        let bobs = json_of(bob.get(MY_ORDERS).await).await;
        assert_eq!(bobs["meta"]["total"], 0);
        for junk in ["0000-0000", "nope", "%27%20OR%201=1", &"A".repeat(3000)] {
            let res = bob.get(&format!("{MY_ORDERS}/{junk}")).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{junk}");
        }
        assert_eq!(app.other_browser().get(MY_ORDERS).await.status(), StatusCode::UNAUTHORIZED);
    }
}
