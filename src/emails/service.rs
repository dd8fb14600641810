//! Verifying the customer's email address, and changing it with a
//! confirmation sent to the new address.

use std::sync::Arc;

use crate::auth::events;
use crate::auth::throttle::{self, MailGate};
use crate::auth::{signed_in, AuthService};
use crate::caller::Caller;
use crate::customers::dto::CustomerStatus;
use crate::customers::store::{CustomerRow, EMAIL_UNIQUE};
use crate::db::Tx;
use crate::domain::{Email, FieldErrors};
use crate::emails::dto::{
    ChangeEmailInput, EmailStatusView, ResendVerificationInput, TokenInput, ALREADY_VERIFIED,
    CONFIRM_NEW_EMAIL_SENT, VERIFICATION_SENT, VERIFICATION_SENT_IF,
};
use crate::emails::VerificationMode;
use crate::history::{self, Action, Actor, Changes};
use crate::mail::{self, Message};
use crate::passwords::active_customer;
use crate::passwords::domain::current_password;
use crate::passwords::dto::NoticeView;
use crate::services::{Deps, ServiceError};
use crate::tokens::{self, Purpose, TokenProblem};

/// A new email equal to the current one.
pub const SAME_EMAIL: &str = "That is already your email address.";

#[derive(Clone)]
pub struct EmailService {
    deps: Arc<Deps>,
    auth: AuthService,
}

impl EmailService {
    pub(crate) fn new(deps: Arc<Deps>, auth: AuthService) -> Self {
        Self { deps, auth }
    }

    /// `EMAIL_VERIFICATION`, for the pages (what to say after registering).
    pub fn mode(&self) -> VerificationMode {
        self.deps.policy.email_verification
    }

    /// What registration mails, in the registration's transaction: a
    /// verification link, or a welcome when verification is off.
    pub(crate) async fn queue_registration_mail(
        deps: &Deps,
        tx: &mut Tx,
        customer: &CustomerRow,
        now: i64,
    ) -> Result<(), ServiceError> {
        match deps.policy.email_verification {
            VerificationMode::Off => {
                let message = Message::Welcome {
                    first_name: customer.first_name.clone(),
                };
                mail::queue(tx, &deps.mail.shop, &customer.email, &message, now).await?;
            }
            _ => queue_verification(deps, tx, customer, now).await?,
        }
        Ok(())
    }

    /// Marks the address verified with the token from the verification
    /// mail. No login needed: the link may be opened anywhere.
    pub async fn verify(
        &self,
        caller: &Caller,
        input: &TokenInput,
    ) -> Result<EmailStatusView, ServiceError> {
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let token = tokens::redeem(&mut tx, Purpose::VerifyEmail, &input.token, now)
            .await?
            .map_err(ServiceError::BadToken)?;
        let customer = active_customer(&mut tx, token.customer()).await?;
        // Sent to an address the account no longer has.
        if customer.email != token.email {
            return Err(ServiceError::BadToken(TokenProblem::Invalid));
        }
        let first = tx
            .customers()
            .mark_email_verified(customer.customer_id(), self.deps.now())
            .await?;
        crate::orders::claim_guest_orders(&mut tx, &customer, now).await?;
        if first {
            history::record(
                &mut tx,
                customer.customer_id(),
                &Actor::customer(&customer),
                Action::EmailVerified,
                Changes::new(),
                now,
            )
            .await?;
            let message = Message::Welcome {
                first_name: customer.first_name.clone(),
            };
            mail::queue(
                &mut tx,
                &self.deps.mail.shop,
                &customer.email,
                &message,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        events::account_event(caller, Some(&customer.public_id), "email_verified");
        Ok(EmailStatusView {
            email: customer.email,
            email_verified: true,
        })
    }

    /// Sends a fresh verification link: to the logged-in customer, or, when
    /// logged out, to the address given if it belongs to an active account
    /// that still needs verifying (the answer is the same either way).
    pub async fn resend_verification(
        &self,
        caller: &Caller,
        input: &ResendVerificationInput,
    ) -> Result<NoticeView, ServiceError> {
        if let Some(me) = caller.customer() {
            let me = me.customer.clone();
            if me.email_verified_at.is_some() {
                return Ok(notice(ALREADY_VERIFIED));
            }
            match throttle::reserve_mail(&self.deps, caller, &me.email).await? {
                MailGate::AddressLimited => {
                    return Err(ServiceError::TooManyMails {
                        retry_after_secs: self.deps.policy.mail_account.window_secs as u64,
                    })
                }
                MailGate::Open => self.send_verification(&me).await?,
            }
            return Ok(notice(VERIFICATION_SENT));
        }
        let email = crate::passwords::domain::email(input.email.as_deref().unwrap_or(""))?;
        throttle::after_floor(&self.deps, self.resend_to(caller, &email)).await?;
        Ok(notice(VERIFICATION_SENT_IF))
    }

    async fn resend_to(&self, caller: &Caller, email: &Email) -> Result<(), ServiceError> {
        if throttle::reserve_mail(&self.deps, caller, email.as_str()).await?
            == MailGate::AddressLimited
        {
            return Ok(());
        }
        let row = {
            let mut conn = self.deps.db.conn().await?;
            conn.customers().customer_by_email(email.as_str()).await?
        };
        match row {
            Some(row)
                if row.status() == CustomerStatus::Active && row.email_verified_at.is_none() =>
            {
                self.send_verification(&row).await
            }
            _ => Ok(()),
        }
    }

    async fn send_verification(&self, customer: &CustomerRow) -> Result<(), ServiceError> {
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        queue_verification(&self.deps, &mut tx, customer, now).await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        Ok(())
    }

    /// Starts a change of email: checks the current password (a wrong one
    /// counts as a failed login), then mails a confirmation link to the new
    /// address and a notice to the current one. Nothing changes until the
    /// link is opened.
    pub async fn change(
        &self,
        caller: &Caller,
        input: &ChangeEmailInput,
    ) -> Result<NoticeView, ServiceError> {
        let me = signed_in(caller)?.customer.clone();
        let mut errors = FieldErrors::new();
        let new_email = errors.check("new_email", Email::parse(&input.new_email));
        let password = current_password(&mut errors, "current_password", &input.current_password);
        if let Some(new) = &new_email {
            if new.as_str() == me.email {
                errors.add("new_email", SAME_EMAIL);
            }
        }
        let (Some(new_email), Some(password)) = (new_email, password) else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.auth
            .confirm_password(caller, &me, &password, "current_password")
            .await?;
        {
            let mut conn = self.deps.db.conn().await?;
            if conn
                .customers()
                .customer_by_email(new_email.as_str())
                .await?
                .is_some()
            {
                return Err(ServiceError::NewEmailTaken);
            }
        }
        if throttle::reserve_mail(&self.deps, caller, new_email.as_str()).await?
            == MailGate::AddressLimited
        {
            return Err(ServiceError::TooManyMails {
                retry_after_secs: self.deps.policy.mail_account.window_secs as u64,
            });
        }
        let now = self.deps.now_ms();
        let ttl = self.deps.policy.tokens.change_email_secs;
        let shop = &self.deps.mail.shop;
        let mut tx = self.deps.db.begin().await?;
        let token = tokens::issue(
            &mut tx,
            me.customer_id(),
            Purpose::ChangeEmail,
            new_email.as_str(),
            now,
            ttl,
        )
        .await?;
        let confirm = Message::ConfirmEmailChange {
            first_name: me.first_name.clone(),
            new_email: new_email.as_str().to_owned(),
            link: shop.token_link("/account/confirm-email", &token),
            valid_for_mins: ttl / 60,
        };
        mail::queue(&mut tx, shop, new_email.as_str(), &confirm, now).await?;
        let notice_old = Message::EmailChanging {
            first_name: me.first_name.clone(),
            new_email: new_email.as_str().to_owned(),
        };
        mail::queue(&mut tx, shop, &me.email, &notice_old, now).await?;
        tx.commit().await?;
        self.deps.mail.wake.notify_one();
        events::account_event(caller, Some(&me.public_id), "email_change_requested");
        Ok(notice(CONFIRM_NEW_EMAIL_SENT))
    }

    /// Completes a change of email with the token sent to the new address:
    /// the address must still be free; it becomes the customer's verified
    /// email, every other token is voided, and every other session ends
    /// (all of them when the link is opened in another browser).
    pub async fn confirm(
        &self,
        caller: &Caller,
        input: &TokenInput,
    ) -> Result<EmailStatusView, ServiceError> {
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let token = tokens::redeem(&mut tx, Purpose::ChangeEmail, &input.token, now)
            .await?
            .map_err(ServiceError::BadToken)?;
        let customer = active_customer(&mut tx, token.customer()).await?;
        let id = customer.customer_id();
        match tx
            .customers()
            .change_email(id, &token.email, self.deps.now())
            .await
        {
            Ok(_) => {}
            Err(e) if e.is_conflict_on(EMAIL_UNIQUE) => return Err(ServiceError::NewEmailTaken),
            Err(e) => return Err(e.into()),
        }
        history::record(
            &mut tx,
            id,
            &Actor::customer(&customer),
            Action::EmailChanged,
            Changes::new().field(
                "email",
                Some(customer.email.as_str()),
                Some(token.email.as_str()),
            ),
            now,
        )
        .await?;
        tx.tokens().void_tokens(id, None, now).await?;
        // The new address is proved by the link: its guest orders join.
        let mut changed = customer.clone();
        changed.email = token.email.clone();
        crate::orders::claim_guest_orders(&mut tx, &changed, now).await?;
        match caller.customer() {
            Some(me) if me.customer.id == customer.id => {
                tx.sessions()
                    .delete_other_sessions(id, &me.session.public_id)
                    .await?;
            }
            _ => {
                tx.sessions().delete_all_sessions(id).await?;
            }
        }
        tx.commit().await?;
        events::account_event(caller, Some(&customer.public_id), "email_changed");
        Ok(EmailStatusView {
            email: token.email,
            email_verified: true,
        })
    }
}

fn notice(message: &str) -> NoticeView {
    NoticeView {
        message: message.to_owned(),
    }
}

/// Issues a verification token and queues its mail, in `tx`.
pub(crate) async fn queue_verification(
    deps: &Deps,
    tx: &mut Tx,
    customer: &CustomerRow,
    now: i64,
) -> Result<(), ServiceError> {
    let ttl = deps.policy.tokens.verify_secs;
    let token = tokens::issue(
        tx,
        customer.customer_id(),
        Purpose::VerifyEmail,
        &customer.email,
        now,
        ttl,
    )
    .await?;
    let shop = &deps.mail.shop;
    let message = Message::VerifyEmail {
        first_name: customer.first_name.clone(),
        link: shop.token_link("/account/verify-email", &token),
        valid_for_hours: ttl / 3600,
    };
    mail::queue(tx, shop, &customer.email, &message, now).await?;
    Ok(())
}
