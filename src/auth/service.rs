//! Authentication: resolving the caller, logging in and out, the customer's
//! sessions ("devices"), and failed-login throttling.

use std::sync::Arc;

use anyhow::Context as _;

use crate::addresses::AddressService;
use crate::auth::device::{DeviceKey, DEVICE_SECRET};
use crate::auth::domain::Credentials;
use crate::auth::dto::LoginInput;
use crate::auth::events::{self, LoginFailure};
use crate::auth::policy::ip_throttle_key;
use crate::auth::session::SessionHandle;
use crate::auth::store::{NewSessionRecord, SessionRow, SignedInRow, ThrottleScope};
use crate::auth::throttle::{self, Gate};
use crate::caller::{Caller, ClientInfo, Identity, SignedIn};
use crate::customers::dto::{CustomerStatus, CustomerView};
use crate::customers::store::CustomerRow;
use crate::db::Tx;
use crate::emails::VerificationMode;
use crate::services::{Deps, ServiceError};

#[derive(Clone)]
pub struct AuthService {
    deps: Arc<Deps>,
}

/// The logged-in customer behind a caller, or "please log in".
pub(crate) fn signed_in(caller: &Caller) -> Result<&SignedIn, ServiceError> {
    caller.customer().ok_or(ServiceError::NotLoggedIn)
}

impl AuthService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    pub(crate) fn deps(&self) -> &Deps {
        &self.deps
    }

    /// Works out who is calling: anonymous without a session, otherwise one
    /// indexed query (the session's row joined with its customer). A session
    /// past its absolute lifetime or idle timeout, or whose customer is no
    /// longer active, is ended there and then.
    ///
    /// A `shop_staff` cookie is resolved beside it (one more query, only
    /// when the request carries one): see `staff::StaffService`.
    pub async fn resolve(
        &self,
        session: Option<Arc<dyn SessionHandle>>,
        client: ClientInfo,
    ) -> Result<Caller, ServiceError> {
        let Some(staff_token) = client.staff_token.clone() else {
            return self.resolve_customer(session, client).await;
        };
        let caller = self.resolve_customer(session, client).await?;
        let (staff, clear) = crate::staff::StaffService::new(self.deps.clone())
            .resolve(Some(&staff_token))
            .await?;
        let caller = caller.with_staff(staff);
        if clear {
            caller.staff_cookie().set(crate::caller::StaffCookie::Clear);
        }
        Ok(caller)
    }

    async fn resolve_customer(
        &self,
        session: Option<Arc<dyn SessionHandle>>,
        client: ClientInfo,
    ) -> Result<Caller, ServiceError> {
        let Some(hash) = session.as_ref().and_then(|s| s.id_hash()) else {
            return Ok(Caller::new(Identity::Anonymous, client, session));
        };
        let now = self.deps.now_ms();
        let mut conn = self.deps.db.conn().await?;
        let Some(row) = conn.sessions().signed_in(&hash).await? else {
            return Ok(Caller::new(Identity::Anonymous, client, session));
        };
        if !self.still_valid(&row, now) {
            conn.sessions().delete_session_by_hash(&hash).await?;
            drop(conn);
            if let Some(handle) = &session {
                handle.end().await?;
            }
            return Ok(Caller::new(Identity::Anonymous, client, session));
        }
        let policy = &self.deps.policy;
        // Written at most once a touch interval, and often enough that an
        // active session never looks idle.
        let touch_every = policy
            .touch_interval_secs
            .min(policy.session_idle_timeout_secs / 2);
        if now - row.session.last_seen_at_ms >= touch_every * 1000 {
            conn.sessions().touch_session(&hash, now).await?;
            drop(conn);
            if let Some(handle) = &session {
                handle.touch(now).await?;
            }
        }
        let signed_in = SignedIn {
            customer: row.customer,
            session: row.session,
            has_default_address: row.has_default_address,
        };
        Ok(Caller::new(
            Identity::Customer(Box::new(signed_in)),
            client,
            session,
        ))
    }

    fn still_valid(&self, row: &SignedInRow, now: i64) -> bool {
        row.customer.status() == CustomerStatus::Active && self.session_alive(&row.session, now)
    }

    /// Within both the absolute lifetime and the idle timeout.
    pub(crate) fn session_alive(&self, session: &SessionRow, now: i64) -> bool {
        let policy = &self.deps.policy;
        now - session.created_at_ms <= policy.session_max_lifetime_secs * 1000
            && now - session.last_seen_at_ms <= policy.session_idle_timeout_secs * 1000
    }

    /// Checks the credentials and, when they are right, starts a fresh
    /// session. The answer never tells whether the email exists.
    ///
    /// Throttled per email (known or not) and per client IP, or, for a
    /// browser holding a device cookie signed for this account, per that
    /// cookie instead (`auth::device`). The attempt is reserved atomically
    /// before bcrypt (`auth::throttle`): checked cheaply first, then, once
    /// the hasher's turn has come, decided and counted as a failure in
    /// advance. A success takes the count back.
    pub async fn log_in(
        &self,
        caller: &Caller,
        input: &LoginInput,
    ) -> Result<CustomerView, ServiceError> {
        let creds = Credentials::parse(input)?;
        let email = creds.email.as_str();
        let policy = self.deps.policy;
        let row = {
            let mut conn = self.deps.db.conn().await?;
            conn.customers().customer_by_email(email).await?
        };
        let device = self.device_key().await?;
        let trusted = match (&caller.client().device_token, &row) {
            (Some(token), Some(row)) => device
                .verify(&token.0, &row.public_id)
                .map(|nonce| (nonce.to_owned(), token.0.clone())),
            _ => None,
        };
        let gates = match &trusted {
            Some((nonce, _)) => vec![Gate::new(ThrottleScope::Device, nonce, policy.account)],
            None => {
                let mut gates = vec![Gate::new(ThrottleScope::Account, email, policy.account)];
                if let Some(ip) = caller.client().ip.map(ip_throttle_key) {
                    gates.push(Gate::new(ThrottleScope::Ip, ip, policy.ip));
                }
                gates
            }
        };

        if let Some(wait) = throttle::check(&self.deps.db, &gates, self.deps.now_ms()).await? {
            return Err(refused(caller, wait));
        }
        // The gate again, atomically, once it is this request's turn at the
        // hasher: a request that waited does not run bcrypt for a key that
        // was locked meanwhile.
        let permit = self.deps.hasher.permit().await?;
        if let Some(wait) = throttle::reserve(&self.deps.db, &gates, self.deps.now_ms()).await? {
            return Err(refused(caller, wait));
        }

        // Always run bcrypt (with no connection held), against the dummy hash
        // when there is no account.
        let hash = row.as_ref().map(|r| r.password_hash.as_str());
        let verified = self
            .deps
            .hasher
            .verify_with(permit, &creds.password, hash)
            .await?;
        match row {
            Some(row)
                if verified.matches
                    && row.status() == CustomerStatus::Active
                    && (row.email_verified_at.is_some()
                        || policy.email_verification != VerificationMode::Required) =>
            {
                // An old-form or old-cost hash is replaced (hashed before the
                // transaction: never hold one across bcrypt).
                let rehash = match verified.needs_rehash {
                    true => Some(self.deps.hasher.hash(&creds.password).await?),
                    false => None,
                };
                let (old, new) = self.rotate(caller).await?;
                let mut tx = self.deps.db.begin().await?;
                match &trusted {
                    // Only this device's count: the untrusted clients' lock
                    // on the account stays for those who caused it.
                    Some((nonce, _)) => {
                        tx.throttles()
                            .throttle_clear(ThrottleScope::Device, nonce)
                            .await?
                    }
                    None => {
                        tx.throttles()
                            .throttle_clear(ThrottleScope::Account, email)
                            .await?;
                        for gate in gates.iter().filter(|g| g.scope == ThrottleScope::Ip) {
                            tx.throttles()
                                .throttle_refund(gate.scope, &gate.key)
                                .await?;
                        }
                    }
                }
                self.record_session(&mut tx, caller, old, new, &row).await?;
                if let Some(new_hash) = &rehash {
                    tx.customers()
                        .replace_password_hash(row.customer_id(), &row.password_hash, new_hash)
                        .await?;
                }
                // Guest orders placed with a verified email since the last
                // login join the account.
                if row.email_verified_at.is_some() {
                    crate::orders::claim_guest_orders(&mut tx, &row, self.deps.now_ms()).await?;
                }
                let defaults = AddressService::defaults_of(&mut tx, row.customer_id()).await?;
                tx.commit().await?;
                // Refresh the device cookie, or give this browser one.
                let token = match trusted {
                    Some((_, token)) => token,
                    None => device.issue(&row.public_id),
                };
                caller.device_cookie().set(token);
                tracing::info!(customer = %row.public_id, "customer logged in");
                Ok(row.to_view(defaults))
            }
            _ => {
                let reason = match &row {
                    None => LoginFailure::UnknownEmail,
                    Some(_) if !verified.matches => LoginFailure::WrongPassword,
                    Some(r) if r.status() != CustomerStatus::Active => LoginFailure::Disabled,
                    Some(_) => LoginFailure::Unverified,
                };
                let customer = row.as_ref().map(|r| r.public_id.as_str());
                events::login_failed(caller, customer, reason);
                // Already counted by the reservation.
                Err(ServiceError::InvalidCredentials)
            }
        }
    }

    /// The key that signs device cookies: read from the database (created
    /// there by the first instance to start) once per process.
    pub async fn device_key(&self) -> Result<&DeviceKey, ServiceError> {
        self.deps
            .device_key
            .get_or_try_init(|| async {
                let mut conn = self.deps.db.conn().await?;
                let stored = conn
                    .throttles()
                    .secret_get_or_insert(
                        DEVICE_SECRET,
                        &DeviceKey::generate_stored(),
                        self.deps.now_ms(),
                    )
                    .await?;
                Ok(DeviceKey::from_stored(&stored).context("the stored device secret")?)
            })
            .await
    }

    /// Gives the caller's session a fresh id. Returns the hash of the old id
    /// (its row, if any, must go) and of the new one. Runs outside any
    /// transaction: the session store writes on its own connection.
    pub(crate) async fn rotate(
        &self,
        caller: &Caller,
    ) -> Result<(Option<String>, String), ServiceError> {
        let handle = caller.session().ok_or_else(|| {
            ServiceError::Infrastructure(anyhow::anyhow!("this request carries no session"))
        })?;
        let old = handle.id_hash();
        let new = handle.start(self.deps.now_ms()).await?;
        Ok((old, new))
    }

    /// Records a fresh login in the customer's list of sessions, replacing
    /// the row of the session it rotated from.
    pub(crate) async fn record_session(
        &self,
        tx: &mut Tx,
        caller: &Caller,
        old_hash: Option<String>,
        new_hash: String,
        customer: &CustomerRow,
    ) -> Result<(), ServiceError> {
        if let Some(old) = old_hash {
            tx.sessions().delete_session_by_hash(&old).await?;
        }
        let client = caller.client();
        let record = NewSessionRecord {
            public_id: uuid::Uuid::new_v4().to_string(),
            session_hash: new_hash,
            customer_id: customer.id,
            now_ms: self.deps.now_ms(),
            user_agent: client
                .user_agent
                .as_ref()
                .map(|ua| ua.chars().take(512).collect()),
            ip: client.ip.map(|ip| ip.to_string()),
        };
        tx.sessions().insert_session(&record).await?;
        Ok(())
    }

    /// Ends the caller's session on the server. Logging out twice is fine.
    pub async fn log_out(&self, caller: &Caller) -> Result<(), ServiceError> {
        let Some(handle) = caller.session() else {
            return Ok(());
        };
        if let Some(hash) = handle.id_hash() {
            let mut conn = self.deps.db.conn().await?;
            conn.sessions().delete_session_by_hash(&hash).await?;
        }
        handle.end().await?;
        events::logged_out(caller);
        Ok(())
    }
}

fn refused(caller: &Caller, retry_after_secs: u64) -> ServiceError {
    events::login_throttled(caller, "cooldown", retry_after_secs);
    ServiceError::Throttled { retry_after_secs }
}
