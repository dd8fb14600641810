//! The admin customer pages' validated inputs: the grid's query, a staff
//! member's change to a customer, a customer created by staff, a bulk
//! action. Each `parse` checks every field and names each bad one
//! (`FieldErrors`, a 422); a group is named by its public id here and
//! looked up by the service.

use chrono::{DateTime, NaiveDate, Utc};

use crate::admin::dto::{CustomerQuery, HistoryQuery};
use crate::customers::dto::CustomerStatus;
use crate::customers::search::{CustomerFilter, PageRequest, Sort, SortKey, Q_MAX_CHARS};
use crate::domain::FieldErrors;

/// Largest page the grid serves.
pub const MAX_PER_PAGE: u32 = 200;
/// Rows per page when the query does not say.
pub const DEFAULT_PER_PAGE: u32 = 50;
/// Highest page number accepted: beyond it a page would start past ten
/// million rows at the smallest page size, which no shop has.
pub const MAX_PAGE: u32 = 100_000;
/// Most customers one bulk action may change.
pub const MAX_BULK: usize = 500;
/// Most history entries in one answer, and the default.
pub const MAX_HISTORY: u32 = 200;
pub const DEFAULT_HISTORY: u32 = 50;

/// A group named by its public id (a UUID, lower-cased), not yet looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef(pub String);

pub const NO_SUCH_GROUP: &str = "No such group. Choose one of the shop's groups.";

impl GroupRef {
    pub fn parse(raw: &str) -> Result<Self, String> {
        uuid::Uuid::parse_str(raw.trim())
            .map(|id| Self(id.hyphenated().to_string()))
            .map_err(|_| NO_SUCH_GROUP.to_owned())
    }
}

/// The grid's query, checked: the store's filter (its group still to be
/// looked up), the sort and the page.
#[derive(Debug, Clone)]
pub struct GridQuery {
    pub filter: CustomerFilter,
    pub group: Option<GroupRef>,
    pub sort: Sort,
    pub page: PageRequest,
}

/// The newest first, unless the query says otherwise.
pub const DEFAULT_SORT: Sort = Sort {
    key: SortKey::CreatedAt,
    descending: true,
};

impl GridQuery {
    pub fn parse(query: &CustomerQuery) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let raw = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let q = errors
            .check("q", parse_q(query.q.as_deref().unwrap_or("")))
            .flatten();
        let group = raw(&query.group).and_then(|g| errors.check("group", GroupRef::parse(&g)));
        let status = raw(&query.status).and_then(|s| errors.check("status", parse_status(&s)));
        let verified =
            raw(&query.verified).and_then(|v| errors.check("verified", parse_verified(&v)));
        let from = raw(&query.created_from)
            .and_then(|d| errors.check("created_from", parse_day(&d)))
            .map(start_of);
        let to = raw(&query.created_to)
            .and_then(|d| errors.check("created_to", parse_day(&d)))
            .and_then(|d| d.succ_opt())
            .map(start_of);
        if let (Some(from), Some(to)) = (from, to) {
            if to <= from {
                errors.add("created_to", "The end date is before the start date.");
            }
        }
        let sort = match raw(&query.sort) {
            Some(s) => errors.check("sort", parse_sort(&s)),
            None => Some(DEFAULT_SORT),
        };
        let page = match raw(&query.page) {
            Some(p) => errors.check("page", parse_number(&p, 1, MAX_PAGE, PAGE_RANGE)),
            None => Some(1),
        };
        let per_page = match raw(&query.per_page) {
            Some(p) => errors.check(
                "per_page",
                parse_number(&p, 1, MAX_PER_PAGE, PER_PAGE_RANGE),
            ),
            None => Some(DEFAULT_PER_PAGE),
        };
        match (sort, page, per_page) {
            (Some(sort), Some(page), Some(per_page)) if errors.is_empty() => Ok(Self {
                filter: CustomerFilter {
                    q,
                    group_id: None,
                    status,
                    verified,
                    created_from: from,
                    created_to: to,
                },
                group,
                sort,
                page: PageRequest { page, per_page },
            }),
            _ => Err(errors),
        }
    }
}

const PAGE_RANGE: &str = "Use a page number from 1 to 100000.";
const PER_PAGE_RANGE: &str = "Show from 1 to 200 customers per page.";

/// Search text: trimmed and lower-cased, at most [`Q_MAX_CHARS`]
/// characters, no control characters; `None` when empty.
pub fn parse_q(raw: &str) -> Result<Option<String>, String> {
    let q = raw.trim();
    if q.chars().any(char::is_control) {
        return Err("Search with letters, digits and punctuation only.".into());
    }
    if q.chars().count() > Q_MAX_CHARS {
        return Err(format!("Search for at most {Q_MAX_CHARS} characters."));
    }
    Ok((!q.is_empty()).then(|| q.to_lowercase()))
}

pub fn parse_status(raw: &str) -> Result<CustomerStatus, String> {
    match raw.trim() {
        "active" => Ok(CustomerStatus::Active),
        "disabled" => Ok(CustomerStatus::Disabled),
        _ => Err("Choose active or disabled.".into()),
    }
}

fn parse_verified(raw: &str) -> Result<bool, String> {
    match raw.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("Use true or false.".into()),
    }
}

/// A day as `YYYY-MM-DD`, from 1970 on.
fn parse_day(raw: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    let bad = || "Enter a date like 2026-01-31.".to_string();
    if raw.len() != 10 {
        return Err(bad());
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| bad())?;
    if day < NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() {
        return Err(bad());
    }
    Ok(day)
}

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// `created_at`, `email`, `first_name`, `last_name`, `status`, each
/// optionally with a leading `-` for descending.
pub fn parse_sort(raw: &str) -> Result<Sort, String> {
    let raw = raw.trim();
    let (descending, name) = match raw.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, raw),
    };
    let key = match name {
        "created_at" => SortKey::CreatedAt,
        "email" => SortKey::Email,
        "first_name" => SortKey::FirstName,
        "last_name" => SortKey::LastName,
        "status" => SortKey::Status,
        _ => {
            return Err(
                "Sort by created_at, email, first_name, last_name or status, \
                 with a leading - for the reverse order."
                    .into(),
            )
        }
    };
    Ok(Sort { key, descending })
}

/// The wire name of a sort, as [`parse_sort`] reads it.
pub fn sort_name(sort: Sort) -> String {
    let name = match sort.key {
        SortKey::CreatedAt => "created_at",
        SortKey::Email => "email",
        SortKey::FirstName => "first_name",
        SortKey::LastName => "last_name",
        SortKey::Status => "status",
    };
    if sort.descending {
        format!("-{name}")
    } else {
        name.to_owned()
    }
}

fn parse_number(raw: &str, min: u32, max: u32, range: &str) -> Result<u32, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(range.to_owned()),
    }
}

/// `before` and `limit` of a history page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryPaging {
    pub before: Option<i64>,
    pub limit: u32,
}

impl HistoryPaging {
    pub fn parse(query: &HistoryQuery) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let before = query
            .before
            .as_deref()
            .filter(|b| !b.is_empty())
            .and_then(|b| {
                errors.check(
                    "before",
                    b.parse::<i64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| "Use the `next` value of the previous page.".to_string()),
                )
            });
        let limit = match query.limit.as_deref().filter(|l| !l.is_empty()) {
            Some(l) => errors.check(
                "limit",
                parse_number(l, 1, MAX_HISTORY, "Ask for 1 to 200 entries."),
            ),
            None => Some(DEFAULT_HISTORY),
        };
        match limit {
            Some(limit) if errors.is_empty() => Ok(Self { before, limit }),
            _ => Err(errors),
        }
    }
}

mod inputs;

pub use inputs::{AdminChange, BulkRequest, StaffNewCustomer};

#[cfg(test)]
mod tests;
