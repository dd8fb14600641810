//! The customer services: the only place business rules live. REST, GraphQL
//! and server functions each call one method here and map the result.

use std::sync::Arc;

use crate::domain::{Credentials, NewCustomer};
use crate::dto::{CustomerStatus, CustomerView, LoginInput, RegisterInput};
use crate::error::AppError;
use crate::password::PasswordHasher;
use crate::session::AuthSession;
use crate::store::{NewCustomerRecord, Store, StoreError};

/// What a service call can fail with, in domain words.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input")]
    Invalid(AppError),
    #[error("email already registered")]
    EmailTaken,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("not logged in")]
    NotLoggedIn,
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
            ServiceError::NotLoggedIn => AppError::unauthorized("Please log in."),
            ServiceError::Infrastructure(err) => {
                tracing::error!(error = ?err, "internal error");
                AppError::internal()
            }
        }
    }
}

#[derive(Clone)]
pub struct CustomerService {
    store: Arc<dyn Store>,
    hasher: PasswordHasher,
}

impl CustomerService {
    pub fn new(store: Arc<dyn Store>, hasher: PasswordHasher) -> Self {
        Self { store, hasher }
    }

    /// Creates an account and logs the caller in.
    pub async fn register(
        &self,
        session: &AuthSession,
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
        session.log_in(row.customer_id()).await?;
        tracing::info!(customer = %row.public_id, "customer registered");
        Ok(row.to_view())
    }

    /// Checks the credentials and, when they are right, starts a fresh session.
    pub async fn log_in(
        &self,
        session: &AuthSession,
        input: &LoginInput,
    ) -> Result<CustomerView, ServiceError> {
        let creds = Credentials::parse(input).map_err(ServiceError::Invalid)?;
        let row = self.store.customer_by_email(creds.email.as_str()).await?;
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
                session.log_in(row.customer_id()).await?;
                tracing::info!(customer = %row.public_id, "customer logged in");
                Ok(row.to_view())
            }
            _ => {
                tracing::info!("failed login");
                Err(ServiceError::InvalidCredentials)
            }
        }
    }

    /// The logged-in customer, or `None`. A session whose customer is gone or
    /// disabled counts as logged out.
    pub async fn current(
        &self,
        session: &AuthSession,
    ) -> Result<Option<CustomerView>, ServiceError> {
        let Some(id) = session.customer_id().await? else {
            return Ok(None);
        };
        match self.store.customer_by_id(id).await? {
            Some(row) if row.status() == CustomerStatus::Active => Ok(Some(row.to_view())),
            _ => Ok(None),
        }
    }

    /// Like [`Self::current`], for calls that need a customer.
    pub async fn require_current(
        &self,
        session: &AuthSession,
    ) -> Result<CustomerView, ServiceError> {
        self.current(session)
            .await?
            .ok_or(ServiceError::NotLoggedIn)
    }

    /// Ends the session on the server. Logging out twice is fine.
    pub async fn log_out(&self, session: &AuthSession) -> Result<(), ServiceError> {
        session.log_out().await?;
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), ServiceError> {
        self.store.ping().await?;
        Ok(())
    }
}
