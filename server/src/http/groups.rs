//! `/api/admin/customer-groups/...` and `/api/admin/pages/{page}/access`:
//! customer groups and the storefront pages restricted to them, for staff.
//! Each handler calls one service method and carries its OpenAPI
//! description.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use customer_core::dto::{
    GroupDeletedView, GroupDetail, GroupPatch, NewGroupInput, PageAccessInput, PageAccessView,
};
use customer_core::services::Services;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{BadRequest, Internal, NotAllowed, StaffNotLoggedIn, WrongShape, TAG_GROUPS};
use super::{ApiError, ApiJson, CurrentCaller, Data, ErrorBody};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customer_groups, create_customer_group))
        .routes(routes!(update_customer_group, delete_customer_group))
        .routes(routes!(get_page_access, set_page_access))
}

/// Customer groups
///
/// Every group with how many customers are in it: the built-in General
/// (where new customers start), Wholesale and VIP first, then the shop's
/// own, oldest first. Support and admins.
#[utoipa::path(
    get,
    path = "/customer-groups",
    tag = TAG_GROUPS,
    security(("staff_cookie" = [])),
    responses(
        (status = 200, description = "The groups.", body = Data<Vec<GroupDetail>>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 500, response = Internal),
    )
)]
async fn list_customer_groups(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
) -> Result<Json<Data<Vec<GroupDetail>>>, ApiError> {
    let groups = services.groups.list(&caller).await?;
    Ok(Json(Data { data: groups }))
}

/// Create a customer group
///
/// A name of 1 to 60 characters, unique ignoring case, and an optional
/// description of up to 500. Admins only.
#[utoipa::path(
    post,
    path = "/customer-groups",
    tag = TAG_GROUPS,
    security(("staff_cookie" = [])),
    request_body = NewGroupInput,
    responses(
        (status = 201, description = "The new group (no members yet).", body = Data<GroupDetail>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 409, description = "Another group has this name (in any case).",
            body = ErrorBody,
            example = json!({"error": {"status": 409, "code": "CONFLICT",
                "message": "A customer group with this name already exists.",
                "fields": {"name": "A customer group with this name already exists."}}})),
        (status = 422, response = WrongShape),
        (status = 500, response = Internal),
    )
)]
async fn create_customer_group(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    ApiJson(input): ApiJson<NewGroupInput>,
) -> Result<(StatusCode, Json<Data<GroupDetail>>), ApiError> {
    let group = services.groups.create(&caller, &input).await?;
    Ok((StatusCode::CREATED, Json(Data { data: group })))
}

/// Change a customer group
///
/// Rename it or change its description. The built-in groups may be renamed
/// too; General stays the group new customers join. Admins only.
#[utoipa::path(
    patch,
    path = "/customer-groups/{id}",
    tag = TAG_GROUPS,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The group's public id.")),
    request_body = GroupPatch,
    responses(
        (status = 200, description = "The changed group.", body = Data<GroupDetail>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such group.", body = ErrorBody,
            example = json!({"error": {"status": 404, "code": "NOT_FOUND",
                "message": "No such customer group."}})),
        (status = 409, description = "Another group has this name (in any case).",
            body = ErrorBody),
        (status = 422, response = WrongShape),
        (status = 500, response = Internal),
    )
)]
async fn update_customer_group(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<GroupPatch>,
) -> Result<Json<Data<GroupDetail>>, ApiError> {
    let group = services.groups.update(&caller, &id, &patch).await?;
    Ok(Json(Data { data: group }))
}

/// Delete a customer group
///
/// Its members move to General in the same transaction, each with a
/// `group_changed` entry in their history. The built-in groups (General,
/// Wholesale, VIP) cannot be deleted, nor the only group a page is open to
/// (give the page another group first). Admins only.
#[utoipa::path(
    delete,
    path = "/customer-groups/{id}",
    tag = TAG_GROUPS,
    security(("staff_cookie" = [])),
    params(("id" = String, Path, description = "The group's public id.")),
    responses(
        (status = 200, description = "Deleted; where its members went and how many.",
            body = Data<GroupDeletedView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such group.", body = ErrorBody),
        (status = 409, description = "A built-in group, which cannot be deleted; or the only \
            group a page is open to (deleting it would open the page to everyone).",
            body = ErrorBody,
            example = json!({"error": {"status": 409, "code": "CONFLICT",
                "message": "VIP is one of the built-in groups (General, Wholesale and VIP), \
                    which cannot be deleted. You can rename it instead."}})),
        (status = 500, response = Internal),
    )
)]
async fn delete_customer_group(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(id): Path<String>,
) -> Result<Json<Data<GroupDeletedView>>, ApiError> {
    let deleted = services.groups.delete(&caller, &id).await?;
    Ok(Json(Data { data: deleted }))
}

/// Who may open a storefront page
///
/// The groups whose customers may open the page (`wholesale`: the
/// wholesale price list). No groups: every logged-in customer may. Support
/// and admins.
#[utoipa::path(
    get,
    path = "/pages/{page}/access",
    tag = TAG_GROUPS,
    security(("staff_cookie" = [])),
    params(("page" = String, Path, description = "The page's key: `wholesale`.")),
    responses(
        (status = 200, description = "The groups the page is open to.",
            body = Data<PageAccessView>),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such page.", body = ErrorBody),
        (status = 500, response = Internal),
    )
)]
async fn get_page_access(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(page): Path<String>,
) -> Result<Json<Data<PageAccessView>>, ApiError> {
    let access = services.groups.page_access(&caller, &page).await?;
    Ok(Json(Data { data: access }))
}

/// Restrict a storefront page to groups
///
/// Replaces the groups that may open the page; customers see the change on
/// their next request. An empty list opens it to every logged-in customer.
/// Admins only.
#[utoipa::path(
    put,
    path = "/pages/{page}/access",
    tag = TAG_GROUPS,
    security(("staff_cookie" = [])),
    params(("page" = String, Path, description = "The page's key: `wholesale`.")),
    request_body = PageAccessInput,
    responses(
        (status = 200, description = "The groups the page is now open to.",
            body = Data<PageAccessView>),
        (status = 400, response = BadRequest),
        (status = 401, response = StaffNotLoggedIn),
        (status = 403, response = NotAllowed),
        (status = 404, description = "No such page.", body = ErrorBody),
        (status = 422, description = "An id names no group (`fields.groups`), or the body \
            has the wrong shape.", body = ErrorBody,
            example = json!({"error": {"status": 422, "code": "VALIDATION",
                "message": "Some fields need your attention.",
                "fields": {"groups": "There is no customer group with the id 1234."}}})),
        (status = 500, response = Internal),
    )
)]
async fn set_page_access(
    State(services): State<Services>,
    CurrentCaller(caller): CurrentCaller,
    Path(page): Path<String>,
    ApiJson(input): ApiJson<PageAccessInput>,
) -> Result<Json<Data<PageAccessView>>, ApiError> {
    let access = services
        .groups
        .set_page_access(&caller, &page, &input)
        .await?;
    Ok(Json(Data { data: access }))
}
