//! Staff storage: accounts and their sessions. The statements are the same
//! on both backends, so one macro implements [`StaffStore`] for each unit of
//! work (`SqliteTx`, `PgTx`) with that backend's error mapping.

use async_trait::async_trait;

use crate::db::StoreError;
use crate::staff::dto::{Role, StaffView};

/// The unique rule on a staff member's normalised email.
pub const STAFF_EMAIL_UNIQUE: &str = "staff_email_unique";

/// A staff row. Holds the password hash, so it stays inside the core.
#[derive(Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub public_id: String,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub role: String,
    pub status: String,
}

impl std::fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRow")
            .field("public_id", &self.public_id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl StaffRow {
    /// The stored role; an unknown one (impossible under the CHECK) is the
    /// lesser role.
    pub fn role(&self) -> Role {
        Role::from_stored(&self.role).unwrap_or(Role::Support)
    }

    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    pub fn to_view(&self) -> StaffView {
        StaffView {
            id: self.public_id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role(),
        }
    }
}

/// A staff session with its staff member: what resolving a staff caller
/// reads, in one query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffSignedInRow {
    pub session_public_id: String,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    #[sqlx(flatten)]
    pub staff: StaffRow,
}

/// A staff account ready to insert.
#[derive(Clone)]
pub struct NewStaffRecord {
    pub public_id: String,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub role: Role,
    pub now_ms: i64,
}

/// A staff session row to insert at login.
#[derive(Debug, Clone)]
pub struct NewStaffSessionRecord {
    pub public_id: String,
    pub token_hash: String,
    pub staff_id: i64,
    pub now_ms: i64,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

#[async_trait]
pub trait StaffStore {
    /// An email already taken gives a conflict on [`STAFF_EMAIL_UNIQUE`].
    async fn insert_staff(&mut self, new: &NewStaffRecord) -> Result<StaffRow, StoreError>;
    /// `email` must already be normalised.
    async fn staff_by_email(&mut self, email: &str) -> Result<Option<StaffRow>, StoreError>;
    async fn insert_staff_session(&mut self, new: &NewStaffSessionRecord)
        -> Result<(), StoreError>;
    /// The session with this token hash and its staff member.
    async fn staff_signed_in(
        &mut self,
        token_hash: &str,
    ) -> Result<Option<StaffSignedInRow>, StoreError>;
    async fn touch_staff_session(
        &mut self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError>;
    async fn delete_staff_session(&mut self, token_hash: &str) -> Result<(), StoreError>;
    /// Deletes every staff session created before `created_before_ms` or
    /// last used before `seen_before_ms`; returns how many.
    async fn delete_expired_staff_sessions(
        &mut self,
        created_before_ms: i64,
        seen_before_ms: i64,
    ) -> Result<u64, StoreError>;
}

/// The columns of [`StaffRow`], unqualified (one table) and from `staff st`.
pub(crate) const STAFF_FIELDS: &str = "id, public_id, email, password_hash, name, role, status";
pub(crate) const STAFF_COLUMNS: &str =
    "st.id, st.public_id, st.email, st.password_hash, st.name, st.role, st.status";

macro_rules! impl_staff_store {
    ($tx:ty, $map_err:path) => {
        #[async_trait::async_trait]
        impl $crate::staff::store::StaffStore for $tx {
            async fn insert_staff(
                &mut self,
                new: &$crate::staff::store::NewStaffRecord,
            ) -> Result<$crate::staff::store::StaffRow, $crate::db::StoreError> {
                let sql = format!(
                    "INSERT INTO staff (public_id, email, password_hash, name, role,
                         created_at_ms, updated_at_ms)
                     VALUES ($1, $2, $3, $4, $5, $6, $6)
                     RETURNING {}",
                    $crate::staff::store::STAFF_FIELDS
                );
                sqlx::query_as(&sql)
                    .bind(&new.public_id)
                    .bind(&new.email)
                    .bind(&new.password_hash)
                    .bind(&new.name)
                    .bind(new.role.as_str())
                    .bind(new.now_ms)
                    .fetch_one(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn staff_by_email(
                &mut self,
                email: &str,
            ) -> Result<Option<$crate::staff::store::StaffRow>, $crate::db::StoreError> {
                let sql = format!(
                    "SELECT {} FROM staff WHERE email = $1",
                    $crate::staff::store::STAFF_FIELDS
                );
                sqlx::query_as(&sql)
                    .bind(email)
                    .fetch_optional(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn insert_staff_session(
                &mut self,
                new: &$crate::staff::store::NewStaffSessionRecord,
            ) -> Result<(), $crate::db::StoreError> {
                sqlx::query(
                    "INSERT INTO staff_session (public_id, token_hash, staff_id,
                         created_at_ms, last_seen_at_ms, user_agent, ip)
                     VALUES ($1, $2, $3, $4, $4, $5, $6)",
                )
                .bind(&new.public_id)
                .bind(&new.token_hash)
                .bind(new.staff_id)
                .bind(new.now_ms)
                .bind(&new.user_agent)
                .bind(&new.ip)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(())
            }

            async fn staff_signed_in(
                &mut self,
                token_hash: &str,
            ) -> Result<Option<$crate::staff::store::StaffSignedInRow>, $crate::db::StoreError>
            {
                let sql = format!(
                    "SELECT s.public_id AS session_public_id, s.created_at_ms, s.last_seen_at_ms,
                            {}
                     FROM staff_session s JOIN staff st ON st.id = s.staff_id
                     WHERE s.token_hash = $1",
                    $crate::staff::store::STAFF_COLUMNS
                );
                sqlx::query_as(&sql)
                    .bind(token_hash)
                    .fetch_optional(self.conn_mut())
                    .await
                    .map_err($map_err)
            }

            async fn touch_staff_session(
                &mut self,
                token_hash: &str,
                now_ms: i64,
            ) -> Result<(), $crate::db::StoreError> {
                sqlx::query("UPDATE staff_session SET last_seen_at_ms = $1 WHERE token_hash = $2")
                    .bind(now_ms)
                    .bind(token_hash)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                Ok(())
            }

            async fn delete_staff_session(
                &mut self,
                token_hash: &str,
            ) -> Result<(), $crate::db::StoreError> {
                sqlx::query("DELETE FROM staff_session WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(self.conn_mut())
                    .await
                    .map_err($map_err)?;
                Ok(())
            }

            async fn delete_expired_staff_sessions(
                &mut self,
                created_before_ms: i64,
                seen_before_ms: i64,
            ) -> Result<u64, $crate::db::StoreError> {
                let done = sqlx::query(
                    "DELETE FROM staff_session WHERE created_at_ms < $1 OR last_seen_at_ms < $2",
                )
                .bind(created_before_ms)
                .bind(seen_before_ms)
                .execute(self.conn_mut())
                .await
                .map_err($map_err)?;
                Ok(done.rows_affected())
            }
        }
    };
}

impl_staff_store!(crate::db::SqliteTx, crate::db::sqlite_map_err);
impl_staff_store!(crate::db::PgTx, crate::db::postgres_map_err);
