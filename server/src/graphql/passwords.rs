//! GraphQL for passwords: forgot, reset, change. The same service calls as
//! REST `/api/customer/forgotPassword`, `/resetPassword`, `/changePassword`.

use async_graphql::{Context, Object};
use customer_core::passwords::dto::{ChangePasswordInput, ForgotPasswordInput, ResetPasswordInput};

use super::{parts, to_graphql_error};

#[derive(Default)]
pub struct PasswordMutation;

#[Object]
impl PasswordMutation {
    /// Mails a password-reset link if the email belongs to an active
    /// account; the answer (a sentence for the customer) is the same either
    /// way.
    async fn forgot_password(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> async_graphql::Result<String> {
        let (services, caller) = parts(ctx)?;
        let notice = services
            .passwords
            .forgot(caller, &ForgotPasswordInput { email })
            .await
            .map_err(to_graphql_error)?;
        Ok(notice.message)
    }

    /// Sets a new password with the token from the reset mail; ends every
    /// session of the customer. Does not log in.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        token: String,
        password: String,
    ) -> async_graphql::Result<String> {
        let (services, caller) = parts(ctx)?;
        let notice = services
            .passwords
            .reset(caller, &ResetPasswordInput { token, password })
            .await
            .map_err(to_graphql_error)?;
        Ok(notice.message)
    }

    /// Changes the logged-in customer's password; ends every other session
    /// and renews this one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<String> {
        let (services, caller) = parts(ctx)?;
        let input = ChangePasswordInput {
            current_password,
            new_password,
        };
        let notice = services
            .passwords
            .change(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(notice.message)
    }
}
