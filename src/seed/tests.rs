//! The generator, without a database: determinism, the customers' spread, and
//! every order consistent with itself and the shop's rules.

use super::*;
use crate::orders::dto::OrderStatus;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z")
        .expect("a date")
        .with_timezone(&Utc)
}

#[test]
fn the_same_seed_gives_the_same_customers() {
    let run = |seed| {
        (1..=500)
            .map(|n| DemoCustomer::new(seed, n, n as f64 / 500.0, now()))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    let emails = |seed| run(seed).into_iter().map(|c| c.email).collect::<Vec<_>>();
    assert_ne!(emails(7), emails(8), "another seed, other names");
}

#[test]
fn emails_and_public_ids_are_unique_and_well_formed() {
    let customers: Vec<_> = (1..=5_000)
        .map(|n| DemoCustomer::new(1, n, 0.5, now()))
        .collect();
    let emails: std::collections::HashSet<_> = customers.iter().map(|c| &c.email).collect();
    let ids: std::collections::HashSet<_> = customers.iter().map(|c| &c.public_id).collect();
    assert_eq!(emails.len(), customers.len());
    assert_eq!(ids.len(), customers.len());
    for c in &customers {
        assert_eq!(c.public_id.len(), 36);
        assert!(crate::domain::Email::parse(&c.email).is_ok(), "{}", c.email);
        assert!(c.created_at <= now());
        assert!(c.created_at >= now() - Duration::days(DEMO_HISTORY_DAYS + 1));
        assert!(c
            .email_verified_at
            .is_none_or(|v| v >= c.created_at && v <= now()));
    }
    let vip = customers.iter().filter(|c| c.group_id == 3).count();
    let general = customers.iter().filter(|c| c.group_id == 1).count();
    assert!(
        general > 3_500 && (100..500).contains(&vip),
        "{general} {vip}"
    );
}

#[test]
fn later_sign_ups_are_denser() {
    let customers: Vec<_> = (0..10_000)
        .map(|i| DemoCustomer::new(3, i + 1, i as f64 / 10_000.0, now()))
        .collect();
    let last_90_days = customers
        .iter()
        .filter(|c| c.created_at > now() - Duration::days(90))
        .count();
    // Uniform over two years would put an eighth in the last 90 days,
    // this about a quarter.
    assert!((2_000..3_000).contains(&last_90_days), "{last_90_days}");
}

#[tokio::test]
async fn the_demo_password_passes_the_policy_and_verifies() {
    let hash = demo_hash().await.expect("a hash");
    let hasher = PasswordHasher::new(4, 1).expect("a hasher");
    let password = Password::parse(DEMO_PASSWORD, &[""]).expect("the policy");
    let verified = hasher.verify(&password, Some(&hash)).await.expect("check");
    assert!(verified.matches);
}

/// The catalogue of migration 0010.
fn catalogue() -> Catalogue {
    let products = [
        ("LK-TEA-001", "Larkspur breakfast tea, 500 g", 1800),
        ("LK-TEA-002", "Earl grey loose leaf, 500 g", 2000),
        ("LK-CUP-010", "Stoneware mug, speckled", 2400),
        ("LK-POT-020", "Cast iron teapot, 1 l", 6500),
        ("LK-HNY-030", "Wildflower honey, 340 g", 1200),
        ("LK-GFT-040", "Gift box, tea and honey", 4500),
        ("LK-INF-050", "Stainless tea infuser", 900),
        ("LK-TIN-060", "Airtight tea tin, 250 g", 1500),
    ];
    Catalogue {
        currency: "USD".into(),
        products: products
            .into_iter()
            .map(|(sku, name, price_minor)| Product {
                sku: sku.into(),
                name: name.into(),
                price_minor,
            })
            .collect(),
    }
}

fn plan(orders_per_customer: u64) -> Plan {
    Plan {
        orders_per_customer,
        catalogue: catalogue(),
    }
}

fn accounts(seed: u64, count: u64, orders: u64) -> Vec<DemoAccount> {
    let plan = plan(orders);
    (1..=count)
        .map(|n| DemoAccount::new(seed, n, n as f64 / count as f64, now(), &plan))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_orders() {
    assert_eq!(accounts(5, 300, 3), accounts(5, 300, 3));
    let numbers = |seed| {
        accounts(seed, 300, 3)
            .into_iter()
            .flat_map(|a| a.orders.into_iter().map(|o| o.number))
            .collect::<Vec<_>>()
    };
    assert_ne!(numbers(5), numbers(6), "another seed, other numbers");
    // Orders do not change who the customers are.
    let customers = |orders| {
        accounts(5, 50, orders)
            .into_iter()
            .map(|a| a.customer)
            .collect::<Vec<_>>()
    };
    assert_eq!(customers(0), customers(4));
    let none = accounts(5, 50, 0);
    assert!(none.iter().all(|a| a.orders.is_empty()));
    assert!(none.iter().all(|a| !a.addresses.is_empty()));
}

#[test]
fn orders_add_up_and_their_statuses_follow_the_rules() {
    use crate::orders::domain::number::normalize;
    use crate::orders::domain::pricing::totals;
    let catalogue = catalogue();
    let all = accounts(11, 4_000, 2);
    let mut numbers = std::collections::HashSet::new();
    let now_ms = now().timestamp_millis();
    for account in &all {
        let customer = &account.customer;
        assert!(account.orders.len() <= 4, "0 to twice the average");
        let mut previous = i64::MIN;
        for order in &account.orders {
            assert!(numbers.insert(order.number.clone()), "{}", order.number);
            assert_eq!(
                normalize(&order.number).as_deref(),
                Some(order.number.as_str())
            );
            assert!((1..=4).contains(&order.lines.len()));
            let mut skus = std::collections::HashSet::new();
            for line in &order.lines {
                let product = &catalogue.products[line.product];
                assert!(skus.insert(&product.sku), "a product once per order");
                assert_eq!(line.unit_price_minor, product.price_minor);
                assert!((1..=3).contains(&line.quantity));
                assert_eq!(
                    line.line_total_minor,
                    line.unit_price_minor * i64::from(line.quantity)
                );
            }
            let subtotal: i64 = order.lines.iter().map(|l| l.line_total_minor).sum();
            let country = account.addresses[order.shipping].country;
            assert_eq!(order.totals, totals(subtotal, country));
            assert_eq!(
                order.totals.total,
                order.totals.subtotal + order.totals.shipping + order.totals.tax
            );
            assert_eq!(
                order.item_count,
                order.lines.iter().map(|l| l.quantity).sum::<i32>()
            );
            assert_eq!(order.currency, "USD");
            assert!(order.billing < account.addresses.len());
            assert!(account.addresses[order.billing].default_billing);
            // Placed between signing up and now, in order.
            assert!(order.placed_at_ms > customer.created_at.timestamp_millis());
            assert!(order.placed_at_ms < now_ms);
            assert!(order.placed_at_ms >= previous, "oldest first");
            previous = order.placed_at_ms;
            // Pending when placed, each change allowed and later, none after now.
            assert_eq!(
                order.history.first(),
                Some(&(OrderStatus::Pending, order.placed_at_ms))
            );
            for pair in order.history.windows(2) {
                let ((from, at), (to, later)) = (pair[0], pair[1]);
                assert!(from.can_become(to), "{from:?} -> {to:?}");
                assert!(later > at);
            }
            let (last, at) = *order.history.last().expect("a status");
            assert_eq!(order.status, last);
            assert_eq!(order.updated_at_ms, at);
            assert!(at <= now_ms);
            assert!(!order.guest || customer.email_verified_at.is_none());
        }
    }
    let orders: Vec<&DemoOrder> = all.iter().flat_map(|a| &a.orders).collect();
    let without = all.iter().filter(|a| a.orders.is_empty()).count();
    assert!(
        (600..1_000).contains(&without),
        "about a fifth have none: {without}"
    );
    assert!((7_600..8_400).contains(&orders.len()), "{}", orders.len());
    let guests = orders.iter().filter(|o| o.guest).count();
    assert!((100..500).contains(&guests), "a few guest orders: {guests}");
}

#[test]
fn statuses_are_likely_for_the_orders_age() {
    let all = accounts(3, 20_000, 3);
    let now_ms = now().timestamp_millis();
    let day = 86_400_000;
    let (mut old, mut old_delivered, mut recent, mut recent_open) = (0, 0, 0, 0);
    let mut seen = std::collections::HashSet::new();
    for order in all.iter().flat_map(|a| &a.orders) {
        seen.insert(order.status);
        let age = now_ms - order.placed_at_ms;
        if age > 30 * day {
            old += 1;
            old_delivered += usize::from(order.status == OrderStatus::Delivered);
            assert_ne!(order.status, OrderStatus::Pending, "old orders moved on");
        } else if age < 2 * day {
            recent += 1;
            recent_open += usize::from(matches!(
                order.status,
                OrderStatus::Pending | OrderStatus::Paid | OrderStatus::Shipped
            ));
        }
    }
    assert_eq!(seen.len(), OrderStatus::ALL.len(), "every status: {seen:?}");
    assert!(old_delivered * 100 > old * 80, "{old_delivered} of {old}");
    assert!(
        recent > 0 && recent_open * 100 > recent * 80,
        "{recent_open} of {recent}"
    );
}

#[test]
fn addresses_pass_the_address_rules_and_orders_keep_them_as_they_are() {
    use crate::addresses::domain::ValidAddress;
    use crate::addresses::dto::AddressInput;
    use crate::orders::dto::OrderAddress;
    let all = accounts(13, 3_000, 0);
    let mut countries = std::collections::HashSet::new();
    for account in &all {
        let book = &account.addresses;
        assert!((1..=2).contains(&book.len()));
        assert_eq!(book.iter().filter(|a| a.default_shipping).count(), 1);
        assert_eq!(book.iter().filter(|a| a.default_billing).count(), 1);
        for a in book {
            countries.insert(a.country);
            let input = AddressInput {
                label: a.label.map(str::to_owned),
                first_name: a.first_name.clone(),
                last_name: a.last_name.clone(),
                company: a.company.clone(),
                line1: a.line1.clone(),
                line2: a.line2.clone(),
                city: a.city.to_owned(),
                province: a.province.map(str::to_owned),
                postal_code: Some(a.postal_code.to_owned()),
                country: a.country.to_owned(),
                ..AddressInput::default()
            };
            let valid =
                ValidAddress::parse(&input).unwrap_or_else(|e| panic!("{a:?}: {:?}", e.fields()));
            // Stored as the rules store it.
            assert_eq!(valid.province.as_deref(), a.province);
            assert_eq!(valid.postal_code.as_deref(), Some(a.postal_code));
            assert_eq!(valid.line1, a.line1);
            let snapshot: OrderAddress = serde_json::from_str(&a.snapshot).expect("JSON");
            assert_eq!(snapshot, OrderAddress::from(&valid));
            assert!(a.created_at >= account.customer.created_at && a.created_at <= now());
            assert_eq!(a.public_id.len(), 36);
        }
    }
    assert_eq!(
        countries.len(),
        places::COUNTRY_SHARES.len(),
        "{countries:?}"
    );
    let mut places_used = std::collections::HashSet::new();
    for account in &all {
        for a in &account.addresses {
            places_used.insert((a.country, a.city));
        }
    }
    assert_eq!(
        places_used.len(),
        places::PLACES.len(),
        "every city is used"
    );
}
