//! The knobs of account security: login and mail throttling, session
//! lifetime, emailed tokens' lifetimes, email verification.

use crate::auth::store::ThrottleRow;

/// How failed logins on one key (an email, or a client IP) are throttled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures within `window_secs` before attempts are refused.
    pub max_failures: i64,
    /// Failures older than this are forgotten.
    pub window_secs: i64,
    /// Cooldown after reaching `max_failures`; doubles with each further
    /// failure, up to `max_cooldown_secs`. Nothing locks forever.
    pub base_cooldown_secs: i64,
    pub max_cooldown_secs: i64,
}

impl ThrottlePolicy {
    /// When attempts are allowed again, or `None` if they are now.
    pub fn locked_until_ms(&self, row: &ThrottleRow, now_ms: i64) -> Option<i64> {
        if row.window_start_ms < now_ms - self.window_secs * 1000
            || row.failures < self.max_failures
        {
            return None;
        }
        let doublings = (row.failures - self.max_failures).clamp(0, 30) as u32;
        let cooldown = self
            .base_cooldown_secs
            .saturating_mul(1_i64 << doublings)
            .min(self.max_cooldown_secs);
        // Never past the end of the window: the count is forgotten then.
        let until = (row.last_failure_ms + cooldown * 1000)
            .min(row.window_start_ms + self.window_secs * 1000);
        (until > now_ms).then_some(until)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityPolicy {
    /// Per account (keyed by the normalised email, known or not).
    pub account: ThrottlePolicy,
    /// Per client IP: more generous, catches spraying across accounts.
    pub ip: ThrottlePolicy,
    /// Accounts created per client IP (`REGISTRATION_MAX_PER_IP` an hour).
    /// Every registration that passes validation counts, successful or not.
    pub registration: ThrottlePolicy,
    /// Mails asked for per address (reset and verification links).
    pub mail_account: ThrottlePolicy,
    /// Mails asked for per client IP.
    pub mail_ip: ThrottlePolicy,
    /// How long each kind of emailed token stays valid.
    pub tokens: crate::tokens::TokenLifetimes,
    /// Whether an unverified customer can log in (`EMAIL_VERIFICATION`).
    pub email_verification: crate::emails::VerificationMode,
    /// "Forgot password" and a logged-out "resend" answer no sooner than
    /// this, whatever the email, so their timing tells nothing.
    pub mail_answer_floor_ms: u64,
    /// A session older than this is logged out, however active.
    pub session_max_lifetime_secs: i64,
    /// A session unused for longer than this is logged out.
    pub session_idle_timeout_secs: i64,
    /// How often a session's "last seen" time is written.
    pub touch_interval_secs: i64,
    /// A staff login ends this long after it started, however busy.
    pub staff_session_max_lifetime_secs: i64,
    /// A staff login unused for longer than this is logged out.
    pub staff_session_idle_timeout_secs: i64,
}

pub const DEFAULT_SESSION_IDLE_TIMEOUT_SECS: i64 = 7 * 24 * 3600;
pub const DEFAULT_SESSION_MAX_LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// Staff hold more power, so their logins are shorter: a working day, and
/// an hour without use.
pub const DEFAULT_STAFF_SESSION_MAX_LIFETIME_SECS: i64 = 12 * 3600;
pub const DEFAULT_STAFF_SESSION_IDLE_TIMEOUT_SECS: i64 = 3600;

impl Default for SecurityPolicy {
    fn default() -> Self {
        Self {
            account: ThrottlePolicy {
                max_failures: 5,
                window_secs: 24 * 3600,
                base_cooldown_secs: 30,
                max_cooldown_secs: 15 * 60,
            },
            ip: ThrottlePolicy {
                max_failures: 50,
                window_secs: 15 * 60,
                base_cooldown_secs: 60,
                max_cooldown_secs: 15 * 60,
            },
            registration: ThrottlePolicy {
                max_failures: 30,
                window_secs: 3600,
                base_cooldown_secs: 3600,
                max_cooldown_secs: 3600,
            },
            mail_account: ThrottlePolicy {
                max_failures: 5,
                window_secs: 3600,
                base_cooldown_secs: 3600,
                max_cooldown_secs: 3600,
            },
            mail_ip: ThrottlePolicy {
                max_failures: 30,
                window_secs: 3600,
                base_cooldown_secs: 3600,
                max_cooldown_secs: 3600,
            },
            tokens: crate::tokens::TokenLifetimes::default(),
            email_verification: crate::emails::VerificationMode::Optional,
            mail_answer_floor_ms: 250,
            session_max_lifetime_secs: DEFAULT_SESSION_MAX_LIFETIME_SECS,
            session_idle_timeout_secs: DEFAULT_SESSION_IDLE_TIMEOUT_SECS,
            touch_interval_secs: 60,
            staff_session_max_lifetime_secs: DEFAULT_STAFF_SESSION_MAX_LIFETIME_SECS,
            staff_session_idle_timeout_secs: DEFAULT_STAFF_SESSION_IDLE_TIMEOUT_SECS,
        }
    }
}

/// The per-IP throttle key of a client address. An IPv4 address (also
/// written IPv4-mapped, `::ffff:1.2.3.4`) is itself; an IPv6 address is its
/// /64 network (`2001:db8:1:2::/64`), because one customer line is given a
/// whole /64 and can rotate through it at will.
pub fn ip_throttle_key(ip: std::net::IpAddr) -> String {
    use std::net::{IpAddr, Ipv6Addr};
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let network = u128::from(v6) & (u128::MAX << 64);
                format!("{}/64", Ipv6Addr::from(network))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(failures: i64, last: i64) -> ThrottleRow {
        ThrottleRow {
            failures,
            window_start_ms: 0,
            last_failure_ms: last,
        }
    }

    #[test]
    fn cooldown_starts_at_the_threshold_and_grows() {
        let p = SecurityPolicy::default().account;
        let now = 1_000_000;
        assert_eq!(p.locked_until_ms(&row(4, now), now), None);
        assert_eq!(p.locked_until_ms(&row(5, now), now), Some(now + 30_000));
        assert_eq!(p.locked_until_ms(&row(6, now), now), Some(now + 60_000));
        assert_eq!(p.locked_until_ms(&row(7, now), now), Some(now + 120_000));
        // Capped: never locks for more than 15 minutes.
        assert_eq!(p.locked_until_ms(&row(60, now), now), Some(now + 900_000));
        // Over once the cooldown has passed.
        assert_eq!(p.locked_until_ms(&row(5, now), now + 30_000), None);
    }

    #[test]
    fn ipv6_is_keyed_per_64_and_mapped_ipv4_as_ipv4() {
        let key = |s: &str| ip_throttle_key(s.parse().expect("ip"));
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("::1"), "::/64");
    }

    #[test]
    fn registrations_reopen_when_their_hour_is_over() {
        let p = SecurityPolicy::default().registration;
        let start = 1_000_000;
        let row = ThrottleRow {
            failures: 30,
            window_start_ms: start,
            last_failure_ms: start + 600_000,
        };
        // Locked until the hour that began with the first one is over.
        assert_eq!(
            p.locked_until_ms(&row, start + 600_000),
            Some(start + 3_600_000)
        );
        assert_eq!(p.locked_until_ms(&row, start + 3_600_000), None);
        let fewer = ThrottleRow {
            failures: 29,
            ..row
        };
        assert_eq!(p.locked_until_ms(&fewer, start + 600_000), None);
    }

    #[test]
    fn an_old_window_is_forgotten() {
        let p = SecurityPolicy::default().account;
        let now = 10 * 24 * 3600 * 1000;
        let stale = ThrottleRow {
            failures: 50,
            window_start_ms: now - 25 * 3600 * 1000,
            last_failure_ms: now - 1000,
        };
        assert_eq!(p.locked_until_ms(&stale, now), None);
    }
}
