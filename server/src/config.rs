//! Configuration from environment variables. A bad value stops start-up with
//! a message naming the variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

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
}

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

        let app_base_url = var("APP_BASE_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        let valid_base = (app_base_url.starts_with("http://")
            || app_base_url.starts_with("https://"))
            && app_base_url
                .split("://")
                .nth(1)
                .is_some_and(|rest| !rest.is_empty());
        if !valid_base {
            return Err(ConfigError {
                var: "APP_BASE_URL",
                message: format!("must be an http:// or https:// URL (got {app_base_url:?})"),
            });
        }

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

        let positive = |name: &'static str, default: i64, what: &str| -> Result<i64, ConfigError> {
            match var(name) {
                None => Ok(default),
                Some(raw) => match raw.trim().parse::<i64>() {
                    Ok(v) if v > 0 => Ok(v),
                    _ => Err(ConfigError {
                        var: name,
                        message: format!("must be a whole number of {what} above 0 (got {raw:?})"),
                    }),
                },
            }
        };
        let session_idle_timeout_secs = positive(
            "SESSION_IDLE_TIMEOUT",
            customer_core::auth::policy::DEFAULT_SESSION_IDLE_TIMEOUT_SECS,
            "seconds",
        )?;
        let session_max_lifetime_secs = positive(
            "SESSION_MAX_LIFETIME",
            customer_core::auth::policy::DEFAULT_SESSION_MAX_LIFETIME_SECS,
            "seconds",
        )?;
        let defaults = customer_core::auth::policy::SecurityPolicy::default();
        let login_max_failures = positive(
            "LOGIN_MAX_FAILURES",
            defaults.account.max_failures,
            "attempts",
        )?;
        let login_max_failures_per_ip = positive(
            "LOGIN_MAX_FAILURES_PER_IP",
            defaults.ip.max_failures,
            "attempts",
        )?;
        let registration_max_per_ip = positive(
            "REGISTRATION_MAX_PER_IP",
            defaults.registration.max_failures,
            "registrations",
        )?;
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

        Ok(Self {
            graphql_playground,
            graphql_introspection,
            database_max_connections,
            session_idle_timeout_secs,
            session_max_lifetime_secs,
            login_max_failures,
            login_max_failures_per_ip,
            registration_max_per_ip,
            trusted_proxies,
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
        policy
    }

    /// Cookies are `Secure` when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.app_base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use customer_core::auth::policy::SecurityPolicy;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = cfg(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.bcrypt_cost, 10);
        assert_eq!(c.app_base_url, "http://127.0.0.1:3000");
        assert!(!c.secure_cookies());
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (var, value) in [
            ("DATABASE_URL", "mysql://x"),
            ("LEPTOS_SITE_ADDR", "nowhere"),
            ("APP_BASE_URL", "ftp://shop"),
            ("BCRYPT_COST", "3"),
            ("BCRYPT_COST", "ten"),
            ("SESSION_IDLE_TIMEOUT", "0"),
            ("DATABASE_MAX_CONNECTIONS", "0"),
            ("SESSION_MAX_LIFETIME", "forever"),
            ("LOGIN_MAX_FAILURES", "-1"),
            ("LOGIN_MAX_FAILURES_PER_IP", "x"),
            ("REGISTRATION_MAX_PER_IP", "0"),
            ("TRUSTED_PROXIES", "10.0.0.0/33"),
            ("TRUSTED_PROXIES", "proxy.local"),
        ] {
            let err = cfg(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var);
            assert!(err.to_string().starts_with(var));
        }
    }

    #[test]
    fn security_knobs_reach_the_policy() {
        let c = cfg(&[
            ("LOGIN_MAX_FAILURES", "3"),
            ("LOGIN_MAX_FAILURES_PER_IP", "9"),
            ("REGISTRATION_MAX_PER_IP", "7"),
            ("SESSION_MAX_LIFETIME", "3600"),
            ("SESSION_IDLE_TIMEOUT", "600"),
            ("DATABASE_MAX_CONNECTIONS", "5"),
        ])
        .expect("valid");
        let p = c.security_policy();
        assert_eq!(p.account.max_failures, 3);
        assert_eq!(p.ip.max_failures, 9);
        assert_eq!(p.registration.max_failures, 7);
        assert_eq!(p.session_max_lifetime_secs, 3600);
        assert_eq!(c.session_idle_timeout_secs, 600);
        assert_eq!(c.database_max_connections, Some(5));
        assert_eq!(
            cfg(&[]).expect("defaults").security_policy(),
            SecurityPolicy::default()
        );
    }

    #[test]
    fn trusted_proxy_networks() {
        let c = cfg(&[("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7 ,::1")]).expect("valid");
        assert_eq!(c.trusted_proxies.len(), 3);
        let has = |ip: &str| {
            c.trusted_proxies
                .iter()
                .any(|n| n.contains(ip.parse().expect("ip")))
        };
        assert!(has("10.1.2.3"));
        assert!(has("192.168.1.7"));
        assert!(!has("192.168.1.8"));
        assert!(has("::1"));
        assert!(has("::ffff:10.9.9.9"));
        assert!(!has("11.0.0.1"));
        assert_eq!(
            cfg(&[]).expect("defaults").session_idle_timeout_secs,
            7 * 24 * 3600
        );
    }

    #[test]
    fn https_base_url_makes_cookies_secure() {
        let c = cfg(&[("APP_BASE_URL", "https://shop.example.com/")]).expect("valid");
        assert!(c.secure_cookies());
        assert_eq!(c.app_base_url, "https://shop.example.com");
    }

    #[test]
    fn graphql_playground_and_introspection_can_be_turned_off() {
        let defaults = cfg(&[]).expect("defaults");
        assert!(defaults.graphql_playground && defaults.graphql_introspection);
        let off = cfg(&[
            ("GRAPHQL_PLAYGROUND", "false"),
            ("GRAPHQL_INTROSPECTION", "0"),
        ])
        .expect("valid");
        assert!(!off.graphql_playground && !off.graphql_introspection);
        let on = cfg(&[
            ("GRAPHQL_PLAYGROUND", "On"),
            ("GRAPHQL_INTROSPECTION", "yes"),
        ])
        .expect("valid");
        assert!(on.graphql_playground && on.graphql_introspection);
        let err = cfg(&[("GRAPHQL_PLAYGROUND", "maybe")]).unwrap_err();
        assert_eq!(err.var, "GRAPHQL_PLAYGROUND");
    }
}
