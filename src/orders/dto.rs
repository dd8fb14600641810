//! Orders' wire types: checkout's input, an order, a page of summaries,
//! and a status change by staff.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::addresses::dto::{address_lines, AddressInput, AddressParts};
use crate::catalog::dto::Money;

/// Where an order is in its life. `pending` when placed (no payment is
/// taken online); staff move it along: `pending` -> `paid` or
/// `cancelled`; `paid` -> `shipped` or `refunded`; `shipped` ->
/// `delivered`; `delivered` -> `refunded`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 6] = [
        Self::Pending,
        Self::Paid,
        Self::Shipped,
        Self::Delivered,
        Self::Cancelled,
        Self::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// For people: "Pending", "Paid", ...
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Paid => "Paid",
            Self::Shipped => "Shipped",
            Self::Delivered => "Delivered",
            Self::Cancelled => "Cancelled",
            Self::Refunded => "Refunded",
        }
    }

    /// The statuses staff may move an order to from this one.
    pub fn next(self) -> &'static [OrderStatus] {
        match self {
            Self::Pending => &[Self::Paid, Self::Cancelled],
            Self::Paid => &[Self::Shipped, Self::Refunded],
            Self::Shipped => &[Self::Delivered],
            Self::Delivered => &[Self::Refunded],
            Self::Cancelled | Self::Refunded => &[],
        }
    }

    pub fn can_become(self, to: OrderStatus) -> bool {
        self.next().contains(&to)
    }
}

/// One line of checkout's input.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutItemInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "LK-TEA-001"))]
    pub sku: String,
    /// 1 to 99.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, minimum = 1, maximum = 99, example = 2)
    )]
    pub quantity: i64,
}

/// Create an account with the order's email while checking out.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAccountInput {
    /// The same rules as registering.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Password))]
    pub password: String,
}

/// `POST /api/checkout`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        description = "An order to place. A logged-in customer may leave `email` out (their \
            account's is used) and may give `shipping_address_id` / `billing_address_id` from \
            their address book instead of an address. Without a billing address the shipping \
            address is used. Unknown keys are a 422 naming them.",
        example = json!({
            "email": "ann@example.com",
            "items": [{"sku": "LK-TEA-001", "quantity": 2}],
            "shipping_address": {"first_name": "Ann", "last_name": "Lee",
                "line1": "24 Sussex Drive", "city": "Ottawa", "province": "ON",
                "postal_code": "K1M 1M4", "country": "CA"},
            "create_account": {"password": "correct horse battery"}
        })
    )
)]
pub struct CheckoutInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: Option<String>,
    /// 1 to 20 lines; a SKU given twice counts once with the quantities added.
    #[serde(default)]
    pub items: Vec<CheckoutItemInput>,
    #[serde(default)]
    pub shipping_address: Option<AddressInput>,
    /// The id of an address in the logged-in customer's book.
    #[serde(default)]
    pub shipping_address_id: Option<String>,
    #[serde(default)]
    pub billing_address: Option<AddressInput>,
    #[serde(default)]
    pub billing_address_id: Option<String>,
    /// Guests only: create an account with the order's email.
    #[serde(default)]
    pub create_account: Option<CreateAccountInput>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// An address as it was when the order was placed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderAddress {
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    /// The subdivision's code.
    pub province: Option<String>,
    pub province_name: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub country_name: String,
    /// E.164.
    pub phone: Option<String>,
}

impl OrderAddress {
    /// The address as lines for a card: name, company, street, place, country.
    pub fn lines(&self) -> Vec<String> {
        address_lines(AddressParts {
            name: format!("{} {}", self.first_name, self.last_name),
            company: self.company.as_deref(),
            line1: &self.line1,
            line2: self.line2.as_deref(),
            city: &self.city,
            province: self.province_name.as_deref().or(self.province.as_deref()),
            postal_code: self.postal_code.as_deref(),
            country: &self.country_name,
        })
    }
}

/// One line of an order, at the price it was sold for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderItemView {
    pub sku: String,
    pub name: String,
    pub unit_price: Money,
    pub quantity: u32,
    /// `unit_price` times `quantity`.
    pub line_total: Money,
}

/// A status the order had, and when.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChangeView {
    pub status: OrderStatus,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
}

/// An order with everything on it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    /// Public and unique, what the customer quotes ("7KQ2-M9XD").
    #[cfg_attr(feature = "openapi", schema(example = "7KQ2-M9XD"))]
    pub number: String,
    pub status: OrderStatus,
    /// ISO 4217; every amount of the order is in it.
    #[cfg_attr(feature = "openapi", schema(example = "USD"))]
    pub currency: String,
    pub items: Vec<OrderItemView>,
    pub subtotal: Money,
    pub shipping: Money,
    pub tax: Money,
    /// Subtotal plus shipping plus tax.
    pub total: Money,
    /// The email the order was placed with.
    pub email: String,
    /// Whether the order belongs to no account (yet).
    pub guest: bool,
    /// The public id of the account it belongs to; null for a guest order.
    #[cfg_attr(feature = "openapi", schema(format = "uuid"))]
    pub customer_id: Option<String>,
    pub shipping_address: OrderAddress,
    pub billing_address: OrderAddress,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub placed_at: String,
    /// Every status the order has had, oldest first (the first is
    /// `pending` at `placed_at`).
    pub history: Vec<StatusChangeView>,
}

/// An order in a list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub placed_at: String,
    pub total: Money,
    /// Units over every line.
    pub item_count: u32,
}

/// Where a page of orders is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderPageMeta {
    /// Orders on every page.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl OrderPageMeta {
    /// How many pages the total fills (at least one).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// One page of orders, newest first: `{"data": [...], "meta": {...}}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderPage {
    pub data: Vec<OrderSummary>,
    pub meta: OrderPageMeta,
}

/// `?page=&per_page=`, as sent (checked by the service, which names a bad
/// one).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrderPageQuery {
    /// From 1; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// 1 to 100; default 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

/// What happened to the account asked for at checkout.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckoutAccount {
    /// Created, the order is in it, and the customer is logged in (unless
    /// the shop requires a verified email first).
    Created,
    /// The email already has an account: the order was placed as a guest
    /// order; logging in (once the email is verified) shows it.
    Exists,
}

/// What `POST /api/checkout` answers besides the order.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutMeta {
    /// Set when `create_account` was asked for.
    pub account: Option<CheckoutAccount>,
    /// Whether the caller is now logged in as the new account.
    pub logged_in: bool,
}

/// `201 {"data": Order, "meta": {...}}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutResult {
    pub data: OrderView,
    pub meta: CheckoutMeta,
}

/// `PATCH /api/admin/orders/{number}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderStatusInput {
    /// The status to move to; it must be one the order's status allows.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "paid"))]
    pub status: String,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_terminal_ones_go_nowhere() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
            assert!(!s.can_become(s), "{s:?} to itself");
        }
        assert!(OrderStatus::Pending.can_become(OrderStatus::Paid));
        assert!(!OrderStatus::Pending.can_become(OrderStatus::Shipped));
        assert!(OrderStatus::Cancelled.next().is_empty());
        assert!(OrderStatus::Refunded.next().is_empty());
        assert_eq!(OrderStatus::parse("Paid"), None);
    }

    #[test]
    fn an_order_address_reads_as_card_lines() {
        let a = OrderAddress {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            line1: "24 Sussex Drive".into(),
            city: "Ottawa".into(),
            province: Some("ON".into()),
            province_name: Some("Ontario".into()),
            postal_code: Some("K1M 1M4".into()),
            country: "CA".into(),
            country_name: "Canada".into(),
            ..Default::default()
        };
        assert_eq!(
            a.lines(),
            [
                "Ann Lee",
                "24 Sussex Drive",
                "Ottawa, Ontario, K1M 1M4",
                "Canada"
            ]
        );
    }
}
