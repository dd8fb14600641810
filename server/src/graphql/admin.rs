//! GraphQL for staff: one customer, the customer grid, and the changes
//! staff make. The same `AdminService` calls as REST `/api/admin/...`, so
//! the staff member's role is decided in the same place (anonymous: code
//! `UNAUTHORIZED`; a customer or a role that is not enough: `FORBIDDEN`).

use async_graphql::{Context, InputObject, MaybeUndefined, Object, SimpleObject, ID};
use customer_core::admin::dto::{AdminCustomerPatch, AdminNewCustomer, BulkInput, CustomerQuery};

use super::customer::Customer;
use super::{parts, patch, to_graphql_error};

/// The grid's filters; each left out matches everyone.
#[derive(InputObject, Default)]
pub struct CustomerFilterInput {
    /// Part of the email or of "first last", in any case.
    q: Option<String>,
    /// A group's id.
    group: Option<ID>,
    /// `active` or `disabled`.
    status: Option<String>,
    /// Whether the email is verified.
    verified: Option<bool>,
    /// Created on or after this day (`YYYY-MM-DD`, UTC).
    created_from: Option<String>,
    /// Created on or before this day (`YYYY-MM-DD`, UTC).
    created_to: Option<String>,
}

/// One page of customers.
#[derive(SimpleObject)]
pub struct CustomerPage {
    nodes: Vec<Customer>,
    /// Customers matching the filter, on every page, counted up to 10,000.
    total: u64,
    /// More customers match than `total` says (narrow the search).
    total_capped: bool,
    page: u32,
    per_page: u32,
}

/// What a bulk action changed.
#[derive(SimpleObject)]
pub struct BulkUpdateResult {
    /// Customers that changed.
    updated: u64,
}

#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// One customer, for staff.
    async fn customer(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Customer> {
        let (services, caller) = parts(ctx)?;
        let detail = services
            .admin
            .get(caller, &id)
            .await
            .map_err(to_graphql_error)?;
        Ok(Customer::for_staff(detail.customer))
    }

    /// A page of customers for staff: the same filters, sorts (`email`,
    /// `-created_at`, ...) and pages (`perPage` up to 200) as the REST grid.
    /// A list from the database: it weighs 50 plus 10 per field asked for.
    #[graphql(complexity = "50 + 10 * child_complexity")]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilterInput>,
        sort: Option<String>,
        page: Option<i32>,
        per_page: Option<i32>,
    ) -> async_graphql::Result<CustomerPage> {
        let (services, caller) = parts(ctx)?;
        let f = filter.unwrap_or_default();
        let query = CustomerQuery {
            q: f.q,
            group: f.group.map(|g| g.0),
            status: f.status,
            verified: f.verified.map(|v| v.to_string()),
            created_from: f.created_from,
            created_to: f.created_to,
            sort,
            page: page.map(|p| p.to_string()),
            per_page: per_page.map(|p| p.to_string()),
        };
        let result = services
            .admin
            .list(caller, &query)
            .await
            .map_err(to_graphql_error)?;
        Ok(CustomerPage {
            nodes: result.data.into_iter().map(Customer::for_staff).collect(),
            total: result.meta.total,
            total_capped: result.meta.total_capped,
            page: result.meta.page,
            per_page: result.meta.per_page,
        })
    }
}

#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Changes a customer: names and phone (support and admin), group and
    /// status (admin). An omitted argument keeps the value; `phone: null`
    /// removes the number. Disabling logs the customer out everywhere.
    #[allow(clippy::too_many_arguments)]
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        first_name: MaybeUndefined<String>,
        last_name: MaybeUndefined<String>,
        phone: MaybeUndefined<String>,
        group_id: MaybeUndefined<ID>,
        status: MaybeUndefined<String>,
    ) -> async_graphql::Result<Customer> {
        let (services, caller) = parts(ctx)?;
        let input = AdminCustomerPatch {
            first_name: patch(first_name),
            last_name: patch(last_name),
            phone: patch(phone),
            group_id: patch(group_id.map_value(|g| g.0)),
            status: patch(status),
            ..Default::default()
        };
        let c = services
            .admin
            .update(caller, &id, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(Customer::for_staff(c))
    }

    /// Creates a customer and mails them an invitation to choose a password
    /// (admin). One per request (`expensive::OneExpensiveMutation`).
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        email: String,
        first_name: String,
        last_name: String,
        phone: Option<String>,
        group_id: Option<ID>,
    ) -> async_graphql::Result<Customer> {
        let (services, caller) = parts(ctx)?;
        let input = AdminNewCustomer {
            email,
            first_name,
            last_name,
            phone,
            group_id: group_id.map(|g| g.0),
            ..Default::default()
        };
        let c = services
            .admin
            .create(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(Customer::for_staff(c))
    }

    /// `assign_group` (with `groupId`), `disable` or `enable` for up to 500
    /// customers, all or nothing (admin).
    async fn bulk_update_customers(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
        action: String,
        group_id: Option<ID>,
    ) -> async_graphql::Result<BulkUpdateResult> {
        let (services, caller) = parts(ctx)?;
        let input = BulkInput {
            ids: ids.into_iter().map(|i| i.0).collect(),
            action,
            group_id: group_id.map(|g| g.0),
            ..Default::default()
        };
        let result = services
            .admin
            .bulk(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(BulkUpdateResult {
            updated: result.updated,
        })
    }

    /// Mails the customer a link to choose a new password (support and
    /// admin); returns the notice. One per request.
    async fn send_password_reset(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<String> {
        let (services, caller) = parts(ctx)?;
        let notice = services
            .admin
            .send_password_reset(caller, &id)
            .await
            .map_err(to_graphql_error)?;
        Ok(notice.message)
    }

    /// Logs the customer out everywhere (support and admin); returns how
    /// many sessions ended.
    async fn end_customer_sessions(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<u64> {
        let (services, caller) = parts(ctx)?;
        services
            .admin
            .end_sessions(caller, &id)
            .await
            .map_err(to_graphql_error)
    }
}
