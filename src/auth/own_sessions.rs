//! The customer's own sessions ("devices"): the list, ending one, and
//! "log out other devices". Ending sessions writes a `sessions_ended`
//! history row in the same transaction.

use crate::auth::dto::SessionView;
use crate::auth::{events, signed_in, AuthService};
use crate::caller::Caller;
use crate::clock::rfc3339_ms;
use crate::customers::store::CustomerRow;
use crate::db::Tx;
use crate::history::{self, Action, Actor, Changes};
use crate::services::{Missing, ServiceError};

impl AuthService {
    /// The customer's logged-in sessions, most recently used first.
    pub async fn sessions(&self, caller: &Caller) -> Result<Vec<SessionView>, ServiceError> {
        let me = signed_in(caller)?;
        let mut conn = self.deps().db.conn().await?;
        let rows = conn
            .sessions()
            .sessions_of(me.customer.customer_id())
            .await?;
        let now = self.deps().now_ms();
        Ok(rows
            .into_iter()
            // A session past either limit is over, even before it is pruned.
            .filter(|r| self.session_alive(r, now))
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
    /// simply not found). Ending the current one logs the caller out; the
    /// answer says whether it was the current one.
    pub async fn end_session(&self, caller: &Caller, id: &str) -> Result<bool, ServiceError> {
        let me = signed_in(caller)?;
        // Public ids are UUIDs; anything else (a NUL byte, which PostgreSQL
        // cannot even compare) names no session.
        if uuid::Uuid::parse_str(id).is_err() {
            return Err(ServiceError::NotFound(Missing::Session));
        }
        let mut tx = self.deps().db.begin().await?;
        if !tx
            .sessions()
            .delete_session(me.customer.customer_id(), id)
            .await?
        {
            return Err(ServiceError::NotFound(Missing::Session));
        }
        record_sessions_ended(&mut tx, &me.customer, 1, self.deps().now_ms()).await?;
        tx.commit().await?;
        let current = id == me.session.public_id;
        events::session_revoked(caller, "end_one", current, 1);
        if current {
            if let Some(handle) = caller.session() {
                handle.end().await?;
            }
        }
        Ok(current)
    }

    /// "Log out other devices": ends every session but this one.
    pub async fn end_other_sessions(&self, caller: &Caller) -> Result<u64, ServiceError> {
        let me = signed_in(caller)?;
        let mut tx = self.deps().db.begin().await?;
        let count = tx
            .sessions()
            .delete_other_sessions(me.customer.customer_id(), &me.session.public_id)
            .await?;
        if count > 0 {
            record_sessions_ended(&mut tx, &me.customer, count, self.deps().now_ms()).await?;
        }
        tx.commit().await?;
        events::session_revoked(caller, "end_others", false, count);
        Ok(count)
    }
}

/// The `sessions_ended` history row of a customer ending their own
/// sessions, with how many ended.
async fn record_sessions_ended(
    tx: &mut Tx,
    customer: &CustomerRow,
    count: u64,
    now_ms: i64,
) -> Result<(), ServiceError> {
    let count = count.to_string();
    history::record(
        tx,
        customer.customer_id(),
        &Actor::customer(customer),
        Action::SessionsEnded,
        Changes::new().field("sessions", None, Some(count.as_str())),
        now_ms,
    )
    .await?;
    Ok(())
}
