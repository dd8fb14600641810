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
}
