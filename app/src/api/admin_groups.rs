//! Server functions for `/admin/groups`: the groups with their member
//! counts, creating, renaming and deleting them, and which groups may open
//! each restricted storefront page. `services.groups` decides who may.

use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

pub use customer_core::groups::dto::{GroupDetail, PageAccessView, KNOWN_PAGES};

/// Where the groups page lives.
pub const ADMIN_GROUPS_PATH: &str = "/admin/groups";

/// Every group, with how many customers are in it.
#[server(prefix = "/api/fn", endpoint = "admin_groups")]
pub async fn admin_groups() -> Result<Vec<GroupDetail>, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.groups.list(&caller).await?)
}

/// A new group (admins only).
#[server(prefix = "/api/fn", endpoint = "admin_create_group")]
pub async fn admin_create_group(name: String, description: String) -> Result<(), AppError> {
    use customer_core::groups::dto::NewGroupInput;
    let (services, caller) = ssr::context().await?;
    let input = NewGroupInput {
        name,
        description: Some(description),
        other: Default::default(),
    };
    services.groups.create(&caller, &input).await?;
    leptos_axum::redirect(&format!("{ADMIN_GROUPS_PATH}?done=created"));
    Ok(())
}

/// A group's new name and description (admins only).
#[server(prefix = "/api/fn", endpoint = "admin_update_group")]
pub async fn admin_update_group(
    id: String,
    name: String,
    description: String,
) -> Result<(), AppError> {
    use customer_core::dto::Patch;
    use customer_core::groups::dto::GroupPatch;
    let (services, caller) = ssr::context().await?;
    let patch = GroupPatch {
        name: Patch::Set(name),
        description: match description.trim() {
            "" => Patch::Clear,
            _ => Patch::Set(description),
        },
        other: Default::default(),
    };
    services.groups.update(&caller, &id, &patch).await?;
    leptos_axum::redirect(&format!("{ADMIN_GROUPS_PATH}?done=updated"));
    Ok(())
}

/// Deletes a custom group; its members move to the default group (admins
/// only).
#[server(prefix = "/api/fn", endpoint = "admin_delete_group")]
pub async fn admin_delete_group(id: String) -> Result<u64, AppError> {
    let (services, caller) = ssr::context().await?;
    let deleted = services.groups.delete(&caller, &id).await?;
    leptos_axum::redirect(&format!(
        "{ADMIN_GROUPS_PATH}?done=deleted&moved={}",
        deleted.members_moved
    ));
    Ok(deleted.members_moved)
}

/// Which groups may open each restricted storefront page.
#[server(prefix = "/api/fn", endpoint = "admin_page_access")]
pub async fn admin_page_access() -> Result<Vec<PageAccessView>, AppError> {
    let (services, caller) = ssr::context().await?;
    let mut pages = Vec::with_capacity(KNOWN_PAGES.len());
    for page in KNOWN_PAGES {
        pages.push(services.groups.page_access(&caller, page.key).await?);
    }
    Ok(pages)
}

/// The groups (ticked boxes) that may open `page`; none opens it to every
/// logged-in customer (admins only).
#[server(prefix = "/api/fn", endpoint = "admin_set_page_access")]
pub async fn admin_set_page_access(
    page: String,
    #[server(default)] groups: Vec<String>,
) -> Result<(), AppError> {
    use customer_core::groups::dto::PageAccessInput;
    let (services, caller) = ssr::context().await?;
    let input = PageAccessInput {
        groups,
        other: Default::default(),
    };
    services
        .groups
        .set_page_access(&caller, &page, &input)
        .await?;
    leptos_axum::redirect(&format!("{ADMIN_GROUPS_PATH}?done=access"));
    Ok(())
}
