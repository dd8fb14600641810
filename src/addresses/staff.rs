//! Staff working on a customer's address book on the customer's behalf:
//! the same rules as the customer's own changes (the functions are
//! shared), decided by the staff member's role, and each change written to
//! the customer's history with the staff member as the actor.

use crate::addresses::dto::{AddressInput, AddressPatch, AddressView};
use crate::addresses::AddressService;
use crate::caller::{Caller, StaffSignedIn};
use crate::customers::store::CustomerId;
use crate::history::Actor;
use crate::services::{Missing, ServiceError};
use crate::staff::{authorize, Permission};

impl AddressService {
    /// The address book of the customer with public id `customer`, oldest
    /// first (`ViewCustomers`).
    pub async fn staff_list(
        &self,
        caller: &Caller,
        customer: &str,
    ) -> Result<Vec<AddressView>, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let id = self.customer_id(customer).await?;
        self.list_of(id).await
    }

    /// Adds an address to the customer's book (`EditCustomers`); the first
    /// becomes both defaults, as for the customer.
    pub async fn staff_add(
        &self,
        caller: &Caller,
        customer: &str,
        input: &AddressInput,
    ) -> Result<AddressView, ServiceError> {
        let (staff, id) = self.editable(caller, customer).await?;
        self.add_to(id, &Actor::staff(staff), input).await
    }

    /// Changes one of the customer's addresses, defaults included
    /// (`EditCustomers`).
    pub async fn staff_update(
        &self,
        caller: &Caller,
        customer: &str,
        address: &str,
        patch: &AddressPatch,
    ) -> Result<AddressView, ServiceError> {
        let (staff, id) = self.editable(caller, customer).await?;
        self.update_in(id, &Actor::staff(staff), address, patch)
            .await
    }

    /// Deletes one of the customer's addresses (`EditCustomers`).
    pub async fn staff_delete(
        &self,
        caller: &Caller,
        customer: &str,
        address: &str,
    ) -> Result<(), ServiceError> {
        let (staff, id) = self.editable(caller, customer).await?;
        self.delete_from(id, &Actor::staff(staff), address).await
    }

    async fn editable<'c>(
        &self,
        caller: &'c Caller,
        customer: &str,
    ) -> Result<(&'c StaffSignedIn, CustomerId), ServiceError> {
        let staff = authorize(caller, Permission::EditCustomers)?;
        Ok((staff, self.customer_id(customer).await?))
    }

    /// The row id of the customer with this public id, or not found.
    async fn customer_id(&self, public_id: &str) -> Result<CustomerId, ServiceError> {
        if uuid::Uuid::parse_str(public_id).is_err() {
            return Err(ServiceError::NotFound(Missing::Customer));
        }
        let mut conn = self.deps.db.conn().await?;
        conn.admin()
            .customer_by_public_id(public_id, false)
            .await?
            .map(|row| row.customer_id())
            .ok_or(ServiceError::NotFound(Missing::Customer))
    }
}
