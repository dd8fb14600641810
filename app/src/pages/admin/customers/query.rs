//! The customer grid's state lives in the URL (`?q=ann&status=active&
//! sort=-created_at&page=2`), so a search can be bookmarked, shared, and
//! worked without JavaScript. These helpers read it and write the links
//! that change one part of it.

use crate::api::CustomerQuery;

/// The query keys the grid reads, in the order links write them.
pub const KEYS: [&str; 9] = [
    "q",
    "group",
    "status",
    "verified",
    "created_from",
    "created_to",
    "sort",
    "page",
    "per_page",
];

/// The grid's default order: newest first.
pub const DEFAULT_SORT: &str = "-created_at";

/// Searches shorter than this look through every customer (no index can
/// help), so the page suggests typing more.
pub const FAST_SEARCH_CHARS: usize = 3;

/// The grid's query from the URL's pairs: an empty value is no value (a
/// filter form sends every field), the rest go to the service as they are,
/// which names any bad one.
pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> CustomerQuery {
    let take = |key: &str| {
        get(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    CustomerQuery {
        q: take("q"),
        group: take("group"),
        status: take("status"),
        verified: take("verified"),
        created_from: take("created_from"),
        created_to: take("created_to"),
        sort: take("sort"),
        page: take("page"),
        per_page: take("per_page"),
    }
}

/// The pairs of a query that are set, in [`KEYS`] order.
pub fn pairs(query: &CustomerQuery) -> Vec<(&'static str, &str)> {
    let values = [
        &query.q,
        &query.group,
        &query.status,
        &query.verified,
        &query.created_from,
        &query.created_to,
        &query.sort,
        &query.page,
        &query.per_page,
    ];
    KEYS.iter()
        .zip(values)
        .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
        .collect()
}

/// `?a=1&b=2` for the set pairs (empty when none).
pub fn query_string(query: &CustomerQuery) -> String {
    let parts: Vec<String> = pairs(query)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    match parts.is_empty() {
        true => String::new(),
        false => format!("?{}", parts.join("&")),
    }
}

/// The grid at another page of the same search.
pub fn page_href(query: &CustomerQuery, page: u64) -> String {
    let mut next = query.clone();
    next.page = (page > 1).then(|| page.to_string());
    format!("{}{}", super::GRID_PATH, query_string(&next))
}

/// The grid sorted by `column`: ascending first, descending when it is
/// already sorted ascending by it; back to page 1.
pub fn sort_href(query: &CustomerQuery, column: &str) -> String {
    let mut next = query.clone();
    let ascending = current_sort(query) == column;
    next.sort = Some(match ascending {
        true => format!("-{column}"),
        false => column.to_string(),
    });
    next.page = None;
    format!("{}{}", super::GRID_PATH, query_string(&next))
}

/// The sort in force (the default when none is asked for).
pub fn current_sort(query: &CustomerQuery) -> &str {
    query.sort.as_deref().unwrap_or(DEFAULT_SORT)
}

/// How a column is sorted now, for `aria-sort`.
pub fn aria_sort(query: &CustomerQuery, column: &str) -> &'static str {
    let sort = current_sort(query);
    if sort == column {
        "ascending"
    } else if sort.strip_prefix('-') == Some(column) {
        "descending"
    } else {
        "none"
    }
}

/// Whether the search text is too short to use the index.
pub fn slow_search(query: &CustomerQuery) -> bool {
    query
        .q
        .as_deref()
        .is_some_and(|q| q.chars().count() < FAST_SEARCH_CHARS)
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> CustomerQuery {
        from_pairs(|k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v))
    }

    #[test]
    fn empty_fields_are_no_filter() {
        let q = query(&[("q", " "), ("status", ""), ("group", "g1"), ("page", "2")]);
        assert_eq!(q.q, None);
        assert_eq!(q.status, None);
        assert_eq!(q.group.as_deref(), Some("g1"));
        assert_eq!(query_string(&q), "?group=g1&page=2");
        assert_eq!(query_string(&CustomerQuery::default()), "");
    }

    #[test]
    fn values_are_encoded() {
        let q = query(&[("q", "ann lee&x=1")]);
        assert_eq!(query_string(&q), "?q=ann%20lee%26x%3D1");
        assert_eq!(encode("12:ab/c"), "12%3Aab%2Fc");
    }

    #[test]
    fn sorting_toggles_and_goes_back_to_page_one() {
        let q = query(&[("q", "ann"), ("page", "3")]);
        assert_eq!(sort_href(&q, "email"), "/admin/customers?q=ann&sort=email");
        let q = query(&[("sort", "email"), ("page", "3")]);
        assert_eq!(sort_href(&q, "email"), "/admin/customers?sort=-email");
        assert_eq!(aria_sort(&q, "email"), "ascending");
        assert_eq!(aria_sort(&q, "last_name"), "none");
        // Newest first by default.
        let q = CustomerQuery::default();
        assert_eq!(aria_sort(&q, "created_at"), "descending");
        assert_eq!(
            sort_href(&q, "created_at"),
            "/admin/customers?sort=created_at"
        );
    }

    #[test]
    fn pages_keep_the_search() {
        let q = query(&[("q", "lee"), ("page", "2")]);
        assert_eq!(page_href(&q, 3), "/admin/customers?q=lee&page=3");
        assert_eq!(page_href(&q, 1), "/admin/customers?q=lee");
    }

    #[test]
    fn short_searches_are_flagged() {
        assert!(slow_search(&query(&[("q", "al")])));
        assert!(!slow_search(&query(&[("q", "ali")])));
        assert!(!slow_search(&CustomerQuery::default()));
    }
}
