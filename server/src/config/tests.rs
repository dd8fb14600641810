use super::*;
use customer_core::auth::policy::SecurityPolicy;
use customer_core::emails::VerificationMode;
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
        // Upper bounds: nothing overflows `secs * 1000` later.
        ("SESSION_MAX_LIFETIME", "99999999999999999"),
        ("SESSION_MAX_LIFETIME", "31536001"),
        ("SESSION_IDLE_TIMEOUT", "99999999999999999999999"),
        // An idle timeout below the last-seen write interval (60 s).
        ("SESSION_IDLE_TIMEOUT", "59"),
        ("LOGIN_MAX_FAILURES", "1001"),
        ("LOGIN_MAX_FAILURES_PER_IP", "1000001"),
        ("MAX_BODY_BYTES", "100"),
        ("MAX_BODY_BYTES", "1099511627776"),
        ("GRAPHQL_MAX_BODY_BYTES", "0"),
        ("GRAPHQL_MAX_BODY_BYTES", "64k"),
        ("GRAPHQL_MAX_QUERY_BYTES", "2000000"),
        ("HEADER_READ_TIMEOUT", "0"),
        ("HEADER_READ_TIMEOUT", "301"),
        ("REQUEST_BODY_TIMEOUT", "601"),
        ("REQUEST_TIMEOUT", "-5"),
        ("REQUEST_TIMEOUT", "1.5"),
        ("MAX_CONCURRENT_REQUESTS", "0"),
        ("MAX_CONCURRENT_REQUESTS", "100001"),
        ("MAX_CONNECTIONS", "0"),
        ("PASSWORD_HASH_MAX_WAIT_MS", "0"),
        ("PASSWORD_HASH_MAX_WAIT_MS", "60001"),
        ("APP_BASE_URL", "https://shop.example.com/?ref=mail"),
        ("APP_BASE_URL", "https://shop.example.com#top"),
        ("APP_BASE_URL", "https://"),
        ("APP_BASE_URL", "shop.example.com"),
        ("SMTP_URL", "http://mail.example.com"),
        ("SMTP_URL", "smtp://mail.example.com:0"),
        ("SMTP_URL", "smtp://user:pw@mail.example.com"),
        ("MAIL_FROM", "not an address"),
        ("SHOP_NAME", "two\nlines"),
        ("MAIL_MAX_ATTEMPTS", "0"),
        ("MAIL_MAX_ATTEMPTS", "51"),
        ("EMAIL_VERIFICATION", "sometimes"),
        ("RESET_TOKEN_TTL_SECS", "59"),
        ("VERIFY_TOKEN_TTL_SECS", "2592001"),
        ("EMAIL_CHANGE_TOKEN_TTL_SECS", "1h"),
        ("MAIL_MAX_PER_ADDRESS", "0"),
        ("MAIL_MAX_PER_IP", "1000001"),
        ("MAIL_ANSWER_FLOOR_MS", "10001"),
    ] {
        let err = cfg(&[(var, value)]).unwrap_err();
        assert_eq!(err.var, var);
        assert!(err.to_string().starts_with(var));
    }
}

#[test]
fn the_idle_timeout_message_names_the_variable_and_the_floor() {
    let err = cfg(&[("SESSION_IDLE_TIMEOUT", "30")]).unwrap_err();
    assert_eq!(err.var, "SESSION_IDLE_TIMEOUT");
    assert!(err.to_string().contains("from 60"), "{err}");
    let err = cfg(&[("SESSION_MAX_LIFETIME", "99999999999999999")]).unwrap_err();
    assert!(err.to_string().starts_with("SESSION_MAX_LIFETIME"), "{err}");
    // The bounds themselves are accepted.
    let c = cfg(&[
        ("SESSION_IDLE_TIMEOUT", "60"),
        ("SESSION_MAX_LIFETIME", "31536000"),
    ])
    .expect("valid");
    assert_eq!(c.session_max_lifetime_secs, 31_536_000);
}

#[test]
fn request_limits_have_defaults_and_can_be_set() {
    let d = cfg(&[]).expect("defaults").limits;
    assert_eq!(d, Limits::default());
    assert_eq!(d.max_body_bytes, 1024 * 1024);
    assert_eq!(d.graphql_max_body_bytes, 64 * 1024);
    assert_eq!(d.graphql_max_query_bytes, 16 * 1024);
    assert_eq!(d.header_read_timeout, Duration::from_secs(30));
    assert_eq!(d.request_body_timeout, Duration::from_secs(30));
    assert_eq!(d.request_timeout, Duration::from_secs(30));
    assert_eq!(d.password_hash_max_wait, Duration::from_secs(5));
    let c = cfg(&[
        ("MAX_BODY_BYTES", "2048"),
        ("GRAPHQL_MAX_BODY_BYTES", "4096"),
        ("GRAPHQL_MAX_QUERY_BYTES", "512"),
        ("HEADER_READ_TIMEOUT", "2"),
        ("REQUEST_BODY_TIMEOUT", "3"),
        ("REQUEST_TIMEOUT", "4"),
        ("MAX_CONCURRENT_REQUESTS", "5"),
        ("MAX_CONNECTIONS", "6"),
        ("PASSWORD_HASH_MAX_WAIT_MS", "7"),
    ])
    .expect("valid")
    .limits;
    assert_eq!(
        c,
        Limits {
            max_body_bytes: 2048,
            graphql_max_body_bytes: 4096,
            graphql_max_query_bytes: 512,
            header_read_timeout: Duration::from_secs(2),
            request_body_timeout: Duration::from_secs(3),
            request_timeout: Duration::from_secs(4),
            max_concurrent_requests: 5,
            max_connections: 6,
            password_hash_max_wait: Duration::from_millis(7),
        }
    );
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

#[test]
fn mail_defaults() {
    let c = cfg(&[]).expect("defaults");
    assert!(c.mail.smtp.is_none());
    assert_eq!(c.mail.shop_name, "Shop");
    assert_eq!(c.mail.from.to_string(), "Shop <no-reply@localhost>");
    assert_eq!(c.mail.max_attempts, 6);
    assert_eq!(
        c.mail.worker_policy(),
        customer_core::mail::WorkerPolicy::default()
    );
    let shop = c.shop();
    assert_eq!(shop.name, "Shop");
    assert_eq!(shop.base_url, "http://127.0.0.1:3000");
    let p = c.security_policy();
    assert_eq!(p.email_verification, VerificationMode::Optional);
    assert_eq!(p.tokens.reset_secs, 3600);
    assert_eq!(p.tokens.verify_secs, 48 * 3600);
    assert_eq!(p.tokens.change_email_secs, 3600);
}

#[test]
fn mail_settings_reach_the_policy_and_the_worker() {
    let c = cfg(&[
        ("SMTP_URL", "smtps://apikey:s%40cret@smtp.example.com"),
        ("MAIL_FROM", "Maple & Oak <hello@shop.example.com>"),
        ("SHOP_NAME", "Maple & Oak"),
        ("APP_BASE_URL", "https://shop.example.com/"),
        ("MAIL_MAX_ATTEMPTS", "3"),
        ("EMAIL_VERIFICATION", "Required"),
        ("RESET_TOKEN_TTL_SECS", "900"),
        ("VERIFY_TOKEN_TTL_SECS", "86400"),
        ("EMAIL_CHANGE_TOKEN_TTL_SECS", "1800"),
        ("MAIL_MAX_PER_ADDRESS", "2"),
        ("MAIL_MAX_PER_IP", "11"),
        ("MAIL_ANSWER_FLOOR_MS", "0"),
    ])
    .expect("valid");
    let smtp = c.mail.smtp.as_ref().expect("smtp");
    assert_eq!(smtp.to_string(), "smtps://apikey@smtp.example.com:465");
    assert_eq!(
        smtp.credentials.as_ref().map(|c| c.password.expose()),
        Some("s@cret")
    );
    assert_eq!(
        c.mail.from.to_string(),
        "Maple & Oak <hello@shop.example.com>"
    );
    assert_eq!(c.shop().name, "Maple & Oak");
    assert_eq!(c.shop().base_url, "https://shop.example.com");
    assert_eq!(c.mail.worker_policy().max_attempts, 3);
    let p = c.security_policy();
    assert_eq!(p.email_verification, VerificationMode::Required);
    assert_eq!(p.tokens.reset_secs, 900);
    assert_eq!(p.tokens.verify_secs, 86400);
    assert_eq!(p.tokens.change_email_secs, 1800);
    assert_eq!(p.mail_account.max_failures, 2);
    assert_eq!(p.mail_ip.max_failures, 11);
    assert_eq!(p.mail_answer_floor_ms, 0);
    let off = cfg(&[("EMAIL_VERIFICATION", "off")]).expect("valid");
    assert_eq!(
        off.security_policy().email_verification,
        VerificationMode::Off
    );
    // The default sender takes the shop's name.
    let named = cfg(&[("SHOP_NAME", "Oak")]).expect("valid");
    assert_eq!(named.mail.from.to_string(), "Oak <no-reply@localhost>");
}

#[test]
fn the_smtp_password_never_shows() {
    let c = cfg(&[("SMTP_URL", "smtp+starttls://ann:hunter2pw@smtp.example.com")]).expect("valid");
    assert!(!format!("{c:?}").contains("hunter2pw"));
    let err = cfg(&[("SMTP_URL", "smtp+starttls://ann:hunter2pw@smtp example.com")]).unwrap_err();
    assert_eq!(err.var, "SMTP_URL");
    assert!(!err.to_string().contains("hunter2pw"), "{err}");
}
