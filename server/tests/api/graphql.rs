use serde_json::{json, Value};

use crate::helpers::ann;
use crate::on_both_backends;

const CURRENT: &str = "{ currentCustomer { id email firstName lastName phone group { id name } } }";

on_both_backends! {
    async fn current_customer_is_null_when_logged_out(app: TestApp) {
        let res = app.graphql(CURRENT, json!({})).await;
        assert!(res["errors"].is_null(), "{res}");
        assert!(res["data"]["currentCustomer"].is_null(), "{res}");
    }

    async fn current_customer_shares_the_rest_session(app: TestApp) {
        let reg: Value = app.post_json("/api/customer/register", &ann("gql@example.com")).await.json().await.expect("json");
        let res = app.graphql(CURRENT, json!({})).await;
        let c = &res["data"]["currentCustomer"];
        assert_eq!(c["id"], reg["data"]["id"]);
        assert_eq!(c["email"], "gql@example.com");
        assert_eq!(c["firstName"], "Ann");
        assert_eq!(c["lastName"], "Lee");
        assert_eq!(c["phone"], "+442079460958");
        assert_eq!(c["group"]["name"], "General");
    }

    async fn mutations_log_in_and_out(app: TestApp) {
        let reg = app
            .graphql(
                "mutation($e: String!) { register(email: $e, password: \"correct horse battery\", firstName: \"Gil\", lastName: \"Ma\") { id email } }",
                json!({"e": "GIL@example.com"}),
            )
            .await;
        assert_eq!(reg["data"]["register"]["email"], "gil@example.com", "{reg}");
        assert_eq!(app.graphql(CURRENT, json!({})).await["data"]["currentCustomer"]["firstName"], "Gil");

        let out = app.graphql("mutation { logout }", json!({})).await;
        assert_eq!(out["data"]["logout"], true);
        assert!(app.graphql(CURRENT, json!({})).await["data"]["currentCustomer"].is_null());

        let bad = app
            .graphql("mutation { login(email: \"gil@example.com\", password: \"wrong password\") { id } }", json!({}))
            .await;
        assert_eq!(bad["errors"][0]["extensions"]["code"], "UNAUTHORIZED", "{bad}");

        let dup = app
            .graphql("mutation { register(email: \"gil@example.com\", password: \"correct horse battery\", firstName: \"G\", lastName: \"M\") { id } }", json!({}))
            .await;
        assert_eq!(dup["errors"][0]["extensions"]["code"], "CONFLICT", "{dup}");
        assert!(dup["errors"][0]["extensions"]["fields"]["email"].is_string(), "{dup}");

        let ok = app
            .graphql("mutation { login(email: \"gil@example.com\", password: \"correct horse battery\") { email } }", json!({}))
            .await;
        assert_eq!(ok["data"]["login"]["email"], "gil@example.com", "{ok}");
        // The REST view agrees.
        assert_eq!(app.get("/api/customer/me").await.status(), reqwest::StatusCode::OK);
    }

    async fn validation_errors_carry_fields(app: TestApp) {
        let res = app
            .graphql("mutation { register(email: \"x\", password: \"short\", firstName: \"\", lastName: \"M\") { id } }", json!({}))
            .await;
        let ext = &res["errors"][0]["extensions"];
        assert_eq!(ext["code"], "VALIDATION", "{res}");
        assert!(ext["fields"]["email"].is_string());
        assert!(ext["fields"]["password"].is_string());
        assert!(ext["fields"]["first_name"].is_string());
    }

    async fn graphiql_is_served(app: TestApp) {
        let res = app.get("/api/graphql").await;
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        assert!(res.text().await.expect("html").to_lowercase().contains("graphiql"));
    }

    async fn graphiql_loads_nothing_from_outside_the_shop(app: TestApp) {
        let res = app.get("/api/graphql").await;
        let csp = res.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(!csp.is_empty() && !csp.contains("http"), "{csp}");
        let html = res.text().await.expect("html");
        let mut refs = Vec::new();
        for attr in ["src=\"", "href=\""] {
            for part in html.split(attr).skip(1) {
                refs.push(part.split('"').next().unwrap_or("").to_string());
            }
        }
        assert!(refs.len() >= 5, "{refs:?}");
        for r in &refs {
            assert!(r.starts_with('/') && !r.starts_with("//"), "{r} is not the shop's own");
            let asset = app.get(r).await;
            assert_eq!(asset.status(), reqwest::StatusCode::OK, "{r}");
            let kind = asset.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            assert!(kind.starts_with("text/javascript") || kind.starts_with("text/css"), "{r}: {kind}");
        }
        assert_eq!(app.get("/api/graphiql/nope.js").await.status(), reqwest::StatusCode::NOT_FOUND);
    }

    async fn playground_and_introspection_can_be_turned_off(app: TestApp) {
        let introspect = "{ __schema { queryType { name } } }";
        let on = app.graphql(introspect, serde_json::json!({})).await;
        assert_eq!(on["data"]["__schema"]["queryType"]["name"], "QueryRoot", "{on}");

        let off = crate::helpers::spawn_app_with(app.backend, &[("GRAPHQL_PLAYGROUND", "false"), ("GRAPHQL_INTROSPECTION", "false")])
            .await
            .expect("app");
        let page = off.get("/api/graphql").await;
        assert_eq!(page.status(), reqwest::StatusCode::NOT_FOUND);
        assert_eq!(off.get("/api/graphiql/graphiql.min.js").await.status(), reqwest::StatusCode::NOT_FOUND);
        // Introspection answers nothing: no schema, no type.
        let refused = off.graphql(introspect, serde_json::json!({})).await;
        assert!(refused["data"]["__schema"].is_null(), "{refused}");
        let ty = off.graphql("{ __type(name: \"Customer\") { fields { name } } }", serde_json::json!({})).await;
        assert!(ty["data"]["__type"].is_null(), "{ty}");
        let on_ty = app.graphql("{ __type(name: \"Customer\") { fields { name } } }", serde_json::json!({})).await;
        assert!(on_ty["data"]["__type"]["fields"].is_array(), "{on_ty}");
        // The API itself still answers.
        let me = off.graphql("{ currentCustomer { id } }", serde_json::json!({})).await;
        assert!(me["data"]["currentCustomer"].is_null() && me["errors"].is_null(), "{me}");
    }
}
