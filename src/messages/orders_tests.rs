//! Checkout's and orders' words in the no-JavaScript message table, and the
//! nested field names checkout's errors use.

use super::*;

fn assert_known(err: &AppError) {
    let kept = only_known(err.clone());
    assert_eq!(
        &kept, err,
        "a message orders write is missing from the table"
    );
}

#[test]
fn every_message_checkout_and_orders_write_is_in_the_table() {
    use crate::orders::domain::checkout::Checkout;
    use crate::orders::dto::{CheckoutInput, CheckoutItemInput, CreateAccountInput};
    let bad: CheckoutInput = serde_json::from_value(serde_json::json!({
        "items": [{"sku": "", "quantity": 1}, {"sku": "A", "quantity": 0}],
        "shipping_address": {"first_name": "A"},
        "shipping_address_id": "x",
        "billing_address_id": "y",
        "create_account": {"password": "x"},
        "coupon": "x"
    }))
    .expect("json");
    let mut probes = vec![
        Checkout::parse(&bad, false).expect_err("bad"),
        Checkout::parse(&bad, true).expect_err("bad"),
        Checkout::parse(&CheckoutInput::default(), false).expect_err("empty"),
    ];
    let mut many = CheckoutInput {
        email: Some("a@example.com".into()),
        items: (0..30)
            .map(|i| CheckoutItemInput {
                sku: format!("S{i}"),
                quantity: 1,
            })
            .collect(),
        create_account: Some(CreateAccountInput::default()),
        ..Default::default()
    };
    probes.push(Checkout::parse(&many, true).expect_err("many"));
    many.items.truncate(1);
    probes.push(Checkout::parse(&many, false).expect_err("no address"));
    for errors in probes {
        assert!(!errors.is_empty());
        for (field, message) in errors.into_map() {
            assert!(plain_field_name(&field), "{field}");
            assert!(known().contains(&message), "{field}: {message}");
        }
    }
    assert_known(&crate::services::ServiceError::NotFound(crate::services::Missing::Order).into());
    for message in crate::orders::domain::messages() {
        assert!(known().contains(&message));
    }
}

#[test]
fn nested_field_names_survive_and_odd_ones_still_do_not() {
    for name in [
        "items[2].quantity",
        "shipping_address.city",
        "create_account.password",
    ] {
        assert!(plain_field_name(name), "{name}");
    }
    for name in ["items[<b>]", "Items[0]", "a b", "x\"y", "items[0]\n"] {
        assert!(!plain_field_name(name), "{name}");
    }
}
