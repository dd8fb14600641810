//! Staff changing one customer, and creating one. Each change and its
//! history entries commit together in one transaction, the customer's row
//! locked first so that two staff members' changes queue instead of
//! overwriting each other's "old" values.

use crate::addresses::AddressService;
use crate::admin::domain::{AdminChange, StaffNewCustomer, NO_SUCH_GROUP};
use crate::admin::dto::{AdminCustomerPatch, AdminNewCustomer};
use crate::admin::service::{find, group, AdminService};
use crate::caller::Caller;
use crate::customers::dto::{CustomerStatus, CustomerView};
use crate::customers::store::{CustomerRow, NewCustomerRecord, ProfileRecord, EMAIL_UNIQUE};
use crate::db::{StoreError, Tx};
use crate::domain::{FieldErrors, Password};
use crate::history::{self, Action, Actor, Changes};
use crate::mail::{self, Message};
use crate::services::{Deps, Missing, ServiceError};
use crate::staff::{authorize, Permission};
use crate::tokens::{self, Purpose};

/// How long the invitation of a customer created by staff works: longer
/// than a reset link, since the customer did not ask for it and may read
/// it days later.
pub const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

impl AdminService {
    /// Changes a customer's profile (`EditCustomers`) and, for an admin,
    /// their group and status (`ManageCustomers`). Disabling ends every
    /// session of the customer in the same transaction, so they are logged
    /// out at once; enabling lets them log in again. Only what differs is
    /// written, each kind of change with its history entry.
    pub async fn update(
        &self,
        caller: &Caller,
        id: &str,
        input: &AdminCustomerPatch,
    ) -> Result<CustomerView, ServiceError> {
        let staff = authorize(caller, Permission::EditCustomers)?;
        let change = AdminChange::parse(input)?;
        if change.needs_manage() {
            authorize(caller, Permission::ManageCustomers)?;
        }
        let mut tx = self.deps.db.begin().await?;
        let row = find(&mut tx, id, true).await?;
        let new_group = match &change.group {
            Some(g) => Some(group(&mut tx, g, "group_id").await?),
            None => None,
        };
        let actor = Actor::staff(staff);
        let now_ms = self.deps.now_ms();
        let customer = row.customer_id();
        let profile = ProfileRecord {
            first_name: change
                .profile
                .first_name
                .resolve(Some(row.first_name.clone()), |n| n.as_str().to_owned())
                .unwrap_or_default(),
            last_name: change
                .profile
                .last_name
                .resolve(Some(row.last_name.clone()), |n| n.as_str().to_owned())
                .unwrap_or_default(),
            phone: change
                .profile
                .phone
                .resolve(row.phone.clone(), |p| p.as_str().to_owned()),
        };
        let changes = Changes::new()
            .field(
                "first_name",
                Some(&row.first_name),
                Some(&profile.first_name),
            )
            .field("last_name", Some(&row.last_name), Some(&profile.last_name))
            .field("phone", row.phone.as_deref(), profile.phone.as_deref());
        if !changes.is_empty() {
            tx.customers()
                .update_profile(customer, &profile, self.deps.now())
                .await?
                .ok_or(ServiceError::NotFound(Missing::Customer))?;
            history::record(
                &mut tx,
                customer,
                &actor,
                Action::ProfileUpdated,
                changes,
                now_ms,
            )
            .await?;
        }
        if let Some(g) = new_group.filter(|g| g.id != row.group_id) {
            set_group(&self.deps, &mut tx, &actor, &row, g.id, &g.name).await?;
        }
        if let Some(status) = change.status.filter(|s| *s != row.status()) {
            set_status(&self.deps, &mut tx, &actor, &row, status).await?;
        }
        let row = tx
            .customers()
            .customer_by_id(customer)
            .await?
            .ok_or(ServiceError::NotFound(Missing::Customer))?;
        let defaults = AddressService::defaults_of(&mut tx, customer).await?;
        tx.commit().await?;
        tracing::info!(customer = %row.public_id, staff = %staff.staff.public_id, "customer changed by staff");
        Ok(row.to_view(defaults))
    }

    /// Creates a customer (`ManageCustomers`) with an unusable password,
    /// and mails them an invitation to choose one: a single-use reset link
    /// that works for seven days. The customer, the history entry, the
    /// token and the mail commit together. An email already registered is
    /// a conflict, as at registration.
    pub async fn create(
        &self,
        caller: &Caller,
        input: &AdminNewCustomer,
    ) -> Result<CustomerView, ServiceError> {
        let staff = authorize(caller, Permission::ManageCustomers)?;
        let new = StaffNewCustomer::parse(input)?;
        let group_row = {
            let mut conn = self.deps.db.conn().await?;
            if conn
                .customers()
                .customer_by_email(new.email.as_str())
                .await?
                .is_some()
            {
                return Err(ServiceError::EmailTaken);
            }
            match &new.group {
                Some(g) => Some(group(&mut conn, g, "group_id").await?),
                None => None,
            }
        };
        // A hash of a random secret nobody ever sees: the account cannot
        // be logged in to until the invitation's link sets a password, and
        // a login attempt takes as long as for any other account.
        let secret = tokens::generate()?;
        let unusable = Password::parse(&secret, &[])
            .map_err(|e| anyhow::anyhow!("a random password was refused: {e}"))?;
        let password_hash = self.deps.hasher.hash(&unusable).await?;
        let record = NewCustomerRecord {
            public_id: uuid::Uuid::new_v4().to_string(),
            email: new.email.as_str().to_owned(),
            password_hash,
            first_name: new.first_name.as_str().to_owned(),
            last_name: new.last_name.as_str().to_owned(),
            phone: new.phone.as_ref().map(|p| p.as_str().to_owned()),
        };
        let now_ms = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let mut row = match tx
            .customers()
            .insert_customer(&record, self.deps.now())
            .await
        {
            Ok(row) => row,
            Err(e) if e.is_conflict_on(EMAIL_UNIQUE) => return Err(ServiceError::EmailTaken),
            Err(e) => return Err(e.into()),
        };
        if let Some(g) = group_row.filter(|g| g.id != row.group_id) {
            tx.admin()
                .set_customer_group(row.customer_id(), g.id, self.deps.now())
                .await?;
            row = tx
                .customers()
                .customer_by_id(row.customer_id())
                .await?
                .ok_or(ServiceError::NotFound(Missing::Customer))?;
        }
        let changes = Changes::new()
            .field("email", None, Some(&row.email))
            .field("first_name", None, Some(&row.first_name))
            .field("last_name", None, Some(&row.last_name))
            .field("phone", None, row.phone.as_deref())
            .field("group", None, Some(&row.group_name));
        let actor = Actor::staff(staff);
        history::record(
            &mut tx,
            row.customer_id(),
            &actor,
            Action::CreatedByStaff,
            changes,
            now_ms,
        )
        .await?;
        queue_invitation(&self.deps, &mut tx, &row, now_ms).await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        tracing::info!(customer = %row.public_id, staff = %staff.staff.public_id, "customer created by staff");
        Ok(row.to_view(crate::addresses::DefaultAddresses::none()))
    }
}

/// The invitation: a reset token with the invitation's lifetime, and its
/// mail, in `tx`.
async fn queue_invitation(
    deps: &Deps,
    tx: &mut Tx,
    row: &CustomerRow,
    now_ms: i64,
) -> Result<(), ServiceError> {
    let token = tokens::issue(
        tx,
        row.customer_id(),
        Purpose::ResetPassword,
        &row.email,
        now_ms,
        INVITATION_TTL_SECS,
    )
    .await?;
    let shop = &deps.mail.shop;
    let message = Message::Invitation {
        first_name: row.first_name.clone(),
        link: shop.token_link("/account/reset-password", &token),
        valid_for_days: INVITATION_TTL_SECS / 86_400,
    };
    mail::queue(tx, shop, &row.email, &message, now_ms).await?;
    Ok(())
}

/// Moves the customer to another group, with its history entry (the
/// groups' names).
pub(super) async fn set_group(
    deps: &Deps,
    tx: &mut Tx,
    actor: &Actor,
    row: &CustomerRow,
    group_id: i64,
    group_name: &str,
) -> Result<(), ServiceError> {
    let customer = row.customer_id();
    tx.admin()
        .set_customer_group(customer, group_id, deps.now())
        .await
        .map_err(|e| match e {
            // Deleted by another admin since it was looked up: as if it had
            // never been there, not a server error.
            StoreError::Conflict { .. } => {
                ServiceError::Invalid(FieldErrors::single("group_id", NO_SUCH_GROUP))
            }
            e => e.into(),
        })?;
    let changes = Changes::new().field("group", Some(&row.group_name), Some(group_name));
    history::record(
        tx,
        customer,
        actor,
        Action::GroupChanged,
        changes,
        deps.now_ms(),
    )
    .await?;
    Ok(())
}

/// Enables or disables the customer, with its history entry. Disabling
/// also ends every one of their sessions (and says how many in a second
/// entry), so they are logged out on their very next request.
pub(super) async fn set_status(
    deps: &Deps,
    tx: &mut Tx,
    actor: &Actor,
    row: &CustomerRow,
    status: CustomerStatus,
) -> Result<(), ServiceError> {
    let customer = row.customer_id();
    let now_ms = deps.now_ms();
    tx.customers()
        .set_customer_status(customer, status, deps.now())
        .await?;
    let changes =
        Changes::new().field("status", Some(row.status().as_str()), Some(status.as_str()));
    history::record(tx, customer, actor, Action::StatusChanged, changes, now_ms).await?;
    if status == CustomerStatus::Disabled {
        end_all_sessions(tx, actor, row, now_ms).await?;
    }
    Ok(())
}

/// Ends every session of the customer; when there were any, a history
/// entry says how many. Returns how many.
pub(super) async fn end_all_sessions(
    tx: &mut Tx,
    actor: &Actor,
    row: &CustomerRow,
    now_ms: i64,
) -> Result<u64, ServiceError> {
    let customer = row.customer_id();
    let ended = tx.sessions().delete_all_sessions(customer).await?;
    if ended > 0 {
        let changes = Changes::new().field("sessions", None, Some(&ended.to_string()));
        history::record(tx, customer, actor, Action::SessionsEnded, changes, now_ms).await?;
    }
    Ok(ended)
}
