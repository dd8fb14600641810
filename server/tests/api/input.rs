//! Bad input, table-driven, over REST, GraphQL and the server functions:
//! an email with a display name (`Ann <ann@example.com>`) is not an
//! address, and a NUL byte or any other control character in any field is a
//! 422 naming that field, never a 500 (PostgreSQL refuses NUL in text).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{ann, TestApp};
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

/// A registration with one field replaced.
fn registration(field: &str, value: &str) -> Value {
    let mut body = ann("good@example.com");
    body[field] = json!(value);
    body
}

/// (field, value) pairs a registration must refuse, naming `field`.
fn bad_registrations() -> Vec<(&'static str, &'static str)> {
    vec![
        ("email", "Ann <ann@example.com>"),
        ("email", "\"Ann\" <ann@example.com>"),
        ("email", "ann\u{0}@example.com"),
        ("email", "ann@example.com\u{0}"),
        ("email", "\"a\u{0}b\"@example.com"),
        ("email", "ann@exam\u{7}ple.com"),
        ("email", "ann\u{1b}@example.com"),
        ("password", "correct horse\u{0} battery"),
        ("password", "correct horse battery\u{0}"),
        ("password", "correct\u{1b}horse battery"),
        ("password", "correct horse\u{7f} battery"),
        ("password", "correct horse\u{85} battery"),
        ("first_name", "An\u{0}n"),
        ("first_name", "Ann\u{1b}[31m"),
        ("last_name", "Le\u{7f}e"),
        ("phone", "+44 20 7946 0958\u{0}"),
        ("phone", "+44 20\u{0} 7946 0958"),
    ]
}

/// (field, email, password) pairs a login must refuse, naming `field`.
fn bad_logins() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("email", "Ann <ann@example.com>", PASSWORD),
        ("email", "ann@example.com\u{0}", PASSWORD),
        ("email", "ann\u{0}@example.com", PASSWORD),
        ("password", "ann@example.com", "correct horse\u{0} battery"),
        ("password", "ann@example.com", "correct horse battery\u{1b}"),
    ]
}

/// (field, value) pairs a profile change must refuse, naming `field`.
fn bad_profiles() -> Vec<(&'static str, &'static str)> {
    vec![
        ("first_name", "Ann\u{0}"),
        ("last_name", "L\u{8}ee"),
        ("phone", "+44 20 7946 0958\u{0}"),
    ]
}

fn graphql_field(what: &str, body: &Value, field: &str) {
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["status"], 422, "{what}: {body}");
    assert!(ext["fields"][field].is_string(), "{what}: {body}");
}

async fn rest_field(what: &str, res: reqwest::Response, field: &str) {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{what}");
    let body: Value = res.json().await.expect("json");
    assert!(body["error"]["fields"][field].is_string(), "{what}: {body}");
}

async fn server_fn_field(what: &str, res: reqwest::Response, field: &str) {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{what}");
    let body: Value = res.json().await.expect("json");
    assert!(body["fields"][field].is_string(), "{what}: {body}");
}

async fn registrations_refused(app: &TestApp) {
    for (field, value) in bad_registrations() {
        let what = format!("register {field}={value:?}");
        let body = registration(field, value);
        let fresh = app.other_browser();
        rest_field(
            &format!("rest {what}"),
            fresh.post_json("/api/customer/register", &body).await,
            field,
        )
        .await;

        let res = fresh
            .graphql(
                "mutation($e: String!, $p: String!, $f: String!, $l: String!, $ph: String) {
                    register(email: $e, password: $p, firstName: $f, lastName: $l, phone: $ph) { id } }",
                json!({"e": body["email"], "p": body["password"], "f": body["first_name"],
                       "l": body["last_name"], "ph": body["phone"]}),
            )
            .await;
        graphql_field(&format!("graphql {what}"), &res, field);

        let form: Vec<(&str, String)> = ["email", "password", "first_name", "last_name", "phone"]
            .into_iter()
            .map(|k| (k, body[k].as_str().unwrap_or_default().to_string()))
            .collect();
        let res = fresh
            .client
            .post(app.url("/api/fn/register"))
            .form(&form)
            .send()
            .await
            .expect("server fn");
        server_fn_field(&format!("server fn {what}"), res, field).await;
        assert_eq!(
            fresh.get("/api/customer/me").await.status(),
            StatusCode::UNAUTHORIZED,
            "{what}"
        );
    }
}

async fn logins_refused(app: &TestApp) {
    app.other_browser().register("ann@example.com").await;
    for (field, email, password) in bad_logins() {
        let what = format!("login {field} {email:?} {password:?}");
        let fresh = app.other_browser();
        rest_field(
            &format!("rest {what}"),
            fresh.login(email, password).await,
            field,
        )
        .await;
        let res = fresh
            .graphql(
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }",
                json!({"e": email, "p": password}),
            )
            .await;
        graphql_field(&format!("graphql {what}"), &res, field);
        let res = fresh
            .server_fn("login", &[("email", email), ("password", password)])
            .await;
        server_fn_field(&format!("server fn {what}"), res, field).await;
    }
}

async fn profiles_refused(app: &TestApp) {
    let me = app.other_browser();
    let id = me.register("prof@example.com").await;
    for (field, value) in bad_profiles() {
        let what = format!("profile {field}={value:?}");
        let res = me
            .patch_json(&format!("/api/customer/{id}"), &json!({field: value}))
            .await;
        rest_field(&format!("rest {what}"), res, field).await;

        let query = format!(
            "mutation($id: ID!, $v: String!) {{ updateProfile(id: $id, {}: $v) {{ id }} }}",
            match field {
                "first_name" => "firstName",
                "last_name" => "lastName",
                other => other,
            }
        );
        let res = me.graphql(&query, json!({"id": id, "v": value})).await;
        graphql_field(&format!("graphql {what}"), &res, field);

        let mut form = vec![
            ("id", id.clone()),
            ("first_name", "Ann".to_string()),
            ("last_name", "Lee".to_string()),
            ("phone", String::new()),
        ];
        for (k, v) in form.iter_mut() {
            if *k == field {
                *v = value.to_string();
            }
        }
        let res = me
            .client
            .post(app.url("/api/fn/update_profile"))
            .form(&form)
            .send()
            .await
            .expect("server fn");
        server_fn_field(&format!("server fn {what}"), res, field).await;
    }
    let body: Value = me.get("/api/customer/me").await.json().await.expect("json");
    assert_eq!(body["data"]["first_name"], "Ann", "nothing changed");

    // A control character in a path or id is simply not found.
    let res = me.delete("/api/customer/sessions/%00").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = me
        .graphql("mutation { endSession(id: \"a\\u0000b\") }", json!({}))
        .await;
    assert_eq!(res["errors"][0]["extensions"]["status"], 404, "{res}");
    let res = me.server_fn("end_session", &[("id", "a\u{0}b")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = me
        .patch_json("/api/customer/a%00b", &json!({"first_name": "X"}))
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
}

on_both_backends! {
    async fn bad_registration_fields_are_named(app: TestApp) {
        registrations_refused(&app).await;
    }

    async fn bad_login_fields_are_named(app: TestApp) {
        logins_refused(&app).await;
    }

    async fn bad_profile_fields_are_named(app: TestApp) {
        profiles_refused(&app).await;
    }
}
