//! Guest orders joining an account. Only a verified email claims them:
//! otherwise anyone could register with someone else's address and read
//! their orders. Called inside the unit of work that verifies the email
//! (a verification link, an email change confirmed, a reset link that
//! proves the mailbox).

use crate::customers::store::CustomerRow;
use crate::db::Tx;
use crate::history::{self, Action, Actor, Changes};
use crate::services::ServiceError;

/// Gives `customer` every guest order placed with their email, with a
/// history row saying how many; returns how many.
pub(crate) async fn claim_guest_orders(
    tx: &mut Tx,
    customer: &CustomerRow,
    now_ms: i64,
) -> Result<u64, ServiceError> {
    let claimed = tx
        .orders()
        .claim_guest_orders(customer.customer_id(), &customer.email, now_ms)
        .await?;
    if claimed > 0 {
        let count = claimed.to_string();
        history::record(
            tx,
            customer.customer_id(),
            &Actor::System,
            Action::OrdersAttached,
            Changes::new().field("orders", None, Some(&count)),
            now_ms,
        )
        .await?;
        tracing::info!(customer = %customer.public_id, claimed, "guest orders attached");
    }
    Ok(claimed)
}
