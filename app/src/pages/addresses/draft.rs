//! What the address form's fields start with: a saved address (edit), or
//! what the page's query carries, after "Update the form for this country"
//! (no JavaScript) or a failed post (`__kept_*`).

use customer_core::dto::AddressView;
use leptos_router::params::ParamsMap;

use crate::KEPT_PREFIX;

/// What the fields start with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub label: String,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub province: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
    pub default_shipping: bool,
    pub default_billing: bool,
}

impl Draft {
    /// The fields as the page's query carries them, if it does: after a
    /// failed post without JavaScript, what was typed (`__kept_*`, empty
    /// fields left out); after "Update the form for this country", every
    /// field as sent (the form always sends `country`). `None` otherwise.
    pub fn from_query(q: &ParamsMap) -> Option<Self> {
        Self::from_query_prefixed(q, "")
    }

    /// The same for a form whose fields' names start with `form` (the
    /// checkout's `shipping_` and `billing_` addresses).
    pub fn from_query_prefixed(q: &ParamsMap, form: &str) -> Option<Self> {
        let prefix = if q.get("__err").is_some() {
            format!("{KEPT_PREFIX}{form}")
        } else if q.get(&format!("{form}country")).is_some() {
            form.to_string()
        } else {
            return None;
        };
        let text = |name: &str| q.get(&format!("{prefix}{name}")).unwrap_or_default();
        Some(Self {
            label: text("label"),
            first_name: text("first_name"),
            last_name: text("last_name"),
            company: text("company"),
            line1: text("line1"),
            line2: text("line2"),
            city: text("city"),
            province: text("province"),
            postal_code: text("postal_code"),
            country: text("country").trim().to_ascii_uppercase(),
            phone: text("phone"),
            default_shipping: !text("default_shipping").is_empty(),
            default_billing: !text("default_billing").is_empty(),
        })
    }

    /// A saved address, to edit. The default boxes start unticked: ticking
    /// one makes the address that default.
    pub fn from_address(a: &AddressView) -> Self {
        Self {
            label: a.label.clone().unwrap_or_default(),
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            company: a.company.clone().unwrap_or_default(),
            line1: a.line1.clone(),
            line2: a.line2.clone().unwrap_or_default(),
            city: a.city.clone(),
            province: a.province.clone().unwrap_or_default(),
            postal_code: a.postal_code.clone().unwrap_or_default(),
            country: a.country.clone(),
            phone: a.phone.clone().unwrap_or_default(),
            default_shipping: false,
            default_billing: false,
        }
    }
}

/// The country the query asks the form for, if any (the resource's key).
pub fn queried_country(q: &ParamsMap) -> Option<String> {
    Draft::from_query(q).map(|d| d.country)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> ParamsMap {
        let mut q = ParamsMap::new();
        for (k, v) in pairs {
            q.insert(k.to_string(), v.to_string());
        }
        q
    }

    #[test]
    fn a_plain_visit_has_no_draft() {
        assert_eq!(Draft::from_query(&query(&[("saved", "added")])), None);
    }

    #[test]
    fn a_reload_for_a_country_keeps_every_field() {
        let q = query(&[
            ("country", "de"),
            ("first_name", "Ann"),
            ("line2", ""),
            ("default_billing", "on"),
        ]);
        let d = Draft::from_query(&q).expect("draft");
        assert_eq!(d.country, "DE");
        assert_eq!(d.first_name, "Ann");
        assert!(d.default_billing && !d.default_shipping);
        assert_eq!(queried_country(&q).as_deref(), Some("DE"));
    }

    #[test]
    fn after_a_failed_post_only_what_was_typed_counts() {
        // The page was reloaded for Canada first, then the post failed: the
        // kept values win, and a field emptied since is empty.
        let q = query(&[
            ("country", "CA"),
            ("line2", "Apt 4"),
            ("__path", "/api/fn/add_address"),
            ("__err", "e30="),
            ("__kept_country", "DE"),
            ("__kept_city", "Berlin"),
        ]);
        let d = Draft::from_query(&q).expect("draft");
        assert_eq!((d.country.as_str(), d.city.as_str()), ("DE", "Berlin"));
        assert_eq!(d.line2, "");
    }

    #[test]
    fn a_prefixed_form_reads_its_own_fields() {
        let q = query(&[
            ("shipping_country", "ca"),
            ("shipping_city", "Ottawa"),
            ("city", "Elsewhere"),
        ]);
        let d = Draft::from_query_prefixed(&q, "shipping_").expect("draft");
        assert_eq!((d.country.as_str(), d.city.as_str()), ("CA", "Ottawa"));
        assert_eq!(Draft::from_query_prefixed(&q, "billing_"), None);
    }
}
