//! Configuration from environment variables. A bad value stops start-up with
//! a message naming the variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

mod mail;
use mail::base_url;
pub use mail::MailConfig;

#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite:` or `postgres://` URL.
    pub database_url: String,
    /// Where to listen; port 0 picks a free port (tests).
    pub site_addr: SocketAddr,
    /// Folder with the built site (`pkg/` with the WASM, JS and CSS).
    pub site_root: PathBuf,
    /// The public URL of the shop; an `https` URL makes cookies `Secure`.
    pub app_base_url: String,
    pub bcrypt_cost: u32,
    /// Pool size; `None` keeps the backend's default.
    pub database_max_connections: Option<u32>,
    /// Seconds of inactivity after which a session ends.
    pub session_idle_timeout_secs: i64,
    /// Seconds after login after which a session ends, however active.
    pub session_max_lifetime_secs: i64,
    /// Consecutive failed logins on one account before a cooldown.
    pub login_max_failures: i64,
    /// Failed logins from one client IP (per 15 minutes) before a cooldown.
    pub login_max_failures_per_ip: i64,
    /// Accounts that may be created from one client IP per hour.
    pub registration_max_per_ip: i64,
    /// Proxies whose `X-Forwarded-For` is believed. Empty: the socket's
    /// peer address is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Serve GraphiQL at `GET /api/graphql` (`GRAPHQL_PLAYGROUND`).
    pub graphql_playground: bool,
    /// Answer GraphQL introspection queries (`GRAPHQL_INTROSPECTION`).
    pub graphql_introspection: bool,
    /// Caps on bodies, time and concurrency (docs/SECURITY.md, "Bounded
    /// requests").
    pub limits: Limits,
    /// Mail delivery, emailed links and their limits (`config/mail.rs`).
    pub mail: MailConfig,
}

/// Every cap on what one request or connection may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body outside GraphQL (REST, server functions, forms).
    pub max_body_bytes: usize,
    /// Largest GraphQL request body.
    pub graphql_max_body_bytes: usize,
    /// Longest GraphQL query text.
    pub graphql_max_query_bytes: usize,
    /// A connection must send a request's headers within this.
    pub header_read_timeout: Duration,
    /// A request's body must arrive within this (after its headers).
    pub request_body_timeout: Duration,
    /// A request is answered (or given up on, 503) within this.
    pub request_timeout: Duration,
    /// Requests handled at once; more are refused with 503, not queued.
    pub max_concurrent_requests: usize,
    /// Open connections at once; more wait to be accepted.
    pub max_connections: usize,
    /// Longest a login or registration waits for a free password hasher.
    pub password_hash_max_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1 << 20,
            graphql_max_body_bytes: 64 << 10,
            graphql_max_query_bytes: 16 << 10,
            header_read_timeout: Duration::from_secs(30),
            request_body_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            max_concurrent_requests: 512,
            max_connections: 1024,
            password_hash_max_wait: Duration::from_secs(5),
        }
    }
}

/// A whole number from `min` to `max` from `raw`, or an error naming `var`.
fn bounded(
    var: &'static str,
    raw: &str,
    min: u64,
    max: u64,
    unit: &str,
) -> Result<u64, ConfigError> {
    match raw.trim().parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(ConfigError {
            var,
            message: format!("must be a whole number of {unit} from {min} to {max} (got {raw:?})"),
        }),
    }
}

/// Longest session settings accepted: a year.
pub const MAX_SESSION_SECS: u64 = 365 * 24 * 3600;

/// An IP network (`10.0.0.0/8`, `::1/128`) or a single address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(raw: &str) -> Option<Self> {
        let (addr, prefix) = match raw.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (raw.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match (self.addr, ip) {
            (IpAddr::V4(_), IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            _ => ip,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/shop.db";
pub const DEFAULT_BCRYPT_COST: u32 = 10;

impl Config {
    /// Reads every variable through `get` (the environment in `main`).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &'static str| get(name).filter(|v| !v.trim().is_empty());

        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError {
                var: "DATABASE_URL",
                message: format!("must start with sqlite: or postgres:// (got {database_url:?})"),
            });
        }

        let site_addr_raw = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr = site_addr_raw.parse().map_err(|_| ConfigError {
            var: "LEPTOS_SITE_ADDR",
            message: format!("must be an address like 127.0.0.1:3000 (got {site_addr_raw:?})"),
        })?;

        let site_root =
            PathBuf::from(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()));

        let app_base_url =
            base_url(&var("APP_BASE_URL").unwrap_or_else(|| format!("http://{site_addr}")))?;

        let bcrypt_cost = match var("BCRYPT_COST") {
            None => DEFAULT_BCRYPT_COST,
            Some(raw) => match raw.trim().parse::<u32>() {
                Ok(c) if (4..=31).contains(&c) => c,
                _ => {
                    return Err(ConfigError {
                        var: "BCRYPT_COST",
                        message: format!("must be a whole number from 4 to 31 (got {raw:?})"),
                    })
                }
            },
        };

        // Every number has bounds: nothing overflows later (`secs * 1000`).
        let number = |name: &'static str, default: u64, min: u64, max: u64, unit: &str| {
            var(name).map_or(Ok(default), |raw| bounded(name, &raw, min, max, unit))
        };
        let defaults = customer_core::auth::policy::SecurityPolicy::default();
        // An idle timeout shorter than the interval at which "last seen" is
        // written would end active sessions.
        let touch = defaults.touch_interval_secs.unsigned_abs();
        let session_idle_timeout_secs = number(
            "SESSION_IDLE_TIMEOUT",
            customer_core::auth::policy::DEFAULT_SESSION_IDLE_TIMEOUT_SECS.unsigned_abs(),
            touch,
            MAX_SESSION_SECS,
            "seconds",
        )? as i64;
        let session_max_lifetime_secs = number(
            "SESSION_MAX_LIFETIME",
            customer_core::auth::policy::DEFAULT_SESSION_MAX_LIFETIME_SECS.unsigned_abs(),
            touch,
            MAX_SESSION_SECS,
            "seconds",
        )? as i64;
        let login_max_failures = number(
            "LOGIN_MAX_FAILURES",
            defaults.account.max_failures.unsigned_abs(),
            1,
            1000,
            "attempts",
        )? as i64;
        let login_max_failures_per_ip = number(
            "LOGIN_MAX_FAILURES_PER_IP",
            defaults.ip.max_failures.unsigned_abs(),
            1,
            1_000_000,
            "attempts",
        )? as i64;
        let registration_max_per_ip = number(
            "REGISTRATION_MAX_PER_IP",
            defaults.registration.max_failures.unsigned_abs(),
            1,
            1_000_000,
            "registrations",
        )? as i64;
        let d = Limits::default();
        let secs = |name, default: Duration, max| {
            number(name, default.as_secs(), 1, max, "seconds").map(Duration::from_secs)
        };
        let bytes = |name, default: usize, min, max| {
            number(name, default as u64, min, max, "bytes").map(|v| v as usize)
        };
        let limits = Limits {
            max_body_bytes: bytes("MAX_BODY_BYTES", d.max_body_bytes, 1024, 64 << 20)?,
            graphql_max_body_bytes: bytes(
                "GRAPHQL_MAX_BODY_BYTES",
                d.graphql_max_body_bytes,
                1024,
                16 << 20,
            )?,
            graphql_max_query_bytes: bytes(
                "GRAPHQL_MAX_QUERY_BYTES",
                d.graphql_max_query_bytes,
                256,
                1 << 20,
            )?,
            header_read_timeout: secs("HEADER_READ_TIMEOUT", d.header_read_timeout, 300)?,
            request_body_timeout: secs("REQUEST_BODY_TIMEOUT", d.request_body_timeout, 600)?,
            request_timeout: secs("REQUEST_TIMEOUT", d.request_timeout, 600)?,
            max_concurrent_requests: number(
                "MAX_CONCURRENT_REQUESTS",
                d.max_concurrent_requests as u64,
                1,
                100_000,
                "requests",
            )? as usize,
            max_connections: number(
                "MAX_CONNECTIONS",
                d.max_connections as u64,
                1,
                1_000_000,
                "connections",
            )? as usize,
            password_hash_max_wait: number(
                "PASSWORD_HASH_MAX_WAIT_MS",
                d.password_hash_max_wait.as_millis() as u64,
                1,
                60_000,
                "milliseconds",
            )
            .map(Duration::from_millis)?,
        };
        let trusted_proxies = match var("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| {
                    IpNet::parse(p).ok_or_else(|| ConfigError {
                        var: "TRUSTED_PROXIES",
                        message: format!(
                            "must be a comma-separated list of IP addresses or networks like 10.0.0.0/8 (bad entry {:?})",
                            p.trim()
                        ),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };

        let database_max_connections = match var("DATABASE_MAX_CONNECTIONS") {
            None => None,
            Some(raw) => match raw.trim().parse::<u32>() {
                Ok(n) if (1..=1000).contains(&n) => Some(n),
                _ => {
                    return Err(ConfigError {
                        var: "DATABASE_MAX_CONNECTIONS",
                        message: format!("must be a whole number from 1 to 1000 (got {raw:?})"),
                    })
                }
            },
        };

        let flag = |name: &'static str, default: bool| -> Result<bool, ConfigError> {
            match var(name).map(|v| v.trim().to_ascii_lowercase()) {
                None => Ok(default),
                Some(v) if ["1", "true", "on", "yes"].contains(&v.as_str()) => Ok(true),
                Some(v) if ["0", "false", "off", "no"].contains(&v.as_str()) => Ok(false),
                Some(v) => Err(ConfigError {
                    var: name,
                    message: format!("must be true or false (got {v:?})"),
                }),
            }
        };
        let graphql_playground = flag("GRAPHQL_PLAYGROUND", true)?;
        let graphql_introspection = flag("GRAPHQL_INTROSPECTION", true)?;

        let mail = MailConfig::from_lookup(&var)?;

        Ok(Self {
            mail,
            graphql_playground,
            graphql_introspection,
            database_max_connections,
            session_idle_timeout_secs,
            session_max_lifetime_secs,
            login_max_failures,
            login_max_failures_per_ip,
            registration_max_per_ip,
            trusted_proxies,
            limits,
            database_url,
            site_addr,
            site_root,
            app_base_url,
            bcrypt_cost,
        })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The security policy these settings describe.
    pub fn security_policy(&self) -> customer_core::auth::policy::SecurityPolicy {
        let mut policy = customer_core::auth::policy::SecurityPolicy::default();
        policy.account.max_failures = self.login_max_failures;
        policy.ip.max_failures = self.login_max_failures_per_ip;
        policy.registration.max_failures = self.registration_max_per_ip;
        policy.session_max_lifetime_secs = self.session_max_lifetime_secs;
        policy.session_idle_timeout_secs = self.session_idle_timeout_secs;
        self.mail.apply(&mut policy);
        policy
    }

    /// The shop as its mails name it; links start with `APP_BASE_URL`.
    pub fn shop(&self) -> customer_core::mail::ShopInfo {
        customer_core::mail::ShopInfo {
            name: self.mail.shop_name.clone(),
            base_url: self.app_base_url.clone(),
        }
    }

    /// Cookies are `Secure` when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.app_base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests;
