//! The fixed set of messages the shop writes, and the filter that keeps an
//! error read from a URL within it.
//!
//! Without JavaScript a failed form post is redirected back to its page with
//! the error in the URL (`?__path=...&__err=<base64 JSON>`), and the page
//! shows what it decodes. Anyone can craft such a URL, so an error read
//! there keeps only its kind, its numbers and its (plainly named) fields;
//! every message must be one the shop itself writes, or a fixed generic
//! sentence takes its place. The table is built from the same constants the
//! parsers and the service-error mapping use; a test runs bad inputs through
//! every parser so it cannot silently drift.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::domain::email::EMAIL_MAX_LEN;
use crate::domain::name::NAME_MAX_CHARS;
use crate::domain::password::{PASSWORD_CONTROL_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use crate::domain::phone;
use crate::AppError;

/// Stands in for a field message that is not the shop's own.
pub const GENERIC_FIELD: &str = "Check this field.";
/// Stands in for any other message that is not the shop's own.
pub const GENERIC: &str = "Something went wrong. Please try again.";
/// Stands in for a rate-limit message that is not the shop's own.
pub const GENERIC_RATE_LIMITED: &str = "Too many attempts. Please wait and try again.";
/// The most fields an error read from a URL keeps.
const MAX_FIELDS: usize = 20;

/// Names the parsers give the person-name fields (`PersonName::parse`).
const NAME_WHATS: [&str; 2] = ["first name", "last name"];

/// Every fixed message the shop writes (rate-limit messages carry a wait and
/// are checked against [`rate_limited`] instead).
pub fn known() -> &'static BTreeSet<String> {
    static KNOWN: OnceLock<BTreeSet<String>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut m: BTreeSet<String> = [
            // error.rs
            "Some fields need your attention.",
            "The form could not be read. Please check every field.",
            "Could not reach the shop. Check your connection and try again.",
            "internal error",
            // domain/email.rs
            "Enter your email address.",
            "Enter a valid email address, like name@example.com.",
            // domain/password.rs, auth/domain.rs
            PASSWORD_CONTROL_CHARS,
            "Choose a password.",
            "Your password must not be your email address.",
            "This password is too easy to guess. Try three or four unrelated words.",
            "Enter your password.",
            // domain/phone.rs
            phone::NEEDS_COUNTRY_CODE,
            phone::INVALID,
            // customers/domain.rs
            crate::customers::domain::NOT_CHANGEABLE_HERE,
            // services.rs
            "An account with this email already exists.",
            "An account with this email already exists. Log in instead?",
            crate::services::INVALID_CREDENTIALS,
            "Please log in.",
            "No such customer.",
            "That device is already logged out.",
            "The shop is very busy right now. Please try again in a moment.",
            // passwords, emails: the services' and parsers' words
            crate::services::NEW_EMAIL_TAKEN,
            crate::services::bad_token_message(crate::tokens::TokenProblem::Invalid),
            crate::services::bad_token_message(crate::tokens::TokenProblem::Expired),
            crate::services::bad_token_message(crate::tokens::TokenProblem::Used),
            crate::auth::WRONG_CURRENT_PASSWORD,
            crate::passwords::domain::ENTER_CURRENT_PASSWORD,
            crate::passwords::domain::SAME_PASSWORD,
            crate::emails::SAME_EMAIL,
            // the generic sentences themselves
            GENERIC_FIELD,
            GENERIC,
            GENERIC_RATE_LIMITED,
        ]
        .into_iter()
        .map(String::from)
        .collect();
        m.insert(format!(
            "An email address can be at most {EMAIL_MAX_LEN} characters."
        ));
        m.insert(format!(
            "Use at most {PASSWORD_MAX_CHARS} characters. A few unrelated words are plenty."
        ));
        m.insert(format!(
            "Use at least {PASSWORD_MIN_CHARS} characters. A short phrase is easy to remember."
        ));
        for what in NAME_WHATS {
            m.insert(format!("Enter your {what}."));
            m.insert(format!(
                "Your {what} can be at most {NAME_MAX_CHARS} characters."
            ));
            m.insert(format!("Your {what} contains characters we cannot store."));
        }
        // addresses: the parsers' words, including each country's own.
        m.extend(crate::addresses::messages::all());
        m.extend(staff_messages());
        m.extend(crate::orders::domain::messages());
        m
    })
}

/// What the admin pages' forms can be told: the staff-facing parsers'
/// words and the groups' service errors. A conflict naming a group created
/// by staff carries that name, so only the built-in groups' versions are
/// here (the others read back as the generic sentence).
fn staff_messages() -> Vec<String> {
    use crate::admin::domain::{MAX_BULK, NO_SUCH_GROUP};
    use crate::groups::domain::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PAGE_GROUPS};
    use crate::groups::dto as groups;
    let mut m: Vec<String> = [
        "You do not have permission to do this.",
        NO_SUCH_GROUP,
        "Every customer is in a group: choose one.",
        "Choose active or disabled.",
        "Some of the selected ids are not customer ids.",
        "Select at least one customer.",
        "Choose assign_group, disable or enable.",
        "Choose the group to assign.",
        "Only assign_group takes a group.",
        crate::groups::domain::UNKNOWN_FIELD,
        "Enter a name for the group.",
        "Use letters, digits, spaces and punctuation only.",
        "Use letters, digits, spaces, line breaks and punctuation only.",
        "A group needs a name.",
        groups::GROUP_NAME_TAKEN,
        groups::NO_SUCH_GROUP,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    m.push(format!("Select at most {MAX_BULK} customers at a time."));
    m.push(format!("Use at most {MAX_NAME_CHARS} characters."));
    m.push(format!("Use at most {MAX_DESCRIPTION_CHARS} characters."));
    m.push(format!("Give at most {MAX_PAGE_GROUPS} groups."));
    m.push(groups::unknown_page());
    for name in ["General", "Wholesale", "VIP"] {
        m.push(groups::system_group(name));
        for page in groups::KNOWN_PAGES {
            m.push(groups::guarded_page(name, page.key));
        }
    }
    m
}

/// The rate-limit messages for a wait of `secs` (see `services.rs`).
pub fn rate_limited(secs: u64) -> [String; 3] {
    let wait = crate::services::human_duration(secs);
    [
        format!("Too many failed attempts. Please wait {wait} and try again."),
        format!("Too many emails were asked for. Please wait {wait} and try again."),
        format!(
            "Too many accounts were created from your network. Please wait {wait} and try again."
        ),
    ]
}

/// A field name as the shop's forms write them: a lower-case letter, then
/// lower-case letters, digits (`line1`) and underscores, at most 40 bytes;
/// checkout's nested fields add dots and brackets (`items[2].quantity`,
/// `shipping_address.city`).
fn plain_field_name(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'[' | b']')
        })
}

fn keep(message: String, generic: &str) -> String {
    if known().contains(&message) {
        message
    } else {
        generic.to_string()
    }
}

fn keep_fields(fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    fields
        .into_iter()
        .filter(|(name, _)| plain_field_name(name))
        .take(MAX_FIELDS)
        .map(|(name, message)| (name, keep(message, GENERIC_FIELD)))
        .collect()
}

/// An error read from an untrusted place (a URL) with every message the
/// shop does not write replaced by a fixed sentence, and odd field names
/// dropped. Kinds and numbers are kept.
pub fn only_known(err: AppError) -> AppError {
    use AppError as E;
    match err {
        E::Validation { message, fields } => E::Validation {
            message: keep(message, "Some fields need your attention."),
            fields: keep_fields(fields),
        },
        E::Conflict { message, fields } => E::Conflict {
            message: keep(message, GENERIC),
            fields: keep_fields(fields),
        },
        E::RateLimited {
            message,
            retry_after_secs,
        } => E::RateLimited {
            message: if rate_limited(retry_after_secs).contains(&message) {
                message
            } else {
                GENERIC_RATE_LIMITED.to_string()
            },
            retry_after_secs,
        },
        E::Unavailable {
            message,
            retry_after_secs,
        } => E::Unavailable {
            message: keep(message, GENERIC),
            retry_after_secs,
        },
        E::BadRequest { message } => E::BadRequest {
            message: keep(message, GENERIC),
        },
        E::Unauthorized { message } => E::Unauthorized {
            message: keep(message, GENERIC),
        },
        E::Forbidden { message } => E::Forbidden {
            message: keep(message, GENERIC),
        },
        E::NotFound { message } => E::NotFound {
            message: keep(message, GENERIC),
        },
        E::PayloadTooLarge { message } => E::PayloadTooLarge {
            message: keep(message, GENERIC),
        },
        E::UnsupportedMediaType { message } => E::UnsupportedMediaType {
            message: keep(message, GENERIC),
        },
        E::Timeout { message } => E::Timeout {
            message: keep(message, GENERIC),
        },
        E::Internal { message } => E::Internal {
            message: keep(message, GENERIC),
        },
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod orders_tests;
