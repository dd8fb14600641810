use tracing_subscriber::{fmt, EnvFilter};

/// Logs to stdout, filtered by `RUST_LOG` (default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A second call (tests) keeps the first subscriber.
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
