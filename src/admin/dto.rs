//! The admin customer pages' wire types: what staff send and get back.
//! Inputs are plain strings as they come from a URL or a form, parsed by
//! `admin::domain` on the server (every bad value is a 422 naming its
//! field); outputs never carry a password, token or hash.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::addresses::dto::AddressView;
use crate::customers::dto::{CustomerView, Patch};

/// The customer grid's query, as raw as a URL gives it. Every field is
/// optional; `admin::domain::GridQuery::parse` checks each and names the
/// bad ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CustomerQuery {
    /// Part of the email or of "first last", in any case (at most 100
    /// characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// A group's public id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = "uuid"))]
    pub group: Option<String>,
    /// `active` or `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(example = "active"))]
    pub status: Option<String>,
    /// `true` or `false`: whether the email is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
    /// Created on or after this day (`YYYY-MM-DD`, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(example = "2026-01-01"))]
    pub created_from: Option<String>,
    /// Created on or before this day (`YYYY-MM-DD`, UTC; the whole day counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(example = "2026-01-31"))]
    pub created_to: Option<String>,
    /// `created_at`, `email`, `first_name`, `last_name` or `status`; a
    /// leading `-` sorts descending. Default `-created_at` (newest first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(example = "-created_at"))]
    pub sort: Option<String>,
    /// From 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// 1 to 200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

/// Where a page of the grid is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageMeta {
    /// Customers matching the query, on every page; counted up to 10,000
    /// (see `total_capped`).
    pub total: u64,
    /// True when more customers match than `total` says: the count stops
    /// at 10,000 (narrow the search rather than page through them all).
    pub total_capped: bool,
    pub page: u32,
    pub per_page: u32,
}

impl PageMeta {
    /// How many pages the total fills (at least one).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// One page of the customer grid: `{"data": [Customer], "meta": {...}}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerPage {
    pub data: Vec<CustomerView>,
    pub meta: PageMeta,
}

/// A staff member's change to a customer. Each key may be left out
/// (keep); `phone: null` clears the phone; names, group and status cannot
/// be cleared. Any other key is refused by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        description = "A partial update of a customer by staff. Each key may be left out \
            (keep) or set; `phone: null` removes the number. `group_id` (a group's public id) \
            and `status` need the admin role. Any other key is a 422 naming it.",
        example = json!({"last_name": "Lee-Smith", "group_id": "00000000-0000-4000-8000-000000000002"})
    )
)]
pub struct AdminCustomerPatch {
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub first_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub last_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub phone: Patch<String>,
    /// The public id of the customer's new group.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub group_id: Patch<String>,
    /// `active` or `disabled`. Disabling logs the customer out everywhere
    /// at once.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(schema_with = nullable_string))]
    pub status: Patch<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// A customer created by staff. They get a mail inviting them to choose a
/// password; until then nobody can log in to the account.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"}))
)]
pub struct AdminNewCustomer {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Email))]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 100))]
    pub first_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 100))]
    pub last_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// A group's public id; the default group when left out.
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// What a bulk action does to each selected customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    AssignGroup,
    Disable,
    Enable,
}

impl BulkAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AssignGroup => "assign_group",
            Self::Disable => "disable",
            Self::Enable => "enable",
        }
    }

    pub fn from_wire(s: &str) -> Option<Self> {
        [Self::AssignGroup, Self::Disable, Self::Enable]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// One action on many customers (the grid's selection), all or nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"ids": ["3f1e0d2c-5b6a-4c7d-8e9f-0a1b2c3d4e5f"],
        "action": "assign_group", "group_id": "00000000-0000-4000-8000-000000000003"}))
)]
pub struct BulkInput {
    /// Customers' public ids: 1 to 500, repeats counted once.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_items = 500))]
    pub ids: Vec<String>,
    /// `assign_group`, `disable` or `enable`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "disable"))]
    pub action: String,
    /// The group's public id, for `assign_group` only.
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// What a bulk action changed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    /// Customers that changed (one already in the group, or already
    /// disabled, is not counted and gets no history entry).
    pub updated: u64,
}

/// How many of a customer's sessions were ended.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    pub ended: u64,
}

/// One customer as the staff's detail page shows them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminCustomerDetail {
    pub customer: CustomerView,
    /// The whole address book, oldest first.
    pub addresses: Vec<AddressView>,
    /// Devices logged in now.
    pub open_sessions: u64,
    /// RFC 3339, UTC: the last change to the account itself.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub updated_at: String,
}

/// `GET .../history`: the newest entries first, and where the next page
/// starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HistoryQuery {
    /// `meta.next` of the previous page; the newest entries when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// 1 to 200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// A page of a customer's history, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryPage {
    pub data: Vec<crate::history::dto::HistoryEntryView>,
    pub meta: HistoryMeta,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryMeta {
    /// Pass as `before` for older entries; null on the last page.
    pub next: Option<String>,
}

/// Customers in one group, for the dashboard.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupCount {
    /// The group's public id.
    pub id: String,
    pub name: String,
    pub members: u64,
}

/// Registrations on one day (UTC).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub count: u64,
}

/// The admin dashboard's figures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardView {
    /// Every customer account.
    pub customers: u64,
    /// Accounts created in the last seven days.
    pub new_this_week: u64,
    /// Every group with its number of customers.
    pub by_group: Vec<GroupCount>,
    /// The last 90 days, oldest first; a day without registrations is 0.
    pub registrations_per_day: Vec<DayCount>,
}

#[cfg(feature = "openapi")]
fn nullable_string() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(
            "Leave the key out to keep the stored value; send a string to set it (`null` \
             clears the phone; the other fields cannot be cleared).",
        ))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_keeps_unknown_keys_by_name() {
        let p: AdminCustomerPatch =
            serde_json::from_str(r#"{"phone": null, "status": "disabled", "email": "x@y.z"}"#)
                .expect("json");
        assert_eq!(p.phone, Patch::Clear);
        assert_eq!(p.status, Patch::Set("disabled".into()));
        assert_eq!(p.first_name, Patch::Keep);
        assert_eq!(p.other.keys().collect::<Vec<_>>(), ["email"]);
    }

    #[test]
    fn pages_are_counted_up() {
        let meta = |total| PageMeta {
            total,
            total_capped: false,
            page: 1,
            per_page: 50,
        };
        assert_eq!(meta(0).pages(), 1);
        assert_eq!(meta(50).pages(), 1);
        assert_eq!(meta(51).pages(), 2);
    }

    #[test]
    fn bulk_actions_read_their_wire_names() {
        for a in [
            BulkAction::AssignGroup,
            BulkAction::Disable,
            BulkAction::Enable,
        ] {
            assert_eq!(BulkAction::from_wire(a.as_str()), Some(a));
        }
        assert_eq!(BulkAction::from_wire("delete"), None);
    }
}
