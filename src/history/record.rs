//! Writing a history row inside the change's own transaction.

use crate::caller::StaffSignedIn;
use crate::customers::store::{CustomerId, CustomerRow};
use crate::db::{StoreError, Tx};
use crate::history::dto::FieldChange;
use crate::history::store::NewHistoryRecord;

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Customer {
        id: String,
        name: String,
    },
    Staff {
        id: String,
        name: String,
    },
    /// The shop itself (an expiry, a background job, the command line).
    System,
}

impl Actor {
    /// The customer acting on their own account.
    pub fn customer(row: &CustomerRow) -> Self {
        Self::Customer {
            id: row.public_id.clone(),
            name: format!("{} {}", row.first_name, row.last_name),
        }
    }

    /// A staff member acting on a customer's behalf.
    pub fn staff(staff: &StaffSignedIn) -> Self {
        Self::Staff {
            id: staff.staff.public_id.clone(),
            name: staff.staff.name.clone(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Customer { .. } => "customer",
            Self::Staff { .. } => "staff",
            Self::System => "system",
        }
    }
}

/// What happened to the customer. Stored as its `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Registered,
    CreatedByStaff,
    ProfileUpdated,
    GroupChanged,
    StatusChanged,
    PasswordReset,
    PasswordChanged,
    PasswordResetSent,
    VerificationSent,
    EmailVerified,
    EmailChanged,
    AddressAdded,
    AddressUpdated,
    AddressDeleted,
    SessionsEnded,
    /// Guest orders placed with the customer's (now verified) email
    /// joined the account.
    OrdersAttached,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::CreatedByStaff => "created_by_staff",
            Self::ProfileUpdated => "profile_updated",
            Self::GroupChanged => "group_changed",
            Self::StatusChanged => "status_changed",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::PasswordResetSent => "password_reset_sent",
            Self::VerificationSent => "verification_sent",
            Self::EmailVerified => "email_verified",
            Self::EmailChanged => "email_changed",
            Self::AddressAdded => "address_added",
            Self::AddressUpdated => "address_updated",
            Self::AddressDeleted => "address_deleted",
            Self::SessionsEnded => "sessions_ended",
            Self::OrdersAttached => "orders_attached",
        }
    }
}

/// Fields' old and new values; a field whose value did not change is left
/// out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes(Vec<FieldChange>);

/// Longest value kept per field; longer ones are cut (with an ellipsis).
const MAX_VALUE_CHARS: usize = 300;

fn clip(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(|v| {
        if v.chars().count() > MAX_VALUE_CHARS {
            let mut cut: String = v.chars().take(MAX_VALUE_CHARS).collect();
            cut.push('…');
            cut
        } else {
            v.to_owned()
        }
    })
}

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `field` going from `old` to `new`, if they differ.
    pub fn field(mut self, field: &str, old: Option<&str>, new: Option<&str>) -> Self {
        let (old, new) = (clip(old), clip(new));
        if old != new {
            self.0.push(FieldChange {
                field: field.to_owned(),
                old,
                new,
            });
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldChange> {
        self.0
    }

    fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".into())
    }
}

/// Writes one history row for `customer` on `tx` (the change's own
/// transaction).
pub async fn record(
    tx: &mut Tx,
    customer: CustomerId,
    actor: &Actor,
    action: Action,
    changes: Changes,
    now_ms: i64,
) -> Result<(), StoreError> {
    let (actor_id, actor_name) = match actor {
        Actor::Customer { id, name } | Actor::Staff { id, name } => {
            (Some(id.as_str()), Some(name.as_str()))
        }
        Actor::System => (None, None),
    };
    tx.history()
        .insert_history(&NewHistoryRecord {
            customer_id: customer.0,
            at_ms: now_ms,
            actor_type: actor.kind(),
            actor_id,
            actor_name,
            action: action.as_str(),
            changes: changes.to_json(),
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_fields_are_left_out_and_long_values_cut() {
        let long = "x".repeat(400);
        let changes = Changes::new()
            .field("first_name", Some("Ann"), Some("Ann"))
            .field("phone", None, Some(""))
            .field("last_name", Some("Lee"), Some(&long))
            .into_vec();
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].field, "last_name");
        assert_eq!(changes[0].old.as_deref(), Some("Lee"));
        let new = changes[0].new.as_deref().unwrap_or_default();
        assert_eq!(new.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(new.ends_with('…'));
    }
}
