//! Staff accounts: resolving a staff caller from the `shop_staff` cookie,
//! logging in and out (throttled, bcrypt on the shared hasher, a fresh
//! token each time), and creating accounts (the `create-admin` command).

use std::sync::Arc;

use crate::auth::domain::Credentials;
use crate::auth::dto::LoginInput;
use crate::auth::events;
use crate::auth::policy::ip_throttle_key;
use crate::auth::store::ThrottleScope;
use crate::auth::throttle::{self, Gate};
use crate::caller::{Caller, DeviceToken, StaffCookie, StaffSignedIn};
use crate::services::{Deps, ServiceError};
use crate::staff::domain::NewStaff;
use crate::staff::dto::Permission;
use crate::staff::dto::{NewStaffInput, StaffView};
use crate::staff::store::{NewStaffRecord, NewStaffSessionRecord, STAFF_EMAIL_UNIQUE};

/// The staff member behind a caller, if their role allows `permission`.
/// Anonymous: "please log in" (401). A customer, or a staff member whose
/// role is not enough: forbidden (403).
pub fn authorize(caller: &Caller, permission: Permission) -> Result<&StaffSignedIn, ServiceError> {
    match caller.staff() {
        Some(staff) if staff.role().allows(permission) => Ok(staff),
        Some(_) => Err(ServiceError::Forbidden),
        None if caller.customer().is_some() => Err(ServiceError::Forbidden),
        None => Err(ServiceError::NotLoggedIn),
    }
}

/// Throttle keys of staff logins live beside the customers' in the same
/// table, under a prefix no customer email can have.
fn staff_throttle_key(email: &str) -> String {
    format!("staff:{email}")
}

#[derive(Clone)]
pub struct StaffService {
    deps: Arc<Deps>,
}

impl StaffService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// The staff login behind a `shop_staff` token, if it is still good:
    /// one indexed query. A token that leads nowhere, a session past its
    /// lifetime or idle timeout, or a disabled staff member: `None`, and
    /// the session row is removed; `Err` only when the database fails.
    /// The second value says whether the cookie should be cleared.
    pub(crate) async fn resolve(
        &self,
        token: Option<&DeviceToken>,
    ) -> Result<(Option<StaffSignedIn>, bool), ServiceError> {
        let Some(token) = token else {
            return Ok((None, false));
        };
        if !crate::tokens::well_formed(&token.0) {
            return Ok((None, true));
        }
        let hash = crate::tokens::hash(&token.0);
        let now = self.deps.now_ms();
        let policy = &self.deps.policy;
        let mut conn = self.deps.db.conn().await?;
        let Some(row) = conn.staff().staff_signed_in(&hash).await? else {
            return Ok((None, true));
        };
        let alive = now - row.created_at_ms <= policy.staff_session_max_lifetime_secs * 1000
            && now - row.last_seen_at_ms <= policy.staff_session_idle_timeout_secs * 1000;
        if !alive || !row.staff.is_active() {
            conn.staff().delete_staff_session(&hash).await?;
            return Ok((None, true));
        }
        let touch_every = policy
            .touch_interval_secs
            .min(policy.staff_session_idle_timeout_secs / 2);
        if now - row.last_seen_at_ms >= touch_every * 1000 {
            conn.staff().touch_staff_session(&hash, now).await?;
        }
        Ok((
            Some(StaffSignedIn {
                staff: row.staff,
                session_public_id: row.session_public_id,
            }),
            false,
        ))
    }

    /// Checks a staff member's credentials and starts a staff session (a
    /// new random token in the `shop_staff` cookie). The same answer for an
    /// unknown email, a wrong password and a disabled account; throttled
    /// like customer logins, per email and per client network.
    pub async fn log_in(
        &self,
        caller: &Caller,
        input: &LoginInput,
    ) -> Result<StaffView, ServiceError> {
        let creds = Credentials::parse(input)?;
        let email = creds.email.as_str();
        let policy = self.deps.policy;
        let mut gates = vec![Gate::new(
            ThrottleScope::Account,
            staff_throttle_key(email),
            policy.account,
        )];
        if let Some(ip) = caller.client().ip.map(ip_throttle_key) {
            gates.push(Gate::new(ThrottleScope::Ip, ip, policy.ip));
        }
        if let Some(wait) = throttle::check(&self.deps.db, &gates, self.deps.now_ms()).await? {
            events::login_throttled(caller, "staff_cooldown", wait);
            return Err(ServiceError::Throttled {
                retry_after_secs: wait,
            });
        }
        let row = {
            let mut conn = self.deps.db.conn().await?;
            conn.staff().staff_by_email(email).await?
        };
        let permit = self.deps.hasher.permit().await?;
        if let Some(wait) = throttle::reserve(&self.deps.db, &gates, self.deps.now_ms()).await? {
            events::login_throttled(caller, "staff_cooldown", wait);
            return Err(ServiceError::Throttled {
                retry_after_secs: wait,
            });
        }
        let hash = row.as_ref().map(|r| r.password_hash.as_str());
        let verified = self
            .deps
            .hasher
            .verify_with(permit, &creds.password, hash)
            .await?;
        let Some(row) = row.filter(|r| verified.matches && r.is_active()) else {
            tracing::info!(target: "security", ip = %caller.client().ip.map(|i| i.to_string()).unwrap_or_else(|| "-".into()), "staff login failed");
            return Err(ServiceError::InvalidCredentials);
        };
        let token = crate::tokens::generate()?;
        let now = self.deps.now_ms();
        let client = caller.client();
        let mut tx = self.deps.db.begin().await?;
        for gate in &gates {
            match gate.scope {
                ThrottleScope::Account => {
                    tx.throttles().throttle_clear(gate.scope, &gate.key).await?
                }
                _ => {
                    tx.throttles()
                        .throttle_refund(gate.scope, &gate.key)
                        .await?
                }
            }
        }
        // A fresh token each login; the one the browser came with (if any)
        // is ended, so an old cookie cannot outlive the new login.
        if let Some(old) = &client.staff_token {
            tx.staff()
                .delete_staff_session(&crate::tokens::hash(&old.0))
                .await?;
        }
        tx.staff()
            .insert_staff_session(&NewStaffSessionRecord {
                public_id: uuid::Uuid::new_v4().to_string(),
                token_hash: crate::tokens::hash(&token),
                staff_id: row.id,
                now_ms: now,
                user_agent: client
                    .user_agent
                    .as_deref()
                    .map(|ua| ua.chars().take(512).collect()),
                ip: client.ip.map(|ip| ip.to_string()),
            })
            .await?;
        tx.commit().await?;
        caller.staff_cookie().set(StaffCookie::Set(token));
        tracing::info!(target: "security", staff = %row.public_id, "staff logged in");
        Ok(row.to_view())
    }

    /// Ends the caller's staff session. Logging out twice is fine.
    pub async fn log_out(&self, caller: &Caller) -> Result<(), ServiceError> {
        if let Some(token) = &caller.client().staff_token {
            let mut conn = self.deps.db.conn().await?;
            conn.staff()
                .delete_staff_session(&crate::tokens::hash(&token.0))
                .await?;
            caller.staff_cookie().set(StaffCookie::Clear);
        }
        Ok(())
    }

    /// The logged-in staff member.
    pub async fn me(&self, caller: &Caller) -> Result<StaffView, ServiceError> {
        authorize(caller, Permission::ViewCustomers).map(|s| s.staff.to_view())
    }

    /// Creates a staff account (the `create-admin` command: no caller, the
    /// person at the server's console is trusted). An email already taken
    /// is a conflict.
    pub async fn create(&self, input: &NewStaffInput) -> Result<StaffView, ServiceError> {
        let new = NewStaff::parse(input)?;
        let password_hash = self.deps.hasher.hash(&new.password).await?;
        let mut tx = self.deps.db.begin().await?;
        let row = tx
            .staff()
            .insert_staff(&NewStaffRecord {
                public_id: uuid::Uuid::new_v4().to_string(),
                email: new.email.as_str().to_owned(),
                password_hash,
                name: new.name,
                role: new.role,
                now_ms: self.deps.now_ms(),
            })
            .await
            .map_err(|e| match e {
                e if e.is_conflict_on(STAFF_EMAIL_UNIQUE) => ServiceError::EmailTaken,
                e => e.into(),
            })?;
        tx.commit().await?;
        tracing::info!(target: "security", staff = %row.public_id, role = row.role().as_str(), "staff account created");
        Ok(row.to_view())
    }

    /// Removes staff sessions past either limit (the prune task).
    pub async fn prune_sessions(&self) -> Result<u64, ServiceError> {
        let now = self.deps.now_ms();
        let policy = &self.deps.policy;
        let mut conn = self.deps.db.conn().await?;
        Ok(conn
            .staff()
            .delete_expired_staff_sessions(
                now - policy.staff_session_max_lifetime_secs * 1000,
                now - policy.staff_session_idle_timeout_secs * 1000,
            )
            .await?)
    }
}
