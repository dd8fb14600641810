//! Staff acting for a customer: a bulk action on the grid's selection, a
//! reset link or a verification mail sent on the customer's behalf, and
//! ending all of the customer's sessions. Each writes its history entries
//! in the transaction of the change.

use crate::admin::changes::{end_all_sessions, set_group, set_status};
use crate::admin::domain::BulkRequest;
use crate::admin::dto::{BulkAction, BulkInput, BulkResult};
use crate::admin::service::{find, group, AdminService};
use crate::auth::store::ThrottleScope;
use crate::auth::throttle::{self, Gate};
use crate::caller::Caller;
use crate::customers::dto::CustomerStatus;
use crate::customers::store::CustomerRow;
use crate::domain::FieldErrors;
use crate::history::{self, Action, Actor, Changes};
use crate::mail::{self, Message};
use crate::passwords::dto::NoticeView;
use crate::services::ServiceError;
use crate::staff::{authorize, Permission};
use crate::tokens::{self, Purpose};

/// A link can only be used by an active account.
pub const DISABLED_ACCOUNT: &str =
    "This account is disabled: enable it first, or the link will not work.";

impl AdminService {
    /// Applies one action to every selected customer (`ManageCustomers`),
    /// all in one transaction: every customer is found first (an unknown id
    /// refuses the whole action, naming `ids`), then each one that the
    /// action changes is changed with its history entry. Disabling ends the
    /// customers' sessions too. The confirmation is the page's; the service
    /// just does it.
    pub async fn bulk(
        &self,
        caller: &Caller,
        input: &BulkInput,
    ) -> Result<BulkResult, ServiceError> {
        let staff = authorize(caller, Permission::ManageCustomers)?;
        let request = BulkRequest::parse(input)?;
        let mut tx = self.deps.db.begin().await?;
        let target = match &request.group {
            Some(g) => Some(group(&mut tx, g, "group_id").await?),
            None => None,
        };
        let rows = tx.admin().customers_by_public_ids(&request.ids).await?;
        if rows.len() < request.ids.len() {
            let missing = request.ids.len() - rows.len();
            return Err(FieldErrors::single(
                "ids",
                format!(
                    "{missing} of the selected customers could not be found. Reload the list and try again."
                ),
            )
            .into());
        }
        let actor = Actor::staff(staff);
        let mut updated = 0;
        for row in &rows {
            let changed = match (request.action, &target) {
                (BulkAction::AssignGroup, Some(g)) if g.id != row.group_id => {
                    set_group(&self.deps, &mut tx, &actor, row, g.id, &g.name).await?;
                    true
                }
                (BulkAction::Disable, _) if row.status() != CustomerStatus::Disabled => {
                    set_status(&self.deps, &mut tx, &actor, row, CustomerStatus::Disabled).await?;
                    true
                }
                (BulkAction::Enable, _) if row.status() != CustomerStatus::Active => {
                    set_status(&self.deps, &mut tx, &actor, row, CustomerStatus::Active).await?;
                    true
                }
                _ => false,
            };
            updated += u64::from(changed);
        }
        tx.commit().await?;
        tracing::info!(
            staff = %staff.staff.public_id,
            action = request.action.as_str(),
            selected = rows.len(),
            updated,
            "bulk action on customers"
        );
        Ok(BulkResult { updated })
    }

    /// Mails the customer a link to choose a new password
    /// (`SupportCustomers`), as "forgot password" would, without its
    /// equal-time answer (staff may know the account exists) but within
    /// the per-address mail limit (429 beyond it).
    pub async fn send_password_reset(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<NoticeView, ServiceError> {
        let staff = authorize(caller, Permission::SupportCustomers)?;
        let row = self.mailable(id).await?;
        self.reserve_mail(&row.email).await?;
        let now = self.deps.now_ms();
        let ttl = self.deps.policy.tokens.reset_secs;
        let mut tx = self.deps.db.begin().await?;
        let row = active(find(&mut tx, &row.public_id, true).await?)?;
        let token = tokens::issue(
            &mut tx,
            row.customer_id(),
            Purpose::ResetPassword,
            &row.email,
            now,
            ttl,
        )
        .await?;
        let shop = &self.deps.mail.shop;
        let message = Message::ResetPassword {
            first_name: row.first_name.clone(),
            link: shop.token_link("/account/reset-password", &token),
            valid_for_mins: ttl / 60,
        };
        mail::queue(&mut tx, shop, &row.email, &message, now).await?;
        let actor = Actor::staff(staff);
        history::record(
            &mut tx,
            row.customer_id(),
            &actor,
            Action::PasswordResetSent,
            Changes::new(),
            now,
        )
        .await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        Ok(NoticeView {
            message: format!("A link to choose a new password was sent to {}.", row.email),
        })
    }

    /// Mails the customer a fresh verification link (`SupportCustomers`);
    /// an address already verified gets nothing, and the answer says so.
    pub async fn resend_verification(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<NoticeView, ServiceError> {
        let staff = authorize(caller, Permission::SupportCustomers)?;
        let row = self.mailable(id).await?;
        if row.email_verified_at.is_some() {
            return Ok(NoticeView {
                message: "This email address is already verified.".into(),
            });
        }
        self.reserve_mail(&row.email).await?;
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let row = active(find(&mut tx, &row.public_id, true).await?)?;
        crate::emails::queue_verification(&self.deps, &mut tx, &row, now).await?;
        let actor = Actor::staff(staff);
        history::record(
            &mut tx,
            row.customer_id(),
            &actor,
            Action::VerificationSent,
            Changes::new(),
            now,
        )
        .await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        Ok(NoticeView {
            message: format!("A verification link was sent to {}.", row.email),
        })
    }

    /// Logs the customer out everywhere (`SupportCustomers`); returns how
    /// many sessions ended.
    pub async fn end_sessions(&self, caller: &Caller, id: &str) -> Result<u64, ServiceError> {
        let staff = authorize(caller, Permission::SupportCustomers)?;
        let mut tx = self.deps.db.begin().await?;
        let row = find(&mut tx, id, true).await?;
        let ended =
            end_all_sessions(&mut tx, &Actor::staff(staff), &row, self.deps.now_ms()).await?;
        tx.commit().await?;
        tracing::info!(target: "security", customer = %row.public_id, staff = %staff.staff.public_id, ended, "customer's sessions ended by staff");
        Ok(ended)
    }

    /// The customer, if a link mailed to them could be used: an active
    /// account (a disabled one is a 422 naming `status`).
    async fn mailable(&self, id: &str) -> Result<CustomerRow, ServiceError> {
        let mut conn = self.deps.db.conn().await?;
        active(find(&mut conn, id, false).await?)
    }

    /// Counts a mail to `address` against its hourly limit (the same count
    /// as the customer's own requests); 429 beyond it.
    async fn reserve_mail(&self, address: &str) -> Result<(), ServiceError> {
        let policy = &self.deps.policy;
        let gate = Gate::new(ThrottleScope::MailAccount, address, policy.mail_account);
        match throttle::reserve(&self.deps.db, &[gate], self.deps.now_ms()).await? {
            Some(wait) => Err(ServiceError::TooManyMails {
                retry_after_secs: wait,
            }),
            None => Ok(()),
        }
    }
}

/// The customer if active; a disabled one is a 422 naming `status`.
fn active(row: CustomerRow) -> Result<CustomerRow, ServiceError> {
    if row.status() != CustomerStatus::Active {
        return Err(FieldErrors::single("status", DISABLED_ACCOUNT).into());
    }
    Ok(row)
}
