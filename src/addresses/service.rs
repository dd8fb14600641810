//! The address book: the caller's own addresses and their defaults, and the
//! countries the forms offer. The customer's own changes and staff's
//! changes on their behalf (`staff.rs`) share the functions that take the
//! customer and the actor, and each change writes its history entry in its
//! own transaction.

use std::sync::Arc;

use crate::addresses::countries;
use crate::addresses::domain::{DefaultsChange, ValidAddress};
use crate::addresses::dto::{
    AddressInput, AddressPatch, AddressView, CountryDetailView, CountryView,
};
use crate::addresses::store::{AddressRecord, AddressRow, DefaultKind};
use crate::addresses::{DefaultAddresses, MAX_ADDRESSES};
use crate::auth::signed_in;
use crate::caller::Caller;
use crate::customers::store::CustomerId;
use crate::db::Tx;
use crate::history::{self, Action, Actor, Changes};
use crate::services::{Deps, Missing, ServiceError};

#[derive(Clone)]
pub struct AddressService {
    pub(super) deps: Arc<Deps>,
}

impl AddressService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// The caller's addresses, oldest first.
    pub async fn list(&self, caller: &Caller) -> Result<Vec<AddressView>, ServiceError> {
        let me = signed_in(caller)?.customer.customer_id();
        self.list_of(me).await
    }

    /// One of the caller's addresses; any other id is not found.
    pub async fn get(&self, caller: &Caller, id: &str) -> Result<AddressView, ServiceError> {
        let me = signed_in(caller)?.customer.customer_id();
        let mut conn = self.deps.db.conn().await?;
        Ok(find(&mut conn, me, id).await?.to_view())
    }

    /// Adds an address. The first one becomes both defaults; a later one
    /// takes over a default when asked to.
    pub async fn add(
        &self,
        caller: &Caller,
        input: &AddressInput,
    ) -> Result<AddressView, ServiceError> {
        let me = &signed_in(caller)?.customer;
        self.add_to(me.customer_id(), &Actor::customer(me), input)
            .await
    }

    /// Changes any subset of an address's fields and its default flags; the
    /// whole address is checked again.
    pub async fn update(
        &self,
        caller: &Caller,
        id: &str,
        patch: &AddressPatch,
    ) -> Result<AddressView, ServiceError> {
        let me = &signed_in(caller)?.customer;
        self.update_in(me.customer_id(), &Actor::customer(me), id, patch)
            .await
    }

    /// Deletes an address. A default that goes leaves no default of that
    /// kind: nothing is promoted in its place.
    pub async fn delete(&self, caller: &Caller, id: &str) -> Result<(), ServiceError> {
        let me = &signed_in(caller)?.customer;
        self.delete_from(me.customer_id(), &Actor::customer(me), id)
            .await
    }

    /// A customer's addresses, oldest first.
    pub(crate) async fn list_of(
        &self,
        customer: CustomerId,
    ) -> Result<Vec<AddressView>, ServiceError> {
        let mut conn = self.deps.db.conn().await?;
        let rows = conn.addresses().list_addresses(customer).await?;
        Ok(rows.iter().map(AddressRow::to_view).collect())
    }

    /// Adds an address to `customer`'s book on behalf of `actor`, with its
    /// history entry, in one transaction.
    pub(crate) async fn add_to(
        &self,
        customer: CustomerId,
        actor: &Actor,
        input: &AddressInput,
    ) -> Result<AddressView, ServiceError> {
        let valid = ValidAddress::parse(input)?;
        let mut tx = self.deps.db.begin().await?;
        let wanted = (input.default_shipping, input.default_billing);
        let row = add_in(&mut tx, customer, actor, &valid, wanted, self.deps.now_ms()).await?;
        tx.commit().await?;
        tracing::info!(address = %row.public_id, actor = actor.kind(), "address added");
        Ok(row.to_view())
    }

    /// Changes one of `customer`'s addresses on behalf of `actor`, with its
    /// history entry (the fields that changed), in one transaction.
    pub(crate) async fn update_in(
        &self,
        customer: CustomerId,
        actor: &Actor,
        id: &str,
        patch: &AddressPatch,
    ) -> Result<AddressView, ServiceError> {
        let now = self.deps.now();
        let mut tx = self.deps.db.begin().await?;
        tx.addresses().lock_book(customer).await?;
        let current = find(&mut tx, customer, id).await?;
        let (valid, defaults) = ValidAddress::parse_change(current.to_input(), patch)?;
        let book = tx.addresses();
        book.update_address(customer, current.address_id(), &record(&valid), now)
            .await?;
        let DefaultsChange { shipping, billing } = defaults;
        for (kind, wanted) in [
            (DefaultKind::Shipping, shipping),
            (DefaultKind::Billing, billing),
        ] {
            match wanted {
                Some(true) => {
                    book.set_default(customer, kind, Some(current.address_id()), now)
                        .await?
                }
                Some(false) => {
                    book.unset_default(customer, kind, current.address_id(), now)
                        .await?
                }
                None => {}
            }
        }
        let row = find(&mut tx, customer, id).await?;
        let changes = address_changes(Some(&current), Some(&row));
        if !changes.is_empty() {
            history::record(
                &mut tx,
                customer,
                actor,
                Action::AddressUpdated,
                changes,
                self.deps.now_ms(),
            )
            .await?;
        }
        tx.commit().await?;
        tracing::info!(address = %row.public_id, actor = actor.kind(), "address updated");
        Ok(row.to_view())
    }

    /// Deletes one of `customer`'s addresses on behalf of `actor`, with its
    /// history entry (what the address was), in one transaction.
    pub(crate) async fn delete_from(
        &self,
        customer: CustomerId,
        actor: &Actor,
        id: &str,
    ) -> Result<(), ServiceError> {
        let mut tx = self.deps.db.begin().await?;
        tx.addresses().lock_book(customer).await?;
        let current = find(&mut tx, customer, id).await?;
        if !tx.addresses().delete_address(customer, id).await? {
            return Err(ServiceError::NotFound(Missing::Address));
        }
        let changes = address_changes(Some(&current), None);
        history::record(
            &mut tx,
            customer,
            actor,
            Action::AddressDeleted,
            changes,
            self.deps.now_ms(),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(address = %id, actor = actor.kind(), "address deleted");
        Ok(())
    }

    /// Every country, by English name.
    pub fn countries(&self) -> Vec<CountryView> {
        countries::all()
            .iter()
            .map(countries::Country::to_view)
            .collect()
    }

    /// One country with its subdivisions; the code in any case.
    pub fn country(&self, code: &str) -> Result<CountryDetailView, ServiceError> {
        countries::find(code)
            .map(countries::Country::to_detail_view)
            .ok_or(ServiceError::NotFound(Missing::Country))
    }

    /// A customer's default addresses, read on `tx`.
    pub(crate) async fn defaults_of(
        tx: &mut Tx,
        customer: CustomerId,
    ) -> Result<DefaultAddresses, ServiceError> {
        let rows = tx.addresses().default_addresses(customer).await?;
        Ok(DefaultAddresses::from_rows(&rows))
    }
}

/// Public ids are UUIDs (as session ids, `AuthService::end_session`):
/// anything else cannot be one of the caller's.
fn plausible_id(id: &str) -> bool {
    uuid::Uuid::parse_str(id).is_ok()
}

/// The caller's address `id`, or not found (also for anyone else's).
pub(crate) async fn find(
    tx: &mut Tx,
    me: CustomerId,
    id: &str,
) -> Result<AddressRow, ServiceError> {
    if !plausible_id(id) {
        return Err(ServiceError::NotFound(Missing::Address));
    }
    tx.addresses()
        .address_by_public_id(me, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Address))
}

/// Adds a checked address to `customer`'s book inside the caller's unit
/// of work, with its history entry. `defaults` asks for it to become the
/// default (shipping, billing); the first address always becomes both.
pub(crate) async fn add_in(
    tx: &mut Tx,
    customer: CustomerId,
    actor: &Actor,
    valid: &ValidAddress,
    defaults: (bool, bool),
    now_ms: i64,
) -> Result<AddressRow, ServiceError> {
    let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
    let book = tx.addresses();
    book.lock_book(customer).await?;
    let count = book.count_addresses(customer).await?;
    if count >= MAX_ADDRESSES as i64 {
        return Err(ServiceError::TooManyAddresses { max: MAX_ADDRESSES });
    }
    let public_id = uuid::Uuid::new_v4().to_string();
    let row = book
        .insert_address(customer, &public_id, &record(valid), now)
        .await?;
    let first = count == 0;
    for (kind, wanted) in [
        (DefaultKind::Shipping, defaults.0),
        (DefaultKind::Billing, defaults.1),
    ] {
        if first || wanted {
            book.set_default(customer, kind, Some(row.address_id()), now)
                .await?;
        }
    }
    let row = find(tx, customer, &public_id).await?;
    let changes = address_changes(None, Some(&row));
    history::record(tx, customer, actor, Action::AddressAdded, changes, now_ms).await?;
    Ok(row)
}

fn record(valid: &ValidAddress) -> AddressRecord {
    AddressRecord {
        label: valid.label.clone(),
        first_name: valid.first_name.clone(),
        last_name: valid.last_name.clone(),
        company: valid.company.clone(),
        line1: valid.line1.clone(),
        line2: valid.line2.clone(),
        city: valid.city.clone(),
        province: valid.province.clone(),
        postal_code: valid.postal_code.clone(),
        country_code: valid.country.code.to_string(),
        phone: valid.phone.as_ref().map(|p| p.as_str().to_owned()),
    }
}

/// What an address change did, field by field, for the history: every
/// field of an added address (`old` = none), the changed fields of an
/// update, every field of a deleted address (`new` = none). Default flags
/// read `yes` when set.
fn address_changes(old: Option<&AddressRow>, new: Option<&AddressRow>) -> Changes {
    fn fields(row: Option<&AddressRow>) -> [(&'static str, Option<&str>); 13] {
        let text = |f: fn(&AddressRow) -> Option<&str>| row.and_then(f);
        let flag = |f: fn(&AddressRow) -> bool| row.filter(|r| f(r)).map(|_| "yes");
        [
            ("label", text(|r| r.label.as_deref())),
            ("first_name", text(|r| Some(r.first_name.as_str()))),
            ("last_name", text(|r| Some(r.last_name.as_str()))),
            ("company", text(|r| r.company.as_deref())),
            ("line1", text(|r| Some(r.line1.as_str()))),
            ("line2", text(|r| r.line2.as_deref())),
            ("city", text(|r| Some(r.city.as_str()))),
            ("province", text(|r| r.province.as_deref())),
            ("postal_code", text(|r| r.postal_code.as_deref())),
            ("country", text(|r| Some(r.country_code.as_str()))),
            ("phone", text(|r| r.phone.as_deref())),
            ("default_shipping", flag(|r| r.default_shipping)),
            ("default_billing", flag(|r| r.default_billing)),
        ]
    }
    fields(old)
        .into_iter()
        .zip(fields(new))
        .fold(Changes::new(), |changes, ((field, old), (_, new))| {
            changes.field(field, old, new)
        })
}
