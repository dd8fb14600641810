//! Asking a logged-in customer for their password again (to change their
//! password or their email), throttled like a login: a wrong password counts
//! toward the account's and the network's failed logins.

use crate::auth::events::{self, LoginFailure};
use crate::auth::policy::ip_throttle_key;
use crate::auth::store::ThrottleScope;
use crate::auth::throttle::{self, Gate};
use crate::auth::AuthService;
use crate::caller::Caller;
use crate::customers::store::CustomerRow;
use crate::domain::{FieldErrors, Password};
use crate::services::ServiceError;

/// A wrong current password, beside its field.
pub const WRONG_CURRENT_PASSWORD: &str = "That is not your current password.";

impl AuthService {
    /// Checks `password` against the customer's, counting a wrong one as a
    /// failed login on their account and the caller's network. A wrong
    /// password is a field error on `field`.
    pub(crate) async fn confirm_password(
        &self,
        caller: &Caller,
        customer: &CustomerRow,
        password: &Password,
        field: &str,
    ) -> Result<(), ServiceError> {
        let deps = self.deps();
        let mut gates = vec![Gate::new(
            ThrottleScope::Account,
            customer.email.as_str(),
            deps.policy.account,
        )];
        if let Some(ip) = caller.client().ip.map(ip_throttle_key) {
            gates.push(Gate::new(ThrottleScope::Ip, ip, deps.policy.ip));
        }
        if let Some(wait) = throttle::check(&deps.db, &gates, deps.now_ms()).await? {
            events::login_throttled(caller, "cooldown", wait);
            return Err(ServiceError::Throttled {
                retry_after_secs: wait,
            });
        }
        let permit = deps.hasher.permit().await?;
        if let Some(wait) = throttle::reserve(&deps.db, &gates, deps.now_ms()).await? {
            events::login_throttled(caller, "cooldown", wait);
            return Err(ServiceError::Throttled {
                retry_after_secs: wait,
            });
        }
        let verified = deps
            .hasher
            .verify_with(permit, password, Some(&customer.password_hash))
            .await?;
        if !verified.matches {
            events::login_failed(
                caller,
                Some(&customer.public_id),
                LoginFailure::WrongPassword,
            );
            return Err(FieldErrors::single(field, WRONG_CURRENT_PASSWORD).into());
        }
        // Right: take the counted attempt back.
        let mut conn = deps.db.conn().await?;
        for gate in &gates {
            conn.throttles()
                .throttle_refund(gate.scope, &gate.key)
                .await?;
        }
        Ok(())
    }
}
