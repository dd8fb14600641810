//! What crosses the wire. Inputs are plain strings (parsed into domain types
//! by the services); outputs never carry a password or hash.

use serde::{Deserialize, Serialize};

/// A registration as a client sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RegisterInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub phone: Option<String>,
}

/// Login credentials as a client sends them.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LoginInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

impl std::fmt::Debug for LoginInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginInput")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A customer group as clients see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct GroupView {
    pub id: i64,
    pub name: String,
}

/// Whether an account may be used.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Active,
    Disabled,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

/// A customer as clients see it. `id` is the public id, never the row number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CustomerView {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub group: GroupView,
    pub status: CustomerStatus,
    pub email_verified: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

impl CustomerView {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// One of the customer's logged-in sessions ("devices").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionView {
    /// Public id of the session (not the cookie value).
    pub id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC; updated at most once a minute.
    pub last_seen_at: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The session making this request.
    pub current: bool,
}

/// A change to the customer's own profile. An absent field stays as it is;
/// `phone: null` or `""` removes the phone number.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ProfileInput {
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub phone: Option<Option<String>>,
}

/// `Some(value)` whenever the field is present, even as `null`.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// Fields of [`ProfileInput`]: the only ones a customer may change here.
pub const PROFILE_FIELDS: [&str; 3] = ["first_name", "last_name", "phone"];
