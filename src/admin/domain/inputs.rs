//! A staff member's change to one customer, a customer created by staff,
//! and a bulk action: each checked field by field, unknown keys refused by
//! name.

use crate::admin::domain::{parse_status, GroupRef, MAX_BULK};
use crate::admin::dto::{AdminCustomerPatch, AdminNewCustomer, BulkAction, BulkInput};
use crate::customers::domain::{ProfileChange, NOT_CHANGEABLE_HERE};
use crate::customers::dto::{CustomerStatus, Patch, ProfileInput};
use crate::domain::{Email, FieldErrors, PersonName, Phone};

/// A staff member's change to a customer: the profile as the customer
/// could change it, plus the group and the status.
#[derive(Debug, Clone)]
pub struct AdminChange {
    pub profile: ProfileChange,
    pub group: Option<GroupRef>,
    pub status: Option<CustomerStatus>,
}

impl AdminChange {
    pub fn parse(input: &AdminCustomerPatch) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        for name in input.other.keys() {
            errors.add(name, NOT_CHANGEABLE_HERE);
        }
        let profile = ProfileChange::parse(&ProfileInput {
            first_name: input.first_name.clone(),
            last_name: input.last_name.clone(),
            phone: input.phone.clone(),
            other: Default::default(),
        })
        .map_err(|e| {
            for (field, reason) in e.into_map() {
                errors.add(&field, reason);
            }
        })
        .ok();
        let group = match &input.group_id {
            Patch::Keep => None,
            Patch::Clear => {
                errors.add("group_id", "Every customer is in a group: choose one.");
                None
            }
            Patch::Set(raw) => errors.check("group_id", GroupRef::parse(raw)),
        };
        let status = match &input.status {
            Patch::Keep => None,
            Patch::Clear => errors.check("status", parse_status("")),
            Patch::Set(raw) => errors.check("status", parse_status(raw)),
        };
        match profile {
            Some(profile) if errors.is_empty() => Ok(Self {
                profile,
                group,
                status,
            }),
            _ => Err(errors),
        }
    }

    /// Whether it changes what only an admin may (group, status).
    pub fn needs_manage(&self) -> bool {
        self.group.is_some() || self.status.is_some()
    }
}

/// A customer created by staff, checked.
#[derive(Debug, Clone)]
pub struct StaffNewCustomer {
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub phone: Option<Phone>,
    pub group: Option<GroupRef>,
}

impl StaffNewCustomer {
    pub fn parse(input: &AdminNewCustomer) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        for name in input.other.keys() {
            errors.add(name, NOT_CHANGEABLE_HERE);
        }
        let email = errors.check("email", Email::parse(&input.email));
        let first_name = errors.check(
            "first_name",
            PersonName::parse(&input.first_name, "first name"),
        );
        let last_name = errors.check(
            "last_name",
            PersonName::parse(&input.last_name, "last name"),
        );
        let phone = errors.check("phone", Phone::parse_optional(input.phone.as_deref()));
        let group = match input.group_id.as_deref().filter(|g| !g.trim().is_empty()) {
            Some(raw) => errors.check("group_id", GroupRef::parse(raw)).map(Some),
            None => Some(None),
        };
        match (email, first_name, last_name, phone, group) {
            (Some(email), Some(first_name), Some(last_name), Some(phone), Some(group))
                if errors.is_empty() =>
            {
                Ok(Self {
                    email,
                    first_name,
                    last_name,
                    phone,
                    group,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A bulk action, checked: the customers' public ids (each once, in the
/// order given), the action, and its group.
#[derive(Debug, Clone)]
pub struct BulkRequest {
    pub ids: Vec<String>,
    pub action: BulkAction,
    pub group: Option<GroupRef>,
}

impl BulkRequest {
    pub fn parse(input: &BulkInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        for name in input.other.keys() {
            errors.add(name, NOT_CHANGEABLE_HERE);
        }
        let mut ids: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for raw in &input.ids {
            match uuid::Uuid::parse_str(raw.trim()) {
                Ok(id) => {
                    let id = id.hyphenated().to_string();
                    if seen.insert(id.clone()) {
                        ids.push(id);
                    }
                }
                Err(_) => {
                    errors.add("ids", "Some of the selected ids are not customer ids.");
                }
            }
        }
        if input.ids.is_empty() {
            errors.add("ids", "Select at least one customer.");
        } else if ids.len() > MAX_BULK {
            errors.add(
                "ids",
                format!("Select at most {MAX_BULK} customers at a time."),
            );
        }
        let action = errors.check(
            "action",
            BulkAction::from_wire(input.action.trim())
                .ok_or_else(|| "Choose assign_group, disable or enable.".to_string()),
        );
        let group_raw = input.group_id.as_deref().filter(|g| !g.trim().is_empty());
        let group = match (action, group_raw) {
            (Some(BulkAction::AssignGroup), Some(raw)) => {
                errors.check("group_id", GroupRef::parse(raw))
            }
            (Some(BulkAction::AssignGroup), None) => {
                errors.add("group_id", "Choose the group to assign.");
                None
            }
            (Some(_), Some(_)) => {
                errors.add("group_id", "Only assign_group takes a group.");
                None
            }
            _ => None,
        };
        match action {
            Some(action) if errors.is_empty() => Ok(Self { ids, action, group }),
            _ => Err(errors),
        }
    }
}
