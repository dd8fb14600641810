//! Customer storage: the rows, and the trait each backend implements for
//! its unit of work (`sqlite.rs`, `postgres.rs`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::addresses::DefaultAddresses;
use crate::customers::dto::{CustomerStatus, CustomerView, GroupView};
use crate::db::StoreError;

mod postgres;
mod sqlite;

/// The unique rule on the normalised email (migration 0003 names it).
pub const EMAIL_UNIQUE: &str = "customer_email_unique";

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
    pub group_public_id: String,
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

    /// The customer as clients see it, with their default addresses.
    pub fn to_view(&self, defaults: DefaultAddresses) -> CustomerView {
        CustomerView {
            id: self.public_id.clone(),
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            phone: self.phone.clone(),
            group: GroupView {
                id: self.group_public_id.clone(),
                name: self.group_name.clone(),
            },
            status: self.status(),
            email_verified: self.email_verified_at.is_some(),
            created_at: self
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            default_shipping_address: defaults.shipping,
            default_billing_address: defaults.billing,
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

/// The editable profile fields as they will be stored.
#[derive(Debug, Clone)]
pub struct ProfileRecord {
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
}

/// The columns of [`CustomerRow`], from `customer c` joined with its group `g`.
pub(crate) const CUSTOMER_COLUMNS: &str = "c.id, c.public_id, c.email, c.password_hash, \
    c.first_name, c.last_name, c.phone, c.group_id, g.public_id AS group_public_id, \
    g.name AS group_name, c.status, \
    c.email_verified_at, c.created_at, c.updated_at";

pub(crate) const MARK_EMAIL_VERIFIED: &str = "UPDATE customer
    SET email_verified_at = $1, updated_at = $1 WHERE id = $2 AND email_verified_at IS NULL";

pub(crate) const CHANGE_EMAIL: &str = "UPDATE customer
    SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3";

#[async_trait]
pub trait CustomerStore {
    /// Inserts a customer in the default group. An email already taken gives
    /// a conflict on [`EMAIL_UNIQUE`].
    async fn insert_customer(
        &mut self,
        new: &NewCustomerRecord,
        now: DateTime<Utc>,
    ) -> Result<CustomerRow, StoreError>;
    /// `email` must already be normalised.
    async fn customer_by_email(&mut self, email: &str) -> Result<Option<CustomerRow>, StoreError>;
    async fn customer_by_id(&mut self, id: CustomerId) -> Result<Option<CustomerRow>, StoreError>;
    /// Replaces the editable profile fields; `None` if there is no such customer.
    async fn update_profile(
        &mut self,
        id: CustomerId,
        change: &ProfileRecord,
        now: DateTime<Utc>,
    ) -> Result<Option<CustomerRow>, StoreError>;
    /// Replaces the password hash, only if it is still `old_hash` (a
    /// concurrent password change wins); false if nothing changed.
    async fn replace_password_hash(
        &mut self,
        id: CustomerId,
        old_hash: &str,
        new_hash: &str,
    ) -> Result<bool, StoreError>;
    /// Marks the email verified at `now` (if it is not already); false if
    /// nothing changed.
    async fn mark_email_verified(
        &mut self,
        id: CustomerId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Replaces the email (already normalised) and marks it verified. An
    /// email already taken gives a conflict on [`EMAIL_UNIQUE`].
    async fn change_email(
        &mut self,
        id: CustomerId,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Sets `active` or `disabled`; false if there is no such customer.
    async fn set_customer_status(
        &mut self,
        id: CustomerId,
        status: CustomerStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
}
