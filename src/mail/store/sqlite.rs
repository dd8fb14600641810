//! [`MailStore`] on SQLite.

use async_trait::async_trait;

use super::{MailStore, OutboxRecord, OutboxRow, OUTBOX_COLUMNS, OUTBOX_INSERT};
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
}
