use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both_backends;

on_both_backends! {
    async fn patch_own_profile(app: TestApp) {
        let id = app.register("pro@example.com").await;
        let res = app
            .patch_json(&format!("/api/customer/{id}"), &json!({"first_name": " Annie ", "phone": "+44 20 7946 0958"}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["data"]["first_name"], "Annie");
        assert_eq!(body["data"]["last_name"], "Lee");
        assert_eq!(body["data"]["phone"], "+442079460958");

        // null removes the phone.
        let res = app.patch_json(&format!("/api/customer/{id}"), &json!({"phone": null})).await;
        let body: Value = res.json().await.expect("json");
        assert!(body["data"]["phone"].is_null(), "{body}");
    }

    async fn only_profile_fields_can_change(app: TestApp) {
        let id = app.register("only@example.com").await;
        for (field, value) in [
            ("email", json!("new@example.com")),
            ("status", json!("disabled")),
            ("group", json!({"id": 3})),
            ("password_hash", json!("x")),
            ("id", json!("someone")),
        ] {
            let res = app.patch_json(&format!("/api/customer/{id}"), &json!({field: value, "first_name": "Changed"})).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            let body: Value = res.json().await.expect("json");
            assert!(body["error"]["fields"][field].is_string(), "{field}: {body}");
        }
        let me: Value = app.get("/api/customer/me").await.json().await.expect("json");
        assert_eq!(me["data"]["first_name"], "Ann", "nothing changed");
        assert_eq!(me["data"]["email"], "only@example.com");
        assert_eq!(me["data"]["status"], "active");
    }

    async fn bad_phone_is_422_naming_phone(app: TestApp) {
        let id = app.register("ph@example.com").await;
        for bad in ["12", "call me", "+44 20", "020 7946 0958"] {
            let res = app.patch_json(&format!("/api/customer/{id}"), &json!({"phone": bad})).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            let body: Value = res.json().await.expect("json");
            assert!(body["error"]["fields"]["phone"].is_string(), "{bad}: {body}");
        }
        let res = app.patch_json(&format!("/api/customer/{id}"), &json!({"first_name": 7})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn someone_elses_id_is_404_and_nothing_changes(app: TestApp) {
        app.register("me@example.com").await;
        let other = app.other_browser();
        let their_id = other.register("them@example.com").await;
        let res = app.patch_json(&format!("/api/customer/{their_id}"), &json!({"first_name": "Mallory"})).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let them: Value = other.get("/api/customer/me").await.json().await.expect("json");
        assert_eq!(them["data"]["first_name"], "Ann");
        // Logged out: 401.
        let anon = app.other_browser();
        assert_eq!(anon.patch_json(&format!("/api/customer/{their_id}"), &json!({"first_name": "X"})).await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn graphql_and_server_fn_update_profile(app: TestApp) {
        let id = app.register("gp@example.com").await;
        let res = app
            .graphql("mutation($id: ID!) { updateProfile(id: $id, lastName: \"Lovelace\", phone: \"+1 415 555 2671\") { lastName phone } }", json!({"id": id}))
            .await;
        assert_eq!(res["data"]["updateProfile"]["lastName"], "Lovelace", "{res}");
        assert_eq!(res["data"]["updateProfile"]["phone"], "+14155552671", "{res}");
        let bad = app.graphql("mutation($id: ID!) { updateProfile(id: $id, phone: \"abc\") { id } }", json!({"id": id})).await;
        assert!(bad["errors"][0]["extensions"]["fields"]["phone"].is_string(), "{bad}");

        let res = app
            .client
            .post(app.url("/api/fn/update_profile"))
            .form(&[("id", id.as_str()), ("first_name", "Ada"), ("last_name", "Byron"), ("phone", "")])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["first_name"], "Ada");
        assert!(body["phone"].is_null());
        let res = app
            .client
            .post(app.url("/api/fn/update_profile"))
            .form(&[("id", id.as_str()), ("first_name", ""), ("last_name", "Byron")])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn keep_set_and_clear_mean_the_same_on_every_interface(app: TestApp) {
        let id = app.register("same@example.com").await;
        let phone = |v: &Value| v["phone"].clone();
        // REST: an absent field keeps, null clears.
        let body: Value = app.patch_json(&format!("/api/customer/{id}"), &json!({"first_name": "Ada"})).await.json().await.expect("json");
        assert_eq!(phone(&body["data"]), "+442079460958", "absent phone kept: {body}");
        let body: Value = app.patch_json(&format!("/api/customer/{id}"), &json!({"phone": null})).await.json().await.expect("json");
        assert!(phone(&body["data"]).is_null(), "{body}");
        assert_eq!(body["data"]["first_name"], "Ada");

        // GraphQL: an omitted argument keeps, null clears.
        let set = app.graphql("mutation($id: ID!) { updateProfile(id: $id, phone: \"+44 20 7946 0958\") { phone firstName } }", json!({"id": id})).await;
        assert_eq!(set["data"]["updateProfile"]["phone"], "+442079460958", "{set}");
        let kept = app.graphql("mutation($id: ID!) { updateProfile(id: $id, lastName: \"King\") { phone lastName } }", json!({"id": id})).await;
        assert_eq!(kept["data"]["updateProfile"]["phone"], "+442079460958", "{kept}");
        let cleared = app.graphql("mutation($id: ID!) { updateProfile(id: $id, phone: null) { phone lastName } }", json!({"id": id})).await;
        assert!(cleared["data"]["updateProfile"]["phone"].is_null(), "{cleared}");
        assert_eq!(cleared["data"]["updateProfile"]["lastName"], "King");
        // A name cannot be cleared, whatever the interface.
        let res = app.patch_json(&format!("/api/customer/{id}"), &json!({"last_name": null})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = res.json().await.expect("json");
        assert!(body["error"]["fields"]["last_name"].is_string(), "{body}");
        let bad = app.graphql("mutation($id: ID!) { updateProfile(id: $id, firstName: null) { id } }", json!({"id": id})).await;
        assert!(bad["errors"][0]["extensions"]["fields"]["first_name"].is_string(), "{bad}");

        // The server function sends the whole form: a phone left out clears.
        let res = app.server_fn("update_profile", &[("id", id.as_str()), ("first_name", "Ada"), ("last_name", "King")]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let me: Value = app.get("/api/customer/me").await.json().await.expect("json");
        assert_eq!(me["data"]["last_name"], "King");
        assert!(me["data"]["phone"].is_null(), "{me}");
    }
}
