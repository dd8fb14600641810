//! `/api/customer/...` for passwords: "forgot password" (a reset link by
//! mail), the reset with that link's token, and the change while logged in.
//! Each handler calls one service method.

use axum::extract::State;
use axum::Json;
use customer_core::passwords::dto::{
    ChangePasswordInput, ForgotPasswordInput, NoticeView, ResetPasswordInput,
};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{
    BadRequest, CrossSite, Internal, NotLoggedIn, TooManyMails, WrongShape, TAG_PASSWORDS,
};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
        .routes(routes!(change_password))
}

/// Ask for a password-reset link
///
/// Mails a link to choose a new password (valid for an hour, once) if the
/// email belongs to an active account. The answer is the same, after about
/// the same time, whether the email is known, disabled or unknown. A burst
/// of requests for one address sends at most a few mails an hour.
#[utoipa::path(
    post,
    path = "/forgotPassword",
    tag = TAG_PASSWORDS,
    request_body = ForgotPasswordInput,
    responses(
        (status = 200, description = "The same answer for every well-formed email.",
            body = Data<NoticeView>,
            example = json!({"data": {"message": customer_core::passwords::dto::RESET_LINK_SENT}})),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 422, description = "The email is missing or malformed.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"email": "Enter a valid email address, like name@example.com."}}})),
        (status = 429, response = TooManyMails),
        (status = 500, response = Internal),
    )
)]
async fn forgot_password(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<ForgotPasswordInput>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.passwords.forgot(&caller, &input).await?;
    Ok(Json(Data { data: notice }))
}

/// Reset the password with an emailed token
///
/// Sets the new password (held to the password policy), ends every session
/// of the customer, forgets the account's failed logins and mails a notice.
/// Does not log in.
#[utoipa::path(
    post,
    path = "/resetPassword",
    tag = TAG_PASSWORDS,
    request_body = ResetPasswordInput,
    responses(
        (status = 200, description = "The password is changed.", body = Data<NoticeView>),
        (status = 400, response = BadRequest),
        (status = 403, response = CrossSite),
        (status = 422, description = "The token cannot be used (unknown, expired, used, or \
            for another purpose: `fields.token` says which and to ask for a new link), or \
            the password is refused (`fields.password`).", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"token": "This link has expired. Ask for a new one."}}})),
        (status = 500, response = Internal),
    )
)]
async fn reset_password(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<ResetPasswordInput>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.passwords.reset(&caller, &input).await?;
    Ok(Json(Data { data: notice }))
}

/// Change the password (logged in)
///
/// Checks the current password (a wrong one counts as a failed login and
/// is throttled like one), sets the new one, ends every other session,
/// gives this session a new cookie value and mails a notice.
#[utoipa::path(
    post,
    path = "/changePassword",
    tag = TAG_PASSWORDS,
    security(("session_cookie" = [])),
    request_body = ChangePasswordInput,
    responses(
        (status = 200, description = "The password is changed.", body = Data<NoticeView>,
            headers(("Set-Cookie" = String, description = "The session's new cookie value."))),
        (status = 400, response = BadRequest),
        (status = 401, response = NotLoggedIn),
        (status = 403, response = CrossSite),
        (status = 422, response = WrongShape),
        (status = 429, description = "Too many wrong passwords; try again later.",
            body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 500, response = Internal),
    )
)]
async fn change_password(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<ChangePasswordInput>,
) -> Result<Json<Data<NoticeView>>, ApiError> {
    let notice = services.passwords.change(&caller, &input).await?;
    Ok(Json(Data { data: notice }))
}
