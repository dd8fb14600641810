//! The customer services: the only place business rules live. REST, GraphQL
//! and server functions each call one method here and map the result.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::clock::{rfc3339_ms, Clock, SystemClock};
use crate::domain::{Credentials, NewCustomer, PersonName, Phone};
use crate::dto::{
    CustomerStatus, CustomerView, LoginInput, ProfileInput, RegisterInput, SessionView,
};
use crate::error::AppError;
use crate::password::PasswordHasher;
use crate::security::{ClientInfo, SecurityPolicy, ThrottlePolicy};
use crate::session::AuthSession;
use crate::store::{
    CustomerRow, NewCustomerRecord, NewSessionRecord, ProfileChange, SessionRow, Store, StoreError,
    ThrottleScope,
};

/// What a service call can fail with, in domain words.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input")]
    Invalid(AppError),
    #[error("email already registered")]
    EmailTaken,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("too many failed logins; retry in {retry_after_secs}s")]
    Throttled { retry_after_secs: u64 },
    #[error("not logged in")]
    NotLoggedIn,
    /// Nothing of the caller's matches; the words say what was looked for.
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Infrastructure(#[from] anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        Self::Infrastructure(anyhow::Error::new(e).context("store"))
    }
}

/// Same words whether the email is unknown, the password wrong or the
/// account disabled: an answer must not tell which.
pub const INVALID_CREDENTIALS: &str = "The email or password is incorrect.";

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(app) => app,
            ServiceError::EmailTaken => AppError::Conflict {
                message: "An account with this email already exists.".into(),
                fields: [(
                    "email".to_string(),
                    "An account with this email already exists. Log in instead?".to_string(),
                )]
                .into(),
            },
            ServiceError::InvalidCredentials => AppError::unauthorized(INVALID_CREDENTIALS),
            ServiceError::Throttled { retry_after_secs } => AppError::RateLimited {
                message: format!(
                    "Too many failed attempts. Please wait {} and try again.",
                    human_duration(retry_after_secs)
                ),
                retry_after_secs,
            },
            ServiceError::NotLoggedIn => AppError::unauthorized("Please log in."),
            ServiceError::NotFound(what) => AppError::not_found(what),
            ServiceError::Infrastructure(err) => {
                tracing::error!(error = ?err, "internal error");
                AppError::internal()
            }
        }
    }
}

fn human_duration(secs: u64) -> String {
    match secs {
        0..=1 => "a second".into(),
        2..=59 => format!("{secs} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

/// The logged-in customer and the session row that proves it.
struct Authenticated {
    customer: CustomerRow,
    session: SessionRow,
}

#[derive(Clone)]
pub struct CustomerService {
    store: Arc<dyn Store>,
    hasher: PasswordHasher,
    policy: SecurityPolicy,
    clock: Arc<dyn Clock>,
}

impl CustomerService {
    pub fn new(store: Arc<dyn Store>, hasher: PasswordHasher) -> Self {
        Self {
            store,
            hasher,
            policy: SecurityPolicy::default(),
            clock: Arc::new(SystemClock),
        }
    }

    pub fn with_policy(mut self, policy: SecurityPolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Creates an account and logs the caller in.
    pub async fn register(
        &self,
        session: &AuthSession,
        client: &ClientInfo,
        input: &RegisterInput,
    ) -> Result<CustomerView, ServiceError> {
        let new = NewCustomer::parse(input).map_err(ServiceError::Invalid)?;
        // Cheap early answer for the common case; the UNIQUE constraint
        // decides races.
        if self
            .store
            .customer_by_email(new.email.as_str())
            .await?
            .is_some()
        {
            return Err(ServiceError::EmailTaken);
        }
        let password_hash = self.hasher.hash(&new.password).await?;
        let record = NewCustomerRecord {
            public_id: uuid::Uuid::new_v4().to_string(),
            email: new.email.as_str().to_owned(),
            password_hash,
            first_name: new.first_name.as_str().to_owned(),
            last_name: new.last_name.as_str().to_owned(),
            phone: new.phone.as_ref().map(|p| p.as_str().to_owned()),
        };
        let row = match self.store.insert_customer(record).await {
            Ok(row) => row,
            Err(StoreError::Conflict { constraint })
                if constraint.as_deref().is_some_and(|c| c.contains("email")) =>
            {
                return Err(ServiceError::EmailTaken)
            }
            Err(e) => return Err(e.into()),
        };
        self.start_session(session, client, &row).await?;
        tracing::info!(customer = %row.public_id, "customer registered");
        Ok(row.to_view())
    }

    /// Checks the credentials and, when they are right, starts a fresh
    /// session. Failed attempts are throttled per email (known or not) and
    /// per client IP; the answer never tells whether the email exists.
    pub async fn log_in(
        &self,
        session: &AuthSession,
        client: &ClientInfo,
        input: &LoginInput,
    ) -> Result<CustomerView, ServiceError> {
        let creds = Credentials::parse(input).map_err(ServiceError::Invalid)?;
        let email = creds.email.as_str();
        let ip = client.ip.map(|ip| ip.to_string());
        let now = self.clock.now_ms();

        let mut retry_at = self
            .locked_until(ThrottleScope::Account, email, &self.policy.account, now)
            .await?;
        if let Some(ip) = &ip {
            let ip_retry = self
                .locked_until(ThrottleScope::Ip, ip, &self.policy.ip, now)
                .await?;
            retry_at = retry_at.max(ip_retry);
        }
        if let Some(until) = retry_at {
            tracing::info!("login refused: throttled");
            return Err(ServiceError::Throttled {
                retry_after_secs: ((until - now + 999) / 1000).max(1) as u64,
            });
        }

        let row = self.store.customer_by_email(email).await?;
        // Always run bcrypt, against the dummy hash when there is no account.
        let matches = self
            .hasher
            .verify(
                &creds.password,
                row.as_ref().map(|r| r.password_hash.as_str()),
            )
            .await?;
        match row {
            Some(row) if matches && row.status() == CustomerStatus::Active => {
                self.store
                    .throttle_clear(ThrottleScope::Account, email)
                    .await?;
                self.start_session(session, client, &row).await?;
                tracing::info!(customer = %row.public_id, "customer logged in");
                Ok(row.to_view())
            }
            _ => {
                self.record_failure(ThrottleScope::Account, email, &self.policy.account, now)
                    .await?;
                if let Some(ip) = &ip {
                    self.record_failure(ThrottleScope::Ip, ip, &self.policy.ip, now)
                        .await?;
                }
                tracing::info!("failed login");
                Err(ServiceError::InvalidCredentials)
            }
        }
    }

    async fn locked_until(
        &self,
        scope: ThrottleScope,
        key: &str,
        policy: &ThrottlePolicy,
        now: i64,
    ) -> Result<Option<i64>, ServiceError> {
        Ok(self
            .store
            .throttle_get(scope, key)
            .await?
            .and_then(|row| policy.locked_until_ms(&row, now)))
    }

    async fn record_failure(
        &self,
        scope: ThrottleScope,
        key: &str,
        policy: &ThrottlePolicy,
        now: i64,
    ) -> Result<(), ServiceError> {
        self.store
            .throttle_fail(scope, key, now, now - policy.window_secs * 1000)
            .await?;
        Ok(())
    }

    /// Rotates the session id, marks it logged in and records it in the
    /// customer's list of sessions.
    async fn start_session(
        &self,
        session: &AuthSession,
        client: &ClientInfo,
        row: &CustomerRow,
    ) -> Result<(), ServiceError> {
        if let Some(old) = session.state().await? {
            self.store.delete_session_by_hash(&old.hash).await?;
        }
        let now = self.clock.now_ms();
        let hash = session.log_in(row.customer_id(), now).await?;
        self.store
            .insert_session(NewSessionRecord {
                public_id: uuid::Uuid::new_v4().to_string(),
                session_hash: hash,
                customer_id: row.id,
                now_ms: now,
                user_agent: client
                    .user_agent
                    .as_ref()
                    .map(|ua| ua.chars().take(512).collect()),
                ip: client.ip.map(|ip| ip.to_string()),
            })
            .await?;
        Ok(())
    }

    /// The session's customer, if the session is still valid: recorded in
    /// the customer's list, younger than the maximum lifetime, and the
    /// account active. Anything else ends the session.
    async fn authenticate(
        &self,
        session: &AuthSession,
    ) -> Result<Option<Authenticated>, ServiceError> {
        let Some(state) = session.state().await? else {
            return Ok(None);
        };
        let now = self.clock.now_ms();
        let expired = now - state.auth_at_ms > self.policy.session_max_lifetime_secs * 1000;
        let session_row = if expired {
            None
        } else {
            self.store.session_by_hash(&state.hash).await?
        };
        let customer = match &session_row {
            Some(s) if s.customer_id == state.customer.0 => {
                self.store.customer_by_id(state.customer).await?
            }
            _ => None,
        };
        match (session_row, customer) {
            (Some(session_row), Some(customer)) if customer.status() == CustomerStatus::Active => {
                if now - session_row.last_seen_at_ms >= self.policy.touch_interval_secs * 1000 {
                    self.store.touch_session(&state.hash, now).await?;
                    session.mark_seen(now).await?;
                }
                Ok(Some(Authenticated {
                    customer,
                    session: session_row,
                }))
            }
            _ => {
                self.store.delete_session_by_hash(&state.hash).await?;
                session.log_out().await?;
                Ok(None)
            }
        }
    }

    async fn require(&self, session: &AuthSession) -> Result<Authenticated, ServiceError> {
        self.authenticate(session)
            .await?
            .ok_or(ServiceError::NotLoggedIn)
    }

    /// The logged-in customer, or `None`.
    pub async fn current(
        &self,
        session: &AuthSession,
    ) -> Result<Option<CustomerView>, ServiceError> {
        Ok(self
            .authenticate(session)
            .await?
            .map(|a| a.customer.to_view()))
    }

    /// Like [`Self::current`], for calls that need a customer.
    pub async fn require_current(
        &self,
        session: &AuthSession,
    ) -> Result<CustomerView, ServiceError> {
        Ok(self.require(session).await?.customer.to_view())
    }

    /// Ends the session on the server. Logging out twice is fine.
    pub async fn log_out(&self, session: &AuthSession) -> Result<(), ServiceError> {
        if let Some(state) = session.state().await? {
            self.store.delete_session_by_hash(&state.hash).await?;
        }
        session.log_out().await?;
        Ok(())
    }

    /// The customer's logged-in sessions, most recently used first.
    pub async fn sessions(&self, session: &AuthSession) -> Result<Vec<SessionView>, ServiceError> {
        let me = self.require(session).await?;
        let rows = self.store.sessions_of(me.customer.customer_id()).await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionView {
                current: r.public_id == me.session.public_id,
                id: r.public_id,
                created_at: rfc3339_ms(r.created_at_ms),
                last_seen_at: rfc3339_ms(r.last_seen_at_ms),
                user_agent: r.user_agent,
                ip: r.ip,
            })
            .collect())
    }

    /// Ends one of the caller's own sessions (another customer's id is
    /// simply not found). Ending the current one logs the caller out.
    pub async fn end_session(&self, session: &AuthSession, id: &str) -> Result<(), ServiceError> {
        let me = self.require(session).await?;
        if !self
            .store
            .delete_session(me.customer.customer_id(), id)
            .await?
        {
            return Err(ServiceError::NotFound("That device is already logged out."));
        }
        if id == me.session.public_id {
            session.log_out().await?;
        }
        Ok(())
    }

    /// "Log out other devices": ends every session but this one.
    pub async fn end_other_sessions(&self, session: &AuthSession) -> Result<u64, ServiceError> {
        let me = self.require(session).await?;
        Ok(self
            .store
            .delete_other_sessions(me.customer.customer_id(), &me.session.public_id)
            .await?)
    }

    /// Changes the caller's own name and phone. `id` is the public id from
    /// `/me`; any other customer's id is not found, and nothing changes.
    pub async fn update_profile(
        &self,
        session: &AuthSession,
        id: &str,
        input: &ProfileInput,
    ) -> Result<CustomerView, ServiceError> {
        let me = self.require(session).await?.customer;
        if me.public_id != id {
            return Err(ServiceError::NotFound("No such customer."));
        }
        let mut fields = BTreeMap::new();
        let first_name = match &input.first_name {
            Some(raw) => PersonName::parse(raw, "first name")
                .map(|n| n.as_str().to_owned())
                .map_err(|m| fields.insert("first_name".to_string(), m))
                .ok(),
            None => Some(me.first_name.clone()),
        };
        let last_name = match &input.last_name {
            Some(raw) => PersonName::parse(raw, "last name")
                .map(|n| n.as_str().to_owned())
                .map_err(|m| fields.insert("last_name".to_string(), m))
                .ok(),
            None => Some(me.last_name.clone()),
        };
        let phone = match &input.phone {
            Some(raw) => Phone::parse_optional(raw.as_deref())
                .map(|p| p.map(|p| p.as_str().to_owned()))
                .map_err(|m| fields.insert("phone".to_string(), m))
                .ok(),
            None => Some(me.phone.clone()),
        };
        let (Some(first_name), Some(last_name), Some(phone)) = (first_name, last_name, phone)
        else {
            return Err(ServiceError::Invalid(AppError::validation(fields)));
        };
        let row = self
            .store
            .update_profile(
                me.customer_id(),
                ProfileChange {
                    first_name,
                    last_name,
                    phone,
                },
            )
            .await?
            .ok_or(ServiceError::NotFound("No such customer."))?;
        tracing::info!(customer = %row.public_id, "profile updated");
        Ok(row.to_view())
    }

    /// Forgets failed logins older than the longest throttle window.
    pub async fn prune_throttles(&self) -> Result<u64, ServiceError> {
        let window = self
            .policy
            .account
            .window_secs
            .max(self.policy.ip.window_secs);
        Ok(self
            .store
            .throttle_prune(self.clock.now_ms() - window * 1000)
            .await?)
    }

    pub async fn ping(&self) -> Result<(), ServiceError> {
        self.store.ping().await?;
        Ok(())
    }
}
