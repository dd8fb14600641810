//! The admin area's pages, rendered on the server: the staff login on its
//! own (no storefront header, not indexed), the guard that sends a visitor
//! without a staff login there, and the staff login and logout as plain
//! form posts (no JavaScript).

use customer_core::staff::Role;
use reqwest::StatusCode;

use crate::helpers::{TestApp, STAFF_PASSWORD};
use crate::on_both_backends;

/// A page as a browser asks for it; redirects are not followed.
async fn page(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .expect("request")
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string()
}

/// A form post as a browser without JavaScript makes it, from `from`.
async fn form_post(
    app: &TestApp,
    name: &str,
    from: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/fn/{name}")))
        .header("accept", "text/html")
        .header("referer", app.url(from))
        .form(form)
        .send()
        .await
        .expect("request")
}

on_both_backends! {
    async fn the_staff_login_is_a_page_of_its_own(app: TestApp) {
        let res = page(&app, "/admin/login").await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.expect("html");
        assert!(html.contains("Staff login"), "{html}");
        assert!(html.contains(r#"<meta name="robots" content="noindex, nofollow""#), "not indexed");
        assert!(!html.contains("site-header") && !html.contains("site-footer"), "no storefront header or footer");
        // The storefront keeps its header.
        let home = page(&app, "/").await.text().await.expect("html");
        assert!(home.contains("site-header") && !home.contains("noindex"));
    }

    async fn admin_pages_send_a_visitor_without_a_staff_login_to_it(app: TestApp) {
        for path in ["/admin", "/admin/", "/admin/customers", "/admin/groups"] {
            let res = page(&app, path).await;
            assert!(res.status().is_redirection(), "{path}: {}", res.status());
            assert_eq!(location(&res), "/admin/login", "{path}");
        }
        // A customer's login is not a staff login.
        app.register("not-staff@example.com").await;
        let res = page(&app, "/admin").await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(location(&res), "/admin/login");
    }

    async fn staff_see_the_admin_layout(app: TestApp) {
        let staff = app.staff_browser(Role::Support).await;
        let res = page(&staff, "/admin").await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.expect("html");
        assert!(html.contains("admin-sidebar") && html.contains("Dashboard"), "{html}");
        assert!(html.contains("Support Staff"), "the staff member's name");
        assert!(!html.contains("site-header"), "no storefront header");
        // Already logged in: the login page goes to the dashboard.
        let res = page(&staff, "/admin/login").await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(location(&res), "/admin");
        assert_eq!(page(&staff, "/admin/no/such/page").await.status(), StatusCode::NOT_FOUND);
    }

    async fn staff_log_in_and_out_without_javascript(app: TestApp) {
        let email = "form-staff@example.com";
        app.create_staff(email, STAFF_PASSWORD, Role::Admin).await;

        // A wrong password comes back to the login with the error and the
        // email, never the password.
        let res = form_post(&app, "staff_login", "/admin/login", &[("email", email), ("password", "wrong password here")]).await;
        assert_eq!(res.status(), StatusCode::FOUND);
        let back = location(&res);
        assert!(back.contains("/admin/login?") && !back.contains("wrong"), "{back}");
        let html = app.client.get(&back).send().await.expect("request").text().await.expect("html");
        assert!(html.contains("The email or password is incorrect."), "the error shows");
        assert!(html.contains(&format!("value=\"{email}\"")), "the email is kept");

        let res = form_post(&app, "staff_login", "/admin/login", &[("email", email), ("password", STAFF_PASSWORD)]).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(location(&res), "/admin");
        assert_eq!(page(&app, "/admin").await.status(), StatusCode::OK);

        let res = form_post(&app, "staff_logout", "/admin", &[]).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(location(&res), "/admin/login");
        let res = page(&app, "/admin").await;
        assert!(res.status().is_redirection(), "logged out: {}", res.status());
    }
}
