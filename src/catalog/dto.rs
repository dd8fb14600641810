//! The catalogue's wire types, and money as every resource shows it.

use serde::{Deserialize, Serialize};

/// An amount of money in the currency's minor unit (cents for USD).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// In minor units: 1150 is 11.50 in USD.
    #[cfg_attr(feature = "openapi", schema(example = 1150))]
    pub amount: i64,
    /// ISO 4217.
    #[cfg_attr(feature = "openapi", schema(example = "USD"))]
    pub currency: String,
}

/// Currencies whose minor unit is the unit itself.
const NO_MINOR_UNIT: [&str; 4] = ["JPY", "KRW", "ISK", "CLP"];

impl Money {
    pub fn new(amount: i64, currency: &str) -> Self {
        Self {
            amount,
            currency: currency.to_owned(),
        }
    }

    /// The amount for people: "$11.50", "€9.00", "£4.20", "¥500", else
    /// "CHF 12.00".
    pub fn format(&self) -> String {
        let symbol = match self.currency.as_str() {
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            _ => None,
        };
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let number = if NO_MINOR_UNIT.contains(&self.currency.as_str()) {
            group_thousands(abs)
        } else {
            format!("{}.{:02}", group_thousands(abs / 100), abs % 100)
        };
        match symbol {
            Some(s) => format!("{sign}{s}{number}"),
            None => format!("{sign}{} {number}", self.currency),
        }
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One product as checkout offers it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductView {
    #[cfg_attr(feature = "openapi", schema(example = "LK-TEA-001"))]
    pub sku: String,
    #[cfg_attr(feature = "openapi", schema(example = "Larkspur breakfast tea, 500 g"))]
    pub name: String,
    /// Per unit.
    pub price: Money,
    /// Units left; 0 is sold out.
    #[cfg_attr(feature = "openapi", schema(example = 120))]
    pub stock: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(amount: i64, currency: &str) -> String {
        Money::new(amount, currency).format()
    }

    #[test]
    fn money_is_formatted_from_minor_units() {
        assert_eq!(money(1150, "USD"), "$11.50");
        assert_eq!(money(5, "USD"), "$0.05");
        assert_eq!(money(123_456_789, "EUR"), "€1,234,567.89");
        assert_eq!(money(420, "GBP"), "£4.20");
        assert_eq!(money(500, "JPY"), "¥500");
        assert_eq!(money(1200, "CHF"), "CHF 12.00");
        assert_eq!(money(-250, "USD"), "-$2.50");
    }
}
