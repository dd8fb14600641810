//! `/api/admin/customers...` and `/api/admin/dashboard`: customers as staff
//! see them (the grid, one customer, changes, creation, bulk actions).
//! Each handler calls one `AdminService` method, which decides what the
//! staff member's role allows; the actions on one customer are in
//! `admin_customer_actions.rs`, the CSV export in `admin_export.rs`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::admin::dto::{
    AdminCustomerDetail, AdminCustomerPatch, AdminNewCustomer, BulkInput, BulkResult, CustomerPage,
    CustomerQuery, DashboardView,
};
use customer_core::dto::CustomerView;
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, Internal, NotAllowed, StaffNotLoggedIn, TAG_ADMIN};
use super::{ApiError, ApiJson, ApiQuery, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_list_customers, admin_create_customer))
        .routes(routes!(admin_get_customer, admin_update_customer))
        .routes(routes!(admin_bulk_customers))
        .routes(routes!(admin_dashboard))
}

/// The customer grid
///
/// Search (`q`: part of the email or name, in any case), filters, sort and
/// page, all in the query string; every bad value is a 422 naming its
/// parameter. Rows carry no addresses (`default_*_address` are null).
#[utoipa::path(
    get,
    path = "/customers",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(CustomerQuery),
    responses(
        (status = 200, description = "One page of customers and the total.", body = CustomerPage),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 422, description = "A parameter is not valid; `fields` names it.",
            body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"per_page": "Show from 1 to 200 customers per page."}}})),
        (status = 500, response = Internal),
    )
)]
async fn admin_list_customers(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiQuery(query): ApiQuery<CustomerQuery>,
) -> Result<Json<CustomerPage>, ApiError> {
    Ok(Json(services.admin.list(&caller, &query).await?))
}

/// Create a customer
///
/// Admin only. The customer gets a mail inviting them to choose a password
/// (a single-use link that works for seven days); until then nobody can
/// log in to the account.
#[utoipa::path(
    post,
    path = "/customers",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    request_body = AdminNewCustomer,
    responses(
        (status = 201, description = "Created; the invitation is on its way.",
            body = Data<CustomerView>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 409, description = "The email is already registered; `fields.email` says so.",
            body = ErrorBody),
        (status = 422, description = "Missing or invalid fields (an unknown `group_id` too), \
            each named in `fields`.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn admin_create_customer(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<AdminNewCustomer>,
) -> Result<(StatusCode, Json<Data<CustomerView>>), ApiError> {
    let customer = services.admin.create(&caller, &input).await?;
    Ok((StatusCode::CREATED, Json(Data { data: customer })))
}

/// One customer
///
/// The account, its address book and how many devices are logged in.
#[utoipa::path(
    get,
    path = "/customers/{id}",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    responses(
        (status = 200, description = "The customer.", body = Data<AdminCustomerDetail>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody,
            example = json!({"error": {"status": 404, "code": "NOT_FOUND",
                "message": "No such customer."}})),
        (status = 500, response = Internal),
    )
)]
async fn admin_get_customer(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<AdminCustomerDetail>>, ApiError> {
    let customer = services.admin.get(&caller, &id).await?;
    Ok(Json(Data { data: customer }))
}

/// Change a customer
///
/// Any of `first_name`, `last_name`, `phone` (support and admin), `group_id`
/// and `status` (admin only). Disabling logs the customer out on every
/// device at once; enabling lets them log in again. Every change is written
/// to the customer's history.
#[utoipa::path(
    patch,
    path = "/customers/{id}",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The customer's public id.")),
    request_body = AdminCustomerPatch,
    responses(
        (status = 200, description = "The changed customer.", body = Data<CustomerView>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such customer.", body = ErrorBody),
        (status = 422, description = "Invalid values, an unknown group, or keys that cannot \
            be changed here, each named in `fields`.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"email": "This field cannot be changed here."}}})),
        (status = 500, response = Internal),
    )
)]
async fn admin_update_customer(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AdminCustomerPatch>,
) -> Result<Json<Data<CustomerView>>, ApiError> {
    let customer = services.admin.update(&caller, &id, &input).await?;
    Ok(Json(Data { data: customer }))
}

/// Act on many customers
///
/// Admin only. `assign_group` (with `group_id`), `disable` or `enable` for
/// up to 500 selected customers, all or nothing: an unknown id refuses the
/// whole action. Customers the action does not change are left alone and
/// not counted. The pages ask for confirmation first; the API does not.
#[utoipa::path(
    post,
    path = "/customers/bulk",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    request_body = BulkInput,
    responses(
        (status = 200, description = "How many customers changed.", body = Data<BulkResult>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 422, description = "No ids, too many, unknown ones, an unknown action or \
            group; `fields` names which.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"group_id": "Choose the group to assign."}}})),
        (status = 500, response = Internal),
    )
)]
async fn admin_bulk_customers(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<BulkInput>,
) -> Result<Json<Data<BulkResult>>, ApiError> {
    let result = services.admin.bulk(&caller, &input).await?;
    Ok(Json(Data { data: result }))
}

/// The dashboard
///
/// Customers in all, new this week, per group, and registrations per day
/// for the last 90 days (oldest first, zeros included).
#[utoipa::path(
    get,
    path = "/dashboard",
    tag = TAG_ADMIN,
    security(("staff_cookie" = [])),
    responses(
        (status = 200, description = "The figures.", body = Data<DashboardView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 500, response = Internal),
    )
)]
async fn admin_dashboard(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<DashboardView>>, ApiError> {
    let dashboard = services.admin.dashboard(&caller).await?;
    Ok(Json(Data { data: dashboard }))
}
