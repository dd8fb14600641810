//! Customer accounts: registration, the caller's own profile.

use std::sync::Arc;

use crate::addresses::{AddressService, DefaultAddresses};
use crate::auth::events;
use crate::auth::policy::ip_throttle_key;
use crate::auth::store::ThrottleScope;
use crate::auth::throttle::{self, Gate};
use crate::auth::{signed_in, AuthService};
use crate::caller::{Caller, SignedIn};
use crate::customers::domain::{NewCustomer, ProfileChange};
use crate::customers::dto::{CustomerView, ProfileInput, RegisterInput};
use crate::customers::store::{NewCustomerRecord, ProfileRecord, EMAIL_UNIQUE};
use crate::emails::{EmailService, VerificationMode};
use crate::history::{self, Action, Actor, Changes};
use crate::services::{Deps, Missing, ServiceError};

#[derive(Clone)]
pub struct CustomerService {
    deps: Arc<Deps>,
    auth: AuthService,
}

impl CustomerService {
    pub(crate) fn new(deps: Arc<Deps>, auth: AuthService) -> Self {
        Self { deps, auth }
    }

    /// Creates an account and logs the caller in (unless verification is
    /// required): the customer, their first session row and the
    /// verification (or welcome) mail are written in one transaction.
    pub async fn register(
        &self,
        caller: &Caller,
        input: &RegisterInput,
    ) -> Result<CustomerView, ServiceError> {
        let new = NewCustomer::parse(input).inspect_err(|errors| {
            let fields: Vec<&str> = errors.fields().keys().map(String::as_str).collect();
            events::registration_refused(caller, "invalid_input", &fields.join(","));
        })?;
        reserve_registration(&self.deps, caller).await?;
        // Cheap early answer for the common case; the unique constraint
        // decides races.
        {
            let mut conn = self.deps.db.conn().await?;
            if conn
                .customers()
                .customer_by_email(new.email.as_str())
                .await?
                .is_some()
            {
                events::registration_refused(caller, "email_taken", "email");
                return Err(ServiceError::EmailTaken);
            }
        }
        let password_hash = self.deps.hasher.hash(&new.password).await?;
        let record = NewCustomerRecord {
            public_id: uuid::Uuid::new_v4().to_string(),
            email: new.email.as_str().to_owned(),
            password_hash,
            first_name: new.first_name.as_str().to_owned(),
            last_name: new.last_name.as_str().to_owned(),
            phone: new.phone.as_ref().map(|p| p.as_str().to_owned()),
        };
        // When verification is required, registering does not log in: the
        // customer logs in once the address is verified.
        let log_in = self.deps.policy.email_verification != VerificationMode::Required;
        let rotated = match log_in {
            true => Some(self.auth.rotate(caller).await?),
            false => None,
        };
        let mut tx = self.deps.db.begin().await?;
        let row = match tx
            .customers()
            .insert_customer(&record, self.deps.now())
            .await
        {
            Ok(row) => row,
            Err(e) if e.is_conflict_on(EMAIL_UNIQUE) => {
                events::registration_refused(caller, "email_taken", "email");
                return Err(ServiceError::EmailTaken);
            }
            Err(e) => return Err(e.into()),
        };
        history::record(
            &mut tx,
            row.customer_id(),
            &Actor::customer(&row),
            Action::Registered,
            Changes::new(),
            self.deps.now_ms(),
        )
        .await?;
        if let Some((old, new_session)) = rotated {
            self.auth
                .record_session(&mut tx, caller, old, new_session, &row)
                .await?;
        }
        EmailService::queue_registration_mail(&self.deps, &mut tx, &row, self.deps.now_ms())
            .await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        if log_in {
            // This browser is a remembered device of the new account.
            let device = self.auth.device_key().await?;
            caller.device_cookie().set(device.issue(&row.public_id));
        }
        tracing::info!(customer = %row.public_id, "customer registered");
        // A new account has no addresses yet.
        Ok(row.to_view(DefaultAddresses::none()))
    }

    /// The logged-in customer, or `None`.
    pub async fn current(&self, caller: &Caller) -> Result<Option<CustomerView>, ServiceError> {
        match caller.customer() {
            Some(me) => self.view(me).await.map(Some),
            None => Ok(None),
        }
    }

    /// Like [`Self::current`], for calls that need a customer.
    pub async fn require_current(&self, caller: &Caller) -> Result<CustomerView, ServiceError> {
        self.view(signed_in(caller)?).await
    }

    /// The caller with their default addresses; the address book is read
    /// only when resolving the caller found a default there.
    async fn view(&self, me: &SignedIn) -> Result<CustomerView, ServiceError> {
        if !me.has_default_address {
            return Ok(me.customer.to_view(DefaultAddresses::none()));
        }
        let mut conn = self.deps.db.conn().await?;
        let defaults = AddressService::defaults_of(&mut conn, me.customer.customer_id()).await?;
        Ok(me.customer.to_view(defaults))
    }

    /// Changes the caller's own name and phone. `id` is the public id from
    /// `/me`; any other customer's id is not found, and nothing changes.
    /// The change and its `profile_updated` history row (old and new
    /// values of what changed; none when nothing did) commit together.
    pub async fn update_profile(
        &self,
        caller: &Caller,
        id: &str,
        input: &ProfileInput,
    ) -> Result<CustomerView, ServiceError> {
        let me = &signed_in(caller)?.customer;
        if me.public_id != id {
            return Err(ServiceError::NotFound(Missing::Customer));
        }
        let change = ProfileChange::parse(input)?;
        let record = ProfileRecord {
            // Names are never cleared (`ProfileChange::parse` refuses it).
            first_name: change
                .first_name
                .resolve(Some(me.first_name.clone()), |n| n.as_str().to_owned())
                .unwrap_or_default(),
            last_name: change
                .last_name
                .resolve(Some(me.last_name.clone()), |n| n.as_str().to_owned())
                .unwrap_or_default(),
            phone: change
                .phone
                .resolve(me.phone.clone(), |p| p.as_str().to_owned()),
        };
        let changes = Changes::new()
            .field(
                "first_name",
                Some(me.first_name.as_str()),
                Some(record.first_name.as_str()),
            )
            .field(
                "last_name",
                Some(me.last_name.as_str()),
                Some(record.last_name.as_str()),
            )
            .field("phone", me.phone.as_deref(), record.phone.as_deref());
        let mut tx = self.deps.db.begin().await?;
        let row = tx
            .customers()
            .update_profile(me.customer_id(), &record, self.deps.now())
            .await?
            .ok_or(ServiceError::NotFound(Missing::Customer))?;
        if !changes.is_empty() {
            history::record(
                &mut tx,
                row.customer_id(),
                &Actor::customer(me),
                Action::ProfileUpdated,
                changes,
                self.deps.now_ms(),
            )
            .await?;
        }
        let defaults = AddressService::defaults_of(&mut tx, row.customer_id()).await?;
        tx.commit().await?;
        tracing::info!(customer = %row.public_id, "profile updated");
        Ok(row.to_view(defaults))
    }
}

/// Accounts created per client IP: every valid attempt counts, taken or
/// not (it also bounds probing which emails are registered). Registering
/// and creating an account at checkout share the count.
pub(crate) async fn reserve_registration(deps: &Deps, caller: &Caller) -> Result<(), ServiceError> {
    if let Some(ip) = caller.client().ip {
        let gate = Gate::new(
            ThrottleScope::Register,
            ip_throttle_key(ip),
            deps.policy.registration,
        );
        if let Some(wait) = throttle::reserve(&deps.db, &[gate], deps.now_ms()).await? {
            events::registration_refused(caller, "throttled", "-");
            return Err(ServiceError::TooManyRegistrations {
                retry_after_secs: wait,
            });
        }
    }
    Ok(())
}
