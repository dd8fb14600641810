//! Orders as their customer and as staff see them: the history, one
//! order, and staff moving an order along its statuses. Checkout is in
//! `placing.rs`.

use std::sync::Arc;

use crate::caller::Caller;
use crate::customers::store::{CustomerId, CustomerRow};
use crate::db::Tx;
use crate::domain::FieldErrors;
use crate::orders::domain::{
    bad_transition, number, unknown_status, OrderPaging, NOT_A_STATUS_FIELD,
};
use crate::orders::dto::{
    OrderPage, OrderPageMeta, OrderPageQuery, OrderStatus, OrderStatusInput, OrderView,
};
use crate::orders::store::OrderRow;
use crate::services::{Deps, Missing, ServiceError};
use crate::staff::{authorize, Permission};

#[derive(Clone)]
pub struct OrderService {
    pub(super) deps: Arc<Deps>,
    pub(super) auth: crate::auth::AuthService,
}

impl OrderService {
    pub(crate) fn new(deps: Arc<Deps>, auth: crate::auth::AuthService) -> Self {
        Self { deps, auth }
    }

    /// The caller's orders, newest first, a page at a time.
    pub async fn list(
        &self,
        caller: &Caller,
        query: &OrderPageQuery,
    ) -> Result<OrderPage, ServiceError> {
        let me = crate::auth::signed_in(caller)?;
        let paging = OrderPaging::parse(query)?;
        self.page_of(me.customer.customer_id(), paging).await
    }

    /// The caller's latest orders (the dashboard's card).
    pub async fn latest(&self, caller: &Caller, count: u32) -> Result<OrderPage, ServiceError> {
        let me = crate::auth::signed_in(caller)?;
        self.page_of(
            me.customer.customer_id(),
            OrderPaging::first(count.clamp(1, 20)),
        )
        .await
    }

    /// One of the caller's orders. Another customer's number, a guest
    /// order and a number that cannot exist are all simply not found.
    pub async fn get(&self, caller: &Caller, number: &str) -> Result<OrderView, ServiceError> {
        let me = crate::auth::signed_in(caller)?;
        let mut conn = self.deps.db.conn().await?;
        let row = find(&mut conn, number, false).await?;
        if row.customer_id != Some(me.customer.id) {
            return Err(ServiceError::NotFound(Missing::Order));
        }
        full_view(&mut conn, &row).await
    }

    /// A customer's orders as staff see them (customer by public id).
    pub async fn staff_list(
        &self,
        caller: &Caller,
        customer: &str,
        query: &OrderPageQuery,
    ) -> Result<OrderPage, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let paging = OrderPaging::parse(query)?;
        let customer = {
            let mut conn = self.deps.db.conn().await?;
            customer_by_public_id(&mut conn, customer).await?
        };
        self.page_of(customer.customer_id(), paging).await
    }

    /// Any order, for staff.
    pub async fn staff_get(
        &self,
        caller: &Caller,
        number: &str,
    ) -> Result<OrderView, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let mut conn = self.deps.db.conn().await?;
        let row = find(&mut conn, number, false).await?;
        full_view(&mut conn, &row).await
    }

    /// Moves an order to the status asked for, if its current status
    /// allows it (see [`OrderStatus::next`]); anything else is a 422 on
    /// `status` saying where it can go. Cancelling puts the stock back.
    /// Admins only: it stands for money taken or given back.
    pub async fn set_status(
        &self,
        caller: &Caller,
        number: &str,
        input: &OrderStatusInput,
    ) -> Result<OrderView, ServiceError> {
        let staff = authorize(caller, Permission::ManageOrders)?;
        let mut errors = FieldErrors::new();
        for key in input.other.keys() {
            errors.add(key, NOT_A_STATUS_FIELD);
        }
        let wanted = OrderStatus::parse(input.status.trim());
        if wanted.is_none() {
            errors.add("status", unknown_status());
        }
        let Some(wanted) = wanted.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let now = self.deps.now_ms();
        let mut tx = self.deps.db.begin().await?;
        let row = find(&mut tx, number, true).await?;
        let current = row.status();
        if !current.can_become(wanted) {
            return Err(FieldErrors::single("status", bad_transition(current, wanted)).into());
        }
        if wanted == OrderStatus::Cancelled {
            for item in tx.orders().items_of(row.id).await? {
                tx.catalog().return_stock(&item.sku, item.quantity).await?;
            }
        }
        tx.orders()
            .set_status(row.id, wanted.as_str(), now, Some(&staff.staff.name))
            .await?;
        let row = find(&mut tx, &row.number, false).await?;
        let view = full_view(&mut tx, &row).await?;
        tx.commit().await?;
        tracing::info!(order = %row.number, from = current.as_str(), to = wanted.as_str(),
            staff = %staff.staff.public_id, "order status changed");
        Ok(view)
    }

    async fn page_of(
        &self,
        customer: CustomerId,
        paging: OrderPaging,
    ) -> Result<OrderPage, ServiceError> {
        let mut conn = self.deps.db.conn().await?;
        let total = conn.orders().count_of(customer).await?;
        let rows = match i64::from(paging.page - 1) * i64::from(paging.per_page) < total {
            true => {
                conn.orders()
                    .page_of(customer, i64::from(paging.per_page), paging.offset())
                    .await?
            }
            false => Vec::new(),
        };
        Ok(OrderPage {
            data: rows.iter().map(OrderRow::to_summary).collect(),
            meta: OrderPageMeta {
                total: u64::try_from(total).unwrap_or(0),
                page: paging.page,
                per_page: paging.per_page,
            },
        })
    }
}

/// The order with this number (typed in any case, with or without the
/// dash), or not found.
pub(super) async fn find(tx: &mut Tx, raw: &str, lock: bool) -> Result<OrderRow, ServiceError> {
    let number = number::normalize(raw).ok_or(ServiceError::NotFound(Missing::Order))?;
    tx.orders()
        .order_by_number(&number, lock)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Order))
}

pub(super) async fn full_view(tx: &mut Tx, row: &OrderRow) -> Result<OrderView, ServiceError> {
    let items = tx.orders().items_of(row.id).await?;
    let statuses = tx.orders().statuses_of(row.id).await?;
    let owner = match row.customer_id {
        Some(id) => tx
            .customers()
            .customer_by_id(CustomerId(id))
            .await?
            .map(|c| c.public_id),
        None => None,
    };
    Ok(row.to_view(&items, &statuses, owner))
}

async fn customer_by_public_id(tx: &mut Tx, id: &str) -> Result<CustomerRow, ServiceError> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(ServiceError::NotFound(Missing::Customer));
    }
    tx.admin()
        .customer_by_public_id(id, false)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Customer))
}
