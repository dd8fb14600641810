//! Staff acting for one customer (sessions, mails, addresses, history), and
//! the dashboard.

use customer_core::staff::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::admin_customers::{body, create, history};
use crate::on_both_backends;

pub fn address() -> Value {
    json!({"label": "Home", "first_name": "Ann", "last_name": "Lee", "line1": "24 Sussex Drive",
        "city": "Ottawa", "province": "ON", "postal_code": "K1M 1M4", "country": "CA"})
}

on_both_backends! {
    async fn sessions_are_listed_and_ended_by_staff(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let phone = app.other_browser();
        assert_eq!(phone.login("ann@example.com", "correct horse battery").await.status(), StatusCode::OK);
        let support = app.staff_browser(Role::Support).await;
        let res = support.get(&format!("/api/admin/customers/{id}/sessions")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let sessions = body(res).await["data"].as_array().expect("sessions").clone();
        assert_eq!(sessions.len(), 2);
        assert!(sessions.iter().all(|s| s["current"] == false && s["id"].is_string()));

        let res = support.delete(&format!("/api/admin/customers/{id}/sessions")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["data"], json!({"ended": 2}));
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(phone.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        let entries = history(&support, &id).await;
        assert_eq!(entries[0]["action"], "sessions_ended");
        assert_eq!(entries[0]["actor"]["name"], "Support Staff");
        // Nothing left to end: nothing written.
        let res = support.delete(&format!("/api/admin/customers/{id}/sessions")).await;
        assert_eq!(body(res).await["data"]["ended"], 0);
        assert_eq!(history(&support, &id).await.len(), entries.len());
        assert_eq!(support.get("/api/admin/customers/nope/sessions").await.status(), StatusCode::NOT_FOUND);
    }

    async fn staff_send_reset_links_and_verification_mails(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let support = app.staff_browser(Role::Support).await;
        let verify_before = app.count_mails("ann@example.com", "verify_email").await;
        let res = support.post_json(&format!("/api/admin/customers/{id}/resend-verification"), &json!({})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(app.count_mails("ann@example.com", "verify_email").await, verify_before + 1);
        let token = app.token_from_mail("ann@example.com", "verify_email").await;
        let res = app.post_json("/api/customer/verifyEmail", &json!({"token": token})).await;
        assert_eq!(res.status(), StatusCode::OK);
        // Verified now: no more mail, and the answer says why.
        let res = support.post_json(&format!("/api/admin/customers/{id}/resend-verification"), &json!({})).await;
        assert!(body(res).await["data"]["message"].as_str().is_some_and(|m| m.contains("already verified")));
        assert_eq!(app.count_mails("ann@example.com", "verify_email").await, verify_before + 1);

        // Then a reset link (used first, it would have verified the address
        // itself: the link reached it).
        let res = support.post_json(&format!("/api/admin/customers/{id}/password-reset"), &json!({})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(body(res).await["data"]["message"].as_str().is_some_and(|m| m.contains("ann@example.com")));
        let token = app.token_from_mail("ann@example.com", "reset_password").await;
        let res = app.other_browser()
            .post_json("/api/customer/resetPassword", &json!({"token": token, "password": "violet harbour compass 9"}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);

        let actions: Vec<Value> = history(&support, &id).await.iter()
            .filter(|e| e["actor"]["type"] == "staff").map(|e| e["action"].clone()).collect();
        assert_eq!(actions, [json!("password_reset_sent"), json!("verification_sent")]);

        // The per-address mail limit holds for staff too (5 an hour).
        let mut last = StatusCode::OK;
        for _ in 0..6 {
            last = support.post_json(&format!("/api/admin/customers/{id}/password-reset"), &json!({})).await.status();
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    }

    async fn staff_keep_the_customers_address_book(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let support = app.staff_browser(Role::Support).await;
        let base = format!("/api/admin/customers/{id}/addresses");
        let res = support.post_json(&base, &address()).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let first = body(res).await["data"].clone();
        assert_eq!(first["default_shipping"], true);
        let aid = first["id"].as_str().expect("id").to_owned();
        let res = support.post_json(&base, &json!({"first_name": "Ann", "last_name": "Lee",
            "line1": "1 Bay St", "city": "Toronto", "province": "ON", "postal_code": "M5J 2N8",
            "country": "CA", "default_billing": true})).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let second = body(res).await["data"]["id"].as_str().expect("id").to_owned();
        let res = support.patch_json(&format!("{base}/{aid}"), &json!({"line2": "Apt 4", "postal_code": "nope"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = support.patch_json(&format!("{base}/{aid}"), &json!({"line2": "Apt 4"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        // The customer sees what staff did.
        let own = body(app.get("/api/customer/addresses").await).await;
        assert_eq!(own["data"][0]["line2"], "Apt 4");
        assert_eq!(own["data"][1]["default_billing"], true);
        let res = support.delete(&format!("{base}/{second}")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(support.delete(&format!("{base}/{second}")).await.status(), StatusCode::NOT_FOUND);
        // Another customer's address is not found through Ann.
        let bob = app.other_browser();
        bob.register("bob@example.com").await;
        let res = bob.post_json("/api/customer/addresses", &address()).await;
        let bobs = body(res).await["data"]["id"].as_str().expect("id").to_owned();
        assert_eq!(support.delete(&format!("{base}/{bobs}")).await.status(), StatusCode::NOT_FOUND);

        let entries = history(&support, &id).await;
        let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap_or_default()).collect();
        assert_eq!(&actions[..4], ["address_deleted", "address_updated", "address_added", "address_added"]);
        assert_eq!(entries[1]["changes"], json!([{"field": "line2", "old": null, "new": "Apt 4"}]));
        assert_eq!(entries[1]["actor"]["type"], "staff");
        assert!(entries[0]["changes"].as_array().expect("changes").iter()
            .any(|c| c["field"] == "city" && c["old"] == "Toronto" && c["new"].is_null()));
        // The customer's own change is written as hers.
        let res = app.patch_json(&format!("/api/customer/addresses/{aid}"), &json!({"label": "Cottage"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let newest = &history(&support, &id).await[0];
        assert_eq!(newest["actor"]["type"], "customer");
        assert_eq!(newest["actor"]["id"], id.as_str());
        assert_eq!(newest["changes"], json!([{"field": "label", "old": "Home", "new": "Cottage"}]));
    }

    async fn the_history_pages_newest_first(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let admin = app.staff_browser(Role::Admin).await;
        for name in ["B", "C", "D", "E"] {
            let res = admin.patch_json(&format!("/api/admin/customers/{id}"), &json!({"first_name": name})).await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let res = admin.get(&format!("/api/admin/customers/{id}/history?limit=3")).await;
        let page = body(res).await;
        let news: Vec<&str> = page["data"].as_array().expect("entries").iter()
            .map(|e| e["changes"][0]["new"].as_str().unwrap_or_default()).collect();
        assert_eq!(news, ["E", "D", "C"]);
        let next = page["meta"]["next"].as_str().expect("more").to_owned();
        let rest = body(admin.get(&format!("/api/admin/customers/{id}/history?limit=3&before={next}")).await).await;
        assert_eq!(rest["data"][0]["changes"][0]["new"], "B");
        assert_eq!(admin.get(&format!("/api/admin/customers/{id}/history?limit=500")).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn the_dashboard_counts_customers(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        create(&admin, "ann@example.com", "Ann", "Lee").await;
        let bob = create(&admin, "bob@example.com", "Bob", "Lee").await;
        admin.patch_json(&format!("/api/admin/customers/{bob}"),
            &json!({"group_id": "00000000-0000-4000-8000-000000000003"})).await;
        let support = app.staff_browser(Role::Support).await;
        let res = support.get("/api/admin/dashboard").await;
        assert_eq!(res.status(), StatusCode::OK);
        let d = body(res).await["data"].clone();
        assert_eq!(d["customers"], 2);
        assert_eq!(d["new_this_week"], 2);
        assert_eq!(d["by_group"], json!([
            {"id": "00000000-0000-4000-8000-000000000001", "name": "General", "members": 1},
            {"id": "00000000-0000-4000-8000-000000000002", "name": "Wholesale", "members": 0},
            {"id": "00000000-0000-4000-8000-000000000003", "name": "VIP", "members": 1},
        ]));
        let days = d["registrations_per_day"].as_array().expect("days");
        assert_eq!(days.len(), 90);
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        assert_eq!(days[89], json!({"day": today, "count": 2}));
        assert_eq!(days[0]["count"], 0);
        assert!(days[0]["day"].as_str() < days[1]["day"].as_str());
    }
}
