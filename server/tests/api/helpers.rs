use customer_core::store::testing::{fresh_database_url, Backend};
use serde_json::{json, Value};
use server::{Application, Config};

pub struct TestApp {
    pub base: String,
    /// A client with its own cookie jar: one browser.
    pub client: reqwest::Client,
}

/// Starts the app on a free port with a fresh database, or `None` when the
/// PostgreSQL tests are explicitly skipped.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    server::telemetry::init();
    let url = fresh_database_url(backend).await.expect("test database")?;
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        "BCRYPT_COST" => Some("4".into()),
        _ => None,
    })
    .expect("config");
    let app = Application::build(config).await.expect("app builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    Some(TestApp {
        base,
        client: new_client(),
    })
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
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
            client: new_client(),
        }
    }
}

/// Writes each test twice: once on SQLite, once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let $app = $crate::helpers::spawn_app(customer_core::store::testing::Backend::Sqlite)
                        .await
                        .expect("sqlite app");
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let Some($app) = $crate::helpers::spawn_app(customer_core::store::testing::Backend::Postgres).await else {
                        eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
                        return;
                    };
                    $body
                }
            )*
        }
    };
}
