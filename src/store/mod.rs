//! Storage behind one trait, with an SQLite and a PostgreSQL implementation
//! chosen by the database URL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::dto::{CustomerStatus, CustomerView, GroupView};

mod sql;
#[cfg(feature = "test-support")]
pub mod testing;

pub use sql::{connect, Database};

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

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Inserts a customer in the default group. An email already taken gives
    /// [`StoreError::Conflict`].
    async fn insert_customer(&self, new: NewCustomerRecord) -> Result<CustomerRow, StoreError>;
    /// `email` must already be normalised.
    async fn customer_by_email(&self, email: &str) -> Result<Option<CustomerRow>, StoreError>;
    async fn customer_by_id(&self, id: CustomerId) -> Result<Option<CustomerRow>, StoreError>;
    /// Cheap round trip, for health checks.
    async fn ping(&self) -> Result<(), StoreError>;
}
