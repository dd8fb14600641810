//! What an order costs beyond its lines: the demo shop's shipping and tax
//! rules, in integer minor units (never floats).
//!
//! - Shipping: free from [`FREE_SHIPPING_FROM`]; otherwise
//!   [`DOMESTIC_SHIPPING`] to the shop's home country ([`HOME_COUNTRY`]) and
//!   [`INTERNATIONAL_SHIPPING`] elsewhere.
//! - Tax: a rate per destination country ([`tax_rate_bp`], in basis
//!   points) on the subtotal, rounded half up to the minor unit. These are
//!   demonstration rates (a real shop plugs in its tax service here).

pub const HOME_COUNTRY: &str = "US";
pub const FREE_SHIPPING_FROM: i64 = 7_500;
pub const DOMESTIC_SHIPPING: i64 = 500;
pub const INTERNATIONAL_SHIPPING: i64 = 1_500;

/// The tax rate on goods shipped to `country`, in basis points (1/100 %).
pub fn tax_rate_bp(country: &str) -> i64 {
    match country {
        "CA" => 500,
        "GB" | "FR" => 2_000,
        "DE" => 1_900,
        "NL" => 2_100,
        "AU" => 1_000,
        _ => 0,
    }
}

/// The amounts of an order, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub subtotal: i64,
    pub shipping: i64,
    pub tax: i64,
    pub total: i64,
}

/// The totals of lines adding up to `subtotal`, shipped to `country`.
/// Saturating: absurd amounts cannot wrap around.
pub fn totals(subtotal: i64, country: &str) -> Totals {
    let shipping = if subtotal >= FREE_SHIPPING_FROM {
        0
    } else if country == HOME_COUNTRY {
        DOMESTIC_SHIPPING
    } else {
        INTERNATIONAL_SHIPPING
    };
    let tax = subtotal
        .saturating_mul(tax_rate_bp(country))
        .saturating_add(5_000)
        / 10_000;
    Totals {
        subtotal,
        shipping,
        tax,
        total: subtotal.saturating_add(shipping).saturating_add(tax),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domestic_orders_pay_flat_shipping_and_no_tax() {
        assert_eq!(
            totals(3_600, "US"),
            Totals {
                subtotal: 3_600,
                shipping: 500,
                tax: 0,
                total: 4_100
            }
        );
    }

    #[test]
    fn shipping_is_free_from_the_threshold_wherever_it_goes() {
        assert_eq!(totals(FREE_SHIPPING_FROM - 1, "US").shipping, 500);
        assert_eq!(totals(FREE_SHIPPING_FROM, "US").shipping, 0);
        assert_eq!(totals(FREE_SHIPPING_FROM, "GB").shipping, 0);
        assert_eq!(totals(1_000, "GB").shipping, 1_500);
    }

    #[test]
    fn tax_is_rounded_half_up_to_the_cent() {
        // 5 % of 1,010 is 50.5 -> 51; 5 % of 1,009 is 50.45 -> 50.
        assert_eq!(totals(1_010, "CA").tax, 51);
        assert_eq!(totals(1_009, "CA").tax, 50);
        let gb = totals(2_400, "GB");
        assert_eq!(gb.tax, 480);
        assert_eq!(gb.total, 2_400 + 1_500 + 480);
    }

    #[test]
    fn absurd_amounts_saturate_instead_of_wrapping() {
        assert!(totals(i64::MAX, "GB").total > 0);
    }
}
