//! The customer list as CSV, for the grid's current filter. The service
//! checks the caller and the query before anything is sent (401, 403, 422
//! come back as usual), then hands out the file a batch at a time: each
//! batch is one keyset query (`customers_after`, by id), so the whole list
//! is never in memory and no connection is held between batches.
//!
//! The text is RFC 4180 (comma separated, CRLF line ends, a field quoted
//! when it holds a comma, a quote or a line break, quotes doubled), and a
//! cell that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) gets a leading `'`.

use std::sync::Arc;

use crate::admin::domain::GridQuery;
use crate::admin::dto::CustomerQuery;
use crate::admin::service::{rfc3339, with_group, AdminService};
use crate::caller::Caller;
use crate::customers::search::CustomerFilter;
use crate::customers::store::CustomerRow;
use crate::services::{Deps, ServiceError};
use crate::staff::{authorize, Permission};

/// Customers read per query.
pub const EXPORT_BATCH: u32 = 500;

/// The header row's columns.
pub const EXPORT_COLUMNS: [&str; 9] = [
    "id",
    "email",
    "first_name",
    "last_name",
    "phone",
    "group",
    "status",
    "email_verified",
    "created_at",
];

/// One CSV cell: neutralised against formulas, then quoted if it needs it.
pub fn csv_cell(value: &str) -> String {
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line, with its CRLF.
pub fn csv_line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = cells
        .into_iter()
        .map(csv_cell)
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn customer_line(row: &CustomerRow) -> String {
    let verified = if row.email_verified_at.is_some() {
        "true"
    } else {
        "false"
    };
    let created = rfc3339(row.created_at);
    csv_line([
        row.public_id.as_str(),
        row.email.as_str(),
        row.first_name.as_str(),
        row.last_name.as_str(),
        row.phone.as_deref().unwrap_or(""),
        row.group_name.as_str(),
        row.status.as_str(),
        verified,
        created.as_str(),
    ])
}

/// A CSV export under way: call [`CustomerExport::next_chunk`] until it
/// gives `None`.
pub struct CustomerExport {
    deps: Arc<Deps>,
    filter: CustomerFilter,
    after_id: i64,
    header_sent: bool,
    done: bool,
}

impl CustomerExport {
    /// The next piece of the file: the header row first, then a batch of
    /// customers at a time; `None` once everything was given.
    pub async fn next_chunk(&mut self) -> Result<Option<String>, ServiceError> {
        if !self.header_sent {
            self.header_sent = true;
            return Ok(Some(csv_line(EXPORT_COLUMNS)));
        }
        if self.done {
            return Ok(None);
        }
        let rows = {
            let mut conn = self.deps.db.conn().await?;
            conn.customer_search()
                .customers_after(&self.filter, self.after_id, EXPORT_BATCH)
                .await?
        };
        if rows.len() < EXPORT_BATCH as usize {
            self.done = true;
        }
        let Some(last) = rows.last() else {
            return Ok(None);
        };
        self.after_id = last.id;
        Ok(Some(rows.iter().map(customer_line).collect()))
    }
}

impl AdminService {
    /// Starts a CSV export of the customers matching the grid's query
    /// (`ManageCustomers`). The query is checked as for the grid (its sort
    /// and page are ignored: the file is in the order customers joined).
    pub async fn export(
        &self,
        caller: &Caller,
        query: &CustomerQuery,
    ) -> Result<CustomerExport, ServiceError> {
        let staff = authorize(caller, Permission::ManageCustomers)?;
        let grid = GridQuery::parse(query)?;
        let filter = {
            let mut conn = self.deps.db.conn().await?;
            with_group(&mut conn, grid.filter, grid.group.as_ref(), "group").await?
        };
        tracing::info!(target: "security", staff = %staff.staff.public_id, "customer list exported");
        Ok(CustomerExport {
            deps: self.deps.clone(),
            filter,
            after_id: 0,
            header_sent: false,
            done: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(csv_cell("Ann"), "Ann");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("Lee, Ann"), "\"Lee, Ann\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_line(["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }

    #[test]
    fn formulas_are_neutralised() {
        for (raw, safe) in [
            ("=1+1", "'=1+1"),
            ("+442079460958", "'+442079460958"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("a=b", "a=b"),
        ] {
            assert_eq!(csv_cell(raw), safe, "{raw:?}");
        }
    }
}
