//! GraphQL for the customer's email address: verify, resend, change,
//! confirm. The same service calls as REST `/api/customer/verifyEmail`,
//! `/resendVerification`, `/changeEmail`, `/confirmEmail`.

use async_graphql::{Context, Object, SimpleObject};
use customer_core::emails::dto::{
    ChangeEmailInput, EmailStatusView, ResendVerificationInput, TokenInput,
};

use super::{parts, to_graphql_error};

/// The address a verification or change confirmed.
#[derive(SimpleObject)]
pub struct EmailStatus {
    email: String,
    email_verified: bool,
}

impl From<EmailStatusView> for EmailStatus {
    fn from(v: EmailStatusView) -> Self {
        Self {
            email: v.email,
            email_verified: v.email_verified,
        }
    }
}

#[derive(Default)]
pub struct EmailMutation;

#[Object]
impl EmailMutation {
    /// Verifies the email address with the token from the verification
    /// mail. No login needed.
    async fn verify_email(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> async_graphql::Result<EmailStatus> {
        let (services, caller) = parts(ctx)?;
        let status = services
            .emails
            .verify(caller, &TokenInput { token })
            .await
            .map_err(to_graphql_error)?;
        Ok(status.into())
    }

    /// Sends the verification mail again: to the logged-in customer, or,
    /// logged out, to `email` if it needs verifying (the same answer either
    /// way).
    async fn resend_verification(
        &self,
        ctx: &Context<'_>,
        email: Option<String>,
    ) -> async_graphql::Result<String> {
        let (services, caller) = parts(ctx)?;
        let notice = services
            .emails
            .resend_verification(caller, &ResendVerificationInput { email })
            .await
            .map_err(to_graphql_error)?;
        Ok(notice.message)
    }

    /// Starts a change of email: a confirmation link goes to the new
    /// address, a notice to the current one.
    async fn change_email(
        &self,
        ctx: &Context<'_>,
        new_email: String,
        current_password: String,
    ) -> async_graphql::Result<String> {
        let (services, caller) = parts(ctx)?;
        let input = ChangeEmailInput {
            new_email,
            current_password,
        };
        let notice = services
            .emails
            .change(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(notice.message)
    }

    /// Completes a change of email with the token sent to the new address.
    async fn confirm_email(
        &self,
        ctx: &Context<'_>,
        token: String,
    ) -> async_graphql::Result<EmailStatus> {
        let (services, caller) = parts(ctx)?;
        let status = services
            .emails
            .confirm(caller, &TokenInput { token })
            .await
            .map_err(to_graphql_error)?;
        Ok(status.into())
    }
}
