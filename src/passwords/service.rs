//! "Forgot password", the reset by emailed link, and the change while
//! logged in.

use std::sync::Arc;

use crate::auth::events;
use crate::auth::store::ThrottleScope;
use crate::auth::throttle::{self, MailGate};
use crate::auth::{signed_in, AuthService};
use crate::caller::Caller;
use crate::customers::dto::CustomerStatus;
use crate::customers::store::CustomerRow;
use crate::domain::Email;
use crate::history::{self, Action, Actor, Changes};
use crate::mail::{self, Message};
use crate::passwords::domain::{self, PasswordChange};
use crate::passwords::dto::{
    ChangePasswordInput, ForgotPasswordInput, NoticeView, ResetPasswordInput, PASSWORD_CHANGED,
    PASSWORD_RESET_DONE, RESET_LINK_SENT,
};
use crate::services::{Deps, ServiceError};
use crate::tokens::{self, Purpose, TokenProblem};

#[derive(Clone)]
pub struct PasswordService {
    deps: Arc<Deps>,
    auth: AuthService,
}

impl PasswordService {
    pub(crate) fn new(deps: Arc<Deps>, auth: AuthService) -> Self {
        Self { deps, auth }
    }

    /// Mails a reset link if the email belongs to an active account. The
    /// answer is the same, and comes after about the same time, whether the
    /// email is known, disabled or unknown; only a malformed email (422)
    /// or too many requests from the caller's network (429) differ.
    pub async fn forgot(
        &self,
        caller: &Caller,
        input: &ForgotPasswordInput,
    ) -> Result<NoticeView, ServiceError> {
        let email = domain::email(&input.email)?;
        throttle::after_floor(&self.deps, self.send_reset_link(caller, &email)).await?;
        Ok(NoticeView {
            message: RESET_LINK_SENT.into(),
        })
    }

    async fn send_reset_link(&self, caller: &Caller, email: &Email) -> Result<(), ServiceError> {
        if throttle::reserve_mail(&self.deps, caller, email.as_str()).await?
            == MailGate::AddressLimited
        {
            return Ok(());
        }
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let Some(row) = tx.customers().customer_by_email(email.as_str()).await? else {
            events::account_event(caller, None, "password_reset_requested");
            return Ok(());
        };
        events::account_event(caller, Some(&row.public_id), "password_reset_requested");
        if row.status() != CustomerStatus::Active {
            return Ok(());
        }
        let ttl = self.deps.policy.tokens.reset_secs;
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
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        Ok(())
    }

    /// Sets a new password with a reset token: every session of the
    /// customer ends, the account's failed logins are forgotten, and a
    /// notice is mailed. The caller is not logged in by it.
    pub async fn reset(
        &self,
        caller: &Caller,
        input: &ResetPasswordInput,
    ) -> Result<NoticeView, ServiceError> {
        let now = self.deps.now_ms();
        // Read-only first: the policy needs the customer's email and names,
        // and bcrypt runs with no transaction open.
        let customer = {
            let mut conn = self.deps.db.conn().await?;
            let row = tokens::check(&mut conn, Purpose::ResetPassword, &input.token, now)
                .await?
                .map_err(ServiceError::BadToken)?;
            active_customer(&mut conn, row.customer()).await?
        };
        let password = domain::reset_password(input, &user_inputs(&customer))?;
        let hash = self.deps.hasher.hash(&password).await?;
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let token = tokens::redeem(&mut tx, Purpose::ResetPassword, &input.token, now)
            .await?
            .map_err(ServiceError::BadToken)?;
        let id = customer.customer_id();
        if !tx
            .customers()
            .replace_password_hash(id, &customer.password_hash, &hash)
            .await?
        {
            // Changed meanwhile: this link belongs to the old password.
            return Err(ServiceError::BadToken(TokenProblem::Used));
        }
        tx.tokens()
            .void_tokens(id, Some(Purpose::ResetPassword), now)
            .await?;
        tx.sessions().delete_all_sessions(id).await?;
        tx.throttles()
            .throttle_clear(ThrottleScope::Account, &customer.email)
            .await?;
        history::record(
            &mut tx,
            id,
            &Actor::customer(&customer),
            Action::PasswordReset,
            Changes::new(),
            now,
        )
        .await?;
        // The link reached the account's own address: that proves it, as a
        // verification link would (an invited customer's first password).
        if token.email == customer.email
            && tx
                .customers()
                .mark_email_verified(id, self.deps.now())
                .await?
        {
            history::record(
                &mut tx,
                id,
                &Actor::customer(&customer),
                Action::EmailVerified,
                Changes::new(),
                now,
            )
            .await?;
        }
        if token.email == customer.email {
            crate::orders::claim_guest_orders(&mut tx, &customer, now).await?;
        }
        self.queue_changed_notice(&mut tx, &customer, now).await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        events::account_event(caller, Some(&customer.public_id), "password_reset");
        Ok(NoticeView {
            message: PASSWORD_RESET_DONE.into(),
        })
    }

    /// Changes the logged-in customer's password after checking the current
    /// one (a wrong one counts as a failed login): every other session
    /// ends, this one gets a fresh id, and a notice is mailed.
    pub async fn change(
        &self,
        caller: &Caller,
        input: &ChangePasswordInput,
    ) -> Result<NoticeView, ServiceError> {
        let me = signed_in(caller)?.customer.clone();
        let change = PasswordChange::parse(input, &user_inputs(&me))?;
        self.auth
            .confirm_password(caller, &me, &change.current, "current_password")
            .await?;
        let hash = self.deps.hasher.hash(&change.new).await?;
        let (old, new) = self.auth.rotate(caller).await?;
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let id = me.customer_id();
        if !tx
            .customers()
            .replace_password_hash(id, &me.password_hash, &hash)
            .await?
        {
            // Changed by another request since this one's check.
            return Err(crate::domain::FieldErrors::single(
                "current_password",
                crate::auth::WRONG_CURRENT_PASSWORD,
            )
            .into());
        }
        tx.sessions().delete_all_sessions(id).await?;
        self.auth
            .record_session(&mut tx, caller, old, new, &me)
            .await?;
        tx.tokens()
            .void_tokens(id, Some(Purpose::ResetPassword), now)
            .await?;
        history::record(
            &mut tx,
            id,
            &Actor::customer(&me),
            Action::PasswordChanged,
            Changes::new(),
            now,
        )
        .await?;
        self.queue_changed_notice(&mut tx, &me, now).await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        events::account_event(caller, Some(&me.public_id), "password_changed");
        Ok(NoticeView {
            message: PASSWORD_CHANGED.into(),
        })
    }

    async fn queue_changed_notice(
        &self,
        tx: &mut crate::db::Tx,
        customer: &CustomerRow,
        now: i64,
    ) -> Result<(), ServiceError> {
        let message = Message::PasswordChanged {
            first_name: customer.first_name.clone(),
        };
        mail::queue(tx, &self.deps.mail.shop, &customer.email, &message, now).await?;
        Ok(())
    }
}

/// What a new password must not be built from.
fn user_inputs(customer: &CustomerRow) -> [&str; 3] {
    [
        customer.email.as_str(),
        customer.first_name.as_str(),
        customer.last_name.as_str(),
    ]
}

/// The token's customer, if still active; a token of a disabled or deleted
/// account is invalid.
pub(crate) async fn active_customer(
    tx: &mut crate::db::Tx,
    id: crate::customers::store::CustomerId,
) -> Result<CustomerRow, ServiceError> {
    match tx.customers().customer_by_id(id).await? {
        Some(row) if row.status() == CustomerStatus::Active => Ok(row),
        _ => Err(ServiceError::BadToken(TokenProblem::Invalid)),
    }
}
