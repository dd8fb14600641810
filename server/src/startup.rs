//! Building the application: database, sessions, services, router. Tests
//! call [`Application::build`] with port 0 and a fresh database.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::{shell, App};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use customer_core::auth::password::PasswordHasher;
use customer_core::clock::SystemClock;
use customer_core::db::{self, Database};
use customer_core::mail::{LogTransport, MailSettings, MailTransport, MailWorker, SmtpTransport};
use customer_core::services::Services;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::{Config, Limits};
use crate::graphql;
use crate::http;
use crate::middleware::client::{client_info, TrustedProxies};
use crate::middleware::{bounds, caller, form_values, security, server_fn};
use crate::sessions::DbSessionStore;
use crate::state::AppState;

/// Name of the session cookie shared by the UI, REST and GraphQL.
pub const SESSION_COOKIE: &str = "shop_session";
/// Its name over https: the `__Host-` prefix makes browsers accept it only
/// when Secure, for Path=/ and without a Domain, so no sibling subdomain or
/// plain-http page can plant or overwrite it.
pub const SESSION_COOKIE_HTTPS: &str = "__Host-shop_session";

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Database,
    addr: SocketAddr,
    limits: Limits,
    mail: MailWorkerHandle,
}

/// The running mail worker and its prune task: both stop when `stop` is
/// told to or dropped (with the application).
struct MailWorkerHandle {
    stop: tokio::sync::watch::Sender<bool>,
    worker: tokio::task::JoinHandle<()>,
}

/// Longest wait at shutdown for the mail being sent to finish.
const MAIL_STOP_WAIT: Duration = Duration::from_secs(15);

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = db::connect_with(&config.database_url, config.database_max_connections).await?;
        let session_store = DbSessionStore::new(&db)
            .await
            .context("could not create the session table")?;
        tokio::spawn(
            session_store
                .clone()
                .continuously_delete_expired(Duration::from_secs(60)),
        );

        // At most one bcrypt per core at a time; the rest wait their turn
        // instead of crowding out every other request.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hasher = PasswordHasher::new(config.bcrypt_cost, cores)?
            .with_max_wait(config.limits.password_hash_max_wait);
        // The worker is woken by each commit that queued mail (and polls).
        let wake = Arc::new(tokio::sync::Notify::new());
        let services = Services::new(db.clone(), hasher)
            .with_policy(config.security_policy())
            .with_mail(MailSettings {
                shop: config.shop(),
                wake: wake.clone(),
            });
        spawn_throttle_pruning(services.clone());
        spawn_session_pruning(services.clone());
        let mail = spawn_mail_worker(&config, &db, wake)?;
        // The device-cookie key, created in the database by the first
        // instance to start and shared by all.
        services
            .auth
            .device_key()
            .await
            .context("could not read or create the device-cookie secret")?;

        let listener = TcpListener::bind(config.site_addr).await.with_context(|| {
            format!(
                "could not listen on {} (LEPTOS_SITE_ADDR)",
                config.site_addr
            )
        })?;
        let addr = listener.local_addr()?;

        let leptos_options = LeptosOptions::builder()
            .output_name("shop")
            .site_root(config.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .env(if cfg!(debug_assertions) {
                leptos::config::Env::DEV
            } else {
                leptos::config::Env::PROD
            })
            .build();

        let state = AppState {
            leptos_options: leptos_options.clone(),
            schema: graphql::schema(services.clone(), config.graphql_introspection),
            services: services.clone(),
        };

        let session_layer = SessionManagerLayer::new(session_store)
            .with_name(if config.secure_cookies() {
                SESSION_COOKIE_HTTPS
            } else {
                SESSION_COOKIE
            })
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(config.secure_cookies())
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
                config.session_idle_timeout_secs,
            )));

        // Outermost last: the client's address, then the session, then the
        // caller resolved from both.
        let router = router(state, config.graphql_playground, &config.limits)
            .layer(axum::Extension(config.limits))
            .layer(axum::Extension(security::SecuritySettings::from_config(
                &config,
            )))
            .layer(axum::middleware::from_fn_with_state(
                caller::CallerState {
                    services,
                    secure_cookies: config.secure_cookies(),
                },
                caller::resolve_caller,
            ))
            .layer(session_layer)
            .layer(axum::middleware::from_fn_with_state(
                TrustedProxies(Arc::new(config.trusted_proxies.clone())),
                client_info,
            ))
            .layer(TraceLayer::new_for_http());

        Ok(Self {
            listener,
            router,
            db,
            addr,
            limits: config.limits,
            mail,
        })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the future resolves, then finishes in-flight requests.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(addr = %self.addr, backend = self.db.backend_name(), "listening");
        // Our own accept loop: header read timeout and connection cap.
        crate::serve::serve(self.listener, self.router, self.limits, shutdown).await;
        // The mail being sent is finished; the rest wait in the outbox.
        let _ = self.mail.stop.send(true);
        if tokio::time::timeout(MAIL_STOP_WAIT, self.mail.worker)
            .await
            .is_err()
        {
            tracing::warn!(target: "mail", "the mail worker did not stop in time");
        }
        self.db.close().await;
        Ok(())
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(std::future::pending()).await
    }
}

fn router(state: AppState, graphql_playground: bool, limits: &Limits) -> Router {
    let routes = route_list();
    let services = state.services.clone();
    let context = move || {
        provide_context(services.clone());
        // Leptos writes the CSP header's nonce on its inline scripts.
        security::provide_request_nonce();
    };
    let options = state.leptos_options.clone();

    let graphql_route = if graphql_playground {
        get(graphql::graphiql::page).post(graphql::graphql_handler)
    } else {
        get(http::not_found).post(graphql::graphql_handler)
    };
    let mut api = Router::new()
        .merge(http::router())
        .route(graphql::GRAPHQL_PATH, graphql_route);
    if graphql_playground {
        api = api.route("/api/graphiql/{file}", get(graphql::graphiql::file));
    }
    let routes = api
        .route("/health", get(health))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        // A failed no-JS form post goes back with what was typed (no passwords).
        .layer(axum::middleware::from_fn(form_values::keep_typed_values))
        // Uploads refused; bodies read within their size and time limits.
        .layer(axum::middleware::from_fn(bounds::bounded_body))
        // Server functions (registered by leptos_routes) get real statuses.
        .layer(axum::middleware::map_response(server_fn::server_fn_status))
        // Cross-site state-changing requests are refused.
        .layer(axum::middleware::from_fn(security::reject_cross_site));
    // A deadline per request and a cap on requests in flight (503); then
    // every answer, the refusals included, gets the security headers.
    bounds::overload(routes, limits)
        .layer(axum::middleware::from_fn(security::security_headers))
        .with_state(state)
}

/// The app's routes, generated once per process. Generating them renders the
/// app with resource loading switched off by a process-wide flag (leptos
/// issue #4773): a page rendering in another app of the same process at that
/// moment (the API tests run many) would wait forever for its data.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| with_splat_roots(generate_route_list(App)))
        .clone()
}

/// A route of the app ending in a wildcard (`/admin/*rest`) matches its
/// root too (`/admin`), but axum's catch-all needs at least one character:
/// each such route is listed a second time without it.
fn with_splat_roots(routes: Vec<AxumRouteListing>) -> Vec<AxumRouteListing> {
    let roots: Vec<AxumRouteListing> = routes
        .iter()
        .filter_map(|route| {
            let (root, splat) = route.path().rsplit_once('/')?;
            let root_listed = routes.iter().any(|r| r.path() == root);
            (splat.starts_with("{*") && !root.is_empty() && !root_listed).then(|| {
                AxumRouteListing::new(
                    root.to_string(),
                    route.mode().clone(),
                    route.methods(),
                    Vec::new(),
                )
            })
        })
        .collect();
    routes.into_iter().chain(roots).collect()
}

/// Forgets old failed logins every ten minutes, so the table stays small.
fn spawn_throttle_pruning(services: Services) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = services.auth.prune_throttles().await {
                tracing::warn!(error = %e, "could not prune login throttles");
            }
        }
    });
}

/// Deletes `customer_session` and `staff_session` rows past their idle timeout or absolute
/// lifetime every ten minutes (tower-sessions' own expired records go every
/// minute, above). They no longer log anyone in or show in the device
/// list; this only keeps the table small.
fn spawn_session_pruning(services: Services) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = services.auth.prune_sessions().await {
                tracing::warn!(error = %e, "could not prune expired sessions");
            }
            if let Err(e) = services.staff.prune_sessions().await {
                tracing::warn!(error = %e, "could not prune expired staff sessions");
            }
        }
    });
}

/// Starts the mail worker (SMTP when `SMTP_URL` is set, else the log) and
/// the task that prunes finished mails and old tokens every ten minutes.
fn spawn_mail_worker(
    config: &Config,
    db: &Database,
    wake: Arc<tokio::sync::Notify>,
) -> anyhow::Result<MailWorkerHandle> {
    let transport: Arc<dyn MailTransport> = match &config.mail.smtp {
        Some(smtp) => Arc::new(
            SmtpTransport::new(smtp, &config.mail.from)
                .map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?,
        ),
        None => {
            tracing::warn!(
                target: "mail",
                "SMTP_URL is not set: mails are not delivered; they stay in the outbox and their links are logged"
            );
            Arc::new(LogTransport)
        }
    };
    let worker = Arc::new(
        MailWorker::new(db.clone(), transport, wake, Arc::new(SystemClock))
            .with_policy(config.mail.worker_policy()),
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    // Told to stop, or the sender is gone: both end the wait.
    let until_stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let pruner = worker.clone();
    let prune_stop = until_stopped(stopped.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        tokio::pin!(prune_stop);
        loop {
            tokio::select! {
                () = &mut prune_stop => return,
                _ = tick.tick() => {}
            }
            match pruner.prune().await {
                Ok(pruned) => tracing::debug!(target: "mail", ?pruned, "pruned mails and tokens"),
                Err(e) => tracing::warn!(error = %e, "could not prune mails and tokens"),
            }
        }
    });
    let worker = tokio::spawn(async move { worker.run(until_stopped(stopped)).await });
    Ok(MailWorkerHandle { stop, worker })
}

/// Liveness and database reachability.
async fn health(State(services): State<Services>) -> impl IntoResponse {
    match services.ping().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({"status": "ok"}))),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
        }
    }
}
