//! `/api/customer/...` for the customer's email address: verifying it, and
//! changing it with a confirmation sent to the new address. Each handler
//! calls one service method.

use axum::extract::State;
use axum::Json;
use customer_core::emails::dto::{
    ChangeEmailInput, EmailStatusView, ResendVerificationInput, TokenInput,
};
use customer_core::passwords::dto::NoticeView;
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{
    BadRequest, BadToken, CrossSite, Internal, NotLoggedIn, TooManyMails, WrongShape, TAG_EMAIL,
};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(change_email))
        .routes(routes!(confirm_email))
}

/// Verify the email address with an emailed token
///
/// No login needed: the link may be opened in any browser. The first
/// verification also mails a welcome.
#[utoipa::path(
    post,
    path = "/verifyEmail",
    tag = TAG_EMAIL,
    request_body = TokenInput,
    responses(
        (status = 200, description = "The address is verified.", body = Data<EmailStatusView>,
            example = json!({"data": {"email": "ann@example.com", "email_verified": true}})),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 422, response = BadToken),
        (status = 500, response = Internal),
    )
)]
async fn verify_email(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<TokenInput>,
) -> Result<Json<Data<EmailStatusView>>, ApiError> {
    let status = services.emails.verify(&caller, &input).await?;
    Ok(Json(Data { data: status }))
}

/// Send the verification mail again
///
/// Logged in: to the caller's own address (the body may be `{}`). Logged
/// out (for example when verification is required before logging in): to
/// `email` if it belongs to an active account that still needs verifying;
/// the answer is the same, after about the same time, either way.
#[utoipa::path(
    post,
    path = "/resendVerification",
    tag = TAG_EMAIL,
    security((), ("session_cookie" = [])),
    request_body = ResendVerificationInput,
    responses(
        (status = 200, description = "Sent (or, logged out, the one answer).",
            body = Data<NoticeView>),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 422, description = "Logged out and `email` missing or malformed.",
            body = ErrorBody),
        (status = 429, response = TooManyMails),
        (status = 500, response = Internal),
    )
)]
async fn resend_verification(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<ResendVerificationInput>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.emails.resend_verification(&caller, &input).await?;
    Ok(Json(Data { data: notice }))
}

/// Change the email address (logged in)
///
/// Checks the current password (a wrong one counts as a failed login),
/// then mails a confirmation link to the new address and a notice to the
/// current one. The email changes only when the link is used.
#[utoipa::path(
    post,
    path = "/changeEmail",
    tag = TAG_EMAIL,
    security(("session_cookie" = [])),
    request_body = ChangeEmailInput,
    responses(
        (status = 200, description = "The confirmation is on its way.", body = Data<NoticeView>),
        (status = 400, response = BadRequest),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 409, description = "Another account uses the new address.", body = ErrorBody,
            example = json!({"error": {"status": 409, "code": "CONFLICT",
                "message": customer_core::services::NEW_EMAIL_TAKEN,
                "fields": {"new_email": customer_core::services::NEW_EMAIL_TAKEN}}})),
        (status = 422, response = WrongShape),
        (status = 429, description = "Too many wrong passwords, or too many mails to the new \
            address; try again later.", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 500, response = Internal),
    )
)]
async fn change_email(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<ChangeEmailInput>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.emails.change(&caller, &input).await?;
    Ok(Json(Data { data: notice }))
}

/// Confirm a change of email with the token sent to the new address
///
/// The new address becomes the account's verified email; every other
/// emailed link is voided and every other session ends (all of them when
/// the link is opened while not logged in as that customer).
#[utoipa::path(
    post,
    path = "/confirmEmail",
    tag = TAG_EMAIL,
    request_body = TokenInput,
    responses(
        (status = 200, description = "The email is changed.", body = Data<EmailStatusView>),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 409, description = "The new address was taken by another account meanwhile.",
            body = ErrorBody),
        (status = 422, response = BadToken),
        (status = 500, response = Internal),
    )
)]
async fn confirm_email(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<TokenInput>,
) -> Result<Json<Data<EmailStatusView>>, ApiError> {
    let status = services.emails.confirm(&caller, &input).await?;
    Ok(Json(Data { data: status }))
}
