//! The wholesale price list on both databases: REST, GraphQL, the server
//! function and the `/wholesale` page (without JavaScript) agree: 401 when
//! logged out, 403 for other groups, the list for Wholesale and VIP; a
//! change of group counts from the customer's next request.

use customer_core::staff::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

const PRICE_LIST: &str = "/api/wholesale/price-list";

async fn body(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

async fn move_to(app: &TestApp, email: &str, group: &str) {
    app.exec_sql(&format!(
        "UPDATE customer SET group_id = (SELECT id FROM customer_group WHERE name = '{group}')
         WHERE email = '{email}'"
    ))
    .await;
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.get(path).await;
    let status = res.status();
    (status, res.text().await.expect("html"))
}

on_both_backends! {
    async fn the_price_list_is_for_wholesale_and_vip_from_the_next_request(app: TestApp) {
        let res = app.get(PRICE_LIST).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(body(res).await["error"]["message"], "Please log in.");

        let ann = app.other_browser();
        ann.register("ann@example.com").await;
        let res = ann.get(PRICE_LIST).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(body(res).await["error"]["message"], "This price list is for trade customers.");

        move_to(&app, "ann@example.com", "Wholesale").await;
        let res = ann.get(PRICE_LIST).await;
        assert_eq!(res.status(), StatusCode::OK);
        let items = body(res).await["data"]["items"].clone();
        assert_eq!(items.as_array().map(Vec::len), Some(6));
        assert_eq!(items[0], json!({"sku": "LK-TEA-001", "name": "Larkspur breakfast tea, 500 g",
            "retail": {"amount": 1800, "currency": "USD"}, "price": {"amount": 1150, "currency": "USD"},
            "min_quantity": 12}));
        assert_eq!(items[5]["sku"], "LK-GFT-040");

        move_to(&app, "ann@example.com", "VIP").await;
        assert_eq!(ann.get(PRICE_LIST).await.status(), StatusCode::OK);
        move_to(&app, "ann@example.com", "General").await;
        assert_eq!(ann.get(PRICE_LIST).await.status(), StatusCode::FORBIDDEN);

        // A staff login is not a customer login.
        let admin = app.staff_browser(Role::Admin).await;
        assert_eq!(admin.get(PRICE_LIST).await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn graphql_and_the_server_function_say_the_same(app: TestApp) {
        let query = "{ wholesalePriceList { sku retail { amount currency formatted } price { formatted } minQuantity } }";
        let anonymous = app.graphql(query, json!({})).await;
        assert_eq!(anonymous["errors"][0]["extensions"]["code"], "UNAUTHORIZED", "{anonymous}");
        assert_eq!(app.server_fn("wholesale_price_list", &[]).await.status(), StatusCode::UNAUTHORIZED);

        app.register("ann@example.com").await;
        let refused = app.graphql(query, json!({})).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
        assert_eq!(refused["errors"][0]["message"], "This price list is for trade customers.");
        assert_eq!(app.server_fn("wholesale_price_list", &[]).await.status(), StatusCode::FORBIDDEN);
        let can = app.server_fn("can_see_wholesale", &[]).await;
        assert_eq!(can.text().await.expect("text"), "false");

        move_to(&app, "ann@example.com", "Wholesale").await;
        let list = app.graphql(query, json!({})).await;
        assert_eq!(list["data"]["wholesalePriceList"][0], json!({"sku": "LK-TEA-001",
            "retail": {"amount": 1800, "currency": "USD", "formatted": "$18.00"},
            "price": {"formatted": "$11.50"}, "minQuantity": 12}), "{list}");
        let res = app.server_fn("wholesale_price_list", &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["items"][0]["sku"], "LK-TEA-001");
        let can = app.server_fn("can_see_wholesale", &[]).await;
        assert_eq!(can.text().await.expect("text"), "true");
    }

    async fn the_page_works_without_javascript(app: TestApp) {
        // Logged out: a prompt to log in that comes back here.
        let (status, html) = page(&app, "/wholesale").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Please log in to see our trade prices"), "{html}");
        assert!(html.contains("href=\"/account/login?next=/wholesale\""), "{html}");
        assert!(!html.contains("$11.50"));

        // A plain form post of the login goes back to the page.
        app.other_browser().register("ann@example.com").await;
        let login = |next: &'static str| {
            let app = &app;
            async move {
                app.client
                    .post(app.url("/api/fn/login"))
                    .header("accept", "text/html")
                    .header("referer", app.url("/account/login"))
                    .form(&[("email", "ann@example.com"), ("password", "correct horse battery"), ("next", next)])
                    .send()
                    .await
                    .expect("request")
            }
        };
        let res = login("https://evil.example/").await;
        assert_eq!(res.status(), StatusCode::FOUND);
        assert_eq!(res.headers()["location"], "/account");
        let res = login("/wholesale").await;
        assert_eq!(res.status(), StatusCode::FOUND);
        assert_eq!(res.headers()["location"], "/wholesale");
        let (_, login_page) = page(&app, "/account/login?next=/wholesale").await;
        assert!(login_page.contains("name=\"next\" value=\"/wholesale\""), "{login_page}");

        // Another group: the trade message, no prices, no dashboard card.
        let (status, html) = page(&app, "/wholesale").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("This price list is for trade customers."), "{html}");
        assert!(!html.contains("$11.50") && !html.contains("LK-TEA-001"));
        let (_, account) = page(&app, "/account").await;
        assert!(!account.contains("data-testid=\"trade-card\""));

        // Wholesale: the table, money formatted, minimum quantities.
        move_to(&app, "ann@example.com", "Wholesale").await;
        let (status, html) = page(&app, "/wholesale").await;
        assert_eq!(status, StatusCode::OK);
        for text in ["data-testid=\"price-table\"", "Larkspur breakfast tea, 500 g", "SKU LK-TEA-001", "$18.00", "$11.50", "12 units", "$65.00", "36% off retail"] {
            assert!(html.contains(text), "{text} missing");
        }
        let (_, account) = page(&app, "/account").await;
        assert!(account.contains("data-testid=\"trade-card\""));
        assert!(account.contains("href=\"/wholesale\""));
    }
}
