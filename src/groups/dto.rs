//! Customer groups' wire types, and the storefront pages a group may be
//! given (WASM-safe: the admin pages and the storefront use them too).

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::customers::dto::{GroupView, Patch};

/// A customer group as staff see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    /// The group's public id (a UUID).
    #[cfg_attr(
        feature = "openapi",
        schema(example = "00000000-0000-4000-8000-000000000002")
    )]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(example = "Wholesale"))]
    pub name: String,
    /// Empty when there is none.
    pub description: String,
    /// One of the three built-in groups (General, Wholesale, VIP): they can
    /// be renamed but not deleted.
    pub system: bool,
    /// The group new customers join (General), and where the members of a
    /// deleted group go.
    pub default: bool,
    /// How many customers are in it.
    pub members: u64,
}

/// `POST /api/admin/customer-groups`: a new group. Any other key is
/// refused with a 422 naming it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"name": "Trade fairs", "description": "Met at a fair; 10% off."}))
)]
pub struct NewGroupInput {
    /// 1 to 60 characters; unique, ignoring case.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, min_length = 1, max_length = 60)
    )]
    pub name: String,
    /// Up to 500 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: Option<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// `PATCH /api/admin/customer-groups/{id}`: each field may be left out
/// (kept) or set; `description: null` clears it, a name cannot be cleared.
/// Any other key is refused with a 422 naming it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"name": "Trade", "description": null}))
)]
pub struct GroupPatch {
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 60))]
    pub name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 500))]
    pub description: Patch<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}

/// What deleting a group did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDeletedView {
    /// The deleted group's public id.
    pub id: String,
    /// Where its members went: the default group (General).
    pub members_moved_to: GroupView,
    /// How many customers were moved.
    pub members_moved: u64,
}

/// A storefront page that can be restricted to customer groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownPage {
    /// The page's key in paths (`/api/admin/pages/{page}/access`).
    pub key: &'static str,
    /// Its name in words.
    pub label: &'static str,
    /// Where customers find it.
    pub path: &'static str,
    /// What a customer of another group is told.
    pub closed_message: &'static str,
}

/// The wholesale price list (`/wholesale`).
pub const WHOLESALE_PAGE: KnownPage = KnownPage {
    key: "wholesale",
    label: "Wholesale price list",
    path: "/wholesale",
    closed_message: "This price list is for trade customers.",
};

/// Every page that can be restricted to groups. A fixed list: a page is
/// code, so a new one comes with a release, not through the API.
pub const KNOWN_PAGES: &[KnownPage] = &[WHOLESALE_PAGE];

/// A known page by its key.
pub fn known_page(key: &str) -> Option<&'static KnownPage> {
    KNOWN_PAGES.iter().find(|p| p.key == key)
}

// The words for refusals about groups and pages (the one mapping from
// service errors, in `services.rs`, uses them; pages may too).

/// A group name already used by another group, in any case.
pub const GROUP_NAME_TAKEN: &str = "A customer group with this name already exists.";

/// An id that names no group.
pub const NO_SUCH_GROUP: &str = "No such customer group.";

/// A page key that is not in [`KNOWN_PAGES`].
pub fn unknown_page() -> String {
    let keys: Vec<&str> = KNOWN_PAGES.iter().map(|p| p.key).collect();
    format!(
        "No such page. Pages that can be restricted to groups: {}.",
        keys.join(", ")
    )
}

/// Why a built-in group is not deleted.
pub fn system_group(name: &str) -> String {
    format!(
        "{name} is one of the built-in groups (General, Wholesale and VIP), which cannot be \
         deleted. You can rename it instead."
    )
}

/// Why the only group a page is open to is not deleted.
pub fn guarded_page(name: &str, page: &str) -> String {
    let label = known_page(page).map_or(page, |p| p.label);
    format!(
        "{name} is the only group that may open the {label}. Give the page another group (or \
         open it to everyone) before deleting {name}."
    )
}

/// What a customer of a group the page is not open to is told.
pub fn page_closed(page: &str) -> &'static str {
    known_page(page).map_or("This page is not open to your account.", |p| {
        p.closed_message
    })
}

/// Which groups may open a storefront page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageAccessView {
    #[cfg_attr(feature = "openapi", schema(example = "wholesale"))]
    pub page: String,
    /// The page in words.
    #[cfg_attr(feature = "openapi", schema(example = "Wholesale price list"))]
    pub label: String,
    /// Whether the page is restricted: when false (no groups), every
    /// logged-in customer may open it.
    pub restricted: bool,
    /// The groups whose customers may open it.
    pub groups: Vec<GroupView>,
}

/// `PUT /api/admin/pages/{page}/access`: the groups (public ids) that may
/// open the page, replacing the current list. An empty list opens the page
/// to every logged-in customer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"groups": [
        "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"
    ]}))
)]
pub struct PageAccessInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub groups: Vec<String>,
    #[serde(flatten, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub other: BTreeMap<String, IgnoredAny>,
}
