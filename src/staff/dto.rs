//! Staff wire types.

use serde::{Deserialize, Serialize};

/// What a staff member may do: `admin` everything; `support` views
/// customers, edits profiles and addresses, sends reset links and ends
/// sessions, but cannot delete, change groups' definitions or manage staff.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Support,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Support => "support",
        }
    }

    /// The role in words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::Support => "Support",
        }
    }

    pub fn from_stored(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "support" => Some(Self::Support),
            _ => None,
        }
    }
}

/// Something a staff member may be allowed to do. Services ask
/// `staff::authorize` for one before they act; the admin pages ask
/// [`Role::allows`] only to hide what the role cannot use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// List, search, view customers, their history, sessions, the dashboard.
    ViewCustomers,
    /// Edit a customer's profile and addresses.
    EditCustomers,
    /// Send reset links and verification mails, end a customer's sessions.
    SupportCustomers,
    /// Create customers, disable and enable them, change their group
    /// (alone or in bulk), export the list.
    ManageCustomers,
    /// Create, rename, delete groups and restrict pages to them.
    ManageGroups,
    /// Create and change staff accounts.
    ManageStaff,
    /// Move orders along their statuses (paid, shipped, refunded...).
    ManageOrders,
}

impl Role {
    pub fn allows(self, permission: Permission) -> bool {
        match self {
            Role::Admin => true,
            Role::Support => matches!(
                permission,
                Permission::ViewCustomers
                    | Permission::EditCustomers
                    | Permission::SupportCustomers
            ),
        }
    }
}

/// A staff member as clients see them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffView {
    /// Public id (a UUID).
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// `POST /api/admin/login`: the same shape (and parsing) as a customer's.
pub type StaffLoginInput = crate::auth::dto::LoginInput;

/// A new staff account (the `create-admin` command, and later the staff
/// pages).
#[derive(Clone)]
pub struct NewStaffInput {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: Role,
}
