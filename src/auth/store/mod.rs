//! Authentication storage: the customer's logged-in sessions and the
//! failed-login throttle, each a trait that every backend implements for its
//! unit of work (`sqlite.rs`, `postgres.rs`). Times are Unix milliseconds.

use async_trait::async_trait;

use crate::customers::store::{CustomerId, CustomerRow};
use crate::db::StoreError;

mod postgres;
mod sqlite;

/// Failed-login bookkeeping for one key (an email or a client IP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ThrottleRow {
    pub failures: i64,
    pub window_start_ms: i64,
    pub last_failure_ms: i64,
}

/// What a throttle is keyed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleScope {
    /// Failed logins per normalised email, from untrusted clients.
    Account,
    /// Failed logins per client IP (an IPv6 client per /64).
    Ip,
    /// Accounts created per client IP.
    Register,
    /// Failed logins per remembered-device token (its nonce).
    Device,
    /// Mails asked for per address (reset links, verification links).
    MailAccount,
    /// Mails asked for per client IP.
    MailIp,
}

impl ThrottleScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Ip => "ip",
            Self::Register => "register",
            Self::Device => "device",
            Self::MailAccount => "mail_account",
            Self::MailIp => "mail_ip",
        }
    }
}

/// A logged-in session as the customer sees it in their list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub public_id: String,
    pub customer_id: i64,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// A session row to insert at login.
#[derive(Debug, Clone)]
pub struct NewSessionRecord {
    pub public_id: String,
    pub session_hash: String,
    pub customer_id: i64,
    pub now_ms: i64,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

/// A session row together with its customer: what resolving a caller reads,
/// in one indexed query.
#[derive(Debug, Clone)]
pub struct SignedInRow {
    pub session: SessionRow,
    pub customer: CustomerRow,
    /// Whether the customer has a default shipping or billing address (two
    /// probes of the partial unique indexes), so that showing the customer
    /// reads the address book only when there is something to read.
    pub has_default_address: bool,
}

/// The columns of [`SessionRow`] from `customer_session s`.
pub(crate) const SESSION_COLUMNS: &str =
    "s.public_id, s.customer_id, s.created_at_ms, s.last_seen_at_ms, s.user_agent, s.ip";

/// One query for the caller: the session by its hash, joined with its
/// customer and the customer's group, and whether the customer has a
/// default address (`TRUE` is 1 in SQLite and a boolean in PostgreSQL). Columns of the session are prefixed
/// `s_` so that they do not clash with the customer's.
pub(crate) fn signed_in_sql() -> String {
    format!(
        "SELECT s.public_id AS s_public_id, s.created_at_ms AS s_created_at_ms,
                s.last_seen_at_ms AS s_last_seen_at_ms, s.user_agent AS s_user_agent,
                s.ip AS s_ip,
                (EXISTS (SELECT 1 FROM customer_address a
                         WHERE a.customer_id = c.id AND a.default_shipping = TRUE)
                 OR EXISTS (SELECT 1 FROM customer_address a
                            WHERE a.customer_id = c.id AND a.default_billing = TRUE))
                    AS has_default_address,
                {}
         FROM customer_session s
         JOIN customer c ON c.id = s.customer_id
         JOIN customer_group g ON g.id = c.group_id
         WHERE s.session_hash = $1",
        crate::customers::store::CUSTOMER_COLUMNS
    )
}

/// A row of [`signed_in_sql`], on either backend.
#[derive(sqlx::FromRow)]
pub(crate) struct SignedInSqlRow {
    s_public_id: String,
    s_created_at_ms: i64,
    s_last_seen_at_ms: i64,
    s_user_agent: Option<String>,
    s_ip: Option<String>,
    has_default_address: bool,
    #[sqlx(flatten)]
    customer: CustomerRow,
}

impl From<SignedInSqlRow> for SignedInRow {
    fn from(r: SignedInSqlRow) -> Self {
        Self {
            session: SessionRow {
                public_id: r.s_public_id,
                customer_id: r.customer.id,
                created_at_ms: r.s_created_at_ms,
                last_seen_at_ms: r.s_last_seen_at_ms,
                user_agent: r.s_user_agent,
                ip: r.s_ip,
            },
            customer: r.customer,
            has_default_address: r.has_default_address,
        }
    }
}

#[async_trait]
pub trait SessionStore {
    async fn insert_session(&mut self, new: &NewSessionRecord) -> Result<(), StoreError>;
    /// The session with this hash and its customer, in one query.
    async fn signed_in(&mut self, hash: &str) -> Result<Option<SignedInRow>, StoreError>;
    async fn touch_session(&mut self, hash: &str, now_ms: i64) -> Result<(), StoreError>;
    /// The customer's sessions, most recently used first.
    async fn sessions_of(&mut self, customer: CustomerId) -> Result<Vec<SessionRow>, StoreError>;
    async fn delete_session_by_hash(&mut self, hash: &str) -> Result<(), StoreError>;
    /// Deletes every session created before `created_before_ms` or last
    /// used before `seen_before_ms`; returns how many.
    async fn delete_expired_sessions(
        &mut self,
        created_before_ms: i64,
        seen_before_ms: i64,
    ) -> Result<u64, StoreError>;
    /// Deletes one of the customer's sessions; false when they have no such session.
    async fn delete_session(
        &mut self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<bool, StoreError>;
    /// Deletes all the customer's sessions except `keep_public_id`; returns how many.
    async fn delete_other_sessions(
        &mut self,
        customer: CustomerId,
        keep_public_id: &str,
    ) -> Result<u64, StoreError>;
    /// Deletes every session of the customer; returns how many.
    async fn delete_all_sessions(&mut self, customer: CustomerId) -> Result<u64, StoreError> {
        // Public ids are never empty (a CHECK says 36 characters).
        self.delete_other_sessions(customer, "").await
    }
}

#[async_trait]
pub trait ThrottleStore {
    async fn throttle_get(
        &mut self,
        scope: ThrottleScope,
        key: &str,
    ) -> Result<Option<ThrottleRow>, StoreError>;
    /// Counts one failure at `now_ms`, starting a new window when the current
    /// one began before `window_floor_ms`. Atomic, so concurrent failures on
    /// several instances all count.
    async fn throttle_fail(
        &mut self,
        scope: ThrottleScope,
        key: &str,
        now_ms: i64,
        window_floor_ms: i64,
    ) -> Result<ThrottleRow, StoreError>;
    /// Inside a transaction: the key's row, locked against every other
    /// writer until commit or rollback (PostgreSQL: a row lock, the row
    /// created empty first if absent; SQLite: `BEGIN IMMEDIATE` already holds
    /// the write lock). `None` when the key has no row.
    async fn throttle_lock(
        &mut self,
        scope: ThrottleScope,
        key: &str,
        now_ms: i64,
    ) -> Result<Option<ThrottleRow>, StoreError>;
    /// Takes back one counted attempt (a reserved login that succeeded).
    async fn throttle_refund(&mut self, scope: ThrottleScope, key: &str) -> Result<(), StoreError>;
    async fn throttle_clear(&mut self, scope: ThrottleScope, key: &str) -> Result<(), StoreError>;
    /// Forgets failures older than `before_ms`.
    async fn throttle_prune(&mut self, before_ms: i64) -> Result<u64, StoreError>;
    /// The shared secret called `name`, stored as `candidate` first if there
    /// is none yet: every instance reads the same value.
    async fn secret_get_or_insert(
        &mut self,
        name: &str,
        candidate: &str,
        now_ms: i64,
    ) -> Result<String, StoreError>;
}

/// Counting a failure: the same upsert on both backends but for the
/// greatest-of-two function (`{MAX}`), so a failure time only moves forward.
const THROTTLE_FAIL: &str = "INSERT INTO login_throttle
        (scope, key, failures, window_start_ms, last_failure_ms)
    VALUES ($1, $2, 1, $3, $3)
    ON CONFLICT (scope, key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_start_ms < $4
                        THEN 1 ELSE login_throttle.failures + 1 END,
        window_start_ms = CASE WHEN login_throttle.window_start_ms < $4
                               THEN $3 ELSE login_throttle.window_start_ms END,
        last_failure_ms = {MAX}(login_throttle.last_failure_ms, $3)
    RETURNING failures, window_start_ms, last_failure_ms";

pub(crate) fn throttle_fail_sql(greatest: &str) -> String {
    THROTTLE_FAIL.replace("{MAX}", greatest)
}

pub(crate) const THROTTLE_REFUND: &str = "UPDATE login_throttle SET failures = failures - 1
    WHERE scope = $1 AND key = $2 AND failures > 0";

pub(crate) const SECRET_INSERT: &str = "INSERT INTO app_secret (name, value, created_at_ms)
    VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING";

pub(crate) const SECRET_GET: &str = "SELECT value FROM app_secret WHERE name = $1";
