//! What a demo customer has besides their row: an address book of one or
//! two addresses (the defaults set) and an order history, a pure function
//! of `(seed, n)`, the customer, the catalogue and the run's settings.

use chrono::{DateTime, Duration, Utc};

use super::mix::{pick, Mix};
use super::orders::{orders_for, Catalogue, DemoOrder};
use super::places::{self, PLACES, PLACE_NAMES};
use super::DemoCustomer;
use crate::orders::dto::OrderAddress;

/// Most orders a customer can have: order `j` of customer `n` is numbered
/// from `n << 8 | j`.
pub const MAX_ORDERS_PER_CUSTOMER: u64 = 255;
/// Most `--orders-per-customer` (the average; a customer has up to twice
/// as many).
pub const MAX_ORDERS_AVERAGE: u64 = 100;

/// One address of a demo customer's book, in its stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAddress {
    pub public_id: String,
    pub label: Option<&'static str>,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: &'static str,
    /// The province's code, where the country uses one.
    pub province: Option<&'static str>,
    pub postal_code: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    pub default_shipping: bool,
    pub default_billing: bool,
    pub created_at: DateTime<Utc>,
    /// The address as orders keep it (JSON of [`OrderAddress`]).
    pub snapshot: String,
}

/// A demo customer with their address book and orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub customer: DemoCustomer,
    pub addresses: Vec<DemoAddress>,
    pub orders: Vec<DemoOrder>,
}

/// What a run makes besides customers.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Orders per customer on average (each has 0 to twice as many).
    pub orders_per_customer: u64,
    pub catalogue: Catalogue,
}

const COMPANIES: &[&str] = &[
    "Northwind Traders",
    "Blue Heron Studio",
    "Acme Supplies",
    "Riverside Dental",
    "Harbour Books",
    "Green Leaf Café",
];

impl DemoAccount {
    /// Customer number `n` of `seed` (see [`DemoCustomer::new`]) with their
    /// addresses and orders.
    pub fn new(seed: u64, n: u64, position: f64, now: DateTime<Utc>, plan: &Plan) -> Self {
        let customer = DemoCustomer::new(seed, n, position, now);
        // A stream of its own: the customers stay what they were before
        // demo customers had addresses and orders.
        let mut mix = Mix::new(seed ^ 0x0A0D_DE55_0DE5_0000, n);
        let addresses = addresses_for(&customer, &mut mix, now);
        let orders = orders_for(seed, n, &customer, &addresses, plan, &mut mix, now);
        Self {
            customer,
            addresses,
            orders,
        }
    }
}

/// One or two addresses (two for 40%), the second mostly in the same
/// country; the first is the default shipping address, the default billing
/// address is the first for 70% of those with two.
fn addresses_for(customer: &DemoCustomer, mix: &mut Mix, now: DateTime<Utc>) -> Vec<DemoAddress> {
    let count = if mix.chance(40) { 2 } else { 1 };
    let billing = if count == 2 && mix.chance(30) { 1 } else { 0 };
    let home = places::country(mix);
    (0..count)
        .map(|i| {
            let country = if i == 1 && mix.chance(25) {
                places::country(mix)
            } else {
                home
            };
            let place = places::place_in(mix, country);
            let (line1, line2) = places::street(mix, country);
            let company = mix.chance(8).then(|| pick(mix, COMPANIES).to_owned());
            let label = (count == 2).then(|| match (i, company.is_some()) {
                (_, true) => "Work",
                (0, false) => "Home",
                _ => pick(mix, &["Parents", "Holiday home", "Home"]),
            });
            let uuid = uuid::Builder::from_random_bytes(
                (u128::from(mix.next()) << 64 | u128::from(mix.next())).to_be_bytes(),
            )
            .into_uuid();
            let added = Duration::minutes(mix.between(1, 60 * 24 * 30));
            let created_at = (customer.created_at + added).min(now);
            address(
                customer,
                place,
                Parts {
                    public_id: uuid.to_string(),
                    label,
                    company,
                    line1,
                    line2,
                    default_shipping: i == 0,
                    default_billing: i == billing,
                    created_at,
                },
            )
        })
        .collect()
}

struct Parts {
    public_id: String,
    label: Option<&'static str>,
    company: Option<String>,
    line1: String,
    line2: Option<String>,
    default_shipping: bool,
    default_billing: bool,
    created_at: DateTime<Utc>,
}

fn address(customer: &DemoCustomer, place: usize, parts: Parts) -> DemoAddress {
    let (city, province, postal_code, country) =
        PLACES.get(place).map_or(("Demo", None, "", "US"), |p| {
            (p.city, p.province, p.postal_code, p.country)
        });
    let (country_name, province_name) = PLACE_NAMES
        .get(place)
        .cloned()
        .unwrap_or_else(|| (country.to_owned(), None));
    let snapshot = serde_json::to_string(&OrderAddress {
        first_name: customer.first_name.clone(),
        last_name: customer.last_name.clone(),
        company: parts.company.clone(),
        line1: parts.line1.clone(),
        line2: parts.line2.clone(),
        city: city.to_owned(),
        province: province.map(str::to_owned),
        province_name,
        postal_code: Some(postal_code.to_owned()),
        country: country.to_owned(),
        country_name,
        phone: None,
    })
    .unwrap_or_else(|_| "{}".into());
    DemoAddress {
        public_id: parts.public_id,
        label: parts.label,
        first_name: customer.first_name.clone(),
        last_name: customer.last_name.clone(),
        company: parts.company,
        line1: parts.line1,
        line2: parts.line2,
        city,
        province,
        postal_code,
        country,
        default_shipping: parts.default_shipping,
        default_billing: parts.default_billing,
        created_at: parts.created_at,
        snapshot,
    }
}
