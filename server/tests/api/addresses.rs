//! The address book over all three interfaces: REST, GraphQL and the
//! server functions, ownership, hostile input, and the countries.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

fn ottawa() -> Value {
    json!({
        "label": "Home", "first_name": "Ann", "last_name": "Lee", "line1": "24 Sussex Drive",
        "city": "Ottawa", "province": "Ontario", "postal_code": "k1m 1m4", "country": "ca",
        "phone": "+1 613 555 0199"
    })
}

fn berlin() -> Value {
    json!({
        "first_name": "Ann", "last_name": "Lee", "line1": "Unter den Linden 1",
        "city": "Berlin", "postal_code": "10117", "country": "DE"
    })
}

async fn add(app: &TestApp, body: &Value) -> Value {
    let res = app.post_json("/api/customer/addresses", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.expect("json");
    body["data"].clone()
}

async fn book(app: &TestApp) -> Vec<Value> {
    let res = app.get("/api/customer/addresses").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    body["data"].as_array().expect("list").clone()
}

async fn error_fields(res: reqwest::Response) -> Value {
    let body: Value = res.json().await.expect("json");
    body["error"]["fields"].clone()
}

on_both_backends! {
    async fn rest_address_book_journey(app: TestApp) {
        app.register("book@example.com").await;
        let me: Value = app.get("/api/customer/me").await.json().await.expect("json");
        assert!(me["data"]["default_shipping_address"].is_null(), "{me}");
        assert!(me["data"]["default_billing_address"].is_null(), "{me}");

        let home = add(&app, &ottawa()).await;
        assert_eq!(home["country"], "CA");
        assert_eq!(home["province"], "ON");
        assert_eq!(home["postal_code"], "K1M 1M4");
        assert_eq!(home["default_shipping"], true);
        assert_eq!(home["default_billing"], true);
        assert_eq!(home["id"].as_str().map(str::len), Some(36));
        let home_id = home["id"].as_str().expect("id").to_string();
        let office = add(&app, &berlin()).await;
        assert_eq!(office["default_shipping"], false);
        let office_id = office["id"].as_str().expect("id").to_string();

        // Make the office the default shipping address.
        let res = app
            .patch_json(&format!("/api/customer/addresses/{office_id}"), &json!({"default_shipping": true, "label": "Office"}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["data"]["label"], "Office");
        let me: Value = app.get("/api/customer/me").await.json().await.expect("json");
        assert_eq!(me["data"]["default_shipping_address"]["id"], office_id.as_str());
        assert_eq!(me["data"]["default_billing_address"]["id"], home_id.as_str());
        let list = book(&app).await;
        assert_eq!(list.len(), 2);
        assert_eq!(list.iter().filter(|a| a["default_shipping"] == true).count(), 1);

        // Delete the shipping default: none is promoted.
        let res = app.delete(&format!("/api/customer/addresses/{office_id}")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let me: Value = app.get("/api/customer/me").await.json().await.expect("json");
        assert!(me["data"]["default_shipping_address"].is_null(), "{me}");
        assert_eq!(me["data"]["default_billing_address"]["id"], home_id.as_str());
        let res = app.delete(&format!("/api/customer/addresses/{office_id}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }

    async fn each_rule_names_its_field(app: TestApp) {
        app.register("rules@example.com").await;
        for (patch, field, words) in [
            (json!({"country": "XX"}), "country", ""),
            (json!({"country": ""}), "country", ""),
            (json!({"province": "Bavaria"}), "province", ""),
            (json!({"province": null}), "province", ""),
            (json!({"postal_code": "12345"}), "postal_code", "Canada"),
            (json!({"postal_code": null}), "postal_code", ""),
            (json!({"first_name": ""}), "first_name", ""),
            (json!({"city": "x".repeat(101)}), "city", "100"),
            (json!({"line1": "1 Main St\u{0007}"}), "line1", ""),
            (json!({"label": "Home\r\nX-Injected: 1"}), "label", ""),
            (json!({"phone": "not a phone"}), "phone", ""),
            (json!({"zip": "K1A 0B1"}), "zip", ""),
        ] {
            let mut body = ottawa();
            for (k, v) in patch.as_object().expect("object") {
                body[k] = v.clone();
            }
            let res = app.post_json("/api/customer/addresses", &body).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{patch}");
            let fields = error_fields(res).await;
            let message = fields[field].as_str().unwrap_or_else(|| panic!("{patch}: {fields}"));
            assert!(message.contains(words), "{patch}: {message}");
        }
        assert!(book(&app).await.is_empty(), "nothing was stored");
        // Not JSON, or the wrong shape: a client error, never a 500.
        let res = app
            .client
            .post(app.url("/api/customer/addresses"))
            .header("content-type", "application/json")
            .body("{\"first_name\": ")
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let res = app.post_json("/api/customer/addresses", &json!({"first_name": ["x"]})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn another_customers_address_is_404_everywhere(app: TestApp) {
        app.register("owner@example.com").await;
        let home = add(&app, &ottawa()).await;
        let id = home["id"].as_str().expect("id").to_string();
        let mallory = app.other_browser();
        mallory.register("mallory@example.com").await;
        let path = format!("/api/customer/addresses/{id}");
        let res = mallory.patch_json(&path, &json!({"city": "Nowhere", "default_shipping": true})).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(mallory.delete(&path).await.status(), StatusCode::NOT_FOUND);
        assert!(book(&mallory).await.is_empty());
        // GraphQL and server functions say the same.
        let gql = mallory
            .graphql("mutation($id: ID!) { deleteAddress(id: $id) }", json!({"id": id}))
            .await;
        assert_eq!(gql["errors"][0]["extensions"]["code"], "NOT_FOUND", "{gql}");
        let res = mallory.server_fn("delete_address", &[("id", &id)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = mallory.server_fn("get_address", &[("id", &id)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        // Nothing changed for the owner.
        assert_eq!(book(&app).await, vec![home]);
        // Signed out: 401.
        let anonymous = app.other_browser();
        assert_eq!(anonymous.get("/api/customer/addresses").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(anonymous.post_json("/api/customer/addresses", &ottawa()).await.status(), StatusCode::UNAUTHORIZED);
        // Ids that cannot be anyone's.
        for bad in ["1", "..%2F..%2Fetc", "00000000-0000-0000-0000-000000000000", &"f".repeat(300)] {
            let res = app.delete(&format!("/api/customer/addresses/{bad}")).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
        }
    }

    async fn the_fifty_first_address_is_refused(app: TestApp) {
        app.register("full@example.com").await;
        for _ in 0..50 {
            add(&app, &berlin()).await;
        }
        let res = app.post_json("/api/customer/addresses", &berlin()).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fields = error_fields(res).await;
        assert!(fields["addresses"].as_str().is_some_and(|m| m.contains("50")), "{fields}");
        assert_eq!(book(&app).await.len(), 50);
    }

    async fn parallel_default_switches_leave_one_default(app: TestApp) {
        app.register("race@example.com").await;
        let mut ids = Vec::new();
        for _ in 0..6 {
            ids.push(add(&app, &berlin()).await["id"].as_str().expect("id").to_string());
        }
        let requests = ids.iter().map(|id| {
            app.patch_json_owned(format!("/api/customer/addresses/{id}"), json!({"default_shipping": true, "default_billing": true}))
        });
        for res in futures_join_all(requests).await {
            assert_eq!(res.status(), StatusCode::OK);
        }
        let list = book(&app).await;
        assert_eq!(list.iter().filter(|a| a["default_shipping"] == true).count(), 1);
        assert_eq!(list.iter().filter(|a| a["default_billing"] == true).count(), 1);
    }

    async fn graphql_address_book(app: TestApp) {
        app.register("gql-book@example.com").await;
        let added = app
            .graphql(
                "mutation($input: NewAddress!) { addAddress(input: $input) { id province postalCode defaultShipping } }",
                json!({"input": {"firstName": "Ann", "lastName": "Lee", "line1": "24 Sussex Drive",
                    "city": "Ottawa", "province": "CA-ON", "postalCode": "K1M1M4", "country": "CA"}}),
            )
            .await;
        let id = added["data"]["addAddress"]["id"].as_str().unwrap_or_else(|| panic!("{added}")).to_string();
        assert_eq!(added["data"]["addAddress"]["province"], "ON");
        assert_eq!(added["data"]["addAddress"]["defaultShipping"], true);
        // A bad postal code: the field is named in extensions.fields.
        let bad = app
            .graphql(
                "mutation($id: ID!) { updateAddress(id: $id, input: {postalCode: \"90210\"}) { id } }",
                json!({"id": id}),
            )
            .await;
        let message = bad["errors"][0]["extensions"]["fields"]["postal_code"].as_str().unwrap_or_else(|| panic!("{bad}"));
        assert!(message.contains("Canada"), "{message}");
        let changed = app
            .graphql(
                "mutation($id: ID!) { updateAddress(id: $id, input: {line2: \"Apt 4\", defaultBilling: false}) { line2 defaultBilling } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(changed["data"]["updateAddress"]["line2"], "Apt 4", "{changed}");
        assert_eq!(changed["data"]["updateAddress"]["defaultBilling"], false);
        let me = app
            .graphql(
                "{ currentCustomer { addresses { id city } defaultShippingAddress { id } defaultBillingAddress { id } } }",
                json!({}),
            )
            .await;
        let customer = &me["data"]["currentCustomer"];
        assert_eq!(customer["addresses"][0]["city"], "Ottawa", "{me}");
        assert_eq!(customer["defaultShippingAddress"]["id"], id.as_str());
        assert!(customer["defaultBillingAddress"].is_null(), "{me}");
        let countries = app
            .graphql("{ countries { code } country(code: \"ca\") { name requiresProvince subdivisions { code name } } }", json!({}))
            .await;
        assert!(countries["data"]["countries"].as_array().is_some_and(|c| !c.is_empty()), "{countries}");
        let canada = &countries["data"]["country"];
        assert_eq!(canada["name"], "Canada");
        assert_eq!(canada["requiresProvince"], true);
        assert!(canada["subdivisions"].as_array().expect("subdivisions").iter().any(|s| s["code"] == "ON"));
        // Aliases cannot repeat the book's read past the complexity limit.
        let aliased: String = (0..10).map(|i| format!("a{i}: addresses {{ id city country }} ")).collect();
        let refused = app.graphql(&format!("{{ currentCustomer {{ {aliased} }} }}"), json!({})).await;
        assert!(refused["data"].is_null(), "{refused}");
        assert!(refused["errors"][0]["message"].as_str().is_some_and(|m| m.contains("omplex")), "{refused}");
        let deleted = app.graphql("mutation($id: ID!) { deleteAddress(id: $id) }", json!({"id": id})).await;
        assert_eq!(deleted["data"]["deleteAddress"], true, "{deleted}");
    }

    async fn server_functions_behind_the_page(app: TestApp) {
        app.register("fn-book@example.com").await;
        let res = app
            .server_fn("add_address", &[
                ("first_name", "Ann"), ("last_name", "Lee"), ("line1", "Unter den Linden 1"),
                ("city", "Berlin"), ("postal_code", "10117"), ("country", "DE"),
                ("label", ""), ("company", ""), ("line2", ""), ("province", ""), ("phone", ""),
            ])
            .await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let list = book(&app).await;
        assert_eq!(list.len(), 1);
        assert!(list[0]["label"].is_null(), "an empty optional field is not stored");
        let id = list[0]["id"].as_str().expect("id").to_string();
        let res = app.server_fn("add_address", &[("first_name", "Ann"), ("country", "CA")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = app.server_fn("set_default_address", &[("id", &id), ("kind", "sideways")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = app.server_fn("delete_address", &[("id", &id)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        assert!(book(&app).await.is_empty());
    }

    async fn countries_are_cacheable(app: TestApp) {
        let res = app.get("/api/countries").await;
        assert_eq!(res.status(), StatusCode::OK);
        let etag = res.headers().get("etag").and_then(|v| v.to_str().ok()).expect("etag").to_string();
        let cache = res.headers().get("cache-control").and_then(|v| v.to_str().ok()).expect("cache-control").to_string();
        assert!(cache.contains("max-age="), "{cache}");
        let body: Value = res.json().await.expect("json");
        let canada = body["data"].as_array().expect("list").iter().find(|c| c["code"] == "CA").cloned().expect("CA");
        assert_eq!(canada["requires_province"], true);
        assert_eq!(canada["requires_postal_code"], true);
        assert!(canada["postal_code_example"].as_str().is_some_and(|e| e.len() == 7), "{canada}");
        // An example is one the pattern accepts: adding it works.
        let germany = body["data"].as_array().expect("list").iter().find(|c| c["code"] == "DE").cloned().expect("DE");
        assert_eq!(germany["requires_postal_code"], true);
        app.register("cache@example.com").await;
        let mut address = berlin();
        address["postal_code"] = germany["postal_code_example"].clone();
        add(&app, &address).await;
        let again = app.client.get(app.url("/api/countries")).header("if-none-match", &etag).send().await.expect("request");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers().get("etag").and_then(|v| v.to_str().ok()), Some(etag.as_str()));

        let res = app.get("/api/countries/ca").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers().get("etag").is_some());
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["data"]["code"], "CA");
        assert!(body["data"]["subdivisions"].as_array().expect("subdivisions").iter().any(|s| s["code"] == "ON" && s["name"] == "Ontario"));
        let germany: Value = app.get("/api/countries/DE").await.json().await.expect("json");
        assert_eq!(germany["data"]["subdivisions"], json!([]));
        assert_eq!(germany["data"]["requires_province"], false);
        for bad in ["XX", "canada", "%00", &"x".repeat(500)] {
            assert_eq!(app.get(&format!("/api/countries/{bad}")).await.status(), StatusCode::NOT_FOUND, "{bad}");
        }
    }
}

/// Runs the requests at once.
async fn futures_join_all<F>(requests: impl Iterator<Item = F>) -> Vec<reqwest::Response>
where
    F: std::future::Future<Output = reqwest::Response> + Send + 'static,
{
    let handles: Vec<_> = requests.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

impl TestApp {
    /// `patch_json` as an owned future, for running several at once.
    fn patch_json_owned(
        &self,
        path: String,
        body: Value,
    ) -> impl std::future::Future<Output = reqwest::Response> + Send + 'static {
        let request = self.client.patch(self.url(&path)).json(&body);
        async move { request.send().await.expect("request") }
    }
}
