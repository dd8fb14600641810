//! The admin customer API (`/api/admin/customers...`, `/api/admin/dashboard`):
//! every route refuses anonymous callers (401), customers (403) and a role
//! that is not enough (403); one customer's changes with their history;
//! disabling and enabling; customers created by staff.

use customer_core::staff::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

pub async fn body(res: reqwest::Response) -> Value {
    res.json().await.expect("json")
}

/// A staff browser's request with an optional JSON body.
pub async fn call(
    browser: &TestApp,
    method: Method,
    path: &str,
    json: Option<&Value>,
) -> reqwest::Response {
    let mut req = browser.client.request(method, browser.url(path));
    if let Some(json) = json {
        req = req.json(json);
    }
    req.send().await.expect("request")
}

/// Creates a customer through the admin API (as `admin`); their public id.
pub async fn create(admin: &TestApp, email: &str, first: &str, last: &str) -> String {
    let res = admin
        .post_json(
            "/api/admin/customers",
            &json!({"email": email, "first_name": first, "last_name": last}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "create {email}");
    body(res).await["data"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The customer's history, newest first.
pub async fn history(staff: &TestApp, id: &str) -> Vec<Value> {
    let res = staff
        .get(&format!("/api/admin/customers/{id}/history"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["data"].as_array().expect("entries").clone()
}

const GENERAL: &str = "00000000-0000-4000-8000-000000000001";
const WHOLESALE: &str = "00000000-0000-4000-8000-000000000002";
const VIP: &str = "00000000-0000-4000-8000-000000000003";

/// Every admin route, with the least role that may use it. A new route
/// must be added here (and to ROUTES and NEED_STAFF in openapi.rs).
fn admin_routes(id: &str, address: &str) -> Vec<(Method, String, Option<Value>, Role)> {
    let c = format!("/api/admin/customers/{id}");
    let a = format!("{c}/addresses/{address}");
    let address_body = json!({"first_name": "Ann", "last_name": "Lee", "line1": "1 Main St",
        "city": "Ottawa", "province": "ON", "postal_code": "K1A 0B1", "country": "CA"});
    vec![
        (
            Method::GET,
            "/api/admin/customers".into(),
            None,
            Role::Support,
        ),
        (
            Method::GET,
            "/api/admin/dashboard".into(),
            None,
            Role::Support,
        ),
        (Method::GET, c.clone(), None, Role::Support),
        (Method::GET, format!("{c}/history"), None, Role::Support),
        (Method::GET, format!("{c}/sessions"), None, Role::Support),
        (Method::GET, format!("{c}/addresses"), None, Role::Support),
        (
            Method::PATCH,
            c.clone(),
            Some(json!({"last_name": "Lee"})),
            Role::Support,
        ),
        (
            Method::POST,
            format!("{c}/addresses"),
            Some(address_body),
            Role::Support,
        ),
        (
            Method::PATCH,
            a.clone(),
            Some(json!({"line2": "Apt 1"})),
            Role::Support,
        ),
        (
            Method::POST,
            format!("{c}/password-reset"),
            None,
            Role::Support,
        ),
        (
            Method::POST,
            format!("{c}/resend-verification"),
            None,
            Role::Support,
        ),
        (Method::DELETE, format!("{c}/sessions"), None, Role::Support),
        (Method::DELETE, a, None, Role::Support),
        (
            Method::PATCH,
            c.clone(),
            Some(json!({"status": "active"})),
            Role::Admin,
        ),
        (
            Method::PATCH,
            c.clone(),
            Some(json!({"group_id": GENERAL})),
            Role::Admin,
        ),
        (
            Method::POST,
            "/api/admin/customers".into(),
            Some(json!({"email": "new@example.com", "first_name": "N", "last_name": "W"})),
            Role::Admin,
        ),
        (
            Method::POST,
            "/api/admin/customers/bulk".into(),
            Some(json!({"ids": [id], "action": "enable"})),
            Role::Admin,
        ),
        (
            Method::GET,
            "/api/admin/customers/export.csv".into(),
            None,
            Role::Admin,
        ),
    ]
}

on_both_backends! {
    async fn every_admin_route_refuses_who_may_not_use_it(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let admin = app.staff_browser(Role::Admin).await;
        let support = app.staff_browser(Role::Support).await;
        let res = admin
            .post_json(&format!("/api/admin/customers/{id}/addresses"), &json!({"first_name": "Ann",
                "last_name": "Lee", "line1": "1 Main St", "city": "Ottawa", "province": "ON",
                "postal_code": "K1A 0B1", "country": "CA"}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let address = body(res).await["data"]["id"].as_str().expect("id").to_owned();
        let anonymous = app.other_browser();
        // Another customer (Ann's own sessions end on the way).
        let customer = app.other_browser();
        customer.register("cy@example.com").await;
        for (method, path, json, least) in admin_routes(&id, &address) {
            let what = format!("{method} {path}");
            let res = call(&anonymous, method.clone(), &path, json.as_ref()).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "anonymous {what}");
            assert_eq!(body(res).await["error"]["code"], "UNAUTHORIZED", "{what}");
            let res = call(&customer, method.clone(), &path, json.as_ref()).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "customer {what}");
            let res = call(&support, method.clone(), &path, json.as_ref()).await;
            match least {
                Role::Admin => {
                    assert_eq!(res.status(), StatusCode::FORBIDDEN, "support {what}");
                    assert_eq!(body(res).await["error"]["message"], "You do not have permission to do this.");
                }
                Role::Support => assert!(res.status().is_success(), "support {what}: {}", res.status()),
            }
        }
        // Admin may do everything (the address is gone by now: 404).
        for (method, path, json, _) in admin_routes(&id, &address) {
            let res = call(&admin, method.clone(), &path, json.as_ref()).await;
            let status = res.status();
            assert!(
                status.is_success() || (status == StatusCode::NOT_FOUND && path.contains("/addresses/"))
                    || (status == StatusCode::CONFLICT && path.ends_with("/customers")),
                "admin {method} {path}: {status}"
            );
        }
    }

    async fn a_staff_change_is_written_to_the_history(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let admin = app.staff_browser(Role::Admin).await;
        let res = admin
            .patch_json(&format!("/api/admin/customers/{id}"), &json!({
                "first_name": "Anne", "phone": null, "group_id": VIP}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let changed = body(res).await;
        assert_eq!(changed["data"]["first_name"], "Anne");
        assert!(changed["data"]["phone"].is_null());
        assert_eq!(changed["data"]["group"], json!({"id": VIP, "name": "VIP"}));

        let entries = history(&admin, &id).await;
        let group = &entries[0];
        assert_eq!(group["action"], "group_changed");
        assert_eq!(group["changes"], json!([{"field": "group", "old": "General", "new": "VIP"}]));
        let profile = &entries[1];
        assert_eq!(profile["action"], "profile_updated");
        assert_eq!(profile["actor"]["type"], "staff");
        assert_eq!(profile["actor"]["name"], "Admin Staff");
        assert!(profile["actor"]["id"].as_str().is_some_and(|s| s.len() == 36));
        assert_eq!(profile["changes"], json!([
            {"field": "first_name", "old": "Ann", "new": "Anne"},
            {"field": "phone", "old": "+442079460958", "new": null},
        ]));
        assert!(profile["at"].as_str().is_some_and(|t| t.ends_with('Z')));

        // The detail shows it all.
        let detail = body(admin.get(&format!("/api/admin/customers/{id}")).await).await;
        assert_eq!(detail["data"]["customer"]["first_name"], "Anne");
        assert_eq!(detail["data"]["open_sessions"], 1);
        assert_eq!(detail["data"]["addresses"], json!([]));

        // Refusals name their field, and change nothing.
        for (patch, field) in [
            (json!({"email": "x@example.com"}), "email"),
            (json!({"first_name": ""}), "first_name"),
            (json!({"group_id": null}), "group_id"),
            (json!({"group_id": "00000000-0000-4000-8000-00000000dead"}), "group_id"),
            (json!({"status": "gone"}), "status"),
            (json!({"password_hash": "x"}), "password_hash"),
        ] {
            let res = admin.patch_json(&format!("/api/admin/customers/{id}"), &patch).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{patch}");
            assert!(body(res).await["error"]["fields"][field].is_string(), "{patch}");
        }
        let missing = admin.patch_json("/api/admin/customers/00000000-0000-4000-8000-000000000000",
            &json!({"last_name": "X"})).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(history(&admin, &id).await.len(), entries.len());

        // No password, token or hash in any history entry.
        let hash = app.sql_strings("SELECT password_hash FROM customer").await.remove(0);
        for row in app.sql_strings("SELECT changes FROM customer_history").await {
            assert!(!row.contains(&hash) && !row.contains("$2b$") && !row.contains("password"), "{row}");
        }
    }

    async fn disabling_logs_out_at_once_and_enabling_lets_back_in(app: TestApp) {
        let id = app.register("ann@example.com").await;
        let phone = app.other_browser();
        assert_eq!(phone.login("ann@example.com", "correct horse battery").await.status(), StatusCode::OK);
        let admin = app.staff_browser(Role::Admin).await;
        let res = admin.patch_json(&format!("/api/admin/customers/{id}"), &json!({"status": "disabled"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(body(res).await["data"]["status"], "disabled");
        // Both her browsers are logged out on their very next request.
        assert_eq!(app.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(phone.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(phone.login("ann@example.com", "correct horse battery").await.status(), StatusCode::UNAUTHORIZED);
        let entries = history(&admin, &id).await;
        assert_eq!(entries[0]["action"], "sessions_ended");
        assert_eq!(entries[0]["changes"], json!([{"field": "sessions", "old": null, "new": "2"}]));
        assert_eq!(entries[1]["action"], "status_changed");
        assert_eq!(entries[1]["changes"], json!([{"field": "status", "old": "active", "new": "disabled"}]));
        // A disabled account gets no reset link: it would not work.
        let res = admin.post_json(&format!("/api/admin/customers/{id}/password-reset"), &json!({})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["status"].is_string());

        let res = admin.patch_json(&format!("/api/admin/customers/{id}"), &json!({"status": "active"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(phone.login("ann@example.com", "correct horse battery").await.status(), StatusCode::OK);
        assert_eq!(phone.get("/api/customer/me").await.status(), StatusCode::OK);
    }

    async fn a_customer_created_by_staff_chooses_a_password_from_the_invitation(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let res = admin
            .post_json("/api/admin/customers", &json!({"email": " Bea@Example.com", "first_name": "Bea",
                "last_name": "Lee", "phone": "+1 613 555 0199", "group_id": WHOLESALE}))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let created = body(res).await;
        let id = created["data"]["id"].as_str().expect("id").to_owned();
        assert_eq!(created["data"]["email"], "bea@example.com");
        assert_eq!(created["data"]["group"]["name"], "Wholesale");
        assert_eq!(created["data"]["email_verified"], false);
        let entries = history(&admin, &id).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["action"], "created_by_staff");
        assert!(entries[0]["changes"].as_array().expect("changes").iter()
            .any(|c| c["field"] == "group" && c["new"] == "Wholesale"));

        // Nobody can log in yet; the invitation's link sets the password.
        let bea = app.other_browser();
        assert_eq!(bea.login("bea@example.com", "correct horse battery").await.status(), StatusCode::UNAUTHORIZED);
        let token = app.token_from_mail("bea@example.com", "invitation").await;
        let link = app.mails_to("bea@example.com").await.remove(0).1.expect("link");
        assert!(link.contains("/account/reset-password?token="), "{link}");
        let res = bea.post_json("/api/customer/resetPassword", &json!({"token": token, "password": "violet harbour compass 9"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(bea.login("bea@example.com", "violet harbour compass 9").await.status(), StatusCode::OK);
        // The link reached her address: it counts as verified (so
        // EMAIL_VERIFICATION=required does not lock her out).
        assert_eq!(body(bea.get("/api/customer/me").await).await["data"]["email_verified"], true);
        let actions: Vec<String> = history(&admin, &id).await.iter()
            .map(|e| e["action"].as_str().unwrap_or_default().to_owned()).collect();
        assert!(actions.contains(&"email_verified".to_owned()), "{actions:?}");
        // Single use.
        let res = bea.post_json("/api/customer/resetPassword", &json!({"token": token, "password": "another fine long passphrase"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // The email is taken (in any case), and bad fields are named.
        let res = admin.post_json("/api/admin/customers", &json!({"email": "BEA@example.com", "first_name": "B", "last_name": "L"})).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(body(res).await["error"]["fields"]["email"].is_string());
        let res = admin.post_json("/api/admin/customers", &json!({"email": "x", "first_name": "", "last_name": "L",
            "group_id": "00000000-0000-4000-8000-00000000dead", "password": "x"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fields = body(res).await["error"]["fields"].clone();
        for field in ["email", "first_name", "password"] {
            assert!(fields[field].is_string(), "{field}: {fields}");
        }
        let res = admin.post_json("/api/admin/customers", &json!({"email": "cy@example.com", "first_name": "C",
            "last_name": "L", "group_id": "00000000-0000-4000-8000-00000000dead"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body(res).await["error"]["fields"]["group_id"].is_string());
        assert_eq!(app.count_mails("cy@example.com", "invitation").await, 0);
    }
}
