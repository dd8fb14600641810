//! The admin customer and group pages, rendered on the server and worked
//! as plain form posts (no JavaScript): the grid with its search, errors
//! and bulk actions, one customer with their history, the changes staff
//! make there (with the customer's own browser logged out by a disable),
//! what a support role is not offered, and the groups page.

use customer_core::staff::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_backends;

const GENERAL: &str = "00000000-0000-4000-8000-000000000001";
const VIP: &str = "00000000-0000-4000-8000-000000000003";

async fn html(app: &TestApp, path: &str) -> String {
    let res = app
        .client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.expect("html")
}

/// A form post as a browser without JavaScript makes it; returns where it
/// was sent next.
async fn post(app: &TestApp, name: &str, from: &str, form: &[(&str, &str)]) -> String {
    let res = app
        .client
        .post(app.url(&format!("/api/fn/{name}")))
        .header("accept", "text/html")
        .header("referer", app.url(from))
        .form(form)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::FOUND, "{name}");
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string()
}

fn path_of(location: &str) -> String {
    match location.find("/admin") {
        Some(i) => location[i..].to_string(),
        None => location.to_string(),
    }
}

on_both_backends! {
    async fn the_grid_finds_sorts_and_names_bad_filters(app: TestApp) {
        let ann = app.other_browser().register("ann.grid@example.com").await;
        app.other_browser().register("bob.grid@example.com").await;
        let staff = app.staff_browser(Role::Support).await;

        let page = html(&staff, "/admin/customers").await;
        assert!(page.contains("customer-grid") && page.contains("ann.grid@example.com"), "{page}");
        assert!(page.contains("1–2 of 2 customers"), "the summary");
        assert!(page.contains(&format!("/admin/customers/{ann}")), "a link to the customer");
        // Sortable headers, the default order marked.
        assert!(page.contains(r#"aria-sort="descending""#) && page.contains("sort=email"), "sort links");
        // Support may not act in bulk, export or create.
        assert!(!page.contains("ids[]") && !page.contains("export.csv") && !page.contains("New customer"));

        let page = html(&staff, "/admin/customers?q=BOB").await;
        assert!(page.contains("bob.grid@example.com") && !page.contains("ann.grid@example.com"), "search");
        assert!(page.contains(r#"value="BOB""#), "the search box keeps the text");

        // Pages: one customer each, the newest first.
        let page = html(&staff, "/admin/customers?per_page=1").await;
        assert!(page.contains("1–1 of 2 customers") && page.contains("Page 1 of 2"), "{page}");
        assert!(page.contains(r#"href="/admin/customers?page=2&amp;per_page=1""#), "the next page keeps the rest: {page}");
        let page = html(&staff, "/admin/customers?per_page=1&page=2").await;
        assert!(page.contains("2–2 of 2 customers") && page.contains("ann.grid@example.com"), "{page}");

        let page = html(&staff, "/admin/customers?q=bo").await;
        assert!(page.contains("may be slow"), "short searches are flagged");

        // As the browser's WASM asks for a page: no filter at all, then one.
        let res = staff.server_fn("admin_customers", &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["meta"]["total"], 2, "{body}");
        let res = staff.server_fn("admin_customers", &[("query[q]", "ann.grid")]).await;
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["data"][0]["email"], "ann.grid@example.com", "{body}");
        assert_eq!(body["meta"]["total"], 1);

        let page = html(&staff, "/admin/customers?status=gone&page=0").await;
        assert!(page.contains("We could not search the customers"), "{page}");
        assert!(page.contains("status:") && page.contains("page:"), "each bad filter is named");
    }

    async fn an_admin_works_a_customer_without_javascript(app: TestApp) {
        let ann_browser = app.other_browser();
        let ann = ann_browser.register("ann.admin@example.com").await;
        let admin = app.staff_browser(Role::Admin).await;
        let page_path = format!("/admin/customers/{ann}");

        let page = html(&admin, &page_path).await;
        assert!(page.contains("ann.admin@example.com") && page.contains("Registered"), "history timeline");
        assert!(page.contains("Change group") && page.contains("Disable account"), "admin controls");
        assert!(page.contains("logged in on 1 device"), "{page}");

        // A group change, then the page says so and shows it in the history.
        let next = post(&admin, "admin_set_group", &page_path, &[("id", &ann), ("group_id", VIP)]).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=group"));
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("The group was changed."), "the notice");
        assert!(page.contains("Group changed") && page.contains("VIP"), "the timeline entry");

        // Disabling logs Ann's own browser out at once.
        assert_eq!(ann_browser.get("/api/customer/me").await.status(), StatusCode::OK);
        let next = post(&admin, "admin_set_status", &page_path, &[("id", &ann), ("status", "disabled")]).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=disabled"));
        assert_eq!(ann_browser.get("/api/customer/me").await.status(), StatusCode::UNAUTHORIZED);
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("Enable the account") && page.contains("Disabled"), "{page}");

        let next = post(&admin, "admin_set_status", &page_path, &[("id", &ann), ("status", "active")]).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=active"));

        // A reset link is mailed.
        let next = post(&admin, "admin_send_reset", &page_path, &[("id", &ann)]).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=reset_sent"));
        assert_eq!(app.count_mails("ann.admin@example.com", "reset_password").await, 1);

        // A bad profile comes back to the page with the error, nothing saved.
        let next = post(&admin, "admin_update_profile", &page_path, &[("id", &ann), ("first_name", ""), ("last_name", "Lee"), ("phone", "")]).await;
        assert!(path_of(&next).starts_with(&format!("{page_path}?")), "{next}");
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("Enter your first name") || page.contains("first name"), "the field's error: {page}");
        let stored = app.sql_strings(&format!("SELECT first_name FROM customer WHERE public_id = '{ann}'")).await;
        assert_eq!(stored, ["Ann"]);
    }

    async fn a_long_history_pages_back_by_links(app: TestApp) {
        let ann = app.other_browser().register("ann.history@example.com").await;
        let admin = app.staff_browser(Role::Admin).await;
        for n in 0..55 {
            let res = admin.patch_json(&format!("/api/admin/customers/{ann}"), &serde_json::json!({"last_name": format!("Lee{n}")})).await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let page_path = format!("/admin/customers/{ann}");
        let page = html(&admin, &page_path).await;
        assert!(page.contains("Lee54") && !page.contains("Registered"), "the newest 50 first");
        let older = page
            .split(&format!(r#"href="{page_path}?before="#))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a link to older entries");
        let page = html(&admin, &format!("{page_path}?before={}", older.split('#').next().unwrap_or(older))).await;
        assert!(page.contains("Registered") && page.contains("← Newest"), "the oldest entries: {page}");
        assert!(!page.contains("Older entries"), "nothing older");
    }

    async fn staff_keep_a_customers_address_book_without_javascript(app: TestApp) {
        let ann = app.other_browser().register("ann.book@example.com").await;
        let support = app.staff_browser(Role::Support).await;
        let page_path = format!("/admin/customers/{ann}");
        let new_path = format!("{page_path}/addresses/new");
        let page = html(&support, &page_path).await;
        assert!(page.contains("No saved addresses.") && page.contains(&new_path), "{page}");
        let form = html(&support, &new_path).await;
        assert!(form.contains("New address for Ann Lee") && form.contains("Save address"));

        // A bad one comes back to the form with each field's message.
        let next = post(&support, "admin_add_address", &new_path, &[
            ("customer", &ann), ("first_name", "Ann"), ("last_name", "Lee"), ("line1", ""),
            ("city", "Ottawa"), ("province", "Ontario"), ("postal_code", "12345"), ("country", "CA"),
        ]).await;
        assert!(path_of(&next).starts_with(&format!("{new_path}?")), "{next}");
        let form = html(&support, &path_of(&next)).await;
        assert!(form.contains(r#"id="line1-error""#) && !form.contains(r#"id="line1-error" hidden"#), "line1's message shows");

        let berlin = [
            ("customer", ann.as_str()), ("first_name", "Ann"), ("last_name", "Lee"),
            ("line1", "Unter den Linden 1"), ("city", "Berlin"), ("postal_code", "10117"), ("country", "DE"),
        ];
        let next = post(&support, "admin_add_address", &new_path, &berlin).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=address_added#addresses"));
        let ottawa = [
            ("customer", ann.as_str()), ("label", "Cottage"), ("first_name", "Ann"), ("last_name", "Lee"),
            ("line1", "24 Sussex Drive"), ("city", "Ottawa"), ("province", "Ontario"), ("postal_code", "k1m 1m4"), ("country", "CA"),
        ];
        post(&support, "admin_add_address", &new_path, &ottawa).await;
        let ids = app.sql_strings(&format!(
            "SELECT a.public_id FROM customer_address a JOIN customer c ON c.id = a.customer_id WHERE c.public_id = '{ann}' ORDER BY a.id"
        )).await;
        assert_eq!(ids.len(), 2);
        let page = html(&support, &page_path).await;
        assert!(page.contains("Unter den Linden 1") && page.contains("Cottage") && page.contains("Default shipping"));
        assert!(page.contains("Address added"), "in the history");

        // The edit form starts from the address; a change is saved.
        let edit_path = format!("{page_path}/addresses/{}", ids[1]);
        let form = html(&support, &edit_path).await;
        assert!(form.contains(r#"value="24 Sussex Drive""#), "{form}");
        let mut changed = ottawa.to_vec();
        changed.push(("id", ids[1].as_str()));
        changed[4] = ("line1", "1 Sussex Drive");
        let next = post(&support, "admin_update_address", &edit_path, &changed).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=address_updated#addresses"));

        // Defaults and deletion.
        let next = post(&support, "admin_set_default_address", &page_path, &[("customer", &ann), ("id", &ids[1]), ("kind", "billing")]).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=default_billing#addresses"));
        let next = post(&support, "admin_delete_address", &page_path, &[("customer", &ann), ("id", &ids[0])]).await;
        assert_eq!(path_of(&next), format!("{page_path}?done=address_deleted#addresses"));
        let page = html(&support, &path_of(&next)).await;
        assert!(page.contains("The address was deleted.") && page.contains("1 Sussex Drive"), "{page}");
        let left = app.sql_strings(&format!(
            "SELECT a.line1 FROM customer_address a JOIN customer c ON c.id = a.customer_id WHERE c.public_id = '{ann}'"
        )).await;
        assert_eq!(left, ["1 Sussex Drive"]);

        // Another customer's address is not this customer's.
        let bob = app.other_browser().register("bob.book@example.com").await;
        let page = html(&support, &format!("/admin/customers/{bob}/addresses/{}", ids[1])).await;
        assert!(page.contains("Address not found"), "{page}");
        let next = post(&support, "admin_delete_address", &page_path, &[("customer", &bob), ("id", &ids[1])]).await;
        assert!(!next.contains("done="), "{next}");
        assert_eq!(app.sql_strings(&format!("SELECT line1 FROM customer_address WHERE public_id = '{}'", ids[1])).await, ["1 Sussex Drive"]);
    }

    async fn support_is_not_offered_what_the_role_cannot_do(app: TestApp) {
        let ann = app.other_browser().register("ann.support@example.com").await;
        let support = app.staff_browser(Role::Support).await;
        let page_path = format!("/admin/customers/{ann}");
        let page = html(&support, &page_path).await;
        assert!(page.contains("Save profile") && page.contains("Send a password reset link"));
        assert!(!page.contains("Change group") && !page.contains("Disable account"), "no admin controls");
        assert!(page.contains("Only an admin can change the group or the status."));
        // The service refuses it anyway.
        let next = post(&support, "admin_set_group", &page_path, &[("id", &ann), ("group_id", VIP)]).await;
        let page = html(&support, &path_of(&next)).await;
        assert!(page.contains("You do not have permission to do this."), "{next} {page}");
        let group = app.sql_strings(&format!("SELECT g.public_id FROM customer c JOIN customer_group g ON g.id = c.group_id WHERE c.public_id = '{ann}'")).await;
        assert_eq!(group, [GENERAL]);
    }

    async fn bulk_actions_come_back_to_the_same_grid(app: TestApp) {
        let a = app.other_browser().register("a.bulk@example.com").await;
        let b = app.other_browser().register("b.bulk@example.com").await;
        let admin = app.staff_browser(Role::Admin).await;
        let page = html(&admin, "/admin/customers?q=bulk").await;
        assert!(page.contains("ids[]") && page.contains("Apply…"), "the bulk bar");
        let next = post(&admin, "admin_bulk", "/admin/customers?q=bulk", &[
            ("ids[]", &a), ("ids[]", &b), ("action", "disable"), ("group_id", GENERAL), ("back", "?q=bulk"),
        ]).await;
        assert_eq!(path_of(&next), "/admin/customers?q=bulk&done=disable&updated=2");
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("2 customers disabled."), "{page}");
        let statuses = app.sql_strings("SELECT status FROM customer WHERE email LIKE '%.bulk@example.com'").await;
        assert_eq!(statuses, ["disabled", "disabled"]);
        // Nothing ticked: an error on the grid, nothing changed.
        let next = post(&admin, "admin_bulk", "/admin/customers?q=bulk", &[("action", "enable"), ("back", "?q=bulk")]).await;
        assert!(!next.contains("done="), "{next}");
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("Select at least one customer."), "the field's message shows: {page}");
    }

    async fn admins_create_customers_and_groups_from_forms(app: TestApp) {
        let admin = app.staff_browser(Role::Admin).await;
        let next = post(&admin, "admin_create_customer", "/admin/customers/new", &[
            ("email", "new.form@example.com"), ("first_name", "Nia"), ("last_name", "Form"), ("phone", ""), ("group_id", VIP),
        ]).await;
        assert!(path_of(&next).ends_with("?done=created"), "{next}");
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("Nia Form") && page.contains("VIP") && page.contains("invited by mail"));
        assert_eq!(app.count_mails("new.form@example.com", "invitation").await, 1);

        let next = post(&admin, "admin_create_group", "/admin/groups", &[("name", "Trade fairs"), ("description", "Met at a fair")]).await;
        assert_eq!(path_of(&next), "/admin/groups?done=created");
        let page = html(&admin, "/admin/groups").await;
        assert!(page.contains("Trade fairs") && page.contains("Met at a fair") && page.contains("Delete…"), "{page}");
        // A duplicate name comes back with the error.
        let next = post(&admin, "admin_create_group", "/admin/groups", &[("name", "trade FAIRS"), ("description", "")]).await;
        assert!(!next.contains("done="), "{next}");
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("A customer group with this name already exists."), "{page}");
        // Renaming another group to it: the message shows above the table.
        let next = post(&admin, "admin_update_group", "/admin/groups", &[("id", VIP), ("name", "TRADE fairs"), ("description", "")]).await;
        let page = html(&admin, &path_of(&next)).await;
        assert!(page.contains("A customer group with this name already exists."), "{page}");

        // Page access: VIP only.
        let next = post(&admin, "admin_set_page_access", "/admin/groups", &[("page", "wholesale"), ("groups[]", VIP)]).await;
        assert_eq!(path_of(&next), "/admin/groups?done=access");
        let page = html(&admin, "/admin/groups").await;
        assert!(page.contains("Open to: VIP."), "{page}");

        // Support sees the groups but may not change them.
        let support = app.staff_browser(Role::Support).await;
        let page = html(&support, "/admin/groups").await;
        assert!(page.contains("Trade fairs") && !page.contains("Create group") && !page.contains("Delete…"));
        let page = html(&support, "/admin/customers/new").await;
        assert!(page.contains("Only an admin can create customers.") && !page.contains("Create and invite"), "{page}");
        let page = html(&admin, "/admin/customers/new").await;
        assert!(page.contains("Create and invite") && !page.contains("Only an admin"), "{page}");
    }
}
