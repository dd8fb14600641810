//! Emailed tokens and the outbox, told as stories on every backend: each
//! token rule under a controlled clock, only hashes at rest, and mail
//! written in the same transaction as the change that causes it.

use super::*;
use customer_core::emails::dto::TokenInput;
use customer_core::passwords::dto::{ForgotPasswordInput, ResetPasswordInput};
use customer_core::tokens::{self, Purpose, TokenProblem};

const NEW_PASSWORD: &str = "purple elephant guitar river";

/// The token in the newest mail of `kind` to `to`.
async fn mailed_token(db: &Database, to: &str, kind: &str) -> String {
    let mut conn = db.conn().await.expect("connection");
    let mails = conn.mail().outbox_for(to).await.expect("outbox");
    let link = mails
        .iter()
        .rev()
        .find(|m| m.kind == kind)
        .and_then(|m| m.link.clone())
        .unwrap_or_else(|| panic!("no {kind} mail to {to}"));
    link.split_once("?token=").expect("token").1.to_owned()
}

async fn mail_count(db: &Database) -> usize {
    let mut conn = db.conn().await.expect("connection");
    let mut n = 0;
    for to in ["tok@example.com", "down@example.com"] {
        n += conn.mail().outbox_for(to).await.expect("outbox").len();
    }
    n
}

fn quick_policy() -> SecurityPolicy {
    // No need to wait out the equal-time floor in stories.
    SecurityPolicy {
        mail_answer_floor_ms: 0,
        ..Default::default()
    }
}

impl Shop {
    async fn forgot(&self, email: &str) {
        let caller = self.caller(&new_session(), &client("203.0.113.5")).await;
        self.services
            .passwords
            .forgot(
                &caller,
                &ForgotPasswordInput {
                    email: email.into(),
                },
            )
            .await
            .expect("forgot");
    }

    async fn reset(&self, token: &str, password: &str) -> Result<(), ServiceError> {
        let caller = self.caller(&new_session(), &client("203.0.113.5")).await;
        let input = ResetPasswordInput {
            token: token.into(),
            password: password.into(),
        };
        self.services
            .passwords
            .reset(&caller, &input)
            .await
            .map(|_| ())
    }
}

fn problem(result: Result<(), ServiceError>) -> TokenProblem {
    match result {
        Err(ServiceError::BadToken(p)) => p,
        other => panic!("expected a refused token, got {other:?}"),
    }
}

pub(crate) async fn token_rules_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock).with_policy(quick_policy());
    shop.register(
        &new_session(),
        &client("203.0.113.5"),
        &registration("tok@example.com"),
    )
    .await
    .expect("register");

    // Expiry: an hour for a reset link, to the millisecond.
    shop.forgot("tok@example.com").await;
    let first = mailed_token(&db, "tok@example.com", "reset_password").await;
    clock.advance_secs(3600);
    assert_eq!(
        problem(shop.reset(&first, NEW_PASSWORD).await),
        TokenProblem::Expired
    );

    // A newer link voids the older one.
    shop.forgot("tok@example.com").await;
    let older = mailed_token(&db, "tok@example.com", "reset_password").await;
    clock.advance_secs(60);
    shop.forgot("tok@example.com").await;
    let newer = mailed_token(&db, "tok@example.com", "reset_password").await;
    assert_eq!(
        problem(shop.reset(&older, NEW_PASSWORD).await),
        TokenProblem::Used
    );

    // Purpose: the verification token cannot reset, the reset token cannot
    // verify.
    let verify = mailed_token(&db, "tok@example.com", "verify_email").await;
    assert_eq!(
        problem(shop.reset(&verify, NEW_PASSWORD).await),
        TokenProblem::Invalid
    );
    let caller = shop.caller(&new_session(), &client("203.0.113.5")).await;
    let wrong = shop
        .services
        .emails
        .verify(
            &caller,
            &TokenInput {
                token: newer.clone(),
            },
        )
        .await;
    assert!(
        matches!(wrong, Err(ServiceError::BadToken(TokenProblem::Invalid))),
        "{wrong:?}"
    );

    // Just inside the hour it works, once.
    clock.advance_secs(3600 - 61);
    shop.reset(&newer, NEW_PASSWORD).await.expect("reset");
    assert_eq!(
        problem(shop.reset(&newer, "another long passphrase").await),
        TokenProblem::Used
    );
    shop.log_in(
        &new_session(),
        &client("203.0.113.5"),
        &login("tok@example.com", NEW_PASSWORD),
    )
    .await
    .expect("the new password");

    // Only hashes at rest: the token finds nothing, its hash finds the row.
    let mut conn = db.conn().await.expect("connection");
    assert!(conn
        .tokens()
        .token_by_hash(&newer)
        .await
        .expect("query")
        .is_none());
    let row = conn
        .tokens()
        .token_by_hash(&tokens::hash(&newer))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(row.purpose, "reset_password");
    assert!(row.used_at_ms.is_some());
    assert_ne!(row.token_hash, newer);
}

pub(crate) async fn outbox_unit_of_work_story(db: Database) {
    let mut conn = db.conn().await.expect("connection");
    let customer = conn
        .customers()
        .insert_customer(&record("tok@example.com"), now())
        .await
        .expect("customer");
    drop(conn);
    let shop_info = customer_core::mail::ShopInfo::default();
    let message = customer_core::mail::Message::PasswordChanged {
        first_name: "Ann".into(),
    };
    // A unit of work that does not commit leaves no token and no mail.
    let mut tx = db.begin().await.expect("begin");
    let token = tokens::issue(
        &mut tx,
        customer.customer_id(),
        Purpose::ResetPassword,
        "tok@example.com",
        1_000,
        3600,
    )
    .await
    .expect("issue");
    customer_core::mail::queue(&mut tx, &shop_info, "tok@example.com", &message, 1_000)
        .await
        .expect("queue");
    drop(tx);
    assert_eq!(mail_count(&db).await, 0);
    let mut conn = db.conn().await.expect("connection");
    assert!(conn
        .tokens()
        .token_by_hash(&tokens::hash(&token))
        .await
        .expect("query")
        .is_none());
    drop(conn);
    // Committed, both are there.
    let mut tx = db.begin().await.expect("begin");
    let token = tokens::issue(
        &mut tx,
        customer.customer_id(),
        Purpose::ResetPassword,
        "tok@example.com",
        1_000,
        3600,
    )
    .await
    .expect("issue");
    customer_core::mail::queue(&mut tx, &shop_info, "tok@example.com", &message, 1_000)
        .await
        .expect("queue");
    tx.commit().await.expect("commit");
    assert_eq!(mail_count(&db).await, 1);
    let mut conn = db.conn().await.expect("connection");
    assert!(conn
        .tokens()
        .token_by_hash(&tokens::hash(&token))
        .await
        .expect("query")
        .is_some());
}

/// When the mail cannot be written, the change it belongs to does not
/// happen either: the password stays, the link stays usable.
pub(crate) async fn mail_failure_rolls_back_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock).with_policy(quick_policy());
    shop.register(
        &new_session(),
        &client("203.0.113.9"),
        &registration("down@example.com"),
    )
    .await
    .expect("register");
    shop.forgot("down@example.com").await;
    let token = mailed_token(&db, "down@example.com", "reset_password").await;
    let before = mail_count(&db).await;
    let (block, unblock) = match &db {
        Database::Sqlite(_) => (
            vec!["CREATE TRIGGER no_mail BEFORE INSERT ON mail_outbox BEGIN SELECT RAISE(ABORT, 'mail is down'); END"],
            vec!["DROP TRIGGER no_mail"],
        ),
        Database::Postgres(_) => (
            vec![
                "CREATE FUNCTION no_mail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'mail is down'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER no_mail BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION no_mail()",
            ],
            vec!["DROP TRIGGER no_mail ON mail_outbox", "DROP FUNCTION no_mail()"],
        ),
    };
    run_sql(&db, &block).await;
    let failed = shop.reset(&token, NEW_PASSWORD).await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    run_sql(&db, &unblock).await;
    assert_eq!(mail_count(&db).await, before);
    // Nothing changed: the old password works and the link is still good.
    shop.log_in(
        &new_session(),
        &client("203.0.113.9"),
        &login("down@example.com", PASSWORD),
    )
    .await
    .expect("the old password still works");
    shop.reset(&token, NEW_PASSWORD)
        .await
        .expect("the link still works");
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
