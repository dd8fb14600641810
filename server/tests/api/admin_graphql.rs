//! The admin part of GraphQL: `customer`, `customers` and the admin
//! mutations, through the same services (and so the same roles) as REST.

use customer_core::staff::Role;
use serde_json::json;

use crate::admin_actions::address;
use crate::on_both_backends;

on_both_backends! {
    async fn graphql_admin_queries_need_staff_with_the_right_role(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let query = "query($id: ID!) { customer(id: $id) { email addresses { id } } \
            customers(filter: {q: \"ann\"}, sort: \"-email\", perPage: 5) { total page perPage nodes { id email group { name } } } }";
        let vars = json!({"id": id});
        // Anonymous, and a customer (Ann herself).
        let anon = app.other_browser().graphql(query, vars.clone()).await;
        assert_eq!(anon["errors"][0]["extensions"]["code"], "UNAUTHORIZED", "{anon}");
        let mine = app.graphql(query, vars.clone()).await;
        assert_eq!(mine["errors"][0]["extensions"]["code"], "FORBIDDEN", "{mine}");
        assert!(mine["data"].is_null());

        let support = app.staff_browser(Role::Support).await;
        support.post_json(&format!("/api/admin/customers/{id}/addresses"), &address()).await;
        let seen = support.graphql(query, vars.clone()).await;
        assert!(seen.get("errors").is_none(), "{seen}");
        assert_eq!(seen["data"]["customer"]["email"], "ann@example.com");
        assert_eq!(seen["data"]["customer"]["addresses"].as_array().map(Vec::len), Some(1));
        assert_eq!(seen["data"]["customers"]["total"], 1);
        assert_eq!(seen["data"]["customers"]["perPage"], 5);
        assert_eq!(seen["data"]["customers"]["nodes"][0]["group"]["name"], "General");

        let rename = "mutation($id: ID!) { updateCustomer(id: $id, lastName: \"Moss\", phone: null) { lastName phone } }";
        let renamed = support.graphql(rename, vars.clone()).await;
        assert_eq!(renamed["data"]["updateCustomer"], json!({"lastName": "Moss", "phone": null}), "{renamed}");
        let disable = "mutation($id: ID!) { updateCustomer(id: $id, status: \"disabled\") { status } }";
        let refused = support.graphql(disable, vars.clone()).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
        let bad = support.graphql("{ customers(perPage: 0) { total } }", json!({})).await;
        assert!(bad["errors"][0]["extensions"]["fields"]["per_page"].is_string(), "{bad}");
        let ended = support.graphql("mutation($id: ID!) { endCustomerSessions(id: $id) }", vars.clone()).await;
        assert_eq!(ended["data"]["endCustomerSessions"], 1, "{ended}");
        let sent = support.graphql("mutation($id: ID!) { sendPasswordReset(id: $id) }", vars.clone()).await;
        assert!(sent["data"]["sendPasswordReset"].as_str().is_some(), "{sent}");

        let admin = app.staff_browser(Role::Admin).await;
        let created = admin.graphql(
            "mutation { createCustomer(email: \"bea@example.com\", firstName: \"Bea\", lastName: \"Lee\", groupId: \"00000000-0000-4000-8000-000000000002\") { id group { name } } }",
            json!({})).await;
        assert_eq!(created["data"]["createCustomer"]["group"]["name"], "Wholesale", "{created}");
        let bea = created["data"]["createCustomer"]["id"].clone();
        let bulk = admin.graphql(
            "mutation($ids: [ID!]!) { bulkUpdateCustomers(ids: $ids, action: \"disable\") { updated } }",
            json!({"ids": [id, bea]})).await;
        assert_eq!(bulk["data"]["bulkUpdateCustomers"]["updated"], 2, "{bulk}");
        let twice = admin.graphql(
            "mutation($id: ID!) { a: sendPasswordReset(id: $id) b: sendPasswordReset(id: $id) }",
            vars).await;
        assert!(twice["errors"][0]["message"].as_str().is_some_and(|m| m.contains("Only one")), "{twice}");
    }
}
