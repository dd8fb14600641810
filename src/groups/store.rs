//! Group storage: the groups with their member counts, moving a deleted
//! group's members (with their history rows, set-based), and the pages
//! restricted to groups. The statements are the same on both backends but
//! for the row lock, so one macro implements [`GroupStore`] for each unit
//! of work with that backend's lock clause and error mapping.

use async_trait::async_trait;

use crate::customers::dto::GroupView;
use crate::db::StoreError;
use crate::groups::dto::GroupDetail;

/// The unique rule on a group's name, ignoring case (migration 0001's
/// index on `lower(name)`).
pub const GROUP_NAME_UNIQUE: &str = "customer_group_name_key";

/// A group row with how many customers are in it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GroupRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub description: String,
    pub is_system: bool,
    pub is_default: bool,
    pub members: i64,
}

impl GroupRow {
    pub fn to_detail(&self) -> GroupDetail {
        GroupDetail {
            id: self.public_id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            system: self.is_system,
            default: self.is_default,
            members: u64::try_from(self.members).unwrap_or(0),
        }
    }

    pub fn to_view(&self) -> GroupView {
        GroupView {
            id: self.public_id.clone(),
            name: self.name.clone(),
        }
    }
}

/// The history row each moved member gets: the same for all of them.
#[derive(Debug, Clone)]
pub struct MoveHistory<'a> {
    pub at_ms: i64,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_name: Option<&'a str>,
    pub action: &'a str,
    /// A JSON array of `history::dto::FieldChange`.
    pub changes: String,
}

#[async_trait]
pub trait GroupStore {
    /// Every group with its member count, oldest first (the built-in ones
    /// first).
    async fn list_groups(&mut self) -> Result<Vec<GroupRow>, StoreError>;
    /// One group by its public id. `lock`: inside a transaction, holds the
    /// row until commit, so no customer can join it meanwhile (PostgreSQL
    /// `FOR UPDATE`; on SQLite `BEGIN IMMEDIATE` already serialises writers).
    async fn group_by_public_id(
        &mut self,
        public_id: &str,
        lock: bool,
    ) -> Result<Option<GroupRow>, StoreError>;
    /// The default group (General).
    async fn default_group(&mut self) -> Result<GroupRow, StoreError>;
    /// A name already taken (any case) gives a conflict on
    /// [`GROUP_NAME_UNIQUE`].
    async fn insert_group(
        &mut self,
        public_id: &str,
        name: &str,
        description: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<GroupRow, StoreError>;
    /// Replaces the name and description; a name taken by another group
    /// gives a conflict on [`GROUP_NAME_UNIQUE`].
    async fn update_group(
        &mut self,
        id: i64,
        name: &str,
        description: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;
    /// Moves every customer of group `from` to group `to`, writing `history`
    /// for each of them first; two statements whatever the group's size.
    /// Returns how many moved.
    async fn move_members(
        &mut self,
        from: i64,
        to: i64,
        history: &MoveHistory<'_>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, StoreError>;
    /// Deletes a group that has no members left; its page access goes with it.
    async fn delete_group(&mut self, id: i64) -> Result<bool, StoreError>;
    /// The groups a page is open to, oldest first (none: not restricted).
    async fn page_groups(&mut self, page: &str) -> Result<Vec<GroupView>, StoreError>;
    /// Replaces the groups a page is open to.
    async fn set_page_groups(&mut self, page: &str, group_ids: &[i64]) -> Result<(), StoreError>;
    /// The pages open to `group_id` and to no other group (deleting the
    /// group would leave them unrestricted).
    async fn pages_only_for(&mut self, group_id: i64) -> Result<Vec<String>, StoreError>;
    /// Whether customers of `group_id` may open `page`: yes when the page is
    /// not restricted, or is open to that group. One query.
    async fn page_allows(&mut self, page: &str, group_id: i64) -> Result<bool, StoreError>;
}

/// The columns of [`GroupRow`] from `customer_group g`, the count included.
pub(crate) const GROUP_COLUMNS: &str = "g.id, g.public_id, g.name, g.description, \
    g.is_system, g.is_default, \
    (SELECT COUNT(*) FROM customer c WHERE c.group_id = g.id) AS members";

macro_rules! impl_group_store {
    ($tx:ty, $map_err:path, $for_update:literal) => {
        #[async_trait]
        impl GroupStore for $tx {
            async fn list_groups(&mut self) -> Result<Vec<GroupRow>, StoreError> {
                let sql = format!("SELECT {GROUP_COLUMNS} FROM customer_group g ORDER BY g.id");
                sqlx::query_as(&sql)
                    .fetch_all(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn group_by_public_id(
                &mut self,
                public_id: &str,
                lock: bool,
            ) -> Result<Option<GroupRow>, StoreError> {
                if lock {
                    sqlx::query(concat!(
                        "SELECT id FROM customer_group WHERE public_id = $1",
                        $for_update
                    ))
                    .bind(public_id)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                }
                let sql =
                    format!("SELECT {GROUP_COLUMNS} FROM customer_group g WHERE g.public_id = $1");
                sqlx::query_as(&sql)
                    .bind(public_id)
                    .fetch_optional(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn default_group(&mut self) -> Result<GroupRow, StoreError> {
                let sql = format!(
                    "SELECT {GROUP_COLUMNS} FROM customer_group g WHERE g.is_default = TRUE"
                );
                sqlx::query_as(&sql)
                    .fetch_one(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn insert_group(
                &mut self,
                public_id: &str,
                name: &str,
                description: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<GroupRow, StoreError> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO customer_group
                         (public_id, name, description, is_default, is_system,
                          created_at, updated_at)
                     VALUES ($1, $2, $3, FALSE, FALSE, $4, $4)
                     RETURNING id",
                )
                .bind(public_id)
                .bind(name)
                .bind(description)
                .bind(now)
                .fetch_one(self.conn_mut())
                .await
                .map_err($map_err)?;
                let sql = format!("SELECT {GROUP_COLUMNS} FROM customer_group g WHERE g.id = $1");
                sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_one(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn update_group(
                &mut self,
                id: i64,
                name: &str,
                description: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE customer_group SET name = $1, description = $2, updated_at = $3
                     WHERE id = $4",
                )
                .bind(name)
                .bind(description)
                .bind(now)
                .bind(id)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(())
            }

            async fn move_members(
                &mut self,
                from: i64,
                to: i64,
                history: &MoveHistory<'_>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, StoreError> {
                sqlx::query(
                    "INSERT INTO customer_history
                         (customer_id, at_ms, actor_type, actor_id, actor_name, action, changes)
                     SELECT c.id, $1, $2, $3, $4, $5, $6
                     FROM customer c WHERE c.group_id = $7
                     ORDER BY c.id",
                )
                .bind(history.at_ms)
                .bind(history.actor_type)
                .bind(history.actor_id)
                .bind(history.actor_name)
                .bind(history.action)
                .bind(&history.changes)
                .bind(from)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                let moved = sqlx::query(
                    "UPDATE customer SET group_id = $1, updated_at = $2 WHERE group_id = $3",
                )
                .bind(to)
                .bind(now)
                .bind(from)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(moved.rows_affected())
            }

            async fn delete_group(&mut self, id: i64) -> Result<bool, StoreError> {
                let done = sqlx::query("DELETE FROM customer_group WHERE id = $1")
                    .bind(id)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                Ok(done.rows_affected() > 0)
            }

            async fn page_groups(&mut self, page: &str) -> Result<Vec<GroupView>, StoreError> {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT g.public_id, g.name
                     FROM page_access p JOIN customer_group g ON g.id = p.group_id
                     WHERE p.page = $1
                     ORDER BY g.id",
                )
                .bind(page)
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name)| GroupView { id, name })
                    .collect())
            }

            async fn set_page_groups(
                &mut self,
                page: &str,
                group_ids: &[i64],
            ) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM page_access WHERE page = $1")
                    .bind(page)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                for id in group_ids {
                    sqlx::query("INSERT INTO page_access (page, group_id) VALUES ($1, $2)")
                        .bind(page)
                        .bind(id)
                        .execute(self.conn_mut())
                        .await
                        .map_err($map_err)?;
                }
                Ok(())
            }

            async fn pages_only_for(&mut self, group_id: i64) -> Result<Vec<String>, StoreError> {
                sqlx::query_scalar(
                    "SELECT p.page FROM page_access p
                     WHERE p.group_id = $1
                       AND NOT EXISTS (SELECT 1 FROM page_access q
                                       WHERE q.page = p.page AND q.group_id <> $1)
                     ORDER BY p.page",
                )
                .bind(group_id)
                .fetch_all(self.conn_mut())
                .await
                .map_err($map_err)
            }

            async fn page_allows(&mut self, page: &str, group_id: i64) -> Result<bool, StoreError> {
                sqlx::query_scalar(
                    "SELECT (NOT EXISTS (SELECT 1 FROM page_access WHERE page = $1)
                             OR EXISTS (SELECT 1 FROM page_access
                                        WHERE page = $1 AND group_id = $2))",
                )
                .bind(page)
                .bind(group_id)
                .fetch_one(self.conn_mut())
                .await
                .map_err($map_err)
            }
        }
    };
}

impl_group_store!(crate::db::SqliteTx, crate::db::sqlite_map_err, "");
impl_group_store!(crate::db::PgTx, crate::db::postgres_map_err, " FOR UPDATE");
