//! The customer grid (search, filters, sorts, pages and their 422s), bulk
//! actions and the CSV export, through `/api/admin/customers...`.

use customer_core::staff::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::admin_customers::{body, create, history};
use crate::helpers::TestApp;
use crate::on_both_backends;

const VIP: &str = "00000000-0000-4000-8000-000000000003";

async fn grid(staff: &TestApp, query: &str) -> Value {
    let res = staff.get(&format!("/api/admin/customers?{query}")).await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    body(res).await
}

fn emails(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|c| c["email"].as_str().expect("email").to_owned())
        .collect()
}

/// Four customers: Ann Lee, Bob Stone, Cy Leeds (in VIP, disabled), Dee Ng.
async fn four(admin: &TestApp) -> Vec<String> {
    let mut ids = Vec::new();
    for (email, first, last) in [
        ("ann@example.com", "Ann", "Lee"),
        ("bob@shop.test", "Bob", "Stone"),
        ("cy@example.com", "Cy", "Leeds"),
        ("dee@example.com", "Dee", "Ng"),
    ] {
        ids.push(create(admin, email, first, last).await);
    }
    let res = admin
        .patch_json(
            &format!("/api/admin/customers/{}", ids[2]),
            &json!({"group_id": VIP, "status": "disabled"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    ids
}

on_both_backends! {
    async fn the_grid_searches_filters_sorts_and_pages(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let support = app.staff_browser(Role::Support).await;
        four(&admin).await;

        let all = grid(&support, "").await;
        assert_eq!(all["meta"], json!({"total": 4, "total_capped": false, "page": 1, "per_page": 50}));
        // Newest first by default.
        assert_eq!(emails(&all), ["dee@example.com", "cy@example.com", "bob@shop.test", "ann@example.com"]);
        assert!(all["data"][0].get("password_hash").is_none());

        // Case-insensitive substring of the email or the name.
        assert_eq!(emails(&grid(&support, "q=LEE&sort=email").await), ["ann@example.com", "cy@example.com"]);
        assert_eq!(emails(&grid(&support, "q=shop.TEST").await), ["bob@shop.test"]);
        assert_eq!(emails(&grid(&support, "q=ann%20lee").await), ["ann@example.com"]);
        assert_eq!(grid(&support, "q=nobody").await["meta"]["total"], 0);
        // A literal `%` matches only itself.
        assert_eq!(grid(&support, "q=%25").await["meta"]["total"], 0);

        // Filters.
        assert_eq!(emails(&grid(&support, "status=disabled").await), ["cy@example.com"]);
        assert_eq!(emails(&grid(&support, &format!("group={VIP}")).await), ["cy@example.com"]);
        assert_eq!(grid(&support, "verified=true").await["meta"]["total"], 0);
        assert_eq!(grid(&support, "verified=false&status=active").await["meta"]["total"], 3);
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        assert_eq!(grid(&support, &format!("created_from={today}&created_to={today}")).await["meta"]["total"], 4);
        assert_eq!(grid(&support, "created_to=2000-01-01").await["meta"]["total"], 0);

        // Sorts, both ways, and pages.
        assert_eq!(emails(&grid(&support, "sort=last_name").await)[0], "ann@example.com");
        assert_eq!(emails(&grid(&support, "sort=-last_name").await)[0], "bob@shop.test");
        assert_eq!(emails(&grid(&support, "sort=created_at").await)[0], "ann@example.com");
        assert_eq!(emails(&grid(&support, "sort=-email").await)[0], "dee@example.com");
        assert_eq!(emails(&grid(&support, "sort=first_name").await)[0], "ann@example.com");
        assert_eq!(emails(&grid(&support, "sort=-status").await)[0], "cy@example.com");
        let page2 = grid(&support, "sort=email&per_page=3&page=2").await;
        assert_eq!(page2["meta"], json!({"total": 4, "total_capped": false, "page": 2, "per_page": 3}));
        assert_eq!(emails(&page2), ["dee@example.com"]);
        assert_eq!(emails(&grid(&support, "sort=email&per_page=3&page=9").await), Vec::<String>::new());
    }

    async fn a_broad_search_says_when_there_are_more_than_it_counts(app: TestApp) {
        let rows: Vec<String> = (0..10_001)
            .map(|i| format!("('{}', 'many{i}@example.com', 'x', 'Many', 'N{i}', 1)", uuid::Uuid::new_v4()))
            .collect();
        app.exec_sql(&format!(
            "INSERT INTO customer (public_id, email, password_hash, first_name, last_name, group_id) VALUES {}",
            rows.join(", ")
        ))
        .await;
        let support = app.staff_browser(Role::Support).await;
        let page = grid(&support, "per_page=10").await;
        assert_eq!(page["meta"], json!({"total": 10_000, "total_capped": true, "page": 1, "per_page": 10}));
        let narrow = grid(&support, "q=many9999@").await;
        assert_eq!(narrow["meta"]["total"], 1);
        assert_eq!(narrow["meta"]["total_capped"], false);
    }

    async fn bad_grid_queries_are_422s_naming_the_parameter(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let long = "x".repeat(101);
        for (query, field) in [
            ("sort=password_hash", "sort"),
            ("per_page=0", "per_page"),
            ("per_page=201", "per_page"),
            ("page=0", "page"),
            ("page=99999999999", "page"),
            ("created_from=2026-02-30", "created_from"),
            ("created_to=yesterday", "created_to"),
            ("created_from=2026-02-01&created_to=2026-01-01", "created_to"),
            ("status=closed", "status"),
            ("verified=yes", "verified"),
            (&format!("q={long}"), "q"),
            ("q=a%00b", "q"),
            ("group=vip", "group"),
            ("group=00000000-0000-4000-8000-00000000dead", "group"),
        ] {
            for path in ["/api/admin/customers", "/api/admin/customers/export.csv"] {
                let res = admin.get(&format!("{path}?{query}")).await;
                assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}?{query}");
                let b = body(res).await;
                assert!(b["error"]["fields"][field].is_string(), "{query}: {b}");
            }
        }
    }

    async fn bulk_actions_change_every_selected_customer_or_none(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let ids = four(&admin).await;
        let res = admin
            .post_json("/api/admin/customers/bulk", &json!({"ids": [ids[0], ids[1], ids[0], ids[2]],
                "action": "assign_group", "group_id": VIP}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        // Cy was in VIP already: unchanged, not counted, no entry.
        assert_eq!(body(res).await["data"], json!({"updated": 2}));
        assert_eq!(grid(&admin, &format!("group={VIP}")).await["meta"]["total"], 3);
        assert_eq!(history(&admin, &ids[0]).await[0]["action"], "group_changed");
        assert_eq!(history(&admin, &ids[2]).await[0]["action"], "status_changed");

        let res = admin.post_json("/api/admin/customers/bulk", &json!({"ids": ids, "action": "disable"})).await;
        assert_eq!(body(res).await["data"]["updated"], 3);
        assert_eq!(grid(&admin, "status=disabled").await["meta"]["total"], 4);
        let res = admin.post_json("/api/admin/customers/bulk", &json!({"ids": [ids[3]], "action": "enable"})).await;
        assert_eq!(body(res).await["data"]["updated"], 1);

        // Refusals name their field and change nothing.
        let unknown = "00000000-0000-4000-8000-000000000000";
        let too_many: Vec<String> = (0..501).map(|_| uuid::Uuid::new_v4().to_string()).collect();
        for (input, field) in [
            (json!({"ids": [], "action": "enable"}), "ids"),
            (json!({"ids": too_many, "action": "enable"}), "ids"),
            (json!({"ids": [ids[0], unknown], "action": "enable"}), "ids"),
            (json!({"ids": [ids[0], "not-an-id"], "action": "enable"}), "ids"),
            (json!({"ids": [ids[0]], "action": "delete"}), "action"),
            (json!({"ids": [ids[0]], "action": "assign_group"}), "group_id"),
            (json!({"ids": [ids[0]], "action": "assign_group", "group_id": "00000000-0000-4000-8000-00000000dead"}), "group_id"),
            (json!({"ids": [ids[0]], "action": "enable", "group_id": VIP}), "group_id"),
            (json!({"ids": [ids[0]], "action": "enable", "confirmed": true}), "confirmed"),
        ] {
            let res = admin.post_json("/api/admin/customers/bulk", &input).await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{input}");
            assert!(body(res).await["error"]["fields"][field].is_string(), "{input}");
        }
        assert_eq!(grid(&admin, "status=disabled").await["meta"]["total"], 3);
    }

    async fn the_csv_export_streams_the_filtered_list_safely(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        create(&admin, "eve@example.com", "=HYPERLINK(\"http://evil\")", "Doe, Jr.").await;
        create(&admin, "fay@example.com", "Fay", "@Smith").await;
        create(&admin, "gus@shop.test", "Gus", "Plain").await;
        let res = admin.get("/api/admin/customers/export.csv?q=example.com").await;
        assert_eq!(res.status(), StatusCode::OK);
        let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(header("content-type"), "text/csv; charset=utf-8");
        assert_eq!(header("content-disposition"), "attachment; filename=\"customers.csv\"");
        let csv = res.text().await.expect("csv");
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,email,first_name,last_name,phone,group,status,email_verified,created_at");
        assert_eq!(lines.len(), 4, "{csv}");
        assert_eq!(lines[3], "", "every line ends with CRLF");
        let eve: Vec<&str> = lines[1].splitn(3, ',').collect();
        assert_eq!(eve[1], "eve@example.com");
        assert!(
            lines[1].contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",\"Doe, Jr.\",,General,active,false,"),
            "{}", lines[1]
        );
        assert!(lines[2].contains(",Fay,'@Smith,,General,active,false,"), "{}", lines[2]);
        assert!(!csv.contains("gus@shop.test"), "the filter applies");

        // More than one batch, streamed in id order.
        let rows: Vec<String> = (0..520)
            .map(|i| format!("('{}', 'bulk{i}@example.com', 'x', 'Bulk', 'N{i}', 1)", uuid::Uuid::new_v4()))
            .collect();
        app.exec_sql(&format!(
            "INSERT INTO customer (public_id, email, password_hash, first_name, last_name, group_id) VALUES {}",
            rows.join(", ")
        ))
        .await;
        let csv = admin.get("/api/admin/customers/export.csv").await.text().await.expect("csv");
        assert_eq!(csv.matches("\r\n").count(), 1 + 3 + 520);
        let first = csv.find("bulk0@").expect("bulk0");
        assert!(first < csv.find("bulk519@").expect("bulk519"));
    }
}
