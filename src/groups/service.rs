//! Customer groups for staff: the list with member counts, creating,
//! renaming and deleting groups, and which groups may open each
//! restrictable storefront page.
//!
//! Rules a shop owner would expect:
//! - Viewing groups and page access needs `ViewCustomers` (support and
//!   admins); every change needs `ManageGroups` (admins).
//! - The built-in groups (General, Wholesale, VIP) may be renamed and
//!   re-described, but never deleted, and General stays the default group.
//! - Deleting a custom group moves its members to the default group in the
//!   same transaction, each with a `group_changed` history row naming the
//!   staff member. A group that is the only one a page is open to cannot be
//!   deleted until the page is given another (or opened to all): deleting
//!   it must not open the page to everyone.
//! - A page with no groups is open to every logged-in customer; with
//!   groups, only to customers of those groups.

use std::sync::Arc;

use crate::caller::Caller;
use crate::customers::domain::Change;
use crate::db::{StoreError, Tx};
use crate::groups::domain::{parse_page_groups, GroupChange, NewGroup};
use crate::groups::dto::{
    known_page, GroupDeletedView, GroupDetail, GroupPatch, KnownPage, NewGroupInput,
    PageAccessInput, PageAccessView,
};
use crate::groups::store::{GroupRow, MoveHistory, GROUP_NAME_UNIQUE};
use crate::history::{Action, Actor, Changes};
use crate::services::{Deps, Missing, ServiceError};
use crate::staff::{authorize, Permission};

#[derive(Clone)]
pub struct GroupService {
    deps: Arc<Deps>,
}

/// A group-name conflict as the service's error.
fn name_taken(e: StoreError) -> ServiceError {
    match e {
        e if e.is_conflict_on(GROUP_NAME_UNIQUE) => ServiceError::GroupNameTaken,
        e => e.into(),
    }
}

/// A known page, or not found.
fn page(key: &str) -> Result<&'static KnownPage, ServiceError> {
    known_page(key).ok_or(ServiceError::NotFound(Missing::Page))
}

/// A group by public id (one that is not a UUID names no group).
async fn find_group(tx: &mut Tx, id: &str, lock: bool) -> Result<GroupRow, ServiceError> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(ServiceError::NotFound(Missing::Group));
    }
    tx.groups()
        .group_by_public_id(&id.to_ascii_lowercase(), lock)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Group))
}

impl GroupService {
    pub(crate) fn new(deps: Arc<Deps>) -> Self {
        Self { deps }
    }

    /// Every group with its member count, the built-in ones first.
    pub async fn list(&self, caller: &Caller) -> Result<Vec<GroupDetail>, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let mut conn = self.deps.db.conn().await?;
        let rows = conn.groups().list_groups().await?;
        Ok(rows.iter().map(GroupRow::to_detail).collect())
    }

    /// Creates a group. A name already used (in any case) is a conflict.
    pub async fn create(
        &self,
        caller: &Caller,
        input: &NewGroupInput,
    ) -> Result<GroupDetail, ServiceError> {
        let staff = authorize(caller, Permission::ManageGroups)?;
        let new = NewGroup::parse(input)?;
        let mut tx = self.deps.db.begin().await?;
        let row = tx
            .groups()
            .insert_group(
                &uuid::Uuid::new_v4().to_string(),
                new.name.as_str(),
                &new.description,
                self.deps.now(),
            )
            .await
            .map_err(name_taken)?;
        tx.commit().await?;
        tracing::info!(target: "audit", staff = %staff.staff.public_id, group = %row.public_id, "customer group created");
        Ok(row.to_detail())
    }

    /// Renames a group or changes its description (the built-in groups
    /// too: they keep their role whatever they are called).
    pub async fn update(
        &self,
        caller: &Caller,
        id: &str,
        patch: &GroupPatch,
    ) -> Result<GroupDetail, ServiceError> {
        let staff = authorize(caller, Permission::ManageGroups)?;
        let change = GroupChange::parse(patch)?;
        let mut tx = self.deps.db.begin().await?;
        let row = find_group(&mut tx, id, false).await?;
        let name = match change.name {
            Change::Set(name) => name.as_str().to_owned(),
            Change::Keep | Change::Clear => row.name.clone(),
        };
        let description = change
            .description
            .resolve(Some(row.description.clone()), |d| d)
            .unwrap_or_default();
        tx.groups()
            .update_group(row.id, &name, &description, self.deps.now())
            .await
            .map_err(name_taken)?;
        tx.commit().await?;
        tracing::info!(target: "audit", staff = %staff.staff.public_id, group = %row.public_id, "customer group changed");
        Ok(GroupDetail {
            name,
            description,
            ..row.to_detail()
        })
    }

    /// Deletes a custom group. Its members move to the default group in the
    /// same transaction, each with a `group_changed` history row; the group
    /// is locked first, so nobody joins it meanwhile. The built-in groups
    /// cannot be deleted.
    pub async fn delete(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<GroupDeletedView, ServiceError> {
        let staff = authorize(caller, Permission::ManageGroups)?;
        let actor = Actor::staff(staff);
        let mut tx = self.deps.db.begin().await?;
        let group = find_group(&mut tx, id, true).await?;
        if group.is_system || group.is_default {
            return Err(ServiceError::SystemGroup { name: group.name });
        }
        // Without it, a page open only to this group would be open to all.
        let guarded = tx.groups().pages_only_for(group.id).await?;
        if let Some(page) = guarded.iter().find_map(|key| known_page(key)) {
            return Err(ServiceError::GroupGuardsPage {
                name: group.name,
                page: page.key,
            });
        }
        let general = tx.groups().default_group().await?;
        let changes = Changes::new()
            .field(
                "group",
                Some(group.name.as_str()),
                Some(general.name.as_str()),
            )
            .into_vec();
        let (actor_id, actor_name) = match &actor {
            Actor::Customer { id, name } | Actor::Staff { id, name } => {
                (Some(id.as_str()), Some(name.as_str()))
            }
            Actor::System => (None, None),
        };
        let history = MoveHistory {
            at_ms: self.deps.now_ms(),
            actor_type: actor.kind(),
            actor_id,
            actor_name,
            action: Action::GroupChanged.as_str(),
            changes: serde_json::to_string(&changes)
                .map_err(|e| anyhow::Error::new(e).context("history changes"))?,
        };
        let moved = tx
            .groups()
            .move_members(group.id, general.id, &history, self.deps.now())
            .await?;
        tx.groups().delete_group(group.id).await?;
        tx.commit().await?;
        tracing::info!(target: "audit", staff = %staff.staff.public_id, group = %group.public_id, moved, "customer group deleted");
        Ok(GroupDeletedView {
            id: group.public_id,
            members_moved_to: general.to_view(),
            members_moved: moved,
        })
    }

    /// Which groups may open a storefront page.
    pub async fn page_access(
        &self,
        caller: &Caller,
        page_key: &str,
    ) -> Result<PageAccessView, ServiceError> {
        authorize(caller, Permission::ViewCustomers)?;
        let page = page(page_key)?;
        let mut conn = self.deps.db.conn().await?;
        let groups = conn.groups().page_groups(page.key).await?;
        Ok(access_view(page, groups))
    }

    /// Replaces the groups that may open a page. Every id must name a
    /// group (a 422 naming `groups` otherwise); an empty list opens the
    /// page to every logged-in customer.
    pub async fn set_page_access(
        &self,
        caller: &Caller,
        page_key: &str,
        input: &PageAccessInput,
    ) -> Result<PageAccessView, ServiceError> {
        let staff = authorize(caller, Permission::ManageGroups)?;
        let page = page(page_key)?;
        let ids = parse_page_groups(input)?;
        let mut tx = self.deps.db.begin().await?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in &ids {
            match find_group(&mut tx, id, false).await {
                Ok(row) => rows.push(row.id),
                Err(ServiceError::NotFound(Missing::Group)) => {
                    return Err(crate::domain::FieldErrors::single(
                        "groups",
                        format!("There is no customer group with the id {id}."),
                    )
                    .into())
                }
                Err(e) => return Err(e),
            }
        }
        tx.groups().set_page_groups(page.key, &rows).await?;
        let groups = tx.groups().page_groups(page.key).await?;
        tx.commit().await?;
        tracing::info!(target: "audit", staff = %staff.staff.public_id, page = page.key, groups = rows.len(), "page access changed");
        Ok(access_view(page, groups))
    }
}

fn access_view(page: &KnownPage, groups: Vec<crate::customers::dto::GroupView>) -> PageAccessView {
    PageAccessView {
        page: page.key.to_owned(),
        label: page.label.to_owned(),
        restricted: !groups.is_empty(),
        groups,
    }
}

/// Whether the caller's customer login may open `page`: "please log in"
/// when there is none (a staff login is not a customer), the page's own
/// refusal when the customer's current group may not. The group is the one
/// read when the caller was resolved for this request, so a change of
/// group counts from the customer's next request.
pub(crate) async fn require_page(
    deps: &Deps,
    caller: &Caller,
    page: &'static KnownPage,
) -> Result<(), ServiceError> {
    let me = crate::auth::signed_in(caller)?;
    let mut conn = deps.db.conn().await?;
    if conn
        .groups()
        .page_allows(page.key, me.customer.group_id)
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::PageClosed { page: page.key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppError;

    #[test]
    fn group_errors_have_their_status_and_words() {
        let cases: [(ServiceError, u16, &str); 6] = [
            (ServiceError::GroupNameTaken, 409, "already exists"),
            (
                ServiceError::SystemGroup { name: "VIP".into() },
                409,
                "VIP is one of the built-in groups",
            ),
            (
                ServiceError::GroupGuardsPage {
                    name: "Fairs".into(),
                    page: "wholesale",
                },
                409,
                "the only group that may open the Wholesale price list",
            ),
            (
                ServiceError::PageClosed { page: "wholesale" },
                403,
                "This price list is for trade customers.",
            ),
            (ServiceError::NotFound(Missing::Group), 404, "group"),
            (ServiceError::NotFound(Missing::Page), 404, "wholesale"),
        ];
        for (e, status, words) in cases {
            let app: AppError = e.into();
            assert_eq!(app.status(), status, "{app:?}");
            assert!(app.message().contains(words), "{app:?}");
        }
        let taken: AppError = ServiceError::GroupNameTaken.into();
        assert!(taken.fields().is_some_and(|f| f.contains_key("name")));
    }
}
