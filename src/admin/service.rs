//! [`AdminService`]: customers as staff see them. Every method takes the
//! caller first and asks `staff::authorize` for the permission it needs, so
//! REST, GraphQL and the admin pages cannot disagree:
//!
//! | permission | methods |
//! |---|---|
//! | `ViewCustomers` | `list`, `get`, `history`, `sessions`, `dashboard` |
//! | `EditCustomers` | `update` (profile fields) |
//! | `SupportCustomers` | `send_password_reset`, `resend_verification`, `end_sessions` |
//! | `ManageCustomers` | `create`, `update` with `group_id` or `status`, `bulk`, `export` |
//!
//! The reads are here; the changes in `changes.rs` and `actions.rs`, the
//! CSV export in `export.rs`. Every change writes the customer's history
//! entry in its own transaction, with the staff member as the actor.

use std::sync::Arc;

use chrono::{DateTime, Days, Duration, Utc};

use crate::addresses::store::AddressRow;
use crate::addresses::DefaultAddresses;
use crate::admin::domain::{GridQuery, GroupRef, HistoryPaging, NO_SUCH_GROUP};
use crate::admin::dto::{
    AdminCustomerDetail, CustomerPage, CustomerQuery, DashboardView, DayCount, GroupCount,
    HistoryMeta, HistoryPage, HistoryQuery, PageMeta,
};
use crate::admin::store::GroupRow;
use crate::auth::dto::SessionView;
use crate::auth::store::SessionRow;
use crate::caller::Caller;
use crate::clock::rfc3339_ms;
use crate::customers::search::{CustomerFilter, TOTAL_CAP};
use crate::customers::store::CustomerRow;
use crate::db::Tx;
use crate::domain::FieldErrors;
use crate::services::{Deps, Missing, ServiceError};
use crate::staff::{authorize, Permission};

/// How many days the dashboard's registrations chart shows.
pub const DASHBOARD_DAYS: u64 = 90;

#[derive(Clone)]
pub struct AdminService {
    pub(super) deps: Arc<Deps>,
}

impl AdminService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// One page of the customer grid: search, filters, sort and page from
    /// the query (each bad value a 422 naming it; an unknown group too).
    /// The total is exact up to the search store's cap (10,000); past it,
    /// `total_capped` says there are more.
    /// The rows carry no addresses (`default_*_address` are null): the
    /// detail has them.
    pub async fn list(
        &self,
        caller: &Caller,
        query: &CustomerQuery,
    ) -> Result<CustomerPage, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let grid = GridQuery::parse(query)?;
        let mut conn = self.deps.db.conn().await?;
        let filter = with_group(&mut conn, grid.filter, grid.group.as_ref(), "group").await?;
        let (rows, total) = conn
            .customer_search()
            .search_customers(&filter, grid.sort, grid.page)
            .await?;
        Ok(CustomerPage {
            data: rows
                .iter()
                .map(|r| r.to_view(DefaultAddresses::none()))
                .collect(),
            meta: PageMeta {
                total: total.min(TOTAL_CAP),
                total_capped: total > TOTAL_CAP,
                page: grid.page.page,
                per_page: grid.page.per_page,
            },
        })
    }

    /// One customer with their address book and how many devices are
    /// logged in.
    pub async fn get(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<AdminCustomerDetail, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let mut conn = self.deps.db.conn().await?;
        let row = find(&mut conn, id, false).await?;
        detail(&self.deps, &mut conn, &row).await
    }

    /// The customer's history, newest first, a page at a time.
    pub async fn history(
        &self,
        caller: &Caller,
        id: &str,
        query: &HistoryQuery,
    ) -> Result<HistoryPage, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let paging = HistoryPaging::parse(query)?;
        let mut conn = self.deps.db.conn().await?;
        let row = find(&mut conn, id, false).await?;
        let mut entries = conn
            .history()
            .history_of(row.customer_id(), paging.before, paging.limit + 1)
            .await?;
        let more = entries.len() > paging.limit as usize;
        entries.truncate(paging.limit as usize);
        let next = match more {
            true => entries.last().map(|(id, _)| id.to_string()),
            false => None,
        };
        Ok(HistoryPage {
            data: entries.iter().map(|(_, e)| e.to_view()).collect(),
            meta: HistoryMeta { next },
        })
    }

    /// The customer's logged-in devices, most recently used first.
    pub async fn sessions(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<Vec<SessionView>, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let mut conn = self.deps.db.conn().await?;
        let row = find(&mut conn, id, false).await?;
        Ok(open_sessions(&self.deps, &mut conn, &row)
            .await?
            .into_iter()
            .map(|s| SessionView {
                id: s.public_id,
                created_at: rfc3339_ms(s.created_at_ms),
                last_seen_at: rfc3339_ms(s.last_seen_at_ms),
                user_agent: s.user_agent,
                ip: s.ip,
                current: false,
            })
            .collect())
    }

    /// The dashboard: customers in all, new in the last seven days, per
    /// group (every group, empty ones too) and registrations per day for
    /// the last 90 days (oldest first, days without any as 0).
    pub async fn dashboard(&self, caller: &Caller) -> Result<DashboardView, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let now = self.deps.now();
        let today = now.date_naive();
        let first_day = today - Days::new(DASHBOARD_DAYS - 1);
        let mut conn = self.deps.db.conn().await?;
        let figures = conn
            .customer_search()
            .customer_figures(
                now - Duration::days(7),
                first_day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            )
            .await?;
        let groups = conn.admin().all_groups().await?;
        let count_of = |id: i64| {
            figures
                .by_group
                .iter()
                .find(|(g, _)| *g == id)
                .map_or(0, |(_, n)| *n)
        };
        let registrations_per_day = first_day
            .iter_days()
            .take(DASHBOARD_DAYS as usize)
            .map(|day| {
                let day = day.format("%Y-%m-%d").to_string();
                let count = figures
                    .per_day
                    .iter()
                    .find(|(d, _)| *d == day)
                    .map_or(0, |(_, n)| *n);
                DayCount { day, count }
            })
            .collect();
        Ok(DashboardView {
            customers: figures.total,
            new_this_week: figures.new_since,
            by_group: groups
                .into_iter()
                .map(|g| GroupCount {
                    members: count_of(g.id),
                    id: g.public_id,
                    name: g.name,
                })
                .collect(),
            registrations_per_day,
        })
    }
}

/// The customer with this public id (locked for a change with `lock`), or
/// not found; anything that is not a UUID names nobody.
pub(super) async fn find(tx: &mut Tx, id: &str, lock: bool) -> Result<CustomerRow, ServiceError> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(ServiceError::NotFound(Missing::Customer));
    }
    tx.admin()
        .customer_by_public_id(id, lock)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Customer))
}

/// The group a query or input names, or a 422 on `field`.
pub(super) async fn group(
    tx: &mut Tx,
    group: &GroupRef,
    field: &str,
) -> Result<GroupRow, ServiceError> {
    tx.admin()
        .group_by_public_id(&group.0)
        .await?
        .ok_or_else(|| FieldErrors::single(field, NO_SUCH_GROUP).into())
}

/// The filter with its group looked up.
pub(super) async fn with_group(
    tx: &mut Tx,
    mut filter: CustomerFilter,
    group_ref: Option<&GroupRef>,
    field: &str,
) -> Result<CustomerFilter, ServiceError> {
    if let Some(g) = group_ref {
        filter.group_id = Some(group(tx, g, field).await?.id);
    }
    Ok(filter)
}

/// The customer's sessions that are still within both time limits.
pub(super) async fn open_sessions(
    deps: &Deps,
    tx: &mut Tx,
    row: &CustomerRow,
) -> Result<Vec<SessionRow>, ServiceError> {
    let now = deps.now_ms();
    let policy = &deps.policy;
    let rows = tx.sessions().sessions_of(row.customer_id()).await?;
    Ok(rows
        .into_iter()
        .filter(|s| {
            now - s.created_at_ms <= policy.session_max_lifetime_secs * 1000
                && now - s.last_seen_at_ms <= policy.session_idle_timeout_secs * 1000
        })
        .collect())
}

/// The detail page's view of a customer, read on `tx`.
pub(super) async fn detail(
    deps: &Deps,
    tx: &mut Tx,
    row: &CustomerRow,
) -> Result<AdminCustomerDetail, ServiceError> {
    let book = tx.addresses().list_addresses(row.customer_id()).await?;
    let sessions = open_sessions(deps, tx, row).await?;
    Ok(AdminCustomerDetail {
        customer: row.to_view(DefaultAddresses::from_rows(&book)),
        addresses: book.iter().map(AddressRow::to_view).collect(),
        open_sessions: sessions.len() as u64,
        updated_at: rfc3339(row.updated_at),
    })
}

pub(super) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
