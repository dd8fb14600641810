//! The catalogue and checkout: totals, stock, bad input, and creating an
//! account while checking out.

use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::on_both_backends;

on_both_backends! {
    async fn the_catalogue_lists_products_with_prices_and_stock(app: TestApp) {
        let res = app.get("/api/catalog/products").await;
        assert_eq!(res.status(), StatusCode::OK);
        let body = json_of(res).await;
        let products = body["data"].as_array().expect("array");
        assert_eq!(products.len(), 8);
        assert_eq!(products[0], json!({"sku": "LK-TEA-001", "name": "Larkspur breakfast tea, 500 g",
            "price": {"amount": 1800, "currency": "USD"}, "stock": 500}));
        assert_eq!(products[7]["stock"], 0, "a sold-out product is listed");
    }

    async fn a_guest_order_is_priced_stocked_and_kept_as_placed(app: TestApp) {
        let body = place(&app, &guest_order("Guest@Example.com",
            json!([{"sku": "LK-TEA-001", "quantity": 2}, {"sku": "LK-HNY-030", "quantity": 1}]))).await;
        let order = &body["data"];
        let number = order["number"].as_str().expect("number");
        assert!(regex_like_number(number), "{number}");
        assert_eq!(order["status"], "pending");
        assert_eq!(order["guest"], true);
        assert_eq!(order["customer_id"], serde_json::Value::Null);
        assert_eq!(order["email"], "guest@example.com");
        assert_eq!(order["items"][0], json!({"sku": "LK-TEA-001", "name": "Larkspur breakfast tea, 500 g",
            "unit_price": {"amount": 1800, "currency": "USD"}, "quantity": 2,
            "line_total": {"amount": 3600, "currency": "USD"}}));
        assert_eq!(order["items"][1]["sku"], "LK-HNY-030", "lines keep the customer's order");
        // 4,800 to Canada: 15.00 shipping, 5 % tax.
        assert_eq!(order["subtotal"]["amount"], 4800);
        assert_eq!(order["shipping"]["amount"], 1500);
        assert_eq!(order["tax"]["amount"], 240);
        assert_eq!(order["total"], json!({"amount": 6540, "currency": "USD"}));
        assert_eq!(order["shipping_address"]["province_name"], "Ontario");
        assert_eq!(order["billing_address"], order["shipping_address"], "billing defaults to shipping");
        assert_eq!(order["history"].as_array().map(Vec::len), Some(1));
        assert_eq!(order["history"][0]["status"], "pending");
        assert_eq!(body["meta"], json!({"account": null, "logged_in": false}));
        assert_eq!(stock(&app, "LK-TEA-001").await, 498);
        assert_eq!(stock(&app, "LK-HNY-030").await, 299);
        // The confirmation went to the order's email (no link: a guest has no account).
        let mails = app.mails_to("guest@example.com").await;
        assert_eq!(mails, [("order_placed".to_owned(), None)]);
        // A guest cannot read orders back.
        assert_eq!(app.get(&format!("{MY_ORDERS}/{number}")).await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn bad_lines_are_named_and_nothing_is_taken(app: TestApp) {
        let res = app.post_json(CHECKOUT, &guest_order("g@example.com", json!([
            {"sku": "LK-TEA-001", "quantity": 1},
            {"sku": "LK-NOPE", "quantity": 1},
            {"sku": "LK-TIN-060", "quantity": 1},
            {"sku": "LK-POT-020", "quantity": 61},
        ]))).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fields = json_of(res).await["error"]["fields"].clone();
        assert_eq!(fields["items[1].sku"], "There is no product LK-NOPE.");
        assert_eq!(fields["items[2].quantity"], "Airtight tea tin, 250 g is sold out.");
        assert_eq!(fields["items[3].quantity"], "Only 60 of Cast iron teapot, 1 l left.");
        assert!(fields.get("items[0].quantity").is_none(), "{fields}");
        assert_eq!(stock(&app, "LK-TEA-001").await, 500, "the good line was not taken either");
        assert_eq!(count_orders(&app).await, 0);
        assert_eq!(app.count_mails("g@example.com", "order_placed").await, 0);

        let res = app.post_json(CHECKOUT, &json!({"email": "not an email",
            "items": [{"sku": "LK-TEA-001", "quantity": 0}, {"sku": "", "quantity": 1}],
            "shipping_address": {"first_name": "Ann", "country": "CA", "zip": "x"},
            "billing_address": {"first_name": "Ann", "last_name": "Lee", "line1": "1 St",
                "city": "Ottawa", "province": "ON", "postal_code": "nope", "country": "CA"},
            "coupon": "FREE"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fields = json_of(res).await["error"]["fields"].clone();
        for key in ["email", "items[0].quantity", "items[1].sku", "shipping_address.last_name",
            "shipping_address.line1", "shipping_address.city", "shipping_address.zip",
            "billing_address.postal_code", "coupon"] {
            assert!(fields.get(key).is_some(), "{key} missing in {fields}");
        }
        let empty = app.post_json(CHECKOUT, &guest_order("g@example.com", json!([]))).await;
        assert_eq!(json_of(empty).await["error"]["fields"]["items"], "Add at least one product.");
        let wrong_type = app.post_json(CHECKOUT, &guest_order("g@example.com",
            json!([{"sku": "LK-TEA-001", "quantity": "lots"}]))).await;
        assert_eq!(wrong_type.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let control = app.post_json(CHECKOUT, &guest_order("g@example.com",
            json!([{"sku": "LK-TEA-001\u{0}", "quantity": 1}]))).await;
        assert_eq!(control.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count_orders(&app).await, 0);
    }

    async fn parallel_checkouts_never_sell_more_than_the_stock(app: TestApp) {
        app.exec_sql("UPDATE product SET stock = 3 WHERE sku = 'LK-POT-020'").await;
        let attempts = (0..10).map(|i| {
            let browser = app.other_browser();
            async move {
                browser.post_json(CHECKOUT, &guest_order(&format!("p{i}@example.com"),
                    json!([{"sku": "LK-POT-020", "quantity": 1}]))).await.status()
            }
        });
        let statuses = futures_util::future::join_all(attempts).await;
        let placed = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
        assert_eq!((placed, refused), (3, 7), "{statuses:?}");
        assert_eq!(stock(&app, "LK-POT-020").await, 0);
        assert_eq!(count_orders(&app).await, 3);
    }

    async fn parallel_checkouts_creating_one_account_create_it_once(app: TestApp) {
        let attempts = (0..4).map(|_| {
            let browser = app.other_browser();
            async move {
                let mut body = guest_order("same@example.com", json!([{"sku": "LK-INF-050", "quantity": 1}]));
                body["create_account"] = json!({"password": "correct horse battery"});
                let res = browser.post_json(CHECKOUT, &body).await;
                assert_eq!(res.status(), StatusCode::CREATED);
                json_of(res).await["meta"]["account"].clone()
            }
        });
        let outcomes = futures_util::future::join_all(attempts).await;
        let created = outcomes.iter().filter(|a| *a == "created").count();
        let exists = outcomes.iter().filter(|a| *a == "exists").count();
        assert_eq!((created, exists), (1, 3), "{outcomes:?}");
        assert_eq!(app.sql_strings("SELECT email FROM customer").await, ["same@example.com"]);
        assert_eq!(count_orders(&app).await, 4, "every order placed");
        let guests = app.sql_strings("SELECT number FROM customer_order WHERE customer_id IS NULL").await;
        assert_eq!(guests.len(), 3);
    }

    async fn a_guest_creates_an_account_while_checking_out(app: TestApp) {
        let mut body = guest_order("new@example.com", json!([{"sku": "LK-CUP-010", "quantity": 1}]));
        body["billing_address"] = washington();
        body["create_account"] = json!({"password": "correct horse battery"});
        let placed = place(&app, &body).await;
        assert_eq!(placed["meta"], json!({"account": "created", "logged_in": true}));
        assert_eq!(placed["data"]["guest"], false);
        let number = placed["data"]["number"].as_str().expect("number").to_owned();

        // Logged in as the new account, which owns the order and both addresses.
        let me = json_of(app.get("/api/customer/me").await).await;
        assert_eq!(me["data"]["email"], "new@example.com");
        assert_eq!(me["data"]["first_name"], "Ann");
        assert_eq!(me["data"]["default_shipping_address"]["city"], "Ottawa");
        assert_eq!(me["data"]["default_billing_address"]["city"], "Washington");
        let book = json_of(app.get("/api/customer/addresses").await).await;
        assert_eq!(book["data"].as_array().map(Vec::len), Some(2));
        let orders = json_of(app.get(MY_ORDERS).await).await;
        assert_eq!(orders["data"][0]["number"], number.as_str());
        assert_eq!(app.get(&format!("{MY_ORDERS}/{number}")).await.status(), StatusCode::OK);
        // The usual welcome or verification mail went out.
        assert_eq!(app.count_mails("new@example.com", "verify_email").await, 1);
        let mails = app.mails_to("new@example.com").await;
        let confirmation = mails.iter().find(|(kind, _)| kind == "order_placed").expect("confirmation");
        assert!(confirmation.1.as_deref().is_some_and(|l| l.ends_with(&format!("/account/orders/{number}"))),
            "{mails:?}");
    }

    async fn an_account_that_exists_keeps_the_order_a_guest_order(app: TestApp) {
        app.register("taken@example.com").await;
        let browser = app.other_browser();
        let mut body = guest_order("taken@example.com", json!([{"sku": "LK-CUP-010", "quantity": 1}]));
        body["create_account"] = json!({"password": "another horse battery"});
        let placed = place(&browser, &body).await;
        assert_eq!(placed["meta"], json!({"account": "exists", "logged_in": false}));
        assert_eq!(placed["data"]["guest"], true);
        assert_eq!(browser.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        // Nothing changed for the account, whose email is not verified.
        let orders = json_of(app.get(MY_ORDERS).await).await;
        assert_eq!(orders["meta"]["total"], 0);

        // A password too weak is named before anything else happens.
        body["create_account"] = json!({"password": "short"});
        let res = browser.post_json(CHECKOUT, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(json_of(res).await["error"]["fields"]["create_account.password"].is_string());
    }

    async fn a_customer_checks_out_from_the_address_book(app: TestApp) {
        app.register("ann@example.com").await;
        let mut home = washington();
        home["default_shipping"] = json!(true);
        let added = json_of(app.post_json("/api/customer/addresses", &home).await).await;
        let id = added["data"]["id"].as_str().expect("id").to_owned();
        let body = json!({"items": [{"sku": "LK-GFT-040", "quantity": 2}], "shipping_address_id": id});
        let placed = place(&app, &body).await;
        let order = &placed["data"];
        assert_eq!(order["email"], "ann@example.com", "the account's email");
        assert_eq!(order["guest"], false);
        assert_eq!(order["shipping_address"]["city"], "Washington");
        // 9,000 in the US: free shipping from 75.00, no tax.
        assert_eq!(order["shipping"]["amount"], 0);
        assert_eq!(order["tax"]["amount"], 0);
        assert_eq!(order["total"]["amount"], 9000);

        // The snapshot does not follow the address book.
        let res = app.patch_json(&format!("/api/customer/addresses/{id}"), &json!({"city": "Baltimore",
            "province": "MD", "postal_code": "21201"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let number = order["number"].as_str().expect("number");
        let again = json_of(app.get(&format!("{MY_ORDERS}/{number}")).await).await;
        assert_eq!(again["data"]["shipping_address"]["city"], "Washington");

        // Someone else's address id is no address at all.
        let bob = app.other_browser();
        bob.register("bob@example.com").await;
        let res = bob.post_json(CHECKOUT, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json_of(res).await["error"]["fields"]["shipping_address_id"], "No such address.");
        // A logged-in customer cannot ask for another account.
        let mut again = body.clone();
        again["create_account"] = json!({"password": "correct horse battery"});
        let res = app.post_json(CHECKOUT, &again).await;
        assert!(json_of(res).await["error"]["fields"]["create_account"].is_string());
    }
}

/// `XXXX-XXXX` from Crockford's alphabet.
fn regex_like_number(n: &str) -> bool {
    n.len() == 9
        && n.chars().enumerate().all(|(i, c)| match i {
            4 => c == '-',
            _ => c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c)),
        })
}
