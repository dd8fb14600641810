//! The same over GraphQL: products, checkout, the caller's orders, one
//! order, and staff's status change.

use customer_core::staff::Role;
use serde_json::json;

use crate::on_both_backends;

const CHECKOUT_MUTATION: &str = "mutation($input: Checkout!) { checkout(input: $input) {
    account loggedIn order { number status guest total { amount currency } items { sku quantity } } } }";

on_both_backends! {
    async fn graphql_places_lists_and_moves_orders(app: TestApp) {
        let products = app.graphql("{ products { sku price { amount } stock } }", json!({})).await;
        assert_eq!(products["data"]["products"][0], json!({"sku": "LK-TEA-001", "price": {"amount": 1800}, "stock": 500}));

        let input = json!({"email": "gql@example.com", "items": [{"sku": "LK-TEA-001", "quantity": 1}],
            "shippingAddress": {"firstName": "Ann", "lastName": "Lee", "line1": "1600 Pennsylvania Ave NW",
                "city": "Washington", "province": "DC", "postalCode": "20500", "country": "US"},
            "createAccount": {"password": "correct horse battery"}});
        let placed = app.graphql(CHECKOUT_MUTATION, json!({"input": input})).await;
        let outcome = &placed["data"]["checkout"];
        assert_eq!(outcome["account"], "created", "{placed}");
        assert_eq!(outcome["loggedIn"], true);
        assert_eq!(outcome["order"]["status"], "PENDING");
        assert_eq!(outcome["order"]["total"], json!({"amount": 2300, "currency": "USD"}));
        let number = outcome["order"]["number"].as_str().expect("number").to_owned();

        let mine = app.graphql("{ currentCustomer { email orders(page: 1, perPage: 5) { total page perPage nodes { number status itemCount } } } }", json!({})).await;
        let orders = &mine["data"]["currentCustomer"]["orders"];
        assert_eq!(orders["total"], 1, "{mine}");
        assert_eq!(orders["nodes"][0]["number"], number.as_str());
        let one = app.graphql("query($n: String!) { order(number: $n) { number shippingAddress { city } history { status at } } }",
            json!({"n": number})).await;
        assert_eq!(one["data"]["order"]["shippingAddress"]["city"], "Washington");

        let bob = app.other_browser();
        bob.register("bob@example.com").await;
        let theirs = bob.graphql("query($n: String!) { order(number: $n) { number } }", json!({"n": number})).await;
        assert_eq!(theirs["errors"][0]["extensions"]["code"], "NOT_FOUND", "{theirs}");
        let bad_page = bob.graphql("{ currentCustomer { orders(perPage: 0) { total } } }", json!({})).await;
        assert_eq!(bad_page["errors"][0]["extensions"]["fields"]["per_page"], "Show from 1 to 100 orders per page.");

        let bad = app.graphql(CHECKOUT_MUTATION, json!({"input": {"items": [{"sku": "LK-NOPE", "quantity": 1}],
            "shippingAddressId": "nope"}})).await;
        assert_eq!(bad["errors"][0]["extensions"]["fields"]["items[0].sku"], "There is no product LK-NOPE.", "{bad}");

        let set = "mutation($n: String!) { setOrderStatus(number: $n, status: PAID) { status history { status } } }";
        let refused = bob.graphql(set, json!({"n": number})).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
        let admin = app.staff_browser(Role::Admin).await;
        let moved = admin.graphql(set, json!({"n": number})).await;
        assert_eq!(moved["data"]["setOrderStatus"]["status"], "PAID", "{moved}");
        let staff_view = admin.graphql("query($n: String!) { adminOrder(number: $n) { email status customerId } }", json!({"n": number})).await;
        assert_eq!(staff_view["data"]["adminOrder"]["email"], "gql@example.com");
        let me = app.graphql("{ currentCustomer { id } }", json!({})).await;
        assert_eq!(staff_view["data"]["adminOrder"]["customerId"], me["data"]["currentCustomer"]["id"]);
    }
}
