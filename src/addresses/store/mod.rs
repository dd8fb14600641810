//! Address storage: the row, and the trait each backend implements for its
//! unit of work (`sqlite.rs`, `postgres.rs`).
//!
//! Every call is scoped to one customer: an address is found by its public
//! id *and* its owner, so another customer's id is simply not there.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::customers::store::CustomerId;
use crate::db::StoreError;

mod postgres;
mod sqlite;

/// Internal address row id. Never leaves the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressId(pub i64);

/// Which of the customer's two defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultKind {
    Shipping,
    Billing,
}

impl DefaultKind {
    /// The column that flags it.
    pub(crate) fn column(self) -> &'static str {
        match self {
            Self::Shipping => "default_shipping",
            Self::Billing => "default_billing",
        }
    }
}

/// A stored address.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AddressRow {
    pub id: i64,
    pub public_id: String,
    pub customer_id: i64,
    pub label: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub province: Option<String>,
    pub postal_code: Option<String>,
    pub country_code: String,
    pub phone: Option<String>,
    pub default_shipping: bool,
    pub default_billing: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AddressRow {
    pub fn address_id(&self) -> AddressId {
        AddressId(self.id)
    }
}

/// The address fields as they will be stored (already validated).
#[derive(Debug, Clone)]
pub struct AddressRecord {
    pub label: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub province: Option<String>,
    pub postal_code: Option<String>,
    pub country_code: String,
    pub phone: Option<String>,
}

pub(crate) const ADDRESS_COLUMNS: &str = "id, public_id, customer_id, label, first_name, \
    last_name, company, line1, line2, city, province, postal_code, country_code, phone, \
    default_shipping, default_billing, created_at, updated_at";

#[async_trait]
pub trait AddressStore {
    /// Serialises changes to one customer's book until the transaction
    /// ends (a row lock on the customer in PostgreSQL; SQLite's write
    /// transaction already holds the database). Call it first in every
    /// transaction that changes the book, so that counting and switching
    /// defaults see every other change.
    async fn lock_book(&mut self, customer: CustomerId) -> Result<(), StoreError>;
    /// The customer's addresses, oldest first.
    async fn list_addresses(&mut self, customer: CustomerId)
        -> Result<Vec<AddressRow>, StoreError>;
    async fn count_addresses(&mut self, customer: CustomerId) -> Result<i64, StoreError>;
    /// The customer's default shipping and billing addresses (one row may be both).
    async fn default_addresses(
        &mut self,
        customer: CustomerId,
    ) -> Result<Vec<AddressRow>, StoreError>;
    /// The address with this public id, if it belongs to `customer`.
    async fn address_by_public_id(
        &mut self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<Option<AddressRow>, StoreError>;
    async fn insert_address(
        &mut self,
        customer: CustomerId,
        public_id: &str,
        record: &AddressRecord,
        now: DateTime<Utc>,
    ) -> Result<AddressRow, StoreError>;
    /// Replaces the fields of one of `customer`'s addresses.
    async fn update_address(
        &mut self,
        customer: CustomerId,
        id: AddressId,
        record: &AddressRecord,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Makes `id` the customer's only default of `kind` (`Some`), or leaves
    /// the customer with none (`None`). Two statements: the old default is
    /// unset before the new one is set, as the unique index requires.
    async fn set_default(
        &mut self,
        customer: CustomerId,
        kind: DefaultKind,
        id: Option<AddressId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Stops `id` being the default of `kind`, if it is.
    async fn unset_default(
        &mut self,
        customer: CustomerId,
        kind: DefaultKind,
        id: AddressId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// False if there was no such address of this customer.
    async fn delete_address(
        &mut self,
        customer: CustomerId,
        public_id: &str,
    ) -> Result<bool, StoreError>;
}
