//! The address book's stories: the store contract, the rules of defaults
//! and limits, ownership, and what parallel changes leave behind.

use super::*;
use customer_core::addresses::store::{AddressRecord, DefaultKind};
use customer_core::addresses::MAX_ADDRESSES;
use customer_core::dto::{AddressInput, AddressPatch, AddressView};

pub(crate) fn ottawa() -> AddressInput {
    AddressInput {
        label: Some("Home".into()),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        line1: "24 Sussex Drive".into(),
        city: "Ottawa".into(),
        province: Some("ontario".into()),
        postal_code: Some("k1m 1m4".into()),
        country: "ca".into(),
        ..Default::default()
    }
}

fn berlin() -> AddressInput {
    AddressInput {
        label: Some("Office".into()),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        company: Some("Lee GmbH".into()),
        line1: "Unter den Linden 1".into(),
        city: "Berlin".into(),
        postal_code: Some("10117".into()),
        country: "DE".into(),
        ..Default::default()
    }
}

fn address_record(city: &str) -> AddressRecord {
    AddressRecord {
        label: None,
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        company: None,
        line1: "1 Main St".into(),
        line2: None,
        city: city.into(),
        province: Some("ON".into()),
        postal_code: Some("K1A 0B1".into()),
        country_code: "CA".into(),
        phone: None,
    }
}

impl Shop {
    async fn as_caller(&self, session: &Arc<MemorySession>) -> Caller {
        self.caller(session, &ClientInfo::default()).await
    }

    async fn add_address(
        &self,
        session: &Arc<MemorySession>,
        input: &AddressInput,
    ) -> Result<AddressView, ServiceError> {
        let caller = self.as_caller(session).await;
        self.services.addresses.add(&caller, input).await
    }

    async fn addresses(&self, session: &Arc<MemorySession>) -> Vec<AddressView> {
        let caller = self.as_caller(session).await;
        self.services.addresses.list(&caller).await.expect("list")
    }

    async fn update_address(
        &self,
        session: &Arc<MemorySession>,
        id: &str,
        patch: &AddressPatch,
    ) -> Result<AddressView, ServiceError> {
        let caller = self.as_caller(session).await;
        self.services.addresses.update(&caller, id, patch).await
    }

    async fn delete_address(
        &self,
        session: &Arc<MemorySession>,
        id: &str,
    ) -> Result<(), ServiceError> {
        let caller = self.as_caller(session).await;
        self.services.addresses.delete(&caller, id).await
    }

    /// A new customer, logged in on a new session.
    async fn customer(&self, email: &str) -> Arc<MemorySession> {
        let s = new_session();
        self.register(&s, &client("203.0.113.90"), &registration(email))
            .await
            .expect("register");
        s
    }
}

fn defaults(book: &[AddressView]) -> (Vec<&str>, Vec<&str>) {
    let pick = |f: fn(&AddressView) -> bool| {
        book.iter()
            .filter(|a| f(a))
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
    };
    (pick(|a| a.default_shipping), pick(|a| a.default_billing))
}

pub(crate) async fn address_store_contract(db: Database) {
    let mut conn = db.conn().await.expect("connection");
    let ann = conn
        .customers()
        .insert_customer(&record("ann@example.com"), now())
        .await
        .expect("insert ann")
        .customer_id();
    let bob = conn
        .customers()
        .insert_customer(&record("bob@example.com"), now())
        .await
        .expect("insert bob")
        .customer_id();
    let id = uuid::Uuid::new_v4().to_string();
    let row = conn
        .addresses()
        .insert_address(ann, &id, &address_record("Ottawa"), now())
        .await
        .expect("insert address");
    assert_eq!(row.public_id, id);
    assert!(!row.default_shipping && !row.default_billing);
    // Found by its owner only.
    let mine = conn.addresses().address_by_public_id(ann, &id).await;
    assert_eq!(mine.expect("read").map(|r| r.city), Some("Ottawa".into()));
    let theirs = conn.addresses().address_by_public_id(bob, &id).await;
    assert!(theirs.expect("read").is_none());
    assert!(!conn
        .addresses()
        .delete_address(bob, &id)
        .await
        .expect("delete"));
    // Defaults switch in two steps; a second default is refused by the
    // database itself, not only by the service.
    let other = conn
        .addresses()
        .insert_address(
            ann,
            &uuid::Uuid::new_v4().to_string(),
            &address_record("Toronto"),
            now(),
        )
        .await
        .expect("insert second");
    for target in [row.address_id(), other.address_id()] {
        conn.addresses()
            .set_default(ann, DefaultKind::Shipping, Some(target), now())
            .await
            .expect("set default");
        let defaults = conn
            .addresses()
            .default_addresses(ann)
            .await
            .expect("defaults");
        assert_eq!(defaults.len(), 1);
        assert_eq!(defaults[0].id, target.0);
    }
    let twice = conn
        .addresses()
        .insert_address(
            ann,
            &uuid::Uuid::new_v4().to_string(),
            &address_record("Kingston"),
            now(),
        )
        .await
        .expect("third");
    let sql = match &db {
        Database::Sqlite(_) => "UPDATE customer_address SET default_shipping = 1 WHERE id = $1",
        Database::Postgres(_) => {
            "UPDATE customer_address SET default_shipping = true WHERE id = $1"
        }
    };
    let refused = match &db {
        Database::Sqlite(pool) => sqlx::query(sql).bind(twice.id).execute(pool).await.is_err(),
        Database::Postgres(pool) => sqlx::query(sql).bind(twice.id).execute(pool).await.is_err(),
    };
    assert!(
        refused,
        "the database allows only one default shipping address"
    );
    assert_eq!(
        conn.addresses().count_addresses(ann).await.expect("count"),
        3
    );
    assert_eq!(
        conn.addresses().count_addresses(bob).await.expect("count"),
        0
    );
    // Unsetting leaves none; deleting removes the row.
    conn.addresses()
        .set_default(ann, DefaultKind::Shipping, None, now())
        .await
        .expect("unset");
    assert!(conn
        .addresses()
        .default_addresses(ann)
        .await
        .expect("defaults")
        .is_empty());
    assert!(conn
        .addresses()
        .delete_address(ann, &id)
        .await
        .expect("delete"));
    let left: Vec<String> = conn
        .addresses()
        .list_addresses(ann)
        .await
        .expect("list")
        .into_iter()
        .map(|r| r.city)
        .collect();
    assert_eq!(left, ["Toronto", "Kingston"], "oldest first");
}

pub(crate) async fn address_book_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db, &clock);
    let ann = shop.customer("ann@example.com").await;
    let me = shop.current(&ann).await.expect("me").expect("signed in");
    assert!(me.default_shipping_address.is_none() && me.default_billing_address.is_none());

    // The first address becomes both defaults, stored in canonical form.
    let home = shop.add_address(&ann, &ottawa()).await.expect("add home");
    assert_eq!(home.country, "CA");
    assert_eq!(home.country_name, "Canada");
    assert_eq!(home.province.as_deref(), Some("ON"));
    assert_eq!(home.province_name.as_deref(), Some("Ontario"));
    assert_eq!(home.postal_code.as_deref(), Some("K1M 1M4"));
    assert!(home.default_shipping && home.default_billing);
    // A second one does not take over unless asked.
    let office = shop.add_address(&ann, &berlin()).await.expect("add office");
    assert!(!office.default_shipping && !office.default_billing);
    assert_eq!(office.province, None);
    let me = shop.current(&ann).await.expect("me").expect("signed in");
    assert_eq!(
        me.default_shipping_address.map(|a| a.id),
        Some(home.id.clone())
    );
    assert_eq!(
        me.default_billing_address.map(|a| a.id),
        Some(home.id.clone())
    );

    // Switching a default unsets the old one in the same change.
    let office = shop
        .update_address(
            &ann,
            &office.id,
            &AddressPatch {
                default_shipping: Some(true),
                line2: Patch::Set("3rd floor".into()),
                ..Default::default()
            },
        )
        .await
        .expect("make office the shipping default");
    assert!(office.default_shipping && !office.default_billing);
    assert_eq!(office.line2.as_deref(), Some("3rd floor"));
    let book = shop.addresses(&ann).await;
    assert_eq!(
        defaults(&book),
        (vec![office.id.as_str()], vec![home.id.as_str()])
    );

    // A new address may claim a default as it is added.
    let cottage = shop
        .add_address(
            &ann,
            &AddressInput {
                label: Some("Cottage".into()),
                default_billing: true,
                ..ottawa()
            },
        )
        .await
        .expect("add cottage");
    let book = shop.addresses(&ann).await;
    assert_eq!(
        defaults(&book),
        (vec![office.id.as_str()], vec![cottage.id.as_str()])
    );

    // A new country re-checks the stored province and postal code.
    let refused = shop
        .update_address(
            &ann,
            &home.id,
            &AddressPatch {
                country: Patch::Set("DE".into()),
                ..Default::default()
            },
        )
        .await;
    let Err(ServiceError::Invalid(fields)) = refused else {
        panic!("a Canadian province in Germany: {refused:?}");
    };
    assert!(fields.field_message("province").is_some(), "{fields:?}");
    // Clearing a required field is refused by name; unknown keys too.
    let refused = shop
        .update_address(
            &ann,
            &home.id,
            &serde_json::from_str(r#"{"city": null, "zip": "K1A"}"#).expect("json"),
        )
        .await;
    let Err(ServiceError::Invalid(fields)) = refused else {
        panic!("no city: {refused:?}");
    };
    assert!(fields.field_message("city").is_some() && fields.field_message("zip").is_some());
    let unchanged = shop.addresses(&ann).await;
    assert_eq!(unchanged, book, "a refused change changes nothing");

    // Deleting a default leaves no default of that kind: nothing is promoted.
    shop.delete_address(&ann, &office.id)
        .await
        .expect("delete office");
    let book = shop.addresses(&ann).await;
    assert_eq!(defaults(&book), (vec![], vec![cottage.id.as_str()]));
    let me = shop.current(&ann).await.expect("me").expect("signed in");
    assert!(me.default_shipping_address.is_none());
    assert_eq!(
        me.default_billing_address.map(|a| a.id),
        Some(cottage.id.clone())
    );
    // Gone is gone.
    let again = shop.delete_address(&ann, &office.id).await;
    assert!(matches!(again, Err(ServiceError::NotFound(_))), "{again:?}");

    // Someone else's address is not found on every route, and nothing changes.
    let bob = shop.customer("bob@example.com").await;
    assert!(shop.addresses(&bob).await.is_empty());
    let caller = shop.as_caller(&bob).await;
    let get = shop.services.addresses.get(&caller, &home.id).await;
    assert!(matches!(get, Err(ServiceError::NotFound(_))), "{get:?}");
    let patch = AddressPatch {
        city: Patch::Set("Hacked".into()),
        default_shipping: Some(true),
        ..Default::default()
    };
    let update = shop.update_address(&bob, &home.id, &patch).await;
    assert!(
        matches!(update, Err(ServiceError::NotFound(_))),
        "{update:?}"
    );
    let delete = shop.delete_address(&bob, &home.id).await;
    assert!(
        matches!(delete, Err(ServiceError::NotFound(_))),
        "{delete:?}"
    );
    for nonsense in ["", "1", "../../etc", &"a".repeat(5000)] {
        let r = shop.delete_address(&bob, nonsense).await;
        assert!(matches!(r, Err(ServiceError::NotFound(_))), "{r:?}");
    }
    assert_eq!(shop.addresses(&ann).await, book);

    // Signed out: not logged in.
    let anonymous = new_session();
    let caller = shop.as_caller(&anonymous).await;
    let r = shop.services.addresses.list(&caller).await;
    assert!(matches!(r, Err(ServiceError::NotLoggedIn)), "{r:?}");
}

pub(crate) async fn address_limit_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db, &clock);
    let ann = shop.customer("ann@example.com").await;
    for _ in 0..MAX_ADDRESSES - 3 {
        shop.add_address(&ann, &ottawa()).await.expect("add");
    }
    // Eight at once for the last three places: exactly three get in.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let services = shop.services.clone();
        let caller = shop.as_caller(&ann).await;
        tasks.spawn(async move { services.addresses.add(&caller, &berlin()).await });
    }
    let mut added = 0;
    while let Some(result) = tasks.join_next().await {
        match result.expect("task") {
            Ok(_) => added += 1,
            Err(ServiceError::TooManyAddresses { max }) => assert_eq!(max, MAX_ADDRESSES),
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!(added, 3);
    assert_eq!(shop.addresses(&ann).await.len(), MAX_ADDRESSES);
    let full = shop.add_address(&ann, &ottawa()).await;
    let Err(e @ ServiceError::TooManyAddresses { .. }) = full else {
        panic!("the 51st: {full:?}");
    };
    let app: AppError = e.into();
    assert_eq!(app.status(), 422);
    assert!(
        app.message().contains("50")
            || app
                .fields()
                .is_some_and(|f| f.values().any(|m| m.contains("50")))
    );
}

pub(crate) async fn parallel_defaults_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db, &clock);
    let ann = shop.customer("ann@example.com").await;
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(shop.add_address(&ann, &berlin()).await.expect("add").id);
    }
    // Every address asks to be both defaults at the same moment.
    let mut tasks = tokio::task::JoinSet::new();
    for id in &ids {
        let services = shop.services.clone();
        let caller = shop.as_caller(&ann).await;
        let id = id.clone();
        tasks.spawn(async move {
            let patch = AddressPatch {
                default_shipping: Some(true),
                default_billing: Some(true),
                ..Default::default()
            };
            services.addresses.update(&caller, &id, &patch).await
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("task").expect("every switch succeeds");
    }
    let book = shop.addresses(&ann).await;
    let (shipping, billing) = defaults(&book);
    assert_eq!(
        shipping.len(),
        1,
        "exactly one default shipping: {shipping:?}"
    );
    assert_eq!(billing.len(), 1, "exactly one default billing: {billing:?}");
}
