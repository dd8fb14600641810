//! The store contract and the customer services, told as stories and run on
//! every backend: SQLite always, PostgreSQL through TEST_DATABASE_URL.

use std::net::IpAddr;
use std::sync::Arc;

use customer_core::clock::ManualClock;
use customer_core::dto::{CustomerStatus, LoginInput, ProfileInput, RegisterInput};
use customer_core::password::PasswordHasher;
use customer_core::security::{ClientInfo, SecurityPolicy};
use customer_core::service::{CustomerService, ServiceError};
use customer_core::session::AuthSession;
use customer_core::store::testing::{fresh_database_url, Backend};
use customer_core::store::{
    connect, CustomerId, NewCustomerRecord, Store, StoreError, ThrottleScope,
};
use customer_core::AppError;
use tower_sessions::{MemoryStore, Session};

async fn open(backend: Backend) -> Option<Arc<dyn Store>> {
    let url = fresh_database_url(backend).await.expect("test database")?;
    let db = connect(&url).await.expect("connect and migrate");
    Some(db.store())
}

fn new_session() -> AuthSession {
    AuthSession::new(Session::new(None, Arc::new(MemoryStore::default()), None))
}

fn client(ip: &str) -> ClientInfo {
    ClientInfo {
        ip: ip.parse::<IpAddr>().ok(),
        user_agent: Some("StoryTest/1.0".into()),
    }
}

fn record(email: &str) -> NewCustomerRecord {
    NewCustomerRecord {
        public_id: uuid::Uuid::new_v4().to_string(),
        email: email.into(),
        password_hash: "$2b$04$notarealhashnotarealhashnotarealhashnotarealhashnot".into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        phone: Some("+442079460958".into()),
    }
}

const PASSWORD: &str = "correct horse battery";

fn registration(email: &str) -> RegisterInput {
    RegisterInput {
        email: email.into(),
        password: PASSWORD.into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        phone: None,
    }
}

fn login(email: &str, password: &str) -> LoginInput {
    LoginInput {
        email: email.into(),
        password: password.into(),
    }
}

fn service(store: Arc<dyn Store>, clock: &ManualClock) -> CustomerService {
    service_with_hasher(store, clock, PasswordHasher::new(4, 2).expect("hasher"))
}

fn service_with_hasher(
    store: Arc<dyn Store>,
    clock: &ManualClock,
    hasher: PasswordHasher,
) -> CustomerService {
    CustomerService::new(store, hasher).with_clock(Arc::new(clock.clone()))
}

async fn store_contract(store: Arc<dyn Store>) {
    // Insert, then read back by email and by id.
    let row = store
        .insert_customer(record("ann@example.com"))
        .await
        .expect("insert");
    assert_eq!(row.email, "ann@example.com");
    assert_eq!(
        row.group_name, "General",
        "new customers join the default group"
    );
    assert_eq!(row.status(), CustomerStatus::Active);
    assert!(row.email_verified_at.is_none());
    assert_eq!(row.public_id.len(), 36);

    let by_email = store
        .customer_by_email("ann@example.com")
        .await
        .expect("query")
        .expect("found");
    assert_eq!(by_email.id, row.id);
    let by_id = store
        .customer_by_id(row.customer_id())
        .await
        .expect("query")
        .expect("found");
    assert_eq!(by_id.public_id, row.public_id);
    assert_eq!(by_id.phone.as_deref(), Some("+442079460958"));
    assert!(store
        .customer_by_email("nobody@example.com")
        .await
        .expect("query")
        .is_none());
    assert!(store
        .customer_by_id(CustomerId(i64::MAX))
        .await
        .expect("query")
        .is_none());

    // The database itself refuses a second account for the same email...
    let dup = store.insert_customer(record("ann@example.com")).await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");
    // ...and an email that was not normalised.
    let raw = store.insert_customer(record("Ann@Example.com")).await;
    assert!(matches!(raw, Err(StoreError::Conflict { .. })), "{raw:?}");
    // The public view never carries the hash.
    let json = serde_json::to_string(&row.to_view()).expect("json");
    assert!(!json.contains("$2b$"), "{json}");

    // Throttle rows count atomically and restart with a new window.
    let t = store
        .throttle_fail(ThrottleScope::Account, "ann@example.com", 1_000, 0)
        .await
        .expect("fail");
    assert_eq!(t.failures, 1);
    let t = store
        .throttle_fail(ThrottleScope::Account, "ann@example.com", 2_000, 0)
        .await
        .expect("fail");
    assert_eq!(
        (t.failures, t.window_start_ms, t.last_failure_ms),
        (2, 1_000, 2_000)
    );
    let t = store
        .throttle_fail(ThrottleScope::Account, "ann@example.com", 9_000, 5_000)
        .await
        .expect("fail");
    assert_eq!(
        (t.failures, t.window_start_ms),
        (1, 9_000),
        "an old window starts over"
    );
    assert!(store
        .throttle_get(ThrottleScope::Ip, "ann@example.com")
        .await
        .expect("get")
        .is_none());
    assert_eq!(store.throttle_prune(10_000).await.expect("prune"), 1);
    assert!(store
        .throttle_get(ThrottleScope::Account, "ann@example.com")
        .await
        .expect("get")
        .is_none());

    assert!(store
        .set_customer_status(row.customer_id(), CustomerStatus::Disabled)
        .await
        .expect("status"));
    assert!(!store
        .set_customer_status(CustomerId(i64::MAX), CustomerStatus::Disabled)
        .await
        .expect("status"));
    store.ping().await.expect("ping");
}

async fn service_story(store: Arc<dyn Store>) {
    let clock = ManualClock::starting_now();
    let service = service(store, &clock);
    let here = client("203.0.113.7");

    // Register: logged in at once, email normalised.
    let session = new_session();
    let ann = service
        .register(&session, &here, &registration("  Ann.Lee@Example.COM "))
        .await
        .expect("register");
    assert_eq!(ann.email, "ann.lee@example.com");
    assert_eq!(ann.group.name, "General");
    let current = service
        .current(&session)
        .await
        .expect("current")
        .expect("logged in");
    assert_eq!(current.id, ann.id);

    // The same email in any case is taken.
    let again = service
        .register(&new_session(), &here, &registration("ANN.LEE@example.com"))
        .await;
    assert!(matches!(again, Err(ServiceError::EmailTaken)), "{again:?}");
    let app: AppError = again.unwrap_err().into();
    assert_eq!(app.status(), 409);
    assert!(app.field_message("email").is_some());

    // Invalid input names the fields and stores nothing.
    let bad = service
        .register(
            &new_session(),
            &here,
            &RegisterInput {
                email: "bad".into(),
                ..registration("")
            },
        )
        .await;
    match bad {
        Err(ServiceError::Invalid(e)) => assert!(e.field_message("email").is_some()),
        other => panic!("expected a validation error, got {other:?}"),
    }

    // Log out, then back in; the session id changes at login (no fixation).
    service.log_out(&session).await.expect("logout");
    assert!(service.current(&session).await.expect("current").is_none());
    let login_session = new_session();
    login_session
        .0
        .insert("probe", 1)
        .await
        .expect("seed session");
    login_session.0.save().await.expect("save");
    let before = login_session.0.id().expect("saved session has an id");
    let back = service
        .log_in(
            &login_session,
            &here,
            &login("ann.lee@EXAMPLE.com", PASSWORD),
        )
        .await
        .expect("login");
    assert_eq!(back.id, ann.id);
    assert_ne!(
        login_session.0.id(),
        Some(before),
        "login must rotate the session id"
    );

    // Wrong password and unknown email give the same answer.
    let wrong = service
        .log_in(
            &new_session(),
            &here,
            &login("ann.lee@example.com", "wrong horse battery"),
        )
        .await
        .unwrap_err();
    let unknown = service
        .log_in(
            &new_session(),
            &here,
            &login("nobody@example.com", PASSWORD),
        )
        .await
        .unwrap_err();
    let (wrong, unknown): (AppError, AppError) = (wrong.into(), unknown.into());
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.status(), 401);
}

async fn throttle_story(store: Arc<dyn Store>) {
    let clock = ManualClock::starting_now();
    let service = service(store, &clock);
    let here = client("198.51.100.1");
    service
        .register(&new_session(), &here, &registration("tom@example.com"))
        .await
        .expect("register");

    for email in ["tom@example.com", "ghost@example.com"] {
        // Four failures are answered 401; the fifth too; then 429.
        for _ in 0..5 {
            let e = service
                .log_in(&new_session(), &here, &login(email, "wrong password!"))
                .await
                .unwrap_err();
            assert!(
                matches!(e, ServiceError::InvalidCredentials),
                "{email}: {e:?}"
            );
        }
        let e = service
            .log_in(&new_session(), &here, &login(email, PASSWORD))
            .await
            .unwrap_err();
        match e {
            ServiceError::Throttled { retry_after_secs } => {
                assert_eq!(retry_after_secs, 30, "{email}")
            }
            other => panic!("{email}: expected a cooldown, got {other:?}"),
        }
        let app: AppError = ServiceError::Throttled {
            retry_after_secs: 30,
        }
        .into();
        assert_eq!(app.status(), 429);
    }

    // The right password during the cooldown is refused; after it, accepted.
    clock.advance_secs(29);
    assert!(matches!(
        service
            .log_in(&new_session(), &here, &login("tom@example.com", PASSWORD))
            .await,
        Err(ServiceError::Throttled {
            retry_after_secs: 1
        })
    ));
    clock.advance_secs(1);
    let s = new_session();
    service
        .log_in(&s, &here, &login("tom@example.com", PASSWORD))
        .await
        .expect("cooldown over");

    // Success cleared the count: five more failures before the next cooldown.
    for _ in 0..5 {
        assert!(matches!(
            service
                .log_in(
                    &new_session(),
                    &here,
                    &login("tom@example.com", "nope nope nope")
                )
                .await,
            Err(ServiceError::InvalidCredentials)
        ));
    }
    // Each further failure after the threshold doubles the cooldown.
    clock.advance_secs(30);
    let _ = service
        .log_in(
            &new_session(),
            &here,
            &login("tom@example.com", "still wrong"),
        )
        .await;
    assert!(matches!(
        service
            .log_in(&new_session(), &here, &login("tom@example.com", PASSWORD))
            .await,
        Err(ServiceError::Throttled {
            retry_after_secs: 60
        })
    ));
}

/// Unknown and known emails cost the same: one full bcrypt each, at the same
/// cost (the dummy hash is made at the configured cost), and a throttled
/// attempt costs none for either. (Counted, not timed: timings belong in
/// bench/.)
async fn timing_story(store: Arc<dyn Store>) {
    let clock = ManualClock::starting_now();
    let hasher = PasswordHasher::new(6, 2).expect("hasher");
    let service = service_with_hasher(store, &clock, hasher.clone());
    let here = client("198.51.100.50");
    service
        .register(&new_session(), &here, &registration("kim@example.com"))
        .await
        .expect("register");

    let before = hasher.verifications();
    let _ = service
        .log_in(
            &new_session(),
            &here,
            &login("kim@example.com", "wrong password!"),
        )
        .await;
    assert_eq!(
        hasher.verifications(),
        before + 1,
        "a known email runs bcrypt once"
    );
    let _ = service
        .log_in(
            &new_session(),
            &here,
            &login("nobody@example.com", "wrong password!"),
        )
        .await;
    assert_eq!(
        hasher.verifications(),
        before + 2,
        "an unknown email runs bcrypt once too"
    );

    // Throttled attempts skip bcrypt for known and unknown emails alike.
    for email in ["kim@example.com", "nobody@example.com"] {
        for _ in 0..5 {
            let _ = service
                .log_in(&new_session(), &here, &login(email, "wrong password!"))
                .await;
        }
    }
    let before = hasher.verifications();
    for email in ["kim@example.com", "nobody@example.com"] {
        let e = service
            .log_in(&new_session(), &here, &login(email, "wrong password!"))
            .await;
        assert!(
            matches!(e, Err(ServiceError::Throttled { .. })),
            "{email}: {e:?}"
        );
    }
    assert_eq!(hasher.verifications(), before);
}

async fn ip_throttle_story(store: Arc<dyn Store>) {
    let clock = ManualClock::starting_now();
    let mut policy = SecurityPolicy::default();
    policy.ip.max_failures = 3;
    let service = service(store, &clock).with_policy(policy);
    let sprayer = client("192.0.2.66");
    service
        .register(
            &new_session(),
            &client("192.0.2.1"),
            &registration("vic@example.com"),
        )
        .await
        .expect("register");
    // Spraying one password over many accounts from one IP.
    for i in 0..3 {
        let e = service
            .log_in(
                &new_session(),
                &sprayer,
                &login(&format!("user{i}@example.com"), "Summer2026!"),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::InvalidCredentials));
    }
    assert!(matches!(
        service
            .log_in(
                &new_session(),
                &sprayer,
                &login("vic@example.com", PASSWORD)
            )
            .await,
        Err(ServiceError::Throttled { .. })
    ));
    // Another client is not affected.
    service
        .log_in(
            &new_session(),
            &client("192.0.2.1"),
            &login("vic@example.com", PASSWORD),
        )
        .await
        .expect("other IP logs in");
}

async fn sessions_story(store: Arc<dyn Store>) {
    let clock = ManualClock::starting_now();
    let service = service(store.clone(), &clock);
    let laptop = new_session();
    let me = service
        .register(
            &laptop,
            &client("203.0.113.10"),
            &registration("sam@example.com"),
        )
        .await
        .expect("register");
    let phone = new_session();
    let phone_client = ClientInfo {
        ip: "203.0.113.11".parse().ok(),
        user_agent: Some("PhoneBrowser".into()),
    };
    service
        .log_in(&phone, &phone_client, &login("sam@example.com", PASSWORD))
        .await
        .expect("login");

    let list = service.sessions(&laptop).await.expect("sessions");
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    let other = list.iter().find(|s| !s.current).expect("the phone");
    assert_eq!(other.user_agent.as_deref(), Some("PhoneBrowser"));
    assert_eq!(other.ip.as_deref(), Some("203.0.113.11"));

    // Someone else cannot end Sam's sessions.
    let eve = new_session();
    service
        .register(&eve, &client("192.0.2.9"), &registration("eve@example.com"))
        .await
        .expect("register");
    assert!(matches!(
        service.end_session(&eve, &other.id).await,
        Err(ServiceError::NotFound(_))
    ));
    assert!(service.current(&phone).await.expect("current").is_some());

    // "Log out this device" on the phone, from the laptop.
    service.end_session(&laptop, &other.id).await.expect("end");
    assert!(
        service.current(&phone).await.expect("current").is_none(),
        "the phone is logged out at once"
    );
    assert!(service.current(&laptop).await.expect("current").is_some());

    // Log out other devices.
    let tablet = new_session();
    service
        .log_in(
            &tablet,
            &client("203.0.113.12"),
            &login("sam@example.com", PASSWORD),
        )
        .await
        .expect("login");
    assert_eq!(
        service
            .end_other_sessions(&laptop)
            .await
            .expect("end others"),
        1
    );
    assert!(service.current(&tablet).await.expect("current").is_none());
    assert_eq!(service.sessions(&laptop).await.expect("sessions").len(), 1);

    // Absolute lifetime: even an active session ends.
    clock.advance_secs(SecurityPolicy::default().session_max_lifetime_secs + 1);
    assert!(service.current(&laptop).await.expect("current").is_none());
    assert!(matches!(
        service.sessions(&laptop).await,
        Err(ServiceError::NotLoggedIn)
    ));

    // Disabled: sessions stop working at once, and login gives the generic answer.
    let s = new_session();
    service
        .log_in(
            &s,
            &client("203.0.113.10"),
            &login("sam@example.com", PASSWORD),
        )
        .await
        .expect("login");
    let row = store
        .customer_by_email("sam@example.com")
        .await
        .expect("q")
        .expect("row");
    assert_eq!(row.public_id, me.id);
    store
        .set_customer_status(row.customer_id(), CustomerStatus::Disabled)
        .await
        .expect("disable");
    assert!(service.current(&s).await.expect("current").is_none());
    let e = service
        .log_in(
            &new_session(),
            &client("203.0.113.10"),
            &login("sam@example.com", PASSWORD),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ServiceError::InvalidCredentials), "{e:?}");
}

async fn profile_story(store: Arc<dyn Store>) {
    let clock = ManualClock::starting_now();
    let service = service(store, &clock);
    let s = new_session();
    let me = service
        .register(
            &s,
            &client("203.0.113.20"),
            &registration("pat@example.com"),
        )
        .await
        .expect("register");
    let changed = service
        .update_profile(
            &s,
            &me.id,
            &ProfileInput {
                first_name: Some(" Patricia ".into()),
                last_name: None,
                phone: Some(Some("+44 20 7946 0958".into())),
            },
        )
        .await
        .expect("update");
    assert_eq!(changed.first_name, "Patricia");
    assert_eq!(changed.last_name, "Lee");
    assert_eq!(changed.phone.as_deref(), Some("+442079460958"));
    assert_eq!(changed.email, "pat@example.com");

    let bad = service
        .update_profile(
            &s,
            &me.id,
            &ProfileInput {
                first_name: Some("".into()),
                last_name: None,
                phone: Some(Some("12".into())),
            },
        )
        .await
        .unwrap_err();
    match bad {
        ServiceError::Invalid(e) => {
            assert!(e.field_message("first_name").is_some());
            assert!(e.field_message("phone").is_some());
        }
        other => panic!("expected validation, got {other:?}"),
    }
    // Nothing half-written.
    assert_eq!(
        service
            .current(&s)
            .await
            .expect("current")
            .expect("me")
            .first_name,
        "Patricia"
    );

    // Clearing the phone.
    let cleared = service
        .update_profile(
            &s,
            &me.id,
            &ProfileInput {
                phone: Some(None),
                ..Default::default()
            },
        )
        .await
        .expect("update");
    assert!(cleared.phone.is_none());

    // Another customer's id is not found; logged out is 401.
    let other = new_session();
    let them = service
        .register(
            &other,
            &client("203.0.113.21"),
            &registration("quinn@example.com"),
        )
        .await
        .expect("register");
    let e = service
        .update_profile(
            &s,
            &them.id,
            &ProfileInput {
                first_name: Some("Hacked".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ServiceError::NotFound(_)), "{e:?}");
    assert_eq!(
        service
            .current(&other)
            .await
            .expect("current")
            .expect("them")
            .first_name,
        "Ann"
    );
    let e = service
        .update_profile(&new_session(), &me.id, &ProfileInput::default())
        .await
        .unwrap_err();
    assert!(matches!(e, ServiceError::NotLoggedIn));
}

async fn run(backend: Backend) {
    let Some(store) = open(backend).await else {
        eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
        return;
    };
    store_contract(store).await;
    macro_rules! fresh {
        () => {
            open(backend).await.expect("database")
        };
    }
    service_story(fresh!()).await;
    throttle_story(fresh!()).await;
    timing_story(fresh!()).await;
    ip_throttle_story(fresh!()).await;
    sessions_story(fresh!()).await;
    profile_story(fresh!()).await;
}

#[tokio::test]
async fn stories_on_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test]
async fn stories_on_postgres() {
    run(Backend::Postgres).await;
}
