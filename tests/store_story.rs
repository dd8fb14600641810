//! The store contract and the services' rules, told as stories and run on
//! every backend: SQLite always, PostgreSQL through TEST_DATABASE_URL. Each
//! story is its own test on each backend, so one failure hides nothing else.
//! Services are driven without HTTP: the cookie session is the in-memory
//! `MemorySession` double, and each call resolves its caller first, as the
//! server's middleware does.

use std::net::IpAddr;
use std::sync::Arc;

use customer_core::auth::password::PasswordHasher;
use customer_core::auth::policy::SecurityPolicy;
use customer_core::auth::session::{MemorySession, SessionHandle};
use customer_core::auth::store::{NewSessionRecord, ThrottleScope};
use customer_core::caller::{Caller, ClientInfo, DeviceToken};
use customer_core::clock::{Clock, ManualClock};
use customer_core::customers::store::{CustomerId, NewCustomerRecord};
use customer_core::db::testing::{fresh_database_url, Backend};
use customer_core::db::{connect, Database, StoreError};
use customer_core::dto::{
    CustomerStatus, CustomerView, LoginInput, Patch, ProfileInput, RegisterInput, SessionView,
};
use customer_core::services::{ServiceError, Services};
use customer_core::AppError;

#[path = "store_story/admin.rs"]
mod admin;
use admin::{admin_history_story, admin_roles_story, admin_rollback_story};

#[path = "store_story/addresses.rs"]
mod addresses;
use addresses::{
    address_book_story, address_limit_story, address_store_contract, parallel_defaults_story,
};

#[path = "store_story/mail.rs"]
mod mail;
use mail::{mail_delivery_story, mail_parallel_story, mail_retry_story, mail_stale_story};

#[path = "store_story/groups.rs"]
mod groups;
use groups::{groups_story, page_access_story};

#[path = "store_story/history.rs"]
mod history;
use history::{history_rollback_story, history_story};

#[path = "store_story/orders.rs"]
mod orders;
use orders::{checkout_rollback_story, orders_story};

#[path = "store_story/search.rs"]
mod search;
use search::{search_figures_story, search_filter_story, search_sort_story, search_text_story};

#[path = "store_story/tokens.rs"]
mod tokens;
use tokens::{mail_failure_rolls_back_story, outbox_unit_of_work_story, token_rules_story};

async fn open(backend: Backend) -> Option<Database> {
    let url = fresh_database_url(backend).await.expect("test database")?;
    Some(connect(&url).await.expect("connect and migrate"))
}

/// A browser that has no session yet.
fn new_session() -> Arc<MemorySession> {
    Arc::new(MemorySession::default())
}

fn client(ip: &str) -> ClientInfo {
    ClientInfo {
        ip: ip.parse::<IpAddr>().ok(),
        user_agent: Some("StoryTest/1.0".into()),
        device_token: None,
        staff_token: None,
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

/// The services as the stories use them: each call names the browser
/// (session) and client it comes from, and resolves the caller first.
struct Shop {
    services: Services,
}

impl Shop {
    fn with_policy(self, policy: SecurityPolicy) -> Self {
        Self {
            services: self.services.with_policy(policy),
        }
    }

    async fn caller(&self, session: &Arc<MemorySession>, client: &ClientInfo) -> Caller {
        let handle: Arc<dyn SessionHandle> = session.clone();
        self.services
            .auth
            .resolve(Some(handle), client.clone())
            .await
            .expect("resolve the caller")
    }

    async fn register(
        &self,
        session: &Arc<MemorySession>,
        client: &ClientInfo,
        input: &RegisterInput,
    ) -> Result<CustomerView, ServiceError> {
        let caller = self.caller(session, client).await;
        self.services.customers.register(&caller, input).await
    }

    async fn log_in(
        &self,
        session: &Arc<MemorySession>,
        client: &ClientInfo,
        input: &LoginInput,
    ) -> Result<CustomerView, ServiceError> {
        let caller = self.caller(session, client).await;
        self.services.auth.log_in(&caller, input).await
    }

    async fn current(
        &self,
        session: &Arc<MemorySession>,
    ) -> Result<Option<CustomerView>, ServiceError> {
        let caller = self.caller(session, &ClientInfo::default()).await;
        self.services.customers.current(&caller).await
    }

    async fn log_out(&self, session: &Arc<MemorySession>) -> Result<(), ServiceError> {
        let caller = self.caller(session, &ClientInfo::default()).await;
        self.services.auth.log_out(&caller).await
    }

    async fn sessions(
        &self,
        session: &Arc<MemorySession>,
    ) -> Result<Vec<SessionView>, ServiceError> {
        let caller = self.caller(session, &ClientInfo::default()).await;
        self.services.auth.sessions(&caller).await
    }

    async fn end_session(
        &self,
        session: &Arc<MemorySession>,
        id: &str,
    ) -> Result<bool, ServiceError> {
        let caller = self.caller(session, &ClientInfo::default()).await;
        self.services.auth.end_session(&caller, id).await
    }

    async fn end_other_sessions(&self, session: &Arc<MemorySession>) -> Result<u64, ServiceError> {
        let caller = self.caller(session, &ClientInfo::default()).await;
        self.services.auth.end_other_sessions(&caller).await
    }

    async fn update_profile(
        &self,
        session: &Arc<MemorySession>,
        id: &str,
        input: &ProfileInput,
    ) -> Result<CustomerView, ServiceError> {
        let caller = self.caller(session, &ClientInfo::default()).await;
        self.services
            .customers
            .update_profile(&caller, id, input)
            .await
    }
}

fn service(db: Database, clock: &ManualClock) -> Shop {
    service_with_hasher(db, clock, PasswordHasher::new(4, 2).expect("hasher"))
}

fn service_with_hasher(db: Database, clock: &ManualClock, hasher: PasswordHasher) -> Shop {
    Shop {
        services: Services::new(db, hasher).with_clock(Arc::new(clock.clone())),
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

async fn store_contract(db: Database) {
    let mut conn = db.conn().await.expect("connection");
    let store = &mut conn;
    // Insert, then read back by email and by id.
    let row = store
        .customers()
        .insert_customer(&record("ann@example.com"), now())
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
        .customers()
        .customer_by_email("ann@example.com")
        .await
        .expect("query")
        .expect("found");
    assert_eq!(by_email.id, row.id);
    let by_id = store
        .customers()
        .customer_by_id(row.customer_id())
        .await
        .expect("query")
        .expect("found");
    assert_eq!(by_id.public_id, row.public_id);
    assert_eq!(by_id.phone.as_deref(), Some("+442079460958"));
    assert!(store
        .customers()
        .customer_by_email("nobody@example.com")
        .await
        .expect("query")
        .is_none());
    assert!(store
        .customers()
        .customer_by_id(CustomerId(i64::MAX))
        .await
        .expect("query")
        .is_none());

    // The database itself refuses a second account for the same email...
    let dup = store
        .customers()
        .insert_customer(&record("ann@example.com"), now())
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");
    // ...and an email that was not normalised.
    let raw = store
        .customers()
        .insert_customer(&record("Ann@Example.com"), now())
        .await;
    assert!(matches!(raw, Err(StoreError::Conflict { .. })), "{raw:?}");
    // The public view never carries the hash.
    let json = serde_json::to_string(&row.to_view(Default::default())).expect("json");
    assert!(!json.contains("$2b$"), "{json}");

    // Throttle rows count atomically and restart with a new window.
    let t = store
        .throttles()
        .throttle_fail(ThrottleScope::Account, "ann@example.com", 1_000, 0)
        .await
        .expect("fail");
    assert_eq!(t.failures, 1);
    let t = store
        .throttles()
        .throttle_fail(ThrottleScope::Account, "ann@example.com", 2_000, 0)
        .await
        .expect("fail");
    assert_eq!(
        (t.failures, t.window_start_ms, t.last_failure_ms),
        (2, 1_000, 2_000)
    );
    let t = store
        .throttles()
        .throttle_fail(ThrottleScope::Account, "ann@example.com", 9_000, 5_000)
        .await
        .expect("fail");
    assert_eq!(
        (t.failures, t.window_start_ms),
        (1, 9_000),
        "an old window starts over"
    );
    assert!(store
        .throttles()
        .throttle_get(ThrottleScope::Ip, "ann@example.com")
        .await
        .expect("get")
        .is_none());
    assert_eq!(
        store
            .throttles()
            .throttle_prune(10_000)
            .await
            .expect("prune"),
        1
    );
    assert!(store
        .throttles()
        .throttle_get(ThrottleScope::Account, "ann@example.com")
        .await
        .expect("get")
        .is_none());

    // A failure time only moves forward; a refund takes one attempt back and
    // never goes below zero.
    let key = "198.51.100.4";
    for at in [5_000, 4_000] {
        store
            .throttles()
            .throttle_fail(ThrottleScope::Register, key, at, 0)
            .await
            .expect("fail");
    }
    let t = store
        .throttles()
        .throttle_get(ThrottleScope::Register, key)
        .await
        .expect("get")
        .expect("row");
    assert_eq!((t.failures, t.last_failure_ms), (2, 5_000));
    for _ in 0..3 {
        store
            .throttles()
            .throttle_refund(ThrottleScope::Register, key)
            .await
            .expect("refund");
    }
    let t = store
        .throttles()
        .throttle_get(ThrottleScope::Register, key)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(t.failures, 0);
    // Locking a key in a transaction gives its row (an empty one on
    // PostgreSQL, none on SQLite, for a new key); rolled back, nothing stays.
    {
        let mut tx = db.begin().await.expect("begin");
        let row = tx
            .throttles()
            .throttle_lock(ThrottleScope::Device, "0123456789abcdef", 7_000)
            .await
            .expect("lock");
        assert!(row.is_none_or(|r| r.failures == 0), "{row:?}");
        let row = tx
            .throttles()
            .throttle_lock(ThrottleScope::Register, key, 7_000)
            .await
            .expect("lock")
            .expect("row");
        assert_eq!(row.failures, 0);
    }
    assert!(store
        .throttles()
        .throttle_get(ThrottleScope::Device, "0123456789abcdef")
        .await
        .expect("get")
        .is_none());
    // A shared secret is written once; later candidates do not replace it.
    let first = store
        .throttles()
        .secret_get_or_insert("test_secret", &"a".repeat(44), 1)
        .await
        .expect("secret");
    let again = store
        .throttles()
        .secret_get_or_insert("test_secret", &"b".repeat(44), 2)
        .await
        .expect("secret");
    assert_eq!(
        (first.as_str(), again.as_str()),
        ("a".repeat(44).as_str(), "a".repeat(44).as_str())
    );

    assert!(store
        .customers()
        .set_customer_status(row.customer_id(), CustomerStatus::Disabled, now())
        .await
        .expect("status"));
    assert!(!store
        .customers()
        .set_customer_status(CustomerId(i64::MAX), CustomerStatus::Disabled, now())
        .await
        .expect("status"));
    store.ping().await.expect("ping");
}

async fn service_story(db: Database) {
    let clock = ManualClock::starting_now();
    let service = service(db.clone(), &clock);
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
    let login_session = Arc::new(MemorySession::with_id());
    let before = login_session.id().expect("the browser has a session id");
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
        login_session.id(),
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

async fn throttle_story(db: Database) {
    let clock = ManualClock::starting_now();
    let service = service(db.clone(), &clock);
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
async fn timing_story(db: Database) {
    let clock = ManualClock::starting_now();
    let hasher = PasswordHasher::new(6, 2).expect("hasher");
    let service = service_with_hasher(db.clone(), &clock, hasher.clone());
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

async fn ip_throttle_story(db: Database) {
    let clock = ManualClock::starting_now();
    let mut policy = SecurityPolicy::default();
    policy.ip.max_failures = 3;
    let service = service(db.clone(), &clock).with_policy(policy);
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

async fn sessions_story(db: Database) {
    let clock = ManualClock::starting_now();
    let service = service(db.clone(), &clock);
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
        device_token: None,
        staff_token: None,
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
    let mut store = db.conn().await.expect("connection");
    let row = store
        .customers()
        .customer_by_email("sam@example.com")
        .await
        .expect("q")
        .expect("row");
    assert_eq!(row.public_id, me.id);
    store
        .customers()
        .set_customer_status(row.customer_id(), CustomerStatus::Disabled, now())
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

async fn profile_story(db: Database) {
    let clock = ManualClock::starting_now();
    let service = service(db.clone(), &clock);
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
                first_name: Patch::Set(" Patricia ".into()),
                last_name: Patch::Keep,
                phone: Patch::Set("+44 20 7946 0958".into()),
                ..Default::default()
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
                first_name: Patch::Set("".into()),
                last_name: Patch::Keep,
                phone: Patch::Set("12".into()),
                ..Default::default()
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
                phone: Patch::Clear,
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
                first_name: Patch::Set("Hacked".into()),
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

/// The unit of work: what a transaction wrote is there only once it
/// commits, and a transaction dropped half-way leaves nothing behind.
async fn unit_of_work_story(db: Database) {
    let mut tx = db.begin().await.expect("begin");
    let row = tx
        .customers()
        .insert_customer(&record("half@example.com"), now())
        .await
        .expect("insert");
    tx.sessions()
        .insert_session(&NewSessionRecord {
            public_id: uuid::Uuid::new_v4().to_string(),
            session_hash: "a".repeat(64),
            customer_id: row.id,
            now_ms: 1,
            user_agent: None,
            ip: None,
        })
        .await
        .expect("insert session");
    drop(tx);
    let mut conn = db.conn().await.expect("connection");
    assert!(conn
        .customers()
        .customer_by_email("half@example.com")
        .await
        .expect("query")
        .is_none());
    assert!(conn
        .sessions()
        .signed_in(&"a".repeat(64))
        .await
        .expect("query")
        .is_none());
    drop(conn);

    let mut tx = db.begin().await.expect("begin");
    let row = tx
        .customers()
        .insert_customer(&record("whole@example.com"), now())
        .await
        .expect("insert");
    tx.sessions()
        .insert_session(&NewSessionRecord {
            public_id: uuid::Uuid::new_v4().to_string(),
            session_hash: "b".repeat(64),
            customer_id: row.id,
            now_ms: 1,
            user_agent: None,
            ip: None,
        })
        .await
        .expect("insert session");
    tx.commit().await.expect("commit");
    let mut conn = db.conn().await.expect("connection");
    let signed_in = conn
        .sessions()
        .signed_in(&"b".repeat(64))
        .await
        .expect("query")
        .expect("committed");
    assert_eq!(signed_in.customer.email, "whole@example.com");
    assert_eq!(signed_in.session.customer_id, row.id);

    // A conflict names the exact constraint, on both backends.
    let dup = conn
        .customers()
        .insert_customer(&record("whole@example.com"), now())
        .await
        .unwrap_err();
    assert!(
        dup.is_conflict_on(customer_core::customers::store::EMAIL_UNIQUE),
        "{dup:?}"
    );
    assert!(matches!(dup, StoreError::Conflict { .. }));
}

/// Time comes from the clock: a registration made at a moved clock is
/// stamped with the clock's time, not the machine's.
async fn clock_story(db: Database) {
    let clock = ManualClock::starting_now();
    clock.advance_secs(-10 * 24 * 3600);
    let shop = service(db.clone(), &clock);
    let me = shop
        .register(
            &new_session(),
            &client("203.0.113.30"),
            &registration("tick@example.com"),
        )
        .await
        .expect("register");
    let stamped = chrono::DateTime::parse_from_rfc3339(&me.created_at).expect("rfc3339");
    let expected = clock.now_ms() / 1000;
    assert_eq!(stamped.timestamp(), expected);
}

/// Resolving the caller: one query finds the customer behind a session; the
/// session is marked as used at most once a touch interval; an idle session
/// ends, and so does one past its absolute lifetime.
async fn resolve_story(db: Database) {
    let clock = ManualClock::starting_now();
    let policy = SecurityPolicy {
        session_idle_timeout_secs: 3600,
        session_max_lifetime_secs: 4 * 3600,
        ..Default::default()
    };
    let shop = service(db.clone(), &clock).with_policy(policy);
    let browser = new_session();
    let here = client("203.0.113.40");

    // No session at all: anonymous, and nothing to end.
    assert!(shop
        .caller(&new_session(), &here)
        .await
        .customer()
        .is_none());

    let me = shop
        .register(&browser, &here, &registration("res@example.com"))
        .await
        .expect("register");
    let caller = shop.caller(&browser, &here).await;
    let signed_in = caller.customer().expect("logged in");
    assert_eq!(signed_in.customer.public_id, me.id);
    assert_eq!(caller.client(), &here);
    assert_eq!(browser.touched_at_ms(), 0, "just logged in: no touch yet");

    // Used again after a while: marked as seen, which keeps it alive.
    clock.advance_secs(policy.touch_interval_secs);
    shop.caller(&browser, &here).await;
    assert_eq!(browser.touched_at_ms(), clock.now_ms());
    // 60 s + 4 x 50 min: past three hours, never idle for an hour.
    for _ in 0..4 {
        clock.advance_secs(3000);
        assert!(shop.caller(&browser, &here).await.customer().is_some());
    }
    // Past its absolute lifetime (4 h), however active.
    clock.advance_secs(3000);
    assert!(shop.caller(&browser, &here).await.customer().is_none());
    assert_eq!(browser.id(), None, "the session is ended");

    // Idle for longer than the timeout.
    let idle = new_session();
    shop.log_in(&idle, &here, &login("res@example.com", PASSWORD))
        .await
        .expect("login");
    clock.advance_secs(3601);
    assert!(shop.caller(&idle, &here).await.customer().is_none());
    assert_eq!(idle.id(), None);
    assert!(matches!(
        shop.sessions(&idle).await,
        Err(ServiceError::NotLoggedIn)
    ));
}

/// The stored hash of `email`'s password.
async fn stored_hash(db: &Database, email: &str) -> String {
    let mut conn = db.conn().await.expect("connection");
    conn.customers()
        .customer_by_email(email)
        .await
        .expect("query")
        .expect("customer")
        .password_hash
}

/// Old-form hashes (the password as typed or, when long, an unsalted
/// `base64(SHA-256)`) still log in and are replaced at that login, in its
/// transaction; so is a hash of another cost than `BCRYPT_COST`. A wrong
/// password changes nothing.
async fn password_upgrade_story(db: Database) {
    use base64::Engine as _;
    use sha2::Digest as _;

    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let here = client("203.0.113.60");
    let long: String = "amber quartz fjord lantern mosaic walrus tundra velvet "
        .chars()
        .cycle()
        .take(100)
        .collect();
    let digest =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(long.as_bytes()));
    let old = bcrypt::non_truncating_hash(&digest, 4).expect("old hash");
    let mut conn = db.conn().await.expect("connection");
    let rec = NewCustomerRecord {
        password_hash: old.clone(),
        ..record("old@example.com")
    };
    conn.customers()
        .insert_customer(&rec, now())
        .await
        .expect("insert");
    drop(conn);

    // A wrong password: no login, no new hash.
    assert!(shop
        .log_in(
            &new_session(),
            &here,
            &login("old@example.com", "not the password")
        )
        .await
        .is_err());
    assert_eq!(stored_hash(&db, "old@example.com").await, old);

    shop.log_in(&new_session(), &here, &login("old@example.com", &long))
        .await
        .expect("the old hash still logs in");
    let upgraded = stored_hash(&db, "old@example.com").await;
    assert_ne!(upgraded, old, "upgraded at the login");
    assert!(upgraded.starts_with("$2b$04$"), "{upgraded}");
    shop.log_in(&new_session(), &here, &login("old@example.com", &long))
        .await
        .expect("the new hash logs in");
    assert_eq!(
        stored_hash(&db, "old@example.com").await,
        upgraded,
        "nothing left to upgrade"
    );
    // The unsalted digest of the password (leaked elsewhere) is no longer
    // a way in.
    assert!(matches!(
        shop.log_in(&new_session(), &here, &login("old@example.com", &digest))
            .await,
        Err(ServiceError::InvalidCredentials)
    ));

    // BCRYPT_COST raised: the next successful login rehashes at the new cost.
    let stronger = service_with_hasher(
        db.clone(),
        &clock,
        PasswordHasher::new(5, 1).expect("hasher"),
    );
    stronger
        .log_in(&new_session(), &here, &login("old@example.com", &long))
        .await
        .expect("login");
    let at5 = stored_hash(&db, "old@example.com").await;
    assert!(at5.starts_with("$2b$05$"), "{at5}");

    // An NFKC-equivalent spelling of a registered password logs in.
    let reg = RegisterInput {
        password: "caf\u{e9} au lait with oat milk".into(),
        ..registration("nfkc@example.com")
    };
    shop.register(&new_session(), &here, &reg)
        .await
        .expect("register");
    shop.log_in(
        &new_session(),
        &here,
        &login("nfkc@example.com", "cafe\u{301} au lait with oat milk"),
    )
    .await
    .expect("the decomposed spelling logs in");
}

/// Expired sessions (idle too long, or past their absolute lifetime) leave
/// the device list at once, and pruning deletes their rows.
async fn expired_sessions_story(db: Database) {
    let clock = ManualClock::starting_now();
    let policy = SecurityPolicy {
        session_idle_timeout_secs: 3600,
        session_max_lifetime_secs: 4 * 3600,
        ..Default::default()
    };
    let shop = service(db.clone(), &clock).with_policy(policy);
    let here = client("203.0.113.70");
    let laptop = new_session();
    let me = shop
        .register(&laptop, &here, &registration("exp@example.com"))
        .await
        .expect("register");
    let phone = new_session();
    shop.log_in(&phone, &here, &login("exp@example.com", PASSWORD))
        .await
        .expect("login");
    assert_eq!(shop.sessions(&laptop).await.expect("list").len(), 2);

    // The laptop stays in use; the phone is left idle past the timeout.
    clock.advance_secs(3000);
    shop.caller(&laptop, &here).await;
    clock.advance_secs(700);
    let list = shop.sessions(&laptop).await.expect("list");
    assert_eq!(list.len(), 1, "the idle phone is not listed: {list:?}");
    assert!(list[0].current);

    // Past its absolute lifetime (4 h), an active session leaves the list
    // too: in use until 3 h 32 min, then seen from the tablet at 4 h 2 min.
    for _ in 0..5 {
        clock.advance_secs(1800);
        shop.caller(&laptop, &here).await;
    }
    let tablet = new_session();
    shop.log_in(&tablet, &here, &login("exp@example.com", PASSWORD))
        .await
        .expect("login");
    clock.advance_secs(1800);
    let list = shop.sessions(&tablet).await.expect("list");
    assert_eq!(list.len(), 1, "only the tablet: {list:?}");

    // Pruning deletes both expired rows (the phone's, the laptop's).
    let customer = {
        let mut conn = db.conn().await.expect("connection");
        conn.customers()
            .customer_by_email("exp@example.com")
            .await
            .expect("query")
            .expect("row")
            .customer_id()
    };
    assert_eq!(me.email, "exp@example.com");
    let mut conn = db.conn().await.expect("connection");
    assert_eq!(
        conn.sessions()
            .sessions_of(customer)
            .await
            .expect("rows")
            .len(),
        3
    );
    drop(conn);
    assert_eq!(shop.services.auth.prune_sessions().await.expect("prune"), 2);
    let mut conn = db.conn().await.expect("connection");
    assert_eq!(
        conn.sessions()
            .sessions_of(customer)
            .await
            .expect("rows")
            .len(),
        1
    );
    drop(conn);
    assert!(shop.current(&tablet).await.expect("current").is_some());
}

/// `n` wrong logins at once, each from its own browser, for `email(i)` from
/// `client`: how many were answered "wrong password", how many "wait".
async fn parallel_wrong_logins(
    shop: &Shop,
    client: &ClientInfo,
    n: usize,
    email: impl Fn(usize) -> String,
) -> (usize, usize) {
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        let caller = shop.caller(&new_session(), client).await;
        let services = shop.services.clone();
        let input = login(&email(i), "wrong password!");
        set.spawn(async move { services.auth.log_in(&caller, &input).await });
    }
    let (mut wrong, mut wait) = (0, 0);
    while let Some(result) = set.join_next().await {
        match result.expect("task") {
            Err(ServiceError::InvalidCredentials) => wrong += 1,
            Err(ServiceError::Throttled { .. }) => wait += 1,
            other => panic!("unexpected answer: {other:?}"),
        }
    }
    (wrong, wait)
}

/// Attempts are reserved atomically before bcrypt: a burst of parallel
/// guesses gets no more bcrypt checks than the policy allows, per account
/// and per IP, and a refused attempt does not extend the lock.
async fn parallel_guesses_story(db: Database) {
    let clock = ManualClock::starting_now();
    let hasher = PasswordHasher::new(4, 2).expect("hasher");
    let shop = service_with_hasher(db.clone(), &clock, hasher.clone());
    shop.register(
        &new_session(),
        &client("192.0.2.1"),
        &registration("race@example.com"),
    )
    .await
    .expect("register");

    let before = hasher.verifications();
    let (wrong, wait) = parallel_wrong_logins(&shop, &client("203.0.113.1"), 200, |_| {
        "race@example.com".into()
    })
    .await;
    let ran = hasher.verifications() - before;
    eprintln!(
        "200 parallel guesses on one email: {ran} reached bcrypt, {wrong} x 401, {wait} x 429"
    );
    assert_eq!((wrong, wait), (5, 195));
    assert_eq!(ran, 5);

    // The refused 195 did not extend the lock: 30 s after the fifth failure
    // the right password is let in.
    clock.advance_secs(30);
    shop.log_in(
        &new_session(),
        &client("203.0.113.1"),
        &login("race@example.com", PASSWORD),
    )
    .await
    .expect("the cooldown was not extended by refused attempts");

    // Spraying many accounts from one IP at once: three guesses, no more.
    let mut policy = SecurityPolicy::default();
    policy.ip.max_failures = 3;
    let shop = shop.with_policy(policy);
    let before = hasher.verifications();
    let (wrong, wait) = parallel_wrong_logins(&shop, &client("198.51.100.9"), 200, |i| {
        format!("user{i}@example.com")
    })
    .await;
    let ran = hasher.verifications() - before;
    eprintln!(
        "200 parallel guesses from one IP: {ran} reached bcrypt, {wrong} x 401, {wait} x 429"
    );
    assert_eq!((wrong, wait, ran), (3, 197, 3));
}

/// A browser that logged in before keeps getting in while an attacker keeps
/// the account locked for everyone else; a token for another account, or a
/// forged one, is worth nothing; a token that fails too often is locked.
async fn device_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let home = client("192.0.2.10");
    let registered = shop.caller(&new_session(), &home).await;
    shop.services
        .customers
        .register(&registered, &registration("ann@example.com"))
        .await
        .expect("register");
    assert!(
        registered.device_cookie().take().is_some(),
        "registering remembers the browser"
    );
    // Logging in gives the browser a device token for the account.
    let caller = shop.caller(&new_session(), &home).await;
    shop.services
        .auth
        .log_in(&caller, &login("ann@example.com", PASSWORD))
        .await
        .expect("log in");
    let token = caller.device_cookie().take().expect("a device token");
    let remembered = ClientInfo {
        device_token: Some(DeviceToken(token.clone())),
        ..home.clone()
    };

    // The attacker locks the account for untrusted clients, from anywhere.
    let attacker = client("203.0.113.66");
    for _ in 0..5 {
        let e = shop
            .log_in(
                &new_session(),
                &attacker,
                &login("ann@example.com", "guess guess"),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::InvalidCredentials), "{e:?}");
    }
    let locked =
        |r: Result<CustomerView, ServiceError>| matches!(r, Err(ServiceError::Throttled { .. }));
    assert!(locked(
        shop.log_in(
            &new_session(),
            &attacker,
            &login("ann@example.com", PASSWORD)
        )
        .await
    ));
    // Even from Ann's own address, a browser without her token is refused.
    assert!(locked(
        shop.log_in(&new_session(), &home, &login("ann@example.com", PASSWORD))
            .await
    ));
    // Her remembered browser gets in, and the token is refreshed as it is.
    let caller = shop.caller(&new_session(), &remembered).await;
    shop.services
        .auth
        .log_in(&caller, &login("ann@example.com", PASSWORD))
        .await
        .expect("the remembered browser logs in");
    assert_eq!(caller.device_cookie().take(), Some(token.clone()));
    // ... and its success does not unlock the account for the attacker.
    assert!(locked(
        shop.log_in(
            &new_session(),
            &attacker,
            &login("ann@example.com", PASSWORD)
        )
        .await
    ));

    // Bob's genuine token, and forged ones, do not open Ann's account.
    shop.register(&new_session(), &attacker, &registration("bob@example.com"))
        .await
        .expect("register bob");
    let caller = shop.caller(&new_session(), &attacker).await;
    shop.services
        .auth
        .log_in(&caller, &login("bob@example.com", PASSWORD))
        .await
        .expect("bob logs in");
    let bobs = caller.device_cookie().take().expect("bob's token");
    let (nonce, _) = token.split_once('.').expect("nonce.mac");
    let (_, bobs_mac) = bobs.split_once('.').expect("nonce.mac");
    for forged in [bobs.clone(), format!("{nonce}.{bobs_mac}"), "junk".into()] {
        let with = ClientInfo {
            device_token: Some(DeviceToken(forged.clone())),
            ..attacker.clone()
        };
        assert!(
            locked(
                shop.log_in(&new_session(), &with, &login("ann@example.com", PASSWORD))
                    .await
            ),
            "{forged}"
        );
    }

    // A token that fails too often is locked itself, for the usual cooldown.
    for _ in 0..5 {
        let e = shop
            .log_in(
                &new_session(),
                &remembered,
                &login("ann@example.com", "typo typo"),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::InvalidCredentials), "{e:?}");
    }
    assert!(locked(
        shop.log_in(
            &new_session(),
            &remembered,
            &login("ann@example.com", PASSWORD)
        )
        .await
    ));
    // Nothing locks forever: the cooldowns end.
    clock.advance_secs(15 * 60);
    shop.log_in(
        &new_session(),
        &remembered,
        &login("ann@example.com", PASSWORD),
    )
    .await
    .expect("after the cooldown");
}

/// Accounts created per client IP: a limit an hour, refused attempts create
/// nothing and do not count, other addresses are not affected.
async fn registration_limit_story(db: Database) {
    let clock = ManualClock::starting_now();
    let mut policy = SecurityPolicy::default();
    policy.registration.max_failures = 2;
    let shop = service(db.clone(), &clock).with_policy(policy);
    let office = client("198.51.100.7");
    for email in ["a@example.com", "b@example.com"] {
        shop.register(&new_session(), &office, &registration(email))
            .await
            .expect("under the limit");
    }
    clock.advance_secs(600);
    for _ in 0..3 {
        match shop
            .register(&new_session(), &office, &registration("c@example.com"))
            .await
        {
            Err(ServiceError::TooManyRegistrations { retry_after_secs }) => {
                // The hour that began with the first registration.
                assert_eq!(retry_after_secs, 3000)
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    let app: AppError = ServiceError::TooManyRegistrations {
        retry_after_secs: 3000,
    }
    .into();
    assert_eq!(app.status(), 429);
    let mut conn = db.conn().await.expect("connection");
    assert!(conn
        .customers()
        .customer_by_email("c@example.com")
        .await
        .expect("query")
        .is_none());
    drop(conn);
    // Invalid input is answered as such, and does not count.
    let mut bad = registration("d@example.com");
    bad.password = "short".into();
    assert!(matches!(
        shop.register(&new_session(), &client("198.51.100.8"), &bad)
            .await,
        Err(ServiceError::Invalid(_))
    ));
    // Another address is not affected; the office may register again once
    // its hour is over.
    shop.register(
        &new_session(),
        &client("198.51.100.8"),
        &registration("d@example.com"),
    )
    .await
    .expect("another address");
    clock.advance_secs(3000);
    shop.register(&new_session(), &office, &registration("c@example.com"))
        .await
        .expect("a new hour");
}

/// Each story on a fresh database, once per backend, as its own test.
macro_rules! stories {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test]
                async fn $story() {
                    let db = open(Backend::Sqlite).await.expect("sqlite");
                    super::$story(db).await;
                }
            )*
        }
        mod postgres {
            use super::*;
            $(
                #[tokio::test]
                async fn $story() {
                    let Some(db) = open(Backend::Postgres).await else {
                        eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
                        return;
                    };
                    super::$story(db).await;
                }
            )*
        }
    };
}

stories!(
    store_contract,
    unit_of_work_story,
    clock_story,
    service_story,
    throttle_story,
    timing_story,
    ip_throttle_story,
    sessions_story,
    profile_story,
    resolve_story,
    password_upgrade_story,
    expired_sessions_story,
    parallel_guesses_story,
    device_story,
    registration_limit_story,
    address_store_contract,
    address_book_story,
    address_limit_story,
    parallel_defaults_story,
    token_rules_story,
    outbox_unit_of_work_story,
    mail_failure_rolls_back_story,
    mail_retry_story,
    mail_parallel_story,
    mail_stale_story,
    mail_delivery_story,
    groups_story,
    page_access_story,
    history_story,
    history_rollback_story,
    search_text_story,
    search_filter_story,
    search_sort_story,
    search_figures_story,
    admin_roles_story,
    admin_history_story,
    admin_rollback_story,
    orders_story,
    checkout_rollback_story,
);
