//! Orders on both databases, black-box: the catalogue, checkout (guests,
//! customers, creating an account), the history and its ownership, guest
//! orders joining a verified account, staff's view and status changes,
//! and GraphQL. Shared builders are here; each concern has its file.

mod admin;
mod checkout;
mod claiming;
mod graphql;
mod history;

use serde_json::{json, Value};

use crate::helpers::TestApp;

pub const CHECKOUT: &str = "/api/checkout";
pub const MY_ORDERS: &str = "/api/customer/orders";

pub fn ottawa() -> Value {
    json!({"first_name": "Ann", "last_name": "Lee", "line1": "24 Sussex Drive",
        "city": "Ottawa", "province": "ON", "postal_code": "K1M 1M4", "country": "CA"})
}

pub fn washington() -> Value {
    json!({"first_name": "Ann", "last_name": "Lee", "line1": "1600 Pennsylvania Ave NW",
        "city": "Washington", "province": "DC", "postal_code": "20500", "country": "US"})
}

pub fn guest_order(email: &str, items: Value) -> Value {
    json!({"email": email, "items": items, "shipping_address": ottawa()})
}

pub async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

/// Places an order and returns its body (`data`, `meta`), asserting 201.
pub async fn place(app: &TestApp, body: &Value) -> Value {
    let res = app.post_json(CHECKOUT, body).await;
    let status = res.status();
    let body = json_of(res).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    body
}

/// The stock of one product, as the catalogue says.
pub async fn stock(app: &TestApp, sku: &str) -> i64 {
    let list = json_of(app.get("/api/catalog/products").await).await;
    list["data"]
        .as_array()
        .expect("products")
        .iter()
        .find(|p| p["sku"] == sku)
        .and_then(|p| p["stock"].as_i64())
        .expect("product")
}

pub async fn count_orders(app: &TestApp) -> usize {
    app.sql_strings("SELECT number FROM customer_order")
        .await
        .len()
}
