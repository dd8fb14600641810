//! The store contract and the customer services, told as one story and run
//! on every backend: SQLite always, PostgreSQL through TEST_DATABASE_URL.

use std::sync::Arc;

use customer_core::dto::{CustomerStatus, LoginInput, RegisterInput};
use customer_core::password::PasswordHasher;
use customer_core::service::{CustomerService, ServiceError};
use customer_core::session::AuthSession;
use customer_core::store::testing::{fresh_database_url, Backend};
use customer_core::store::{connect, CustomerId, NewCustomerRecord, Store, StoreError};
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

fn registration(email: &str) -> RegisterInput {
    RegisterInput {
        email: email.into(),
        password: "correct horse battery".into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        phone: None,
    }
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
    store.ping().await.expect("ping");
}

async fn service_story(store: Arc<dyn Store>) {
    let service = CustomerService::new(store, PasswordHasher::new(4, 2).expect("hasher"));

    // Register: logged in at once, email normalised.
    let session = new_session();
    let ann = service
        .register(&session, &registration("  Ann.Lee@Example.COM "))
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
        .register(&new_session(), &registration("ANN.LEE@example.com"))
        .await;
    assert!(matches!(again, Err(ServiceError::EmailTaken)), "{again:?}");
    let app: AppError = again.unwrap_err().into();
    assert_eq!(app.status(), 409);
    assert!(app.field_message("email").is_some());

    // Invalid input names the fields and stores nothing.
    let bad = service
        .register(
            &new_session(),
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
            &LoginInput {
                email: "ann.lee@EXAMPLE.com".into(),
                password: "correct horse battery".into(),
            },
        )
        .await
        .expect("login");
    assert_eq!(back.id, ann.id);
    login_session.0.save().await.expect("save");
    assert_ne!(
        login_session.0.id(),
        Some(before),
        "login must rotate the session id"
    );

    // Wrong password and unknown email give the same answer.
    let wrong = service
        .log_in(
            &new_session(),
            &LoginInput {
                email: "ann.lee@example.com".into(),
                password: "wrong horse battery".into(),
            },
        )
        .await
        .unwrap_err();
    let unknown = service
        .log_in(
            &new_session(),
            &LoginInput {
                email: "nobody@example.com".into(),
                password: "correct horse battery".into(),
            },
        )
        .await
        .unwrap_err();
    let (wrong, unknown): (AppError, AppError) = (wrong.into(), unknown.into());
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.status(), 401);
}

async fn run(backend: Backend) {
    let Some(store) = open(backend).await else {
        eprintln!("PostgreSQL skipped (SKIP_POSTGRES=1)");
        return;
    };
    store_contract(store.clone()).await;
    let Some(fresh) = open(backend).await else {
        return;
    };
    service_story(fresh).await;
}

#[tokio::test]
async fn story_on_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test]
async fn story_on_postgres() {
    run(Backend::Postgres).await;
}
