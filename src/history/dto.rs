//! History wire types.

use serde::{Deserialize, Serialize};

/// Who made a change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActorView {
    /// `customer`, `staff` or `system`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The customer's or staff member's public id; none for the system.
    pub id: Option<String>,
    /// Their name when the change was made.
    pub name: Option<String>,
}

/// One field's old and new value (absent: empty or not set).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One entry of a customer's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntryView {
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: ActorView,
    /// What happened, e.g. `registered`, `profile_updated`, `group_changed`.
    #[cfg_attr(feature = "openapi", schema(example = "group_changed"))]
    pub action: String,
    /// What changed, field by field (empty when the action says it all).
    pub changes: Vec<FieldChange>,
}
