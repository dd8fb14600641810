//! Staff working on customers, told as stories on every backend: the role
//! is decided in the service (whatever the interface), and every change
//! writes its history entry in the same transaction, so a change that fails
//! after its entry was written leaves neither.

use super::*;
use customer_core::admin::dto::{
    AdminCustomerPatch, AdminNewCustomer, BulkInput, CustomerQuery, HistoryQuery,
};
use customer_core::caller::StaffCookie;
use customer_core::history::dto::HistoryEntryView;
use customer_core::staff::dto::NewStaffInput;
use customer_core::staff::Role;

const STAFF_PASSWORD: &str = "quartz lantern orchard 71";

impl Shop {
    /// A caller logged in as a new staff member of `role`.
    async fn staff_named(&self, role: Role, email: &str, name: &str) -> Caller {
        self.services
            .staff
            .create(&NewStaffInput {
                email: email.into(),
                name: name.into(),
                password: STAFF_PASSWORD.into(),
                role,
            })
            .await
            .expect("staff created");
        let at_login = Caller::anonymous(client("198.51.100.7"));
        self.services
            .staff
            .log_in(&at_login, &login(email, STAFF_PASSWORD))
            .await
            .expect("staff login");
        let Some(StaffCookie::Set(token)) = at_login.staff_cookie().take() else {
            panic!("no staff cookie");
        };
        let mut info = client("198.51.100.7");
        info.staff_token = Some(DeviceToken(token));
        self.services
            .auth
            .resolve(None, info)
            .await
            .expect("resolve staff")
    }

    async fn history_of(&self, staff: &Caller, id: &str) -> Vec<HistoryEntryView> {
        self.services
            .admin
            .history(staff, id, &HistoryQuery::default())
            .await
            .expect("history")
            .data
    }
}

fn patch(json: &str) -> AdminCustomerPatch {
    serde_json::from_str(json).expect("json")
}

async fn run_sql(db: &Database, statements: &[&str]) {
    for sql in statements {
        match db {
            Database::Sqlite(pool) => {
                sqlx::query(sql).execute(pool).await.expect("sql");
            }
            Database::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await.expect("sql");
            }
        }
    }
}

/// The raw `changes` of every history row, behind the service's back.
async fn raw_history(db: &Database) -> Vec<String> {
    let sql = "SELECT action || ' ' || changes FROM customer_history ORDER BY id";
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .expect("history rows")
}

/// Support views and edits profiles; only an admin changes groups and
/// statuses, creates, acts in bulk or exports. Anonymous callers are asked
/// to log in, customers are refused, and a refused change changes nothing.
pub(crate) async fn admin_roles_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let ann_session = new_session();
    let ann = shop
        .register(
            &ann_session,
            &client("203.0.113.1"),
            &registration("ann@example.com"),
        )
        .await
        .expect("register");
    let support = shop
        .staff_named(Role::Support, "help@example.com", "Sam Support")
        .await;
    let admin = shop
        .staff_named(Role::Admin, "boss@example.com", "Olive Owner")
        .await;
    let customer = shop.caller(&ann_session, &ClientInfo::default()).await;
    let anonymous = Caller::anonymous(ClientInfo::default());
    let admin_svc = &shop.services.admin;

    let page = admin_svc
        .list(&support, &CustomerQuery::default())
        .await
        .expect("support lists");
    assert_eq!(page.meta.total, 1);
    assert!(matches!(
        admin_svc.list(&anonymous, &CustomerQuery::default()).await,
        Err(ServiceError::NotLoggedIn)
    ));
    assert!(matches!(
        admin_svc.list(&customer, &CustomerQuery::default()).await,
        Err(ServiceError::Forbidden)
    ));

    let renamed = admin_svc
        .update(&support, &ann.id, &patch(r#"{"last_name": "Lee-Smith"}"#))
        .await
        .expect("support edits a profile");
    assert_eq!(renamed.last_name, "Lee-Smith");
    for change in [
        r#"{"status": "disabled"}"#,
        r#"{"last_name": "X", "group_id": "00000000-0000-4000-8000-000000000003"}"#,
    ] {
        let refused = admin_svc.update(&support, &ann.id, &patch(change)).await;
        assert!(matches!(refused, Err(ServiceError::Forbidden)), "{change}");
    }
    let bulk = BulkInput {
        ids: vec![ann.id.clone()],
        action: "disable".into(),
        ..Default::default()
    };
    assert!(matches!(
        admin_svc.bulk(&support, &bulk).await,
        Err(ServiceError::Forbidden)
    ));
    let new = AdminNewCustomer {
        email: "bea@example.com".into(),
        first_name: "Bea".into(),
        last_name: "Lee".into(),
        ..Default::default()
    };
    assert!(matches!(
        admin_svc.create(&support, &new).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        admin_svc.export(&support, &CustomerQuery::default()).await,
        Err(ServiceError::Forbidden)
    ));
    // Nothing of it happened.
    let now = admin_svc.get(&admin, &ann.id).await.expect("get");
    assert_eq!(now.customer.last_name, "Lee-Smith");
    assert_eq!(now.customer.status, CustomerStatus::Active);
    assert_eq!(now.customer.group.name, "General");
    let by_staff =
        |h: Vec<HistoryEntryView>| h.into_iter().filter(|e| e.actor.kind == "staff").count();
    assert_eq!(
        by_staff(shop.history_of(&admin, &ann.id).await),
        1,
        "the one profile change"
    );

    // Support sends reset links and ends sessions.
    admin_svc
        .send_password_reset(&support, &ann.id)
        .await
        .expect("support sends a reset link");
    assert_eq!(
        admin_svc
            .end_sessions(&support, &ann.id)
            .await
            .expect("support ends sessions"),
        1
    );
    assert!(shop.current(&ann_session).await.expect("current").is_none());

    // An admin does all of it.
    admin_svc.bulk(&admin, &bulk).await.expect("bulk");
    admin_svc.create(&admin, &new).await.expect("create");
    let mut export = admin_svc
        .export(&admin, &CustomerQuery::default())
        .await
        .expect("export");
    let mut csv = String::new();
    while let Some(chunk) = export.next_chunk().await.expect("chunk") {
        csv.push_str(&chunk);
    }
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

/// Every staff change writes who, what, old and new, in its transaction;
/// the customer's own address changes too; no password, token or hash is
/// ever written; newest first.
pub(crate) async fn admin_history_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let ann_session = new_session();
    let ann = shop
        .register(
            &ann_session,
            &client("203.0.113.1"),
            &registration("ann@example.com"),
        )
        .await
        .expect("register");
    let admin = shop
        .staff_named(Role::Admin, "boss@example.com", "Olive Owner")
        .await;
    let admin_svc = &shop.services.admin;
    admin_svc
        .update(
            &admin,
            &ann.id,
            &patch(
                r#"{"first_name": "Anne", "phone": "+44 20 7946 0958",
                    "group_id": "00000000-0000-4000-8000-000000000002", "status": "disabled"}"#,
            ),
        )
        .await
        .expect("update");
    // Disabled: her session ended with it.
    assert!(shop.current(&ann_session).await.expect("current").is_none());
    let history = shop.history_of(&admin, &ann.id).await;
    let by_staff: Vec<&str> = history
        .iter()
        .filter(|e| e.actor.kind == "staff")
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        by_staff,
        [
            "sessions_ended",
            "status_changed",
            "group_changed",
            "profile_updated"
        ]
    );
    let profile = history
        .iter()
        .find(|e| e.action == "profile_updated")
        .expect("profile entry");
    assert_eq!(profile.actor.kind, "staff");
    assert_eq!(profile.actor.name.as_deref(), Some("Olive Owner"));
    let fields: Vec<(&str, Option<&str>, Option<&str>)> = profile
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("first_name", Some("Ann"), Some("Anne")),
            ("phone", None, Some("+442079460958"))
        ]
    );
    let group = history
        .iter()
        .find(|e| e.action == "group_changed")
        .expect("group");
    assert_eq!(group.changes[0].old.as_deref(), Some("General"));
    assert_eq!(group.changes[0].new.as_deref(), Some("Wholesale"));
    let status = history
        .iter()
        .find(|e| e.action == "status_changed")
        .expect("status");
    assert_eq!(status.changes[0].new.as_deref(), Some("disabled"));

    // Nothing changes, nothing is written.
    let before = shop.history_of(&admin, &ann.id).await.len();
    admin_svc
        .update(
            &admin,
            &ann.id,
            &patch(r#"{"first_name": "Anne", "status": "disabled"}"#),
        )
        .await
        .expect("same values");
    assert_eq!(shop.history_of(&admin, &ann.id).await.len(), before);

    // Enabled again, she logs in; her own address change is hers.
    admin_svc
        .update(&admin, &ann.id, &patch(r#"{"status": "active"}"#))
        .await
        .expect("enable");
    let again = new_session();
    shop.log_in(
        &again,
        &client("203.0.113.1"),
        &login("ann@example.com", PASSWORD),
    )
    .await
    .expect("log in again");
    let me = shop.caller(&again, &ClientInfo::default()).await;
    let address: customer_core::dto::AddressInput = serde_json::from_str(
        r#"{"first_name": "Anne", "last_name": "Lee", "line1": "24 Sussex Drive",
            "city": "Ottawa", "province": "ON", "postal_code": "K1M 1M4", "country": "CA"}"#,
    )
    .expect("json");
    let added = shop
        .services
        .addresses
        .add(&me, &address)
        .await
        .expect("address");
    shop.services
        .addresses
        .staff_update(
            &admin,
            &ann.id,
            &added.id,
            &serde_json::from_str(r#"{"line2": "Apt 4"}"#).expect("json"),
        )
        .await
        .expect("staff changes her address");
    let history = shop.history_of(&admin, &ann.id).await;
    assert_eq!(history[0].action, "address_updated");
    assert_eq!(history[0].actor.kind, "staff");
    assert_eq!(history[0].changes[0].field, "line2");
    assert_eq!(history[1].action, "address_added");
    assert_eq!(history[1].actor.kind, "customer");
    assert_eq!(history[1].actor.name.as_deref(), Some("Anne Lee"));

    // Paged: newest first, `next` continues where the page ended.
    let first = shop
        .services
        .admin
        .history(
            &admin,
            &ann.id,
            &HistoryQuery {
                before: None,
                limit: Some("2".into()),
            },
        )
        .await
        .expect("page");
    assert_eq!(first.data.len(), 2);
    let next = first.meta.next.clone().expect("more");
    let second = shop
        .services
        .admin
        .history(
            &admin,
            &ann.id,
            &HistoryQuery {
                before: Some(next),
                limit: Some("2".into()),
            },
        )
        .await
        .expect("page 2");
    assert_eq!(second.data[0], history[2]);

    // A reset link, a new customer's invitation: no token, hash or
    // password anywhere in the history.
    admin_svc
        .send_password_reset(&admin, &ann.id)
        .await
        .expect("reset link");
    admin_svc
        .create(
            &admin,
            &AdminNewCustomer {
                email: "bea@example.com".into(),
                first_name: "Bea".into(),
                last_name: "Lee".into(),
                ..Default::default()
            },
        )
        .await
        .expect("create");
    let hash = stored_hash(&db, "bea@example.com").await;
    for row in raw_history(&db).await {
        assert!(!row.contains("$2b$") && !row.contains(&hash), "{row}");
        assert!(
            !row.contains("token") && !row.contains("password\""),
            "{row}"
        );
    }
}

/// A change that fails after its history entry was written leaves
/// neither: disabling, when ending the sessions fails; a bulk action,
/// when its last customer fails.
pub(crate) async fn admin_rollback_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let mut ids = Vec::new();
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        let customer = shop
            .register(&new_session(), &client("203.0.113.1"), &registration(email))
            .await
            .expect("register");
        ids.push(customer.id);
    }
    let admin = shop
        .staff_named(Role::Admin, "boss@example.com", "Olive Owner")
        .await;
    let rows_before = raw_history(&db).await.len();
    let (block, unblock) = match &db {
        Database::Sqlite(_) => (
            [
                "CREATE TRIGGER refuse_logout BEFORE DELETE ON customer_session BEGIN SELECT RAISE(ABORT, 'refused'); END",
                "CREATE TRIGGER refuse_c BEFORE UPDATE OF status ON customer WHEN NEW.email = 'c@example.com' BEGIN SELECT RAISE(ABORT, 'refused'); END",
            ],
            vec!["DROP TRIGGER refuse_logout", "DROP TRIGGER refuse_c"],
        ),
        Database::Postgres(_) => (
            [
                "CREATE TRIGGER refuse_logout BEFORE DELETE ON customer_session FOR EACH ROW EXECUTE FUNCTION refuse()",
                "CREATE TRIGGER refuse_c BEFORE UPDATE OF status ON customer FOR EACH ROW WHEN (NEW.email = 'c@example.com') EXECUTE FUNCTION refuse()",
            ],
            vec!["DROP TRIGGER refuse_logout ON customer_session", "DROP TRIGGER refuse_c ON customer"],
        ),
    };
    if let Database::Postgres(_) = &db {
        run_sql(&db, &["CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"]).await;
    }
    // A's new name, status and their history entries are written, then
    // ending her session fails.
    run_sql(&db, &[block[0]]).await;
    let failed = shop
        .services
        .admin
        .update(
            &admin,
            &ids[0],
            &patch(r#"{"last_name": "Moss", "status": "disabled"}"#),
        )
        .await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    run_sql(&db, &unblock[..1]).await;
    // A and B are disabled (status, sessions, entries), then C fails.
    run_sql(&db, &[block[1]]).await;
    let bulk = BulkInput {
        ids: ids.clone(),
        action: "disable".into(),
        ..Default::default()
    };
    let failed = shop.services.admin.bulk(&admin, &bulk).await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    run_sql(&db, &unblock[1..]).await;

    assert_eq!(
        raw_history(&db).await.len(),
        rows_before,
        "no history left behind"
    );
    for id in &ids {
        let c = shop.services.admin.get(&admin, id).await.expect("get");
        assert_eq!(c.customer.status, CustomerStatus::Active);
        assert_eq!(c.customer.last_name, "Lee");
        assert_eq!(c.open_sessions, 1);
    }
    // Without the triggers the same bulk action goes through, one entry
    // per customer changed (and one for the sessions each had).
    let done = shop.services.admin.bulk(&admin, &bulk).await.expect("bulk");
    assert_eq!(done.updated, 3);
    assert_eq!(raw_history(&db).await.len(), rows_before + 6);
}
