//! Orders through the services, on every backend: totals and snapshots,
//! ownership, the unit of work of checkout with an account, and guest
//! orders joining only a verified account.

use super::groups::exec;
use super::history::count;
use super::*;
use customer_core::dto::{AddressInput, CheckoutInput, CheckoutItemInput, CreateAccountInput};
use customer_core::orders::dto::{CheckoutAccount, OrderPageQuery};
use customer_core::services::Missing;

fn ottawa() -> AddressInput {
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

fn order(email: &str, lines: &[(&str, i64)]) -> CheckoutInput {
    CheckoutInput {
        email: Some(email.into()),
        items: lines
            .iter()
            .map(|(sku, quantity)| CheckoutItemInput {
                sku: (*sku).into(),
                quantity: *quantity,
            })
            .collect(),
        shipping_address: Some(ottawa()),
        ..Default::default()
    }
}

pub(crate) async fn orders_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let here = client("203.0.113.70");
    let guest = shop.caller(&new_session(), &here).await;

    // Totals from the catalogue's prices: 3 x 20.00 + 1 x 9.00 to Canada.
    let placed = shop
        .services
        .orders
        .checkout(
            &guest,
            &order("g@example.com", &[("LK-TEA-002", 3), ("LK-INF-050", 1)]),
        )
        .await
        .expect("placed");
    let o = &placed.data;
    assert_eq!(
        (o.subtotal.amount, o.shipping.amount, o.tax.amount),
        (6_900, 1_500, 345)
    );
    assert_eq!(o.total.amount, 8_745);
    assert_eq!(o.items[0].line_total.amount, 6_000);
    assert!(o.guest);

    // Ann registers with the same email: not verified, nothing joins.
    let session = new_session();
    shop.register(&session, &here, &registration("g@example.com"))
        .await
        .expect("register");
    let ann = shop.caller(&session, &here).await;
    let none = shop
        .services
        .orders
        .list(&ann, &OrderPageQuery::default())
        .await
        .expect("list");
    assert_eq!(none.meta.total, 0);
    match shop.services.orders.get(&ann, &o.number).await {
        Err(ServiceError::NotFound(Missing::Order)) => {}
        other => panic!("a guest order is nobody's yet: {other:?}"),
    }

    // Verified (as the link would), the next login brings it in.
    exec(
        &db,
        "UPDATE customer SET email_verified_at = updated_at WHERE email = 'g@example.com'",
    )
    .await;
    let again = new_session();
    shop.log_in(&again, &here, &login("g@example.com", PASSWORD))
        .await
        .expect("log in");
    let ann = shop.caller(&again, &here).await;
    let mine = shop
        .services
        .orders
        .list(&ann, &OrderPageQuery::default())
        .await
        .expect("list");
    assert_eq!(mine.meta.total, 1);
    let got = shop
        .services
        .orders
        .get(&ann, &o.number)
        .await
        .expect("hers now");
    assert!(!got.guest);
    assert_eq!(got.shipping_address.city, "Ottawa");

    // Nobody else's: another customer gets "not found".
    let bob_session = new_session();
    shop.register(&bob_session, &here, &registration("bob@example.com"))
        .await
        .expect("register bob");
    let bob = shop.caller(&bob_session, &here).await;
    assert!(matches!(
        shop.services.orders.get(&bob, &o.number).await,
        Err(ServiceError::NotFound(Missing::Order))
    ));
}

pub(crate) async fn checkout_rollback_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let here = client("203.0.113.71");
    let session = new_session();
    let guest = shop.caller(&session, &here).await;

    // An account asked for, and a line that cannot be had: nothing is
    // written, not even the account.
    let mut input = order("late@example.com", &[("LK-TEA-001", 1), ("LK-TIN-060", 1)]);
    input.create_account = Some(CreateAccountInput {
        password: PASSWORD.into(),
    });
    match shop.services.orders.checkout(&guest, &input).await {
        Err(ServiceError::Invalid(fields)) => {
            assert!(
                fields.field_message("items[1].quantity").is_some(),
                "{fields:?}"
            )
        }
        other => panic!("sold out: {other:?}"),
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM customer").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM customer_order").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM customer_address").await, 0);
    assert_eq!(
        count(
            &db,
            "SELECT CAST(stock AS BIGINT) FROM product WHERE sku = 'LK-TEA-001'"
        )
        .await,
        500
    );

    // The same without the sold-out line: all of it, at once.
    input.items.pop();
    let guest = shop.caller(&session, &here).await;
    let placed = shop
        .services
        .orders
        .checkout(&guest, &input)
        .await
        .expect("placed");
    assert_eq!(placed.meta.account, Some(CheckoutAccount::Created));
    assert!(placed.meta.logged_in);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM customer").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM customer_address").await, 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM customer_order WHERE customer_id IS NOT NULL"
        )
        .await,
        1
    );
    let me = shop.caller(&session, &here).await;
    assert_eq!(
        me.customer().map(|c| c.customer.email.as_str()),
        Some("late@example.com")
    );
}
