//! [`MailStore`] on SQLite.

use async_trait::async_trait;

use super::{
    mark_failed_sql, mark_logged_sql, mark_retry_sql, mark_sent_sql, MailStore, OutboxRecord,
    OutboxRow, OUTBOX_COLUMNS, OUTBOX_DUE, OUTBOX_INSERT, OUTBOX_PRUNE,
};
use crate::db::sqlite_map_err as map_err;
use crate::db::{SqliteTx, StoreError};

#[async_trait]
impl MailStore for SqliteTx {
    async fn enqueue(&mut self, mail: &OutboxRecord) -> Result<(), StoreError> {
        sqlx::query(OUTBOX_INSERT)
            .bind(&mail.kind)
            .bind(&mail.recipient)
            .bind(&mail.subject)
            .bind(&mail.body_text)
            .bind(&mail.body_html)
            .bind(&mail.link)
            .bind(mail.now_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn outbox_for(&mut self, recipient: &str) -> Result<Vec<OutboxRow>, StoreError> {
        let sql =
            format!("SELECT {OUTBOX_COLUMNS} FROM mail_outbox WHERE recipient = $1 ORDER BY id");
        sqlx::query_as::<_, OutboxRow>(&sql)
            .bind(recipient)
            .fetch_all(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn claim_mail(
        &mut self,
        worker: &str,
        now_ms: i64,
        stale_before_ms: i64,
    ) -> Result<Option<OutboxRow>, StoreError> {
        let sql = claim_sql();
        sqlx::query_as::<_, OutboxRow>(&sql)
            .bind(worker)
            .bind(now_ms)
            .bind(stale_before_ms)
            .fetch_optional(self.conn_mut())
            .await
            .map_err(map_err)
    }

    async fn mark_sent(&mut self, id: i64, worker: &str, now_ms: i64) -> Result<bool, StoreError> {
        held(self, &mark_sent_sql(), id, worker, Bind::Ms(now_ms)).await
    }

    async fn mark_logged(
        &mut self,
        id: i64,
        worker: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        held(self, &mark_logged_sql(), id, worker, Bind::Ms(now_ms)).await
    }

    async fn mark_retry(
        &mut self,
        id: i64,
        worker: &str,
        run_at_ms: i64,
        error: &str,
    ) -> Result<bool, StoreError> {
        let sql = mark_retry_sql();
        held(self, &sql, id, worker, Bind::MsAndText(run_at_ms, error)).await
    }

    async fn mark_failed(
        &mut self,
        id: i64,
        worker: &str,
        error: &str,
    ) -> Result<bool, StoreError> {
        held(self, &mark_failed_sql(), id, worker, Bind::Text(error)).await
    }

    async fn prune_mail(&mut self, before_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query(OUTBOX_PRUNE)
            .bind(before_ms)
            .execute(self.conn_mut())
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }
}

/// SQLite has no `SKIP LOCKED`: the caller runs this inside `BEGIN
/// IMMEDIATE` (`Database::begin`), so claims take turns on the write lock
/// and each sees the one before it.
fn claim_sql() -> String {
    format!(
        "UPDATE mail_outbox SET state = 'sending', locked_by = $1, locked_at_ms = $2, \
             attempts = attempts + 1 WHERE id = ({OUTBOX_DUE}) RETURNING {OUTBOX_COLUMNS}"
    )
}

/// What a mark binds after the mail's id and worker.
enum Bind<'a> {
    Ms(i64),
    Text(&'a str),
    MsAndText(i64, &'a str),
}

/// Runs a mark on a mail `worker` holds; whether it changed it.
async fn held(
    tx: &mut SqliteTx,
    sql: &str,
    id: i64,
    worker: &str,
    bind: Bind<'_>,
) -> Result<bool, StoreError> {
    let query = sqlx::query(sql).bind(id).bind(worker);
    let query = match bind {
        Bind::Ms(ms) => query.bind(ms),
        Bind::Text(text) => query.bind(text.to_owned()),
        Bind::MsAndText(ms, text) => query.bind(ms).bind(text.to_owned()),
    };
    let done = query.execute(tx.conn_mut()).await.map_err(map_err)?;
    Ok(done.rows_affected() == 1)
}
