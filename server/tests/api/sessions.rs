use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

const PASSWORD: &str = "correct horse battery";

async fn sessions(app: &TestApp) -> Vec<Value> {
    let res = app.get("/api/customer/sessions").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.expect("json");
    body["data"].as_array().expect("list").clone()
}

on_both_backends! {
    async fn list_and_end_sessions(app: TestApp) {
        app.register("dev@example.com").await;
        let phone = app.other_browser();
        let res = phone
            .client
            .post(phone.url("/api/customer/login"))
            .header("user-agent", "PhoneBrowser/2.0")
            .json(&json!({"email": "dev@example.com", "password": PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), StatusCode::OK);

        let list = sessions(&app).await;
        assert_eq!(list.len(), 2);
        for s in &list {
            for key in ["id", "created_at", "last_seen_at", "user_agent", "ip", "current"] {
                assert!(s.get(key).is_some(), "{key} missing in {s}");
            }
            assert_eq!(s["ip"], "127.0.0.1");
        }
        let mine: Vec<&Value> = list.iter().filter(|s| s["current"] == true).collect();
        assert_eq!(mine.len(), 1);
        let theirs = list.iter().find(|s| s["current"] == false).expect("phone");
        assert_eq!(theirs["user_agent"], "PhoneBrowser/2.0");
        // The cookie value never appears in the list.
        let text = serde_json::to_string(&list).expect("json");
        assert!(!text.contains("shop_session"));

        // End the phone's session: it is logged out at once.
        let id = theirs["id"].as_str().expect("id");
        assert_eq!(app.delete(&format!("/api/customer/sessions/{id}")).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(phone.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::OK);
        // Ending it again: not found.
        let again = app.delete(&format!("/api/customer/sessions/{id}")).await;
        assert_eq!(again.status(), StatusCode::NOT_FOUND);
        let body: Value = again.json().await.expect("json");
        assert_eq!(body["error"]["message"], "That device is already logged out.");

        // Log out other devices.
        let tablet = app.other_browser();
        assert_eq!(tablet.login("dev@example.com", PASSWORD).await.status(), StatusCode::OK);
        assert_eq!(app.delete("/api/customer/sessions").await.status(), StatusCode::NO_CONTENT);
        assert_eq!(tablet.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(sessions(&app).await.len(), 1);
    }

    async fn cannot_end_someone_elses_session(app: TestApp) {
        app.register("a@example.com").await;
        let eve = app.other_browser();
        eve.register("eve@example.com").await;
        let a_session = sessions(&app).await[0]["id"].as_str().expect("id").to_string();
        let res = eve.delete(&format!("/api/customer/sessions/{a_session}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::OK);
        // And logged out, the list is 401.
        let anon = app.other_browser();
        assert_eq!(anon.get("/api/customer/sessions").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(anon.delete("/api/customer/sessions").await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn graphql_sessions(app: TestApp) {
        app.register("g@example.com").await;
        let other = app.other_browser();
        other.login("g@example.com", PASSWORD).await;
        let res = app.graphql("{ sessions { id current userAgent ip lastSeenAt createdAt } }", json!({})).await;
        let list = res["data"]["sessions"].as_array().expect("list").clone();
        assert_eq!(list.len(), 2, "{res}");
        let other_id = list.iter().find(|s| s["current"] == false).expect("other")["id"].clone();
        let ended = app.graphql("mutation($id: ID!) { endSession(id: $id) }", json!({"id": other_id})).await;
        assert_eq!(ended["data"]["endSession"], true, "{ended}");
        assert_eq!(other.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        let third = app.other_browser();
        third.login("g@example.com", PASSWORD).await;
        let res = app.graphql("mutation { endOtherSessions }", json!({})).await;
        assert_eq!(res["data"]["endOtherSessions"], 1, "{res}");
        assert_eq!(third.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn disabled_customer_is_out_at_once(app: TestApp) {
        app.register("dis@example.com").await;
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::OK);
        app.disable("dis@example.com").await;
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        let again = app.other_browser();
        let res = again.login("dis@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.expect("json");
        let wrong: Value = again.login("dis@example.com", "wrong password").await.json().await.expect("json");
        assert_eq!(body, wrong, "a disabled account gets the generic answer");
    }

    async fn session_cookie_carries_idle_timeout(app: TestApp) {
        let res = app.post_json("/api/customer/register", &crate::helpers::ann("idle@example.com")).await;
        let cookie = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|v| v.starts_with("shop_session=")).expect("cookie").to_string();
        assert!(cookie.contains(&format!("Max-Age={}", 7 * 24 * 3600)), "{cookie}");
    }
}
