//! Storage behind one trait, with an SQLite and a PostgreSQL implementation
//! chosen by the database URL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::dto::{CustomerStatus, CustomerView, GroupView};

mod sql;
#[cfg(feature = "test-support")]
pub mod testing;

pub use sql::{connect, connect_with, Database};

/// What can go wrong in storage, in the words the services need.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or other integrity rule refused the write. `constraint`
    /// names it when the database says which.
    #[error("conflict on {constraint:?}")]
    Conflict { constraint: Option<String> },
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Internal customer row id. Never leaves the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CustomerId(pub i64);

/// A customer row joined with its group. Holds the password hash, so it
/// stays inside the core; clients get [`CustomerView`].
#[derive(Clone, sqlx::FromRow)]
pub struct CustomerRow {
    pub id: i64,
    pub public_id: String,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub group_id: i64,
    pub group_name: String,
    pub status: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for CustomerRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomerRow")
            .field("id", &self.id)
            .field("public_id", &self.public_id)
            .field("email", &self.email)
            .field("password_hash", &"<redacted>")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl CustomerRow {
    pub fn customer_id(&self) -> CustomerId {
        CustomerId(self.id)
    }

    pub fn status(&self) -> CustomerStatus {
        if self.status == "active" {
            CustomerStatus::Active
        } else {
            CustomerStatus::Disabled
        }
    }

    pub fn to_view(&self) -> CustomerView {
        CustomerView {
            id: self.public_id.clone(),
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            phone: self.phone.clone(),
            group: GroupView {
                id: self.group_id,
                name: self.group_name.clone(),
            },
            status: self.status(),
            email_verified: self.email_verified_at.is_some(),
            created_at: self
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// A customer ready to insert: validated fields and an already computed hash.
#[derive(Clone)]
pub struct NewCustomerRecord {
    pub public_id: String,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
}

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
    Account,
    Ip,
}

impl ThrottleScope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Ip => "ip",
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

/// The fields a customer may change on their own profile, validated.
#[derive(Debug, Clone)]
pub struct ProfileChange {
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Inserts a customer in the default group. An email already taken gives
    /// [`StoreError::Conflict`].
    async fn insert_customer(&self, new: NewCustomerRecord) -> Result<CustomerRow, StoreError>;
    /// `email` must already be normalised.
    async fn customer_by_email(&self, email: &str) -> Result<Option<CustomerRow>, StoreError>;
    async fn customer_by_id(&self, id: CustomerId) -> Result<Option<CustomerRow>, StoreError>;
    /// Replaces the editable profile fields; `None` if there is no such customer.
    async fn update_profile(
        &self,
        id: CustomerId,
        change: ProfileChange,
    ) -> Result<Option<CustomerRow>, StoreError>;

    /// Sets `active` or `disabled`; false if there is no such customer.
    async fn set_customer_status(
        &self,
        id: CustomerId,
        status: crate::dto::CustomerStatus,
    ) -> Result<bool, StoreError>;

    async fn throttle_get(
        &self,
        scope: ThrottleScope,
        key: &str,
    ) -> Result<Option<ThrottleRow>, StoreError>;
    /// Counts one failure at `now_ms`, starting a new window when the current
    /// one began before `window_floor_ms`. Atomic, so concurrent failures on
    /// several instances all count.
    async fn throttle_fail(
        &self,
        scope: ThrottleScope,
        key: &str,
        now_ms: i64,
        window_floor_ms: i64,
    ) -> Result<ThrottleRow, StoreError>;
    async fn throttle_clear(&self, scope: ThrottleScope, key: &str) -> Result<(), StoreError>;
    /// Forgets failures older than `before_ms`.
    async fn throttle_prune(&self, before_ms: i64) -> Result<u64, StoreError>;

    async fn insert_session(&self, new: NewSessionRecord) -> Result<(), StoreError>;
    /// The session with this hash and its customer.
    async fn session_by_hash(&self, hash: &str) -> Result<Option<SessionRow>, StoreError>;
    async fn touch_session(&self, hash: &str, now_ms: i64) -> Result<(), StoreError>;
    async fn sessions_of(&self, customer: CustomerId) -> Result<Vec<SessionRow>, StoreError>;
    async fn delete_session_by_hash(&self, hash: &str) -> Result<(), StoreError>;
    /// Deletes one of the customer's sessions; false when they have no such session.
    async fn delete_session(
        &self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<bool, StoreError>;
    /// Deletes all the customer's sessions except `keep_public_id`; returns how many.
    async fn delete_other_sessions(
        &self,
        customer: CustomerId,
        keep_public_id: &str,
    ) -> Result<u64, StoreError>;

    /// Cheap round trip, for health checks.
    async fn ping(&self) -> Result<(), StoreError>;
}
