//! Customer groups' validated inputs: a new group and a change to one.

use crate::customers::domain::Change;
use crate::customers::dto::Patch;
use crate::domain::FieldErrors;
use crate::groups::dto::{GroupPatch, NewGroupInput, PageAccessInput};

/// The longest group name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 500;

/// The reason given for a key a group input does not have.
pub const UNKNOWN_FIELD: &str = "This field does not exist here.";

/// A group's name: trimmed, 1 to 60 characters, no control characters.
/// Unique ignoring case (the database's `customer_group_name_key` decides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupName(String);

impl GroupName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("Enter a name for the group.".into());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("Use at most {MAX_NAME_CHARS} characters."));
        }
        if name.chars().any(char::is_control) {
            return Err("Use letters, digits, spaces and punctuation only.".into());
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A group's description: trimmed, up to 500 characters, no control
/// characters but line breaks. Empty means none.
pub fn parse_description(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(format!("Use at most {MAX_DESCRIPTION_CHARS} characters."));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err("Use letters, digits, spaces, line breaks and punctuation only.".into());
    }
    Ok(text.to_owned())
}

fn refuse_unknown<'a>(errors: &mut FieldErrors, keys: impl Iterator<Item = &'a String>) {
    for key in keys {
        errors.add(key, UNKNOWN_FIELD);
    }
}

/// A new group that passed every rule.
#[derive(Debug, Clone)]
pub struct NewGroup {
    pub name: GroupName,
    pub description: String,
}

impl NewGroup {
    pub fn parse(input: &NewGroupInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_unknown(&mut errors, input.other.keys());
        let name = errors.check("name", GroupName::parse(&input.name));
        let description = errors.check(
            "description",
            parse_description(input.description.as_deref().unwrap_or("")),
        );
        match (name, description) {
            (Some(name), Some(description)) if errors.is_empty() => Ok(Self { name, description }),
            _ => Err(errors),
        }
    }
}

/// A validated change to a group: the name kept or set, the description
/// kept, set or cleared.
#[derive(Debug, Clone)]
pub struct GroupChange {
    pub name: Change<GroupName>,
    pub description: Change<String>,
}

impl GroupChange {
    pub fn parse(input: &GroupPatch) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        refuse_unknown(&mut errors, input.other.keys());
        let name = match &input.name {
            Patch::Keep => Some(Change::Keep),
            Patch::Clear => {
                errors.add("name", "A group needs a name.");
                None
            }
            Patch::Set(raw) => errors.check("name", GroupName::parse(raw).map(Change::Set)),
        };
        let description = match &input.description {
            Patch::Keep => Some(Change::Keep),
            Patch::Clear => Some(Change::Clear),
            Patch::Set(raw) => errors.check(
                "description",
                parse_description(raw).map(|d| match d.is_empty() {
                    true => Change::Clear,
                    false => Change::Set(d),
                }),
            ),
        };
        match (name, description) {
            (Some(name), Some(description)) if errors.is_empty() => Ok(Self { name, description }),
            _ => Err(errors),
        }
    }
}

/// The most groups one page can be given (there are never many groups;
/// this bounds a request, not the shop).
pub const MAX_PAGE_GROUPS: usize = 100;

/// The group ids of a page-access change, without repeats, in the order
/// given. Which of them exist is the service's question.
pub fn parse_page_groups(input: &PageAccessInput) -> Result<Vec<String>, FieldErrors> {
    let mut errors = FieldErrors::new();
    refuse_unknown(&mut errors, input.other.keys());
    if input.groups.len() > MAX_PAGE_GROUPS {
        errors.add("groups", format!("Give at most {MAX_PAGE_GROUPS} groups."));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ids: Vec<String> = Vec::with_capacity(input.groups.len());
    for id in &input.groups {
        let id = id.trim().to_ascii_lowercase();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_printable() {
        assert_eq!(
            GroupName::parse("  Trade fairs ").map(|n| n.0),
            Ok("Trade fairs".into())
        );
        assert!(GroupName::parse("   ").is_err());
        assert!(GroupName::parse(&"x".repeat(60)).is_ok());
        assert!(GroupName::parse(&"é".repeat(61)).is_err());
        assert!(GroupName::parse("tab\there").is_err());
        assert!(GroupName::parse("nul\u{0}").is_err());
    }

    #[test]
    fn descriptions_may_be_empty_or_have_line_breaks_but_are_bounded() {
        assert_eq!(parse_description("  "), Ok(String::new()));
        assert_eq!(parse_description("a\nb"), Ok("a\nb".into()));
        assert!(parse_description(&"x".repeat(500)).is_ok());
        assert!(parse_description(&"x".repeat(501)).is_err());
        assert!(parse_description("bell\u{7}").is_err());
    }

    #[test]
    fn a_new_group_names_every_bad_field_and_unknown_keys() {
        let input: NewGroupInput =
            serde_json::from_str(r#"{"name": " ", "description": "ok", "is_system": true}"#)
                .expect("json");
        let errors = NewGroup::parse(&input).expect_err("invalid");
        assert!(errors.field_message("name").is_some());
        assert_eq!(
            errors.field_message("is_system").as_deref(),
            Some(UNKNOWN_FIELD)
        );
        assert!(errors.field_message("description").is_none());
        let ok = NewGroup::parse(&NewGroupInput {
            name: "Trade".into(),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!((ok.name.as_str(), ok.description.as_str()), ("Trade", ""));
    }

    #[test]
    fn a_change_keeps_sets_or_clears_and_refuses_a_cleared_name() {
        let patch: GroupPatch = serde_json::from_str(r#"{"description": null}"#).expect("json");
        let change = GroupChange::parse(&patch).expect("valid");
        assert_eq!(change.name, Change::Keep);
        assert_eq!(change.description, Change::Clear);
        let patch: GroupPatch =
            serde_json::from_str(r#"{"name": null, "members": 3}"#).expect("json");
        let errors = GroupChange::parse(&patch).expect_err("invalid");
        assert!(errors.field_message("name").is_some());
        assert!(errors.field_message("members").is_some());
        let patch: GroupPatch =
            serde_json::from_str(r#"{"name": "Trade", "description": "  "}"#).expect("json");
        let change = GroupChange::parse(&patch).expect("valid");
        assert!(matches!(change.name, Change::Set(ref n) if n.as_str() == "Trade"));
        assert_eq!(change.description, Change::Clear);
    }

    #[test]
    fn page_groups_lose_repeats() {
        let input = PageAccessInput {
            groups: vec!["A".into(), "a ".into(), "b".into()],
            ..Default::default()
        };
        assert_eq!(
            parse_page_groups(&input).expect("valid"),
            vec!["a".to_string(), "b".to_string()]
        );
        let too_many = PageAccessInput {
            groups: (0..101).map(|i| i.to_string()).collect(),
            ..Default::default()
        };
        assert!(parse_page_groups(&too_many).is_err());
    }
}
