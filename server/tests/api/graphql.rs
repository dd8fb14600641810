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
}
