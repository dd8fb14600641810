//! Configuration from environment variables. A bad value stops start-up with
//! a message naming the variable.

use std::net::SocketAddr;
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

        Ok(Self {
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

    /// Cookies are `Secure` when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.app_base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        ] {
            let err = cfg(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var);
            assert!(err.to_string().starts_with(var));
        }
    }

    #[test]
    fn https_base_url_makes_cookies_secure() {
        let c = cfg(&[("APP_BASE_URL", "https://shop.example.com/")]).expect("valid");
        assert!(c.secure_cookies());
        assert_eq!(c.app_base_url, "https://shop.example.com");
    }
}
