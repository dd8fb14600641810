//! Orders' rules that need no database: checkout's input, numbers,
//! shipping and tax, and which page of a history is asked for.

pub mod checkout;
pub mod number;
pub mod pricing;

use crate::domain::FieldErrors;
use crate::orders::dto::OrderPageQuery;

pub const DEFAULT_PER_PAGE: u32 = 10;
pub const MAX_PER_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 100_000;
pub const PAGE_RANGE: &str = "Use a page number from 1 to 100000.";
pub const PER_PAGE_RANGE: &str = "Show from 1 to 100 orders per page.";

/// A page of an order history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderPaging {
    pub page: u32,
    pub per_page: u32,
}

impl OrderPaging {
    pub fn first(per_page: u32) -> Self {
        Self { page: 1, per_page }
    }

    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// Empty values are the defaults; anything else out of range is named.
    pub fn parse(query: &OrderPageQuery) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let number = |raw: &Option<String>, max: u32, default: u32| -> Result<u32, ()> {
            match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(default),
                Some(s) => match s.parse::<u32>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(n),
                    _ => Err(()),
                },
            }
        };
        let page = number(&query.page, MAX_PAGE, 1)
            .map_err(|()| errors.add("page", PAGE_RANGE))
            .ok();
        let per_page = number(&query.per_page, MAX_PER_PAGE, DEFAULT_PER_PAGE)
            .map_err(|()| errors.add("per_page", PER_PAGE_RANGE))
            .ok();
        match (page, per_page) {
            (Some(page), Some(per_page)) => Ok(Self { page, per_page }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(page: Option<&str>, per_page: Option<&str>) -> OrderPageQuery {
        OrderPageQuery {
            page: page.map(str::to_owned),
            per_page: per_page.map(str::to_owned),
        }
    }

    #[test]
    fn paging_defaults_and_ranges() {
        assert_eq!(
            OrderPaging::parse(&query(None, Some(""))),
            Ok(OrderPaging {
                page: 1,
                per_page: DEFAULT_PER_PAGE
            })
        );
        let p = OrderPaging::parse(&query(Some("3"), Some("20"))).expect("ok");
        assert_eq!(p.offset(), 40);
        let bad = OrderPaging::parse(&query(Some("0"), Some("101"))).expect_err("bad");
        assert_eq!(bad.fields().len(), 2);
        assert!(OrderPaging::parse(&query(Some("-1"), None)).is_err());
        assert!(OrderPaging::parse(&query(Some("1e3"), None)).is_err());
        assert!(OrderPaging::parse(&query(Some("99999999999"), None)).is_err());
    }
}
