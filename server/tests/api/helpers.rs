use customer_core::db::testing::{fresh_database_url, Backend};
use serde_json::{json, Value};
use server::{Application, Config};

/// One multi-threaded runtime for every test, as in production. (Renders that
/// hung now and then were caused by route generation in another app of the
/// same process, leptos issue #4773; `startup::route_list` now generates the
/// routes once per process.)
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .enable_all()
            .build()
            .expect("test runtime")
    })
}

pub struct TestApp {
    pub base: String,
    pub backend: Backend,
    pub database_url: String,
    /// A client with its own cookie jar: one browser.
    pub client: reqwest::Client,
    _stop: std::sync::Arc<tokio::sync::oneshot::Sender<()>>,
}

/// Starts the app on a free port with a fresh database, or `None` when the
/// PostgreSQL tests are explicitly skipped.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// Like [`spawn_app`], with extra environment settings.
pub async fn spawn_app_with(backend: Backend, settings: &[(&str, &str)]) -> Option<TestApp> {
    server::telemetry::init();
    let url = fresh_database_url(backend).await.expect("test database")?;
    // A test's own settings win over these defaults.
    let config = Config::from_lookup(|name| {
        if let Some((_, v)) = settings.iter().find(|(k, _)| *k == name) {
            return Some(v.to_string());
        }
        match name {
            "DATABASE_URL" => Some(url.clone()),
            "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
            "BCRYPT_COST" => Some("4".into()),
            // Many apps run at once in one process: keep each pool small.
            "DATABASE_MAX_CONNECTIONS" => Some("4".into()),
            _ => None,
        }
    })
    .expect("config");
    let app = Application::build(config).await.expect("app builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    // The server stops (and closes its pool) when the last handle on this
    // test's app is dropped.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    Some(TestApp {
        base,
        backend,
        database_url: url,
        client: new_client(),
        _stop: std::sync::Arc::new(stop),
    })
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A hung request fails its test instead of hanging the run.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

pub fn ann(email: &str) -> Value {
    json!({
        "email": email,
        "password": "correct horse battery",
        "first_name": "Ann",
        "last_name": "Lee",
        "phone": "+44 20 7946 0958"
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(self.url("/api/graphql"))
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }

    /// A second browser against the same server.
    pub fn other_browser(&self) -> TestApp {
        TestApp {
            base: self.base.clone(),
            backend: self.backend,
            database_url: self.database_url.clone(),
            client: new_client(),
            _stop: self._stop.clone(),
        }
    }

    pub async fn patch_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .patch(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.client
            .delete(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// Registers Ann with this browser and returns her public id.
    pub async fn register(&self, email: &str) -> String {
        let res = self.post_json("/api/customer/register", &ann(email)).await;
        assert_eq!(res.status(), reqwest::StatusCode::CREATED);
        let body: Value = res.json().await.expect("json");
        body["data"]["id"].as_str().expect("id").to_string()
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/customer/login",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// A REST login as a client behind a proxy that says it is `forwarded_for`
    /// (believed only when the app trusts the proxy).
    pub async fn login_from(
        &self,
        forwarded_for: &str,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url("/api/customer/login"))
            .header("x-forwarded-for", forwarded_for)
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request")
    }

    /// Calls the server function `/api/fn/{name}` with form fields, as the
    /// WASM client does (no `Accept: text/html`, so errors come back as JSON).
    pub async fn server_fn(&self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/fn/{name}")))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Runs one SQL statement on this test's database, behind the app's back.
    pub async fn exec_sql(&self, sql: &str) {
        match customer_core::db::connect_with(&self.database_url, Some(1))
            .await
            .expect("db")
        {
            customer_core::db::Database::Sqlite(pool) => {
                sqlx::query(sql).execute(&pool).await.expect("sql");
                pool.close().await;
            }
            customer_core::db::Database::Postgres(pool) => {
                sqlx::query(sql).execute(&pool).await.expect("sql");
                pool.close().await;
            }
        }
    }

    /// The mails queued for `to` so far, oldest first, read from the outbox
    /// (`(kind, link)`).
    pub async fn mails_to(&self, to: &str) -> Vec<(String, Option<String>)> {
        let db = customer_core::db::connect_with(&self.database_url, Some(1))
            .await
            .expect("db");
        let mut conn = db.conn().await.expect("connection");
        let rows = conn.mail().outbox_for(to).await.expect("outbox");
        drop(conn);
        db.close().await;
        rows.into_iter().map(|r| (r.kind, r.link)).collect()
    }

    /// The token of the newest mail of `kind` to `to`.
    pub async fn token_from_mail(&self, to: &str, kind: &str) -> String {
        let mails = self.mails_to(to).await;
        let link = mails
            .iter()
            .rev()
            .find(|(k, _)| k == kind)
            .and_then(|(_, link)| link.clone())
            .unwrap_or_else(|| panic!("no {kind} mail with a link to {to}: {mails:?}"));
        link.split_once("?token=")
            .expect("token in link")
            .1
            .to_string()
    }

    /// How many mails of `kind` went to `to`.
    pub async fn count_mails(&self, to: &str, kind: &str) -> usize {
        self.mails_to(to)
            .await
            .iter()
            .filter(|(k, _)| k == kind)
            .count()
    }

    /// The text values of a one-column query, behind the app's back.
    pub async fn sql_strings(&self, sql: &str) -> Vec<String> {
        match customer_core::db::connect_with(&self.database_url, Some(1))
            .await
            .expect("db")
        {
            customer_core::db::Database::Sqlite(pool) => {
                let rows = sqlx::query_scalar(sql).fetch_all(&pool).await.expect("sql");
                pool.close().await;
                rows
            }
            customer_core::db::Database::Postgres(pool) => {
                let rows = sqlx::query_scalar(sql).fetch_all(&pool).await.expect("sql");
                pool.close().await;
                rows
            }
        }
    }

    /// Creates a staff account behind the app's back (as `server
    /// create-admin` does).
    pub async fn create_staff(
        &self,
        email: &str,
        password: &str,
        role: customer_core::staff::Role,
    ) {
        let db = customer_core::db::connect_with(&self.database_url, Some(1))
            .await
            .expect("db");
        let hasher = customer_core::auth::password::PasswordHasher::new(4, 1).expect("hasher");
        customer_core::services::Services::new(db.clone(), hasher)
            .staff
            .create(&customer_core::staff::dto::NewStaffInput {
                email: email.into(),
                name: format!("{} Staff", role.label()),
                password: password.into(),
                role,
            })
            .await
            .expect("staff created");
        db.close().await;
    }

    /// Logs this browser in as staff; panics unless it worked.
    pub async fn staff_login(&self, email: &str, password: &str) {
        let res = self
            .post_json(
                "/api/admin/login",
                &serde_json::json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(
            res.status(),
            reqwest::StatusCode::OK,
            "staff login of {email}"
        );
    }

    /// A new browser logged in as a staff member of `role` (created here).
    pub async fn staff_browser(&self, role: customer_core::staff::Role) -> TestApp {
        let email = format!(
            "{}-{}@staff.example.com",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        self.create_staff(&email, STAFF_PASSWORD, role).await;
        let browser = self.other_browser();
        browser.staff_login(&email, STAFF_PASSWORD).await;
        browser
    }

    /// Disables an account directly in the database (no admin API yet).
    pub async fn disable(&self, email: &str) {
        let db = customer_core::db::connect_with(&self.database_url, Some(1))
            .await
            .expect("db");
        let mut conn = db.conn().await.expect("connection");
        let row = conn
            .customers()
            .customer_by_email(email)
            .await
            .expect("query")
            .expect("customer");
        conn.customers()
            .set_customer_status(
                row.customer_id(),
                customer_core::dto::CustomerStatus::Disabled,
                chrono::Utc::now(),
            )
            .await
            .expect("disable");
        drop(conn);
        db.close().await;
    }
}

/// The password of the staff accounts tests create.
pub const STAFF_PASSWORD: &str = "quartz lantern orchard 71";

/// Writes each test twice: once on SQLite, once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[test]
                fn $name() {
                    $crate::helpers::runtime().block_on(async {
                        let $app = $crate::helpers::spawn_app(customer_core::db::testing::Backend::Sqlite)
                            .await
                            .expect("sqlite app");
                        $body
                    })
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[test]
                fn $name() {
                    $crate::helpers::runtime().block_on(async {
                        let Some($app) = $crate::helpers::spawn_app(customer_core::db::testing::Backend::Postgres).await else {
                            eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
                            return;
                        };
                        $body
                    })
                }
            )*
        }
    };
}
