//! Customer groups over REST and GraphQL, on both databases: who may do
//! what, the CRUD with member counts, names unique in any case, field
//! errors, deletion moving members to General (with their history), and
//! page access opening and closing the wholesale price list.

use customer_core::staff::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

const GENERAL: &str = "00000000-0000-4000-8000-000000000001";
const WHOLESALE: &str = "00000000-0000-4000-8000-000000000002";
const VIP: &str = "00000000-0000-4000-8000-000000000003";
const GROUPS: &str = "/api/admin/customer-groups";
const ACCESS: &str = "/api/admin/pages/wholesale/access";
const PRICE_LIST: &str = "/api/wholesale/price-list";

async fn body(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

async fn put_json(app: &TestApp, path: &str, json: &Value) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .json(json)
        .send()
        .await
        .expect("request")
}

/// Every group route as (method, path, body).
fn routes() -> Vec<(&'static str, String, Value)> {
    vec![
        ("get", GROUPS.to_string(), Value::Null),
        ("post", GROUPS.to_string(), json!({"name": "Fairs"})),
        (
            "patch",
            format!("{GROUPS}/{VIP}"),
            json!({"name": "Very important"}),
        ),
        ("delete", format!("{GROUPS}/{VIP}"), Value::Null),
        ("get", ACCESS.to_string(), Value::Null),
        ("put", ACCESS.to_string(), json!({"groups": []})),
    ]
}

async fn call(app: &TestApp, method: &str, path: &str, json: &Value) -> reqwest::Response {
    match method {
        "get" => app.get(path).await,
        "post" => app.post_json(path, json).await,
        "patch" => app.patch_json(path, json).await,
        "delete" => app.delete(path).await,
        _ => put_json(app, path, json).await,
    }
}

/// The history actions of a customer, oldest first.
pub async fn actions_of(app: &TestApp, email: &str) -> Vec<String> {
    app.sql_strings(&format!(
        "SELECT action FROM customer_history
         WHERE customer_id = (SELECT id FROM customer WHERE email = '{email}')
         ORDER BY id"
    ))
    .await
}

async fn move_to(app: &TestApp, email: &str, group: &str) {
    app.exec_sql(&format!(
        "UPDATE customer SET group_id = (SELECT id FROM customer_group WHERE public_id = '{group}')
         WHERE email = '{email}'"
    ))
    .await;
}

on_both_backends! {
    async fn every_group_route_refuses_the_wrong_callers(app: TestApp) {
        let customer = app.other_browser();
        customer.register("ann@example.com").await;
        let support = app.staff_browser(Role::Support).await;
        for (method, path, json) in routes() {
            let res = call(&app, method, &path, &json).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
            assert_eq!(body(res).await["error"]["code"], "UNAUTHORIZED");
            let res = call(&customer, method, &path, &json).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "customer {method} {path}");
            assert_eq!(body(res).await["error"]["code"], "FORBIDDEN");
            let res = call(&support, method, &path, &json).await;
            let expected = if method == "get" { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(res.status(), expected, "support {method} {path}");
        }
        // Nothing changed.
        let admin = app.staff_browser(Role::Admin).await;
        let list = body(admin.get(GROUPS).await).await;
        let names: Vec<&str> = list["data"].as_array().expect("list").iter().filter_map(|g| g["name"].as_str()).collect();
        assert_eq!(names, ["General", "Wholesale", "VIP"]);
    }

    async fn groups_are_created_renamed_counted_and_deleted(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let ann = app.other_browser();
        ann.register("ann@example.com").await;
        app.other_browser().register("bob@example.com").await;

        // The customer's group is {id, name} with the public id.
        let me = body(ann.get("/api/customer/me").await).await;
        assert_eq!(me["data"]["group"], json!({"id": GENERAL, "name": "General"}));

        let res = admin.post_json(GROUPS, &json!({"name": "  Trade fairs ", "description": "Met at a fair."})).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let fairs = body(res).await["data"].clone();
        assert_eq!(fairs["name"], "Trade fairs");
        assert_eq!(fairs["description"], "Met at a fair.");
        assert_eq!((fairs["system"].clone(), fairs["default"].clone(), fairs["members"].clone()), (json!(false), json!(false), json!(0)));
        let id = fairs["id"].as_str().expect("id").to_string();

        // Names are unique in any case, the built-in ones too: 409 naming `name`.
        for taken in ["TRADE FAIRS", "vip"] {
            let res = admin.post_json(GROUPS, &json!({"name": taken})).await;
            assert_eq!(res.status(), StatusCode::CONFLICT, "{taken}");
            let b = body(res).await;
            assert_eq!(b["error"]["code"], "CONFLICT");
            assert!(b["error"]["fields"]["name"].is_string(), "{b}");
        }
        let res = admin.patch_json(&format!("{GROUPS}/{id}"), &json!({"name": "Wholesale"})).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);

        // 422s name their fields, unknown keys included.
        for (input, field) in [
            (json!({"name": ""}), "name"),
            (json!({"name": "x".repeat(61)}), "name"),
            (json!({"name": "Ok", "description": "d".repeat(501)}), "description"),
            (json!({"name": "Ok", "colour": "red"}), "colour"),
        ] {
            let res = admin.post_json(GROUPS, &input).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{input}");
            assert!(body(res).await["error"]["fields"][field].is_string(), "{input}");
        }
        for (input, field) in [(json!({"name": null}), "name"), (json!({"system": false}), "system")] {
            let res = admin.patch_json(&format!("{GROUPS}/{id}"), &input).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{input}");
            assert!(body(res).await["error"]["fields"][field].is_string(), "{input}");
        }
        let res = admin.patch_json(&format!("{GROUPS}/00000000-0000-4000-8000-00000000ffff"), &json!({"name": "X"})).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(admin.patch_json(&format!("{GROUPS}/nope"), &json!({})).await.status(), StatusCode::NOT_FOUND);

        // Renaming, the built-in groups too; the description can be cleared.
        let res = admin.patch_json(&format!("{GROUPS}/{id}"), &json!({"name": "Fairs", "description": null})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let renamed = body(res).await["data"].clone();
        assert_eq!((renamed["name"].as_str(), renamed["description"].as_str()), (Some("Fairs"), Some("")));
        let res = admin.patch_json(&format!("{GROUPS}/{VIP}"), &json!({"name": "Very important"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["data"]["system"], true);

        // Member counts.
        move_to(&app, "ann@example.com", &id).await;
        let list = body(admin.get(GROUPS).await).await["data"].clone();
        let count = |gid: &str| list.as_array().and_then(|l| l.iter().find(|g| g["id"] == gid)).map(|g| g["members"].clone());
        assert_eq!(count(GENERAL), Some(json!(1)));
        assert_eq!(count(&id), Some(json!(1)));
        // The customer sees the new group on the next request.
        let me = body(ann.get("/api/customer/me").await).await;
        assert_eq!(me["data"]["group"], json!({"id": id, "name": "Fairs"}));

        // The built-in groups cannot be deleted.
        for system in [GENERAL, WHOLESALE, VIP] {
            let res = admin.delete(&format!("{GROUPS}/{system}")).await;
            assert_eq!(res.status(), StatusCode::CONFLICT, "{system}");
            assert!(body(res).await["error"]["message"].as_str().is_some_and(|m| m.contains("cannot be deleted")));
        }

        // Deleting a group moves its members to General, with history.
        let res = admin.delete(&format!("{GROUPS}/{id}")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let deleted = body(res).await["data"].clone();
        assert_eq!(deleted["members_moved"], 1);
        assert_eq!(deleted["members_moved_to"], json!({"id": GENERAL, "name": "General"}));
        let me = body(ann.get("/api/customer/me").await).await;
        assert_eq!(me["data"]["group"]["id"], GENERAL);
        assert_eq!(actions_of(&app, "ann@example.com").await.last().map(String::as_str), Some("group_changed"));
        let changes = app.sql_strings("SELECT changes FROM customer_history WHERE action = 'group_changed'").await;
        assert_eq!(changes.len(), 1, "only Ann was moved");
        assert!(changes[0].contains("Fairs") && changes[0].contains("General"), "{}", changes[0]);
        let actor = app.sql_strings("SELECT actor_type FROM customer_history WHERE action = 'group_changed'").await;
        assert_eq!(actor, ["staff"]);
        assert_eq!(admin.delete(&format!("{GROUPS}/{id}")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(body(admin.get(GROUPS).await).await["data"].as_array().map(Vec::len), Some(3));
    }

    async fn an_admin_opens_and_closes_the_price_list(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let ann = app.other_browser();
        ann.register("ann@example.com").await;
        let access = body(admin.get(ACCESS).await).await["data"].clone();
        assert_eq!(access["page"], "wholesale");
        assert_eq!(access["restricted"], true);
        let ids: Vec<&str> = access["groups"].as_array().expect("groups").iter().filter_map(|g| g["id"].as_str()).collect();
        assert_eq!(ids, [WHOLESALE, VIP]);
        assert_eq!(ann.get(PRICE_LIST).await.status(), StatusCode::FORBIDDEN);

        // Open to General: Ann's next request gets the list.
        let res = put_json(&admin, ACCESS, &json!({"groups": [GENERAL, WHOLESALE]})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["data"]["groups"].as_array().map(Vec::len), Some(2));
        assert_eq!(ann.get(PRICE_LIST).await.status(), StatusCode::OK);
        // Closed again.
        put_json(&admin, ACCESS, &json!({"groups": [VIP]})).await;
        assert_eq!(ann.get(PRICE_LIST).await.status(), StatusCode::FORBIDDEN);
        // No groups: every logged-in customer.
        let res = put_json(&admin, ACCESS, &json!({"groups": []})).await;
        assert_eq!(body(res).await["data"]["restricted"], false);
        assert_eq!(ann.get(PRICE_LIST).await.status(), StatusCode::OK);
        assert_eq!(app.other_browser().get(PRICE_LIST).await.status(), StatusCode::UNAUTHORIZED);

        // Unknown pages and groups.
        assert_eq!(admin.get("/api/admin/pages/checkout/access").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(put_json(&admin, "/api/admin/pages/checkout/access", &json!({"groups": []})).await.status(), StatusCode::NOT_FOUND);
        let res = put_json(&admin, ACCESS, &json!({"groups": ["no-such-group"]})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["groups"].is_string());
        let res = put_json(&admin, ACCESS, &json!({"groups": [], "everyone": true})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["everyone"].is_string());

        // A group a page is open to alone is not deleted.
        let fairs = body(admin.post_json(GROUPS, &json!({"name": "Fairs"})).await).await["data"]["id"].as_str().expect("id").to_string();
        put_json(&admin, ACCESS, &json!({"groups": [fairs]})).await;
        let res = admin.delete(&format!("{GROUPS}/{fairs}")).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(body(res).await["error"]["message"].as_str().is_some_and(|m| m.contains("Wholesale price list")));
    }

    async fn graphql_groups_need_the_right_staff_role(app: TestApp) {
        let list = "{ customerGroups { id name description system default members } }";
        let anonymous = app.graphql(list, json!({})).await;
        assert_eq!(anonymous["errors"][0]["extensions"]["code"], "UNAUTHORIZED", "{anonymous}");
        let customer = app.other_browser();
        customer.register("ann@example.com").await;
        let refused = customer.graphql(list, json!({})).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");

        let support = app.staff_browser(Role::Support).await;
        let listed = support.graphql(list, json!({})).await;
        assert_eq!(listed["data"]["customerGroups"][0], json!({"id": GENERAL, "name": "General",
            "description": "Every new customer starts here.", "system": true, "default": true, "members": 1}), "{listed}");
        let create = "mutation($name: String!) { createCustomerGroup(name: $name, description: \"Fairs\") { id name members } }";
        let refused = support.graphql(create, json!({"name": "Fairs"})).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");

        let admin = app.staff_browser(Role::Admin).await;
        let created = admin.graphql(create, json!({"name": "Fairs"})).await;
        let id = created["data"]["createCustomerGroup"]["id"].as_str().expect("id").to_string();
        let again = admin.graphql(create, json!({"name": "fairs"})).await;
        assert_eq!(again["errors"][0]["extensions"]["code"], "CONFLICT", "{again}");
        assert!(again["errors"][0]["extensions"]["fields"]["name"].is_string(), "{again}");
        let update = "mutation($id: ID!) { updateCustomerGroup(id: $id, name: \"Trade fairs\", description: null) { name description } }";
        let updated = admin.graphql(update, json!({"id": id})).await;
        assert_eq!(updated["data"]["updateCustomerGroup"], json!({"name": "Trade fairs", "description": ""}), "{updated}");
        let bad = admin.graphql("mutation($id: ID!) { updateCustomerGroup(id: $id, name: \"\") { name } }", json!({"id": id})).await;
        assert_eq!(bad["errors"][0]["extensions"]["code"], "VALIDATION", "{bad}");
        assert!(bad["errors"][0]["extensions"]["fields"]["name"].is_string(), "{bad}");
        move_to(&app, "ann@example.com", &id).await;
        let delete = "mutation($id: ID!) { deleteCustomerGroup(id: $id) { id membersMoved membersMovedTo { id name } } }";
        let deleted = admin.graphql(delete, json!({"id": id})).await;
        assert_eq!(deleted["data"]["deleteCustomerGroup"]["membersMoved"], 1, "{deleted}");
        assert_eq!(deleted["data"]["deleteCustomerGroup"]["membersMovedTo"]["id"], GENERAL);
        let system = admin.graphql(delete, json!({"id": VIP})).await;
        assert_eq!(system["errors"][0]["extensions"]["code"], "CONFLICT", "{system}");

        let access = "mutation($groups: [ID!]!) { setPageAccess(page: \"wholesale\", groups: $groups) { page restricted groups { id name } } }";
        let refused = support.graphql(access, json!({"groups": []})).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
        let set = admin.graphql(access, json!({"groups": [VIP]})).await;
        assert_eq!(set["data"]["setPageAccess"]["groups"], json!([{"id": VIP, "name": "VIP"}]), "{set}");
        let read = support.graphql("{ pageAccess(page: \"wholesale\") { restricted groups { name } } }", json!({})).await;
        assert_eq!(read["data"]["pageAccess"], json!({"restricted": true, "groups": [{"name": "VIP"}]}), "{read}");
    }

    async fn a_group_deleted_while_customers_move_into_it_is_never_a_server_error(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let mut ids = Vec::new();
        for n in 0..8 {
            ids.push(app.other_browser().register(&format!("race{n}@example.com")).await);
        }
        for round in 0..3 {
            let res = admin.post_json(GROUPS, &json!({"name": format!("Race {round}")})).await;
            assert_eq!(res.status(), StatusCode::CREATED);
            let group = body(res).await["data"]["id"].as_str().expect("id").to_owned();
            // Every move and the deletion at once.
            let moves = ids.iter().map(|id| {
                let (admin, group) = (&admin, group.clone());
                let path = format!("/api/admin/customers/{id}");
                async move { admin.patch_json(&path, &json!({"group_id": group})).await.status() }
            });
            let group_path = format!("{GROUPS}/{group}");
            let delete = admin.delete(&group_path);
            let (statuses, deleted) = tokio::join!(futures_util::future::join_all(moves), delete);
            assert_eq!(deleted.status(), StatusCode::OK, "round {round}");
            for status in statuses {
                // Moved before the deletion (then moved back to General by
                // it), or refused as a group that is gone: never a 500.
                assert!(matches!(status, StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY), "round {round}: {status}");
            }
            // Nobody is left in the deleted group.
            let left = app.sql_strings(&format!(
                "SELECT c.email FROM customer c JOIN customer_group g ON g.id = c.group_id WHERE g.public_id = '{group}'"
            )).await;
            assert!(left.is_empty(), "{left:?}");
        }
    }
}
