use super::*;
use crate::orders::dto::{CheckoutItemInput, CreateAccountInput};

fn address() -> AddressInput {
    AddressInput {
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        line1: "24 Sussex Drive".into(),
        city: "Ottawa".into(),
        province: Some("ON".into()),
        postal_code: Some("K1M 1M4".into()),
        country: "CA".into(),
        ..Default::default()
    }
}

fn item(sku: &str, quantity: i64) -> CheckoutItemInput {
    CheckoutItemInput {
        sku: sku.into(),
        quantity,
    }
}

fn input() -> CheckoutInput {
    CheckoutInput {
        email: Some("Ann@Example.com".into()),
        items: vec![item("LK-TEA-001", 2)],
        shipping_address: Some(address()),
        ..Default::default()
    }
}

fn errors(input: &CheckoutInput, logged_in: bool) -> Vec<(String, String)> {
    Checkout::parse(input, logged_in)
        .expect_err("should be refused")
        .into_map()
        .into_iter()
        .collect()
}

fn keys(input: &CheckoutInput, logged_in: bool) -> Vec<String> {
    errors(input, logged_in)
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

#[test]
fn a_guest_checkout_is_accepted_and_normalised() {
    let checkout = Checkout::parse(&input(), false).expect("valid");
    assert_eq!(checkout.email.expect("email").as_str(), "ann@example.com");
    assert_eq!(checkout.lines.len(), 1);
    assert!(matches!(checkout.shipping, AddressChoice::Given(_)));
    assert!(checkout.billing.is_none());
    assert!(checkout.account.is_none());
}

#[test]
fn a_guest_needs_an_email_and_a_customer_does_not() {
    let mut no_email = input();
    no_email.email = None;
    assert_eq!(keys(&no_email, false), ["email"]);
    assert!(Checkout::parse(&no_email, true).is_ok());
}

#[test]
fn lines_are_merged_by_sku_sorted_and_named_by_position_when_bad() {
    let mut many = input();
    many.items = vec![item("B", 2), item(" A ", 1), item("B", 3)];
    let lines = Checkout::parse(&many, false).expect("valid").lines;
    let got: Vec<_> = lines.iter().map(|l| (l.sku.as_str(), l.quantity)).collect();
    assert_eq!(got, [("A", 1), ("B", 5)]);

    let mut bad = input();
    bad.items = vec![item("A", 1), item("", 1), item("C", 0), item("D", 100)];
    assert_eq!(
        keys(&bad, false),
        ["items[1].sku", "items[2].quantity", "items[3].quantity"]
    );

    let mut over = input();
    over.items = vec![item("A", 60), item("A", 60)];
    assert_eq!(keys(&over, false), ["items[1].quantity"]);
}

#[test]
fn an_empty_or_oversized_cart_is_refused_as_a_whole() {
    let mut empty = input();
    empty.items.clear();
    assert_eq!(keys(&empty, false), ["items"]);
    let mut huge = input();
    huge.items = (0..=MAX_LINES).map(|i| item(&format!("S{i}"), 1)).collect();
    assert_eq!(keys(&huge, false), ["items"]);
}

#[test]
fn a_hostile_sku_is_refused_and_clipped_in_the_message() {
    let mut bad = input();
    bad.items = vec![item(&"X".repeat(5_000), 1), item("A\u{0}B", 1)];
    let errs = errors(&bad, false);
    assert_eq!(errs.len(), 2);
    assert!(errs[0].1.len() < 100, "{}", errs[0].1);
}

#[test]
fn address_errors_are_named_by_their_path() {
    let mut bad = input();
    let mut shipping = address();
    shipping.city = String::new();
    bad.shipping_address = Some(shipping);
    let mut billing = address();
    billing.country = "ZZ".into();
    bad.billing_address = Some(billing);
    assert_eq!(
        keys(&bad, false),
        ["billing_address.country", "shipping_address.city"]
    );

    let mut none = input();
    none.shipping_address = None;
    assert_eq!(keys(&none, false), ["shipping_address"]);
}

#[test]
fn only_a_customer_may_use_the_address_book_and_never_with_an_address() {
    let mut from_book = input();
    from_book.shipping_address = None;
    from_book.shipping_address_id = Some("0b7c8a2e-0000-4000-8000-000000000001".into());
    assert_eq!(keys(&from_book, false), ["shipping_address_id"]);
    let checkout = Checkout::parse(&from_book, true).expect("valid for a customer");
    assert!(matches!(checkout.shipping, AddressChoice::FromBook(_)));

    let mut both = input();
    both.shipping_address_id = Some("x".into());
    assert_eq!(keys(&both, true), ["shipping_address"]);
}

#[test]
fn an_account_follows_the_registration_rules() {
    let mut with_account = input();
    with_account.create_account = Some(CreateAccountInput {
        password: "correct horse battery staple".into(),
    });
    let account = Checkout::parse(&with_account, false)
        .expect("valid")
        .account
        .expect("an account");
    assert_eq!(account.first_name.as_str(), "Ann");

    with_account.create_account = Some(CreateAccountInput {
        password: "short".into(),
    });
    assert_eq!(keys(&with_account, false), ["create_account.password"]);
    assert_eq!(keys(&with_account, true), ["create_account"]);
}

#[test]
fn unknown_keys_are_named() {
    let bad: CheckoutInput = serde_json::from_value(serde_json::json!({
        "email": "a@example.com", "items": [{"sku": "A", "quantity": 1}],
        "shipping_address": {"first_name": "A", "last_name": "B", "line1": "1 St",
            "city": "Ottawa", "province": "ON", "postal_code": "K1M 1M4", "country": "CA"},
        "coupon": "FREE"
    }))
    .expect("json");
    assert_eq!(keys(&bad, false), ["coupon"]);
}
