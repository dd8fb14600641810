//! The customer's history for their own changes, told as stories on every
//! backend: each change writes its row, with what changed and never a
//! password, token or hash; and the row commits or rolls back with the
//! change.

use super::groups::{exec, history_of};
use super::*;
use customer_core::emails::dto::{ChangeEmailInput, TokenInput};
use customer_core::passwords::dto::{ChangePasswordInput, ForgotPasswordInput, ResetPasswordInput};

const NEW_PASSWORD: &str = "purple elephant guitar river";

fn quick() -> SecurityPolicy {
    SecurityPolicy {
        mail_answer_floor_ms: 0,
        ..Default::default()
    }
}

/// The token in the newest mail of `kind` to `to`.
async fn token(db: &Database, to: &str, kind: &str) -> String {
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

pub(crate) async fn count(db: &Database, sql: &str) -> i64 {
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("sql"),
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("sql"),
    }
}

fn change(
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (field.into(), old.map(Into::into), new.map(Into::into))
}

pub(crate) async fn history_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock).with_policy(quick());
    let here = client("203.0.113.90");
    let session = new_session();
    let ann = shop
        .register(&session, &here, &registration("ann@example.com"))
        .await
        .expect("register");
    let history = history_of(&db, "ann@example.com").await;
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].0.as_str(), history[0].1.as_str()),
        ("registered", "customer")
    );
    let actor: Vec<String> = match &db {
        Database::Sqlite(pool) => {
            sqlx::query_scalar("SELECT actor_id FROM customer_history")
                .fetch_all(pool)
                .await
        }
        Database::Postgres(pool) => {
            sqlx::query_scalar("SELECT actor_id FROM customer_history")
                .fetch_all(pool)
                .await
        }
    }
    .expect("actor ids");
    assert_eq!(actor, vec![ann.id.clone()]);

    // A profile edit: old and new values of what changed.
    let edit = ProfileInput {
        first_name: Patch::Set("Anna".into()),
        last_name: Patch::Set("Lee".into()),
        phone: Patch::Set("+44 20 7946 0958".into()),
        ..Default::default()
    };
    shop.update_profile(&session, &ann.id, &edit)
        .await
        .expect("profile");
    let history = history_of(&db, "ann@example.com").await;
    assert_eq!(history[0].0, "profile_updated");
    assert_eq!(
        history[0].2,
        [
            change("first_name", Some("Ann"), Some("Anna")),
            change("phone", None, Some("+442079460958"))
        ]
    );
    // Saving the same values changes nothing and writes nothing.
    shop.update_profile(&session, &ann.id, &edit)
        .await
        .expect("same profile");
    assert_eq!(history_of(&db, "ann@example.com").await.len(), 2);

    // Verifying the email (the link may be opened anywhere).
    let verify = token(&db, "ann@example.com", "verify_email").await;
    let anywhere = shop.caller(&new_session(), &here).await;
    shop.services
        .emails
        .verify(
            &anywhere,
            &TokenInput {
                token: verify.clone(),
            },
        )
        .await
        .expect("verify");
    assert_eq!(
        history_of(&db, "ann@example.com").await[0].0,
        "email_verified"
    );

    // Ending her own sessions: the others at once, then one by its id.
    let phone = new_session();
    shop.log_in(&phone, &here, &login("ann@example.com", PASSWORD))
        .await
        .expect("phone");
    assert_eq!(
        shop.end_other_sessions(&session).await.expect("end others"),
        1
    );
    let history = history_of(&db, "ann@example.com").await;
    assert_eq!(
        (history[0].0.as_str(), history[0].2.clone()),
        ("sessions_ended", vec![change("sessions", None, Some("1"))])
    );
    // Nothing to end: no row.
    assert_eq!(
        shop.end_other_sessions(&session).await.expect("none left"),
        0
    );
    assert_eq!(history_of(&db, "ann@example.com").await.len(), 4);
    let tablet = new_session();
    shop.log_in(&tablet, &here, &login("ann@example.com", PASSWORD))
        .await
        .expect("tablet");
    let other = shop
        .sessions(&session)
        .await
        .expect("sessions")
        .into_iter()
        .find(|s| !s.current)
        .expect("tablet");
    shop.end_session(&session, &other.id)
        .await
        .expect("end one");
    assert_eq!(
        history_of(&db, "ann@example.com").await[0].0,
        "sessions_ended"
    );

    // Changing the password: the action only, never the password or hash.
    let caller = shop.caller(&session, &here).await;
    shop.services
        .passwords
        .change(
            &caller,
            &ChangePasswordInput {
                current_password: PASSWORD.into(),
                new_password: NEW_PASSWORD.into(),
            },
        )
        .await
        .expect("change password");
    let history = history_of(&db, "ann@example.com").await;
    assert_eq!(
        (history[0].0.as_str(), history[0].2.len()),
        ("password_changed", 0)
    );

    // Changing the email: old and new address.
    let caller = shop.caller(&session, &here).await;
    shop.services
        .emails
        .change(
            &caller,
            &ChangeEmailInput {
                new_email: "ann.new@example.com".into(),
                current_password: NEW_PASSWORD.into(),
            },
        )
        .await
        .expect("change email");
    let confirm = token(&db, "ann.new@example.com", "confirm_email_change").await;
    let caller = shop.caller(&session, &here).await;
    shop.services
        .emails
        .confirm(&caller, &TokenInput { token: confirm })
        .await
        .expect("confirm");
    let history = history_of(&db, "ann.new@example.com").await;
    assert_eq!(history[0].0, "email_changed");
    assert_eq!(
        history[0].2,
        [change(
            "email",
            Some("ann@example.com"),
            Some("ann.new@example.com")
        )]
    );

    // A reset by emailed link: the customer is the actor.
    let anyone = shop.caller(&new_session(), &here).await;
    shop.services
        .passwords
        .forgot(
            &anyone,
            &ForgotPasswordInput {
                email: "ann.new@example.com".into(),
            },
        )
        .await
        .expect("forgot");
    let reset = token(&db, "ann.new@example.com", "reset_password").await;
    shop.services
        .passwords
        .reset(
            &anyone,
            &ResetPasswordInput {
                token: reset.clone(),
                password: "a brand new passphrase here".into(),
            },
        )
        .await
        .expect("reset");
    let history = history_of(&db, "ann.new@example.com").await;
    assert_eq!(
        (history[0].0.as_str(), history[0].1.as_str()),
        ("password_reset", "customer")
    );
    let actions: Vec<&str> = history.iter().rev().map(|h| h.0.as_str()).collect();
    assert_eq!(
        actions,
        [
            "registered",
            "profile_updated",
            "email_verified",
            "sessions_ended",
            "sessions_ended",
            "password_changed",
            "email_changed",
            "password_reset"
        ]
    );

    // Nothing secret at rest in the history.
    let mut secrets = vec![
        PASSWORD,
        NEW_PASSWORD,
        "$2",
        verify.as_str(),
        reset.as_str(),
    ];
    secrets.push("a brand new passphrase");
    for secret in secrets {
        let found = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM customer_history WHERE changes LIKE '%{}%'",
                secret.replace('\'', "''")
            ),
        )
        .await;
        assert_eq!(found, 0, "{secret} in the history");
    }
}

/// SQL that makes every insert into `table` fail, and the SQL that undoes it.
fn block(db: &Database, table: &str) -> (Vec<String>, Vec<String>) {
    match db {
        Database::Sqlite(_) => (
            vec![format!("CREATE TRIGGER no_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'down'); END")],
            vec![format!("DROP TRIGGER no_{table}")],
        ),
        Database::Postgres(_) => (
            vec![
                format!("CREATE FUNCTION no_{table}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'down'; END $$ LANGUAGE plpgsql"),
                format!("CREATE TRIGGER no_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION no_{table}()"),
            ],
            vec![format!("DROP TRIGGER no_{table} ON {table}"), format!("DROP FUNCTION no_{table}()")],
        ),
    }
}

async fn run_all(db: &Database, statements: &[String]) {
    for sql in statements {
        exec(db, sql).await;
    }
}

pub(crate) async fn history_rollback_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock).with_policy(quick());
    let here = client("203.0.113.91");
    let rows = "SELECT COUNT(*) FROM customer_history";
    let (no_mail, mail_back) = block(&db, "mail_outbox");
    let (no_history, history_back) = block(&db, "customer_history");

    // The mail fails after the history row is written: registration rolls
    // back with its row.
    run_all(&db, &no_mail).await;
    let failed = shop
        .register(&new_session(), &here, &registration("bea@example.com"))
        .await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    run_all(&db, &mail_back).await;
    assert_eq!(count(&db, rows).await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM customer").await, 0);

    let session = new_session();
    let ann = shop
        .register(&session, &here, &registration("ann@example.com"))
        .await
        .expect("register");
    let before = count(&db, rows).await;

    // The same for a password change: no row, and the old password works.
    run_all(&db, &no_mail).await;
    let caller = shop.caller(&session, &here).await;
    let failed = shop
        .services
        .passwords
        .change(
            &caller,
            &ChangePasswordInput {
                current_password: PASSWORD.into(),
                new_password: NEW_PASSWORD.into(),
            },
        )
        .await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    run_all(&db, &mail_back).await;
    assert_eq!(count(&db, rows).await, before);
    shop.log_in(&session, &here, &login("ann@example.com", PASSWORD))
        .await
        .expect("old password");

    // The history row cannot be written: the change does not happen.
    let phone = new_session();
    shop.log_in(&phone, &here, &login("ann@example.com", PASSWORD))
        .await
        .expect("phone");
    run_all(&db, &no_history).await;
    let edit = ProfileInput {
        first_name: Patch::Set("Anna".into()),
        ..Default::default()
    };
    let failed = shop.update_profile(&session, &ann.id, &edit).await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    let failed = shop.end_other_sessions(&session).await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    run_all(&db, &history_back).await;
    let me = shop
        .current(&session)
        .await
        .expect("current")
        .expect("logged in");
    assert_eq!(me.first_name, "Ann");
    assert!(
        shop.current(&phone).await.expect("current").is_some(),
        "the phone is still logged in"
    );

    // An email change that conflicts when confirmed writes nothing.
    let caller = shop.caller(&session, &here).await;
    shop.services
        .emails
        .change(
            &caller,
            &ChangeEmailInput {
                new_email: "taken@example.com".into(),
                current_password: PASSWORD.into(),
            },
        )
        .await
        .expect("change email");
    shop.register(
        &new_session(),
        &client("203.0.113.92"),
        &registration("taken@example.com"),
    )
    .await
    .expect("someone else");
    let before = count(&db, rows).await;
    let confirm = token(&db, "taken@example.com", "confirm_email_change").await;
    let caller = shop.caller(&session, &here).await;
    let failed = shop
        .services
        .emails
        .confirm(&caller, &TokenInput { token: confirm })
        .await;
    assert!(
        matches!(failed, Err(ServiceError::NewEmailTaken)),
        "{failed:?}"
    );
    assert_eq!(count(&db, rows).await, before);
    assert!(history_of(&db, "ann@example.com")
        .await
        .iter()
        .all(|h| h.0 != "email_changed"));
}
