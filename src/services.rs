//! The services, a module per resource (`customers`, `auth`, ...), bundled
//! for the interfaces, and the one error type they fail with.
//!
//! [`ServiceError`] says what went wrong in domain terms and carries no
//! sentences; the one mapping to the client-facing [`AppError`] (with the
//! words a customer reads) is at the bottom of this file.

use std::sync::Arc;

use crate::addresses::AddressService;
use crate::admin::AdminService;
use crate::auth::password::PasswordHasher;
use crate::auth::policy::SecurityPolicy;
use crate::auth::AuthService;
use crate::catalog::CatalogService;
use crate::clock::{Clock, SystemClock};
use crate::customers::CustomerService;
use crate::db::{Database, StoreError};
use crate::domain::FieldErrors;
use crate::emails::EmailService;
use crate::error::AppError;
use crate::groups::{dto as words, GroupService};
use crate::mail::MailSettings;
use crate::orders::OrderService;
use crate::passwords::PasswordService;
use crate::staff::StaffService;
use crate::tokens::TokenProblem;
use crate::wholesale::WholesaleService;

/// What every service shares: the database, the hasher, the security
/// policy and the clock.
#[derive(Clone)]
pub struct Deps {
    pub db: Database,
    pub hasher: PasswordHasher,
    pub policy: SecurityPolicy,
    pub clock: Arc<dyn Clock>,
    /// The device-cookie key, read (or first created) from the database
    /// once and shared by the services built from these deps.
    pub device_key: Arc<tokio::sync::OnceCell<crate::auth::device::DeviceKey>>,
    /// The shop as mails name it, and the worker's wake-up call.
    pub mail: MailSettings,
}

impl Deps {
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(self.now_ms()).unwrap_or_default()
    }
}

/// Every service, ready for the interfaces.
#[derive(Clone)]
pub struct Services {
    pub customers: CustomerService,
    pub auth: AuthService,
    pub addresses: AddressService,
    pub passwords: PasswordService,
    pub emails: EmailService,
    pub staff: StaffService,
    pub groups: GroupService,
    pub wholesale: WholesaleService,
    /// Customers as staff see them (the admin pages).
    pub admin: AdminService,
    pub catalog: CatalogService,
    pub orders: OrderService,
    deps: Arc<Deps>,
}

impl Services {
    pub fn new(db: Database, hasher: PasswordHasher) -> Self {
        Self::from_deps(Deps {
            db,
            hasher,
            policy: SecurityPolicy::default(),
            clock: Arc::new(SystemClock),
            device_key: Arc::default(),
            mail: MailSettings::default(),
        })
    }

    fn from_deps(deps: Deps) -> Self {
        let deps = Arc::new(deps);
        let auth = AuthService::new(deps.clone());
        Self {
            customers: CustomerService::new(deps.clone(), auth.clone()),
            addresses: AddressService::new(deps.clone()),
            passwords: PasswordService::new(deps.clone(), auth.clone()),
            emails: EmailService::new(deps.clone(), auth.clone()),
            staff: StaffService::new(deps.clone()),
            groups: GroupService::new(deps.clone()),
            wholesale: WholesaleService::new(deps.clone()),
            admin: AdminService::new(deps.clone()),
            catalog: CatalogService::new(deps.clone()),
            orders: OrderService::new(deps.clone(), auth.clone()),
            auth,
            deps,
        }
    }

    pub fn with_policy(self, policy: SecurityPolicy) -> Self {
        let mut deps = (*self.deps).clone();
        deps.policy = policy;
        Self::from_deps(deps)
    }

    /// The shop's name and base URL for mails, and the worker's wake-up.
    pub fn with_mail(self, mail: MailSettings) -> Self {
        let mut deps = (*self.deps).clone();
        deps.mail = mail;
        Self::from_deps(deps)
    }

    /// The database the services use (the mail worker shares it).
    pub fn database(&self) -> &Database {
        &self.deps.db
    }

    /// The settings the services were built with.
    pub fn policy(&self) -> &SecurityPolicy {
        &self.deps.policy
    }

    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        let mut deps = (*self.deps).clone();
        deps.clock = clock;
        Self::from_deps(deps)
    }

    /// A cheap round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<(), ServiceError> {
        self.deps.db.conn().await?.ping().await?;
        Ok(())
    }
}

/// Something the caller asked for that does not exist (for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Customer,
    Session,
    Address,
    Country,
    /// A customer group (staff).
    Group,
    /// A storefront page that can be restricted to groups.
    Page,
    /// An order (or one that is not the caller's).
    Order,
}

/// What a service call can fail with, in domain terms.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    #[error("email already registered")]
    EmailTaken,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("too many failed logins; retry in {retry_after_secs}s")]
    Throttled { retry_after_secs: u64 },
    #[error("too many registrations from this address; retry in {retry_after_secs}s")]
    TooManyRegistrations { retry_after_secs: u64 },
    #[error("not logged in")]
    NotLoggedIn,
    /// Logged in, but not allowed to do this (a customer at a staff route,
    /// a role that is not enough, a group the page is not open to).
    #[error("forbidden")]
    Forbidden,
    /// An emailed token that cannot be used.
    #[error("unusable token: {0:?}")]
    BadToken(TokenProblem),
    /// Too many mails asked for (per client network, or per address where
    /// saying so reveals nothing).
    #[error("too many mails asked for; retry in {retry_after_secs}s")]
    TooManyMails { retry_after_secs: u64 },
    /// The new email of a change belongs to another account.
    #[error("new email already registered")]
    NewEmailTaken,
    #[error("address book full ({max} addresses)")]
    TooManyAddresses { max: usize },
    #[error("not found: {0:?}")]
    NotFound(Missing),
    /// Another group already has this name (in any case).
    #[error("group name already used")]
    GroupNameTaken,
    /// One of the built-in groups, which cannot be deleted.
    #[error("built-in group {name}")]
    SystemGroup { name: String },
    /// The only group a storefront page is open to: deleting it would open
    /// the page to every customer.
    #[error("group {name} is the only one page {page} is open to")]
    GroupGuardsPage { name: String, page: &'static str },
    /// A logged-in customer whose group may not open this storefront page
    /// (`page` is its key in `groups::dto::KNOWN_PAGES`).
    #[error("page {page} is not open to the caller's group")]
    PageClosed { page: &'static str },
    /// Too busy to do it now (every password hasher taken for the whole
    /// allowed wait): try again in `retry_after_secs`.
    #[error("busy; retry in {retry_after_secs}s")]
    Busy { retry_after_secs: u64 },
    #[error(transparent)]
    Infrastructure(#[from] anyhow::Error),
}

/// How long a client is asked to wait when the hashers are busy.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

impl From<crate::auth::password::HashError> for ServiceError {
    fn from(e: crate::auth::password::HashError) -> Self {
        use crate::auth::password::HashError;
        match e {
            HashError::Busy => Self::Busy {
                retry_after_secs: BUSY_RETRY_AFTER_SECS,
            },
            HashError::Failed(e) => Self::Infrastructure(e),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        Self::Infrastructure(anyhow::Error::new(e).context("store"))
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        Self::Invalid(e)
    }
}

/// Same words whether the email is unknown, the password wrong or the
/// account disabled: an answer must not tell which.
pub const INVALID_CREDENTIALS: &str = "The email or password is incorrect.";

/// The one mapping from service errors to what a client sees, whatever the
/// interface. Infrastructure failures are logged with their whole cause
/// chain here and reach the client as a bare "internal error".
impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(fields) => fields.into(),
            ServiceError::EmailTaken => AppError::Conflict {
                message: "An account with this email already exists.".into(),
                fields: [(
                    "email".to_string(),
                    "An account with this email already exists. Log in instead?".to_string(),
                )]
                .into(),
            },
            ServiceError::NewEmailTaken => AppError::Conflict {
                message: NEW_EMAIL_TAKEN.into(),
                fields: [("new_email".to_string(), NEW_EMAIL_TAKEN.to_string())].into(),
            },
            ServiceError::BadToken(problem) => {
                FieldErrors::single("token", bad_token_message(problem)).into()
            }
            ServiceError::TooManyMails { retry_after_secs } => AppError::RateLimited {
                message: format!(
                    "Too many emails were asked for. Please wait {} and try again.",
                    human_duration(retry_after_secs)
                ),
                retry_after_secs,
            },
            ServiceError::InvalidCredentials => AppError::unauthorized(INVALID_CREDENTIALS),
            ServiceError::Throttled { retry_after_secs } => AppError::RateLimited {
                message: format!(
                    "Too many failed attempts. Please wait {} and try again.",
                    human_duration(retry_after_secs)
                ),
                retry_after_secs,
            },
            ServiceError::TooManyRegistrations { retry_after_secs } => AppError::RateLimited {
                message: format!(
                    "Too many accounts were created from your network. Please wait {} and try again.",
                    human_duration(retry_after_secs)
                ),
                retry_after_secs,
            },
            ServiceError::NotLoggedIn => AppError::unauthorized("Please log in."),
            ServiceError::Forbidden => {
                AppError::forbidden("You do not have permission to do this.")
            }
            ServiceError::NotFound(Missing::Customer) => AppError::not_found("No such customer."),
            ServiceError::NotFound(Missing::Session) => {
                AppError::not_found("That device is already logged out.")
            }
            ServiceError::NotFound(Missing::Address) => AppError::not_found("No such address."),
            ServiceError::NotFound(Missing::Country) => {
                AppError::not_found("No such country. Use a two-letter ISO code, like CA.")
            }
            ServiceError::NotFound(Missing::Group) => AppError::not_found(words::NO_SUCH_GROUP),
            ServiceError::NotFound(Missing::Page) => AppError::not_found(words::unknown_page()),
            ServiceError::NotFound(Missing::Order) => AppError::not_found(NO_SUCH_ORDER),
            ServiceError::GroupNameTaken => AppError::Conflict {
                message: words::GROUP_NAME_TAKEN.into(),
                fields: [("name".into(), words::GROUP_NAME_TAKEN.into())].into(),
            },
            ServiceError::SystemGroup { name } => conflict(words::system_group(&name)),
            ServiceError::GroupGuardsPage { name, page } => {
                conflict(words::guarded_page(&name, page))
            }
            ServiceError::PageClosed { page } => AppError::forbidden(words::page_closed(page)),
            ServiceError::TooManyAddresses { max } => {
                FieldErrors::single("addresses", crate::addresses::book_full_message(max)).into()
            }
            ServiceError::Busy { retry_after_secs } => AppError::busy(
                "The shop is very busy right now. Please try again in a moment.",
                retry_after_secs,
            ),
            ServiceError::Infrastructure(err) => {
                tracing::error!(error = ?err, "internal error");
                AppError::internal()
            }
        }
    }
}

/// A conflict that no one field causes.
fn conflict(message: String) -> AppError {
    AppError::Conflict {
        message,
        fields: Default::default(),
    }
}

/// An order that does not exist, or is not the caller's.
pub const NO_SUCH_ORDER: &str = crate::orders::domain::NO_SUCH_ORDER;

/// The new address of an email change is someone else's.
pub const NEW_EMAIL_TAKEN: &str = "Another account uses this email address.";

/// Why an emailed link cannot be used, and what to do.
pub fn bad_token_message(problem: TokenProblem) -> &'static str {
    match problem {
        TokenProblem::Invalid => "This link is not valid. Ask for a new one.",
        TokenProblem::Expired => "This link has expired. Ask for a new one.",
        TokenProblem::Used => "This link has already been used. Ask for a new one.",
    }
}

pub(crate) fn human_duration(secs: u64) -> String {
    match secs {
        0..=1 => "a second".into(),
        2..=59 => format!("{secs} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

#[cfg(test)]
#[path = "services/tests.rs"]
mod tests;
