//! The address book: the caller's own addresses and their defaults, and the
//! countries the forms offer.

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
use crate::services::{Deps, Missing, ServiceError};

#[derive(Clone)]
pub struct AddressService {
    deps: Arc<Deps>,
}

impl AddressService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// The caller's addresses, oldest first.
    pub async fn list(&self, caller: &Caller) -> Result<Vec<AddressView>, ServiceError> {
        let me = signed_in(caller)?.customer.customer_id();
        let mut conn = self.deps.db.conn().await?;
        let rows = conn.addresses().list_addresses(me).await?;
        Ok(rows.iter().map(AddressRow::to_view).collect())
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
        let me = signed_in(caller)?.customer.customer_id();
        let valid = ValidAddress::parse(input)?;
        let now = self.deps.now();
        let mut tx = self.deps.db.begin().await?;
        let book = tx.addresses();
        book.lock_book(me).await?;
        let count = book.count_addresses(me).await?;
        if count >= MAX_ADDRESSES as i64 {
            return Err(ServiceError::TooManyAddresses { max: MAX_ADDRESSES });
        }
        let public_id = uuid::Uuid::new_v4().to_string();
        let row = book
            .insert_address(me, &public_id, &record(&valid), now)
            .await?;
        let first = count == 0;
        for (kind, wanted) in [
            (DefaultKind::Shipping, input.default_shipping),
            (DefaultKind::Billing, input.default_billing),
        ] {
            if first || wanted {
                book.set_default(me, kind, Some(row.address_id()), now)
                    .await?;
            }
        }
        let row = find(&mut tx, me, &public_id).await?;
        tx.commit().await?;
        tracing::info!(address = %row.public_id, "address added");
        Ok(row.to_view())
    }

    /// Changes any subset of an address's fields and its default flags; the
    /// whole address is checked again.
    pub async fn update(
        &self,
        caller: &Caller,
        id: &str,
        patch: &AddressPatch,
    ) -> Result<AddressView, ServiceError> {
        let me = signed_in(caller)?.customer.customer_id();
        let now = self.deps.now();
        let mut tx = self.deps.db.begin().await?;
        tx.addresses().lock_book(me).await?;
        let current = find(&mut tx, me, id).await?;
        let (valid, defaults) = ValidAddress::parse_change(current.to_input(), patch)?;
        let book = tx.addresses();
        book.update_address(me, current.address_id(), &record(&valid), now)
            .await?;
        let DefaultsChange { shipping, billing } = defaults;
        for (kind, wanted) in [
            (DefaultKind::Shipping, shipping),
            (DefaultKind::Billing, billing),
        ] {
            match wanted {
                Some(true) => {
                    book.set_default(me, kind, Some(current.address_id()), now)
                        .await?
                }
                Some(false) => {
                    book.unset_default(me, kind, current.address_id(), now)
                        .await?
                }
                None => {}
            }
        }
        let row = find(&mut tx, me, id).await?;
        tx.commit().await?;
        tracing::info!(address = %row.public_id, "address updated");
        Ok(row.to_view())
    }

    /// Deletes an address. A default that goes leaves no default of that
    /// kind: nothing is promoted in its place.
    pub async fn delete(&self, caller: &Caller, id: &str) -> Result<(), ServiceError> {
        let me = signed_in(caller)?.customer.customer_id();
        if !plausible_id(id) {
            return Err(ServiceError::NotFound(Missing::Address));
        }
        let mut conn = self.deps.db.conn().await?;
        if !conn.addresses().delete_address(me, id).await? {
            return Err(ServiceError::NotFound(Missing::Address));
        }
        tracing::info!(address = %id, "address deleted");
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
async fn find(tx: &mut Tx, me: CustomerId, id: &str) -> Result<AddressRow, ServiceError> {
    if !plausible_id(id) {
        return Err(ServiceError::NotFound(Missing::Address));
    }
    tx.addresses()
        .address_by_public_id(me, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Address))
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
