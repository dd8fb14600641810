//! Orders' rules that need no database: checkout's input, numbers,
//! shipping and tax, and which page of a history is asked for.

// Checkout's rules reuse the address parser, which lives on the server.
#[cfg(feature = "server")]
pub mod checkout;
pub mod number;
pub mod pricing;

use crate::domain::FieldErrors;
use crate::orders::dto::{OrderPageQuery, OrderStatus};

pub const DEFAULT_PER_PAGE: u32 = 10;
pub const MAX_PER_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 100_000;
pub const PAGE_RANGE: &str = "Use a page number from 1 to 100000.";
pub const PER_PAGE_RANGE: &str = "Show from 1 to 100 orders per page.";

pub const NO_SUCH_ORDER: &str = "No such order.";
pub const NOT_A_STATUS_FIELD: &str = "This is not a field of a status change.";

/// "Use one of: pending, paid, ...".
pub fn unknown_status() -> String {
    let all: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.as_str()).collect();
    format!("Use one of: {}.", all.join(", "))
}

/// Why an order cannot move from `from` to `to`, and where it can.
pub fn bad_transition(from: OrderStatus, to: OrderStatus) -> String {
    let next: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
    match next.is_empty() {
        true => format!("A {} order cannot change any more.", from.as_str()),
        false => format!(
            "A {} order cannot become {}; it can become {}.",
            from.as_str(),
            to.as_str(),
            next.join(" or ")
        ),
    }
}

/// Every fixed sentence orders write, for the no-JavaScript message table
/// (`messages.rs`). Messages naming a product carry catalogue data and are
/// not in it (they read back as the generic sentence).
#[cfg(feature = "server")]
pub fn messages() -> Vec<String> {
    use checkout as c;
    let mut m: Vec<String> = [
        c::NOT_A_CHECKOUT_FIELD,
        c::EMAIL_REQUIRED,
        c::NO_ITEMS,
        c::SKU_REQUIRED,
        c::QUANTITY_RANGE,
        c::SHIPPING_REQUIRED,
        c::ADDRESS_BOOK_NEEDS_LOGIN,
        c::ONE_ADDRESS,
        c::NO_SUCH_ADDRESS,
        c::ALREADY_LOGGED_IN,
        c::OTHER_CURRENCY,
        NOT_A_STATUS_FIELD,
        PAGE_RANGE,
        PER_PAGE_RANGE,
        NO_SUCH_ORDER,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    m.push(c::too_many_lines());
    m.push(unknown_status());
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            m.push(bad_transition(from, to));
        }
    }
    m
}

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
