//! The mail outbox and its worker: retries with growing backoff under a
//! controlled clock, failure after the last attempt, each mail sent once by
//! several workers at once, bodies cleared after SMTP and kept after the
//! log, stale claims taken back, and a real SMTP hand-over to a sink.

use std::collections::HashMap;
use std::sync::Mutex;

use super::*;
use customer_core::mail::store::OutboxRow;
use customer_core::mail::transport::{SendError, Sender, SmtpSettings};
use customer_core::mail::{
    self, LogTransport, MailTransport, MailWorker, Message, Outcome, ShopInfo, SmtpTransport,
    WorkerPolicy,
};

#[path = "smtp_sink.rs"]
mod smtp_sink;

const TOKEN: &str = "tok_EN-123abcXYZ";

/// A transport that answers by the recipient's first word: `flaky2-...`
/// fails twice then sends, `down-...` always fails (transient),
/// `reject-...` is refused for good, anything else is sent. It counts each
/// mail's sends.
#[derive(Default)]
struct FakeTransport {
    tries: Mutex<HashMap<i64, u32>>,
    delivered: Mutex<HashMap<i64, u32>>,
}

impl FakeTransport {
    fn delivered(&self) -> HashMap<i64, u32> {
        self.delivered.lock().expect("lock").clone()
    }
}

#[async_trait::async_trait]
impl MailTransport for FakeTransport {
    async fn send(&self, mail: &OutboxRow) -> Result<(), SendError> {
        // Let other workers run between the claim and the result.
        tokio::task::yield_now().await;
        let tries = {
            let mut tries = self.tries.lock().expect("lock");
            let n = tries.entry(mail.id).or_default();
            *n += 1;
            *n
        };
        let result = match mail.recipient.split('-').next() {
            Some("flaky2") if tries <= 2 => Err(SendError::transient("451 try later")),
            Some("down") => Err(SendError::transient("connection refused")),
            Some("reject") => Err(SendError::permanent("550 no such user")),
            _ => Ok(()),
        };
        if result.is_ok() {
            *self
                .delivered
                .lock()
                .expect("lock")
                .entry(mail.id)
                .or_default() += 1;
        }
        result
    }

    fn describe(&self) -> String {
        "fake".into()
    }
}

fn shop() -> ShopInfo {
    ShopInfo {
        name: "Story Shop".into(),
        base_url: "https://shop.example.com".into(),
    }
}

async fn queue_mail(db: &Database, to: &str, now_ms: i64) {
    let message = Message::ResetPassword {
        first_name: "Ann".into(),
        link: shop().token_link("/reset-password", TOKEN),
        valid_for_mins: 60,
    };
    let mut tx = db.begin().await.expect("begin");
    mail::queue(&mut tx, &shop(), to, &message, now_ms)
        .await
        .expect("queue");
    tx.commit().await.expect("commit");
}

async fn outbox(db: &Database, to: &str) -> OutboxRow {
    let mut rows = db
        .conn()
        .await
        .expect("conn")
        .mail()
        .outbox_for(to)
        .await
        .expect("outbox");
    assert_eq!(rows.len(), 1, "one mail to {to}");
    rows.remove(0)
}

fn worker(db: &Database, transport: Arc<dyn MailTransport>, clock: &ManualClock) -> MailWorker {
    MailWorker::new(
        db.clone(),
        transport,
        Arc::default(),
        Arc::new(clock.clone()),
    )
}

/// A mail that keeps failing is tried again after 30 s, 60 s, 120 s, ...
/// (never sooner), and marked failed, its bodies cleared, after the last
/// of its 6 attempts. A flaky one is sent on its third; a refused one
/// fails at once.
pub(crate) async fn mail_retry_story(db: Database) {
    let clock = ManualClock::starting_now();
    let transport = Arc::new(FakeTransport::default());
    let w = worker(&db, transport.clone(), &clock);
    assert_eq!(w.run_once().await.expect("idle"), Outcome::Idle);
    queue_mail(&db, "down-a@example.com", clock.now_ms()).await;

    let mut waits = Vec::new();
    for attempt in 1..=5 {
        let Outcome::Retry {
            attempts,
            run_at_ms,
            ..
        } = w.run_once().await.expect("run")
        else {
            panic!("attempt {attempt} should be retried");
        };
        assert_eq!(attempts, attempt);
        let wait_secs = (run_at_ms - clock.now_ms()) / 1000;
        waits.push(wait_secs);
        let row = outbox(&db, "down-a@example.com").await;
        assert_eq!((row.state.as_str(), row.attempts), ("ready", attempt));
        assert_eq!(row.last_error.as_deref(), Some("connection refused"));
        // Not due a second early.
        clock.advance_secs(wait_secs - 1);
        assert_eq!(w.run_once().await.expect("run"), Outcome::Idle);
        clock.advance_secs(1);
    }
    assert_eq!(waits, [30, 60, 120, 240, 480]);
    let Outcome::Failed { attempts, .. } = w.run_once().await.expect("run") else {
        panic!("the sixth attempt is the last");
    };
    assert_eq!(attempts, 6);
    let row = outbox(&db, "down-a@example.com").await;
    assert_eq!(row.state, "failed");
    assert_eq!((row.body_text.as_str(), row.body_html.as_str()), ("", ""));
    assert_eq!(row.link, None);
    assert_eq!(row.last_error.as_deref(), Some("connection refused"));
    clock.advance_secs(7200);
    assert_eq!(w.run_once().await.expect("run"), Outcome::Idle);

    queue_mail(&db, "flaky2-b@example.com", clock.now_ms()).await;
    assert!(matches!(w.run_once().await, Ok(Outcome::Retry { .. })));
    clock.advance_secs(30);
    assert!(matches!(w.run_once().await, Ok(Outcome::Retry { .. })));
    clock.advance_secs(60);
    assert!(matches!(w.run_once().await, Ok(Outcome::Sent { .. })));
    let row = outbox(&db, "flaky2-b@example.com").await;
    assert_eq!((row.state.as_str(), row.attempts), ("sent", 3));
    assert_eq!(row.last_error, None);

    queue_mail(&db, "reject-c@example.com", clock.now_ms()).await;
    assert!(matches!(
        w.run_once().await,
        Ok(Outcome::Failed { attempts: 1, .. })
    ));
    let row = outbox(&db, "reject-c@example.com").await;
    assert_eq!(row.state, "failed");
    assert_eq!(row.last_error.as_deref(), Some("550 no such user"));

    // A shorter policy is obeyed.
    let short = worker(&db, transport.clone(), &clock).with_policy(WorkerPolicy {
        max_attempts: 2,
        ..WorkerPolicy::default()
    });
    queue_mail(&db, "down-d@example.com", clock.now_ms()).await;
    assert!(matches!(short.run_once().await, Ok(Outcome::Retry { .. })));
    clock.advance_secs(30);
    assert!(matches!(
        short.run_once().await,
        Ok(Outcome::Failed { attempts: 2, .. })
    ));
}

/// Four workers at once over 40 mails: every mail is sent exactly once.
pub(crate) async fn mail_parallel_story(db: Database) {
    let clock = ManualClock::starting_now();
    let transport = Arc::new(FakeTransport::default());
    for i in 0..40 {
        queue_mail(&db, &format!("many{i}@example.com"), clock.now_ms()).await;
    }
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let w = worker(&db, transport.clone(), &clock);
        tasks.push(tokio::spawn(async move {
            let mut sent = 0;
            while let Outcome::Sent { .. } = w.run_once().await.expect("run") {
                sent += 1;
            }
            sent
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("worker");
    }
    assert_eq!(total, 40);
    let delivered = transport.delivered();
    assert_eq!(delivered.len(), 40);
    assert!(delivered.values().all(|&n| n == 1), "{delivered:?}");
    for i in 0..40 {
        let row = outbox(&db, &format!("many{i}@example.com")).await;
        assert_eq!((row.state.as_str(), row.attempts), ("sent", 1));
    }
}

/// A mail left in `sending` by a worker that died is taken back once the
/// lock is five minutes old, and the dead worker can no longer mark it.
/// Finished mails are pruned after a week.
pub(crate) async fn mail_stale_story(db: Database) {
    let clock = ManualClock::starting_now();
    queue_mail(&db, "stale@example.com", clock.now_ms()).await;
    let mut tx = db.begin().await.expect("begin");
    let claimed = tx
        .mail()
        .claim_mail("dead-worker", clock.now_ms(), clock.now_ms() - 300_000)
        .await
        .expect("claim")
        .expect("a due mail");
    tx.commit().await.expect("commit");
    assert_eq!((claimed.state.as_str(), claimed.attempts), ("sending", 1));
    assert_eq!(claimed.locked_by.as_deref(), Some("dead-worker"));

    let transport = Arc::new(FakeTransport::default());
    let w = worker(&db, transport.clone(), &clock);
    assert_eq!(w.run_once().await.expect("run"), Outcome::Idle);
    clock.advance_secs(299);
    assert_eq!(w.run_once().await.expect("run"), Outcome::Idle);
    clock.advance_secs(2);
    assert_eq!(
        w.run_once().await.expect("run"),
        Outcome::Sent { id: claimed.id }
    );
    let row = outbox(&db, "stale@example.com").await;
    assert_eq!((row.state.as_str(), row.attempts), ("sent", 2));
    assert_eq!(row.locked_by.as_deref(), Some(w.id()));
    let mut conn = db.conn().await.expect("conn");
    let late = conn
        .mail()
        .mark_failed(claimed.id, "dead-worker", "too late")
        .await
        .expect("mark");
    assert!(!late, "the dead worker no longer holds the mail");
    assert_eq!(outbox(&db, "stale@example.com").await.state, "sent");

    // Pruned a week after it was written, not before.
    clock.advance_secs(6 * 24 * 3600);
    assert_eq!(w.prune().await.expect("prune").mails, 0);
    clock.advance_secs(24 * 3600);
    assert_eq!(w.prune().await.expect("prune").mails, 1);
    let left = conn
        .mail()
        .outbox_for("stale@example.com")
        .await
        .expect("outbox");
    assert!(left.is_empty());
}

/// Through real SMTP (a sink in the test): a multipart/alternative mail
/// with both bodies, after which the outbox keeps neither body nor link.
/// Through the log: the mail is kept whole for the developer.
pub(crate) async fn mail_delivery_story(db: Database) {
    let clock = ManualClock::starting_now();
    let (port, mut received) = smtp_sink::start().await;
    let settings = SmtpSettings::parse(&format!("smtp://127.0.0.1:{port}")).expect("url");
    let from = Sender::parse("Story Shop <no-reply@shop.example.com>").expect("from");
    let smtp = SmtpTransport::new(&settings, &from).expect("transport");
    let w = worker(&db, Arc::new(smtp), &clock);

    queue_mail(&db, "smtp@example.com", clock.now_ms()).await;
    let before = outbox(&db, "smtp@example.com").await;
    assert!(before.body_html.contains(TOKEN) && before.body_text.contains(TOKEN));
    assert!(matches!(w.run_once().await, Ok(Outcome::Sent { .. })));
    let mail = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
        .await
        .expect("the sink got a mail in time")
        .expect("a mail");
    assert!(mail.mail_from.contains("<no-reply@shop.example.com>"));
    assert_eq!(mail.rcpt_to.len(), 1);
    assert!(mail.rcpt_to[0].contains("<smtp@example.com>"));
    let data = smtp_sink::unquote(&mail.data);
    assert!(data.contains("multipart/alternative"), "{data}");
    assert!(data.contains("text/plain"));
    assert!(data.contains("text/html"));
    assert!(data.contains("Subject: Reset your Story Shop password"));
    // The link in both bodies: once in the text, twice in the HTML.
    let link = shop().token_link("/reset-password", TOKEN);
    assert_eq!(data.matches(&link).count(), 4, "{data}");
    assert!(data.contains("Hello Ann,"));
    assert!(data.contains("<!DOCTYPE html>"));

    let after = outbox(&db, "smtp@example.com").await;
    assert_eq!(after.state, "sent");
    assert!(after.sent_at_ms.is_some());
    assert_eq!(
        (after.body_text.as_str(), after.body_html.as_str()),
        ("", "")
    );
    assert_eq!(after.link, None);
    assert_eq!(after.subject, before.subject);

    // No SMTP_URL: logged and kept.
    let log = worker(&db, Arc::new(LogTransport), &clock);
    queue_mail(&db, "logged@example.com", clock.now_ms()).await;
    assert!(matches!(log.run_once().await, Ok(Outcome::Logged { .. })));
    let kept = outbox(&db, "logged@example.com").await;
    assert_eq!(kept.state, "logged");
    assert!(kept.body_text.contains(TOKEN) && kept.body_html.contains(TOKEN));
    assert_eq!(kept.link.as_deref(), Some(link.as_str()));

    // A server that is not there: retried, not failed.
    let nowhere = SmtpSettings::parse("smtp://127.0.0.1:1").expect("url");
    let down = worker(
        &db,
        Arc::new(SmtpTransport::new(&nowhere, &from).expect("transport")),
        &clock,
    );
    queue_mail(&db, "unsent@example.com", clock.now_ms()).await;
    assert!(matches!(down.run_once().await, Ok(Outcome::Retry { .. })));
    let row = outbox(&db, "unsent@example.com").await;
    assert_eq!(row.state, "ready");
    assert!(row.body_text.contains(TOKEN), "kept until sent");
}
