//! GraphQL for customer groups (staff: `customerGroups`, `pageAccess` and
//! the admin mutations) and the wholesale price list (customers:
//! `wholesalePriceList`). The services decide who may: a staff login with
//! the right role, or a customer whose group may open the page.

use async_graphql::{Context, MaybeUndefined, Object, SimpleObject, ID};
use customer_core::dto::{
    GroupDeletedView, GroupDetail, GroupPatch, Money, NewGroupInput, PageAccessInput,
    PageAccessView, PriceItemView, PriceListView,
};

use super::customer::CustomerGroup;
use super::{parts, patch, to_graphql_error};

/// A customer group as staff see it.
#[derive(SimpleObject)]
pub struct CustomerGroupDetail {
    id: ID,
    name: String,
    /// Empty when there is none.
    description: String,
    /// One of the built-in groups (General, Wholesale, VIP): never deleted.
    system: bool,
    /// The group new customers join, and where a deleted group's members go.
    default: bool,
    /// How many customers are in it.
    members: u64,
}

impl From<GroupDetail> for CustomerGroupDetail {
    fn from(g: GroupDetail) -> Self {
        Self {
            id: ID(g.id),
            name: g.name,
            description: g.description,
            system: g.system,
            default: g.default,
            members: g.members,
        }
    }
}

/// What deleting a group did.
#[derive(SimpleObject)]
pub struct CustomerGroupDeleted {
    id: ID,
    members_moved_to: CustomerGroup,
    members_moved: u64,
}

impl From<GroupDeletedView> for CustomerGroupDeleted {
    fn from(d: GroupDeletedView) -> Self {
        Self {
            id: ID(d.id),
            members_moved_to: d.members_moved_to.into(),
            members_moved: d.members_moved,
        }
    }
}

/// The groups that may open a storefront page (none: every logged-in
/// customer may).
#[derive(SimpleObject)]
pub struct PageAccess {
    page: String,
    label: String,
    restricted: bool,
    groups: Vec<CustomerGroup>,
}

impl From<PageAccessView> for PageAccess {
    fn from(p: PageAccessView) -> Self {
        Self {
            page: p.page,
            label: p.label,
            restricted: p.restricted,
            groups: p.groups.into_iter().map(CustomerGroup::from).collect(),
        }
    }
}

/// An amount in the currency's minor unit (cents).
#[derive(SimpleObject)]
pub struct MoneyAmount {
    amount: i64,
    /// ISO 4217.
    currency: String,
    /// For people: `$11.50`.
    formatted: String,
}

impl From<Money> for MoneyAmount {
    fn from(m: Money) -> Self {
        Self {
            formatted: m.format(),
            amount: m.amount,
            currency: m.currency,
        }
    }
}

/// One line of the wholesale price list.
#[derive(SimpleObject)]
pub struct PriceListItem {
    sku: String,
    name: String,
    retail: MoneyAmount,
    price: MoneyAmount,
    /// The smallest order at the trade price, in units.
    min_quantity: u32,
}

impl From<PriceItemView> for PriceListItem {
    fn from(i: PriceItemView) -> Self {
        Self {
            sku: i.sku,
            name: i.name,
            retail: i.retail.into(),
            price: i.price.into(),
            min_quantity: i.min_quantity,
        }
    }
}

#[derive(Default)]
pub struct GroupQuery;

#[Object]
impl GroupQuery {
    /// Every customer group with its member count (staff).
    #[graphql(complexity = "20 + 5 * child_complexity")]
    async fn customer_groups(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<CustomerGroupDetail>> {
        let (services, caller) = parts(ctx)?;
        let groups = services
            .groups
            .list(caller)
            .await
            .map_err(to_graphql_error)?;
        Ok(groups.into_iter().map(CustomerGroupDetail::from).collect())
    }

    /// The groups that may open a storefront page (`wholesale`) (staff).
    async fn page_access(
        &self,
        ctx: &Context<'_>,
        page: String,
    ) -> async_graphql::Result<PageAccess> {
        let (services, caller) = parts(ctx)?;
        let access = services
            .groups
            .page_access(caller, &page)
            .await
            .map_err(to_graphql_error)?;
        Ok(access.into())
    }

    /// The wholesale price list, for customers whose group may see it.
    #[graphql(complexity = "20 + 5 * child_complexity")]
    async fn wholesale_price_list(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<PriceListItem>> {
        let (services, caller) = parts(ctx)?;
        let PriceListView { items } = services
            .wholesale
            .price_list(caller)
            .await
            .map_err(to_graphql_error)?;
        Ok(items.into_iter().map(PriceListItem::from).collect())
    }
}

#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Creates a customer group (admins). A name used by another group, in
    /// any case, is a `CONFLICT` naming `name`.
    async fn create_customer_group(
        &self,
        ctx: &Context<'_>,
        name: String,
        description: Option<String>,
    ) -> async_graphql::Result<CustomerGroupDetail> {
        let (services, caller) = parts(ctx)?;
        let input = NewGroupInput {
            name,
            description,
            ..Default::default()
        };
        let group = services
            .groups
            .create(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(group.into())
    }

    /// Renames a group or changes its description (admins); an omitted
    /// argument stays, a `null` description clears it.
    async fn update_customer_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
        name: MaybeUndefined<String>,
        description: MaybeUndefined<String>,
    ) -> async_graphql::Result<CustomerGroupDetail> {
        let (services, caller) = parts(ctx)?;
        let input = GroupPatch {
            name: patch(name),
            description: patch(description),
            ..Default::default()
        };
        let group = services
            .groups
            .update(caller, &id, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(group.into())
    }

    /// Deletes a custom group (admins); its members move to General. The
    /// built-in groups cannot be deleted.
    async fn delete_customer_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<CustomerGroupDeleted> {
        let (services, caller) = parts(ctx)?;
        let deleted = services
            .groups
            .delete(caller, &id)
            .await
            .map_err(to_graphql_error)?;
        Ok(deleted.into())
    }

    /// Replaces the groups that may open a storefront page (admins); an
    /// empty list opens it to every logged-in customer.
    async fn set_page_access(
        &self,
        ctx: &Context<'_>,
        page: String,
        groups: Vec<ID>,
    ) -> async_graphql::Result<PageAccess> {
        let (services, caller) = parts(ctx)?;
        let input = PageAccessInput {
            groups: groups.into_iter().map(|id| id.0).collect(),
            ..Default::default()
        };
        let access = services
            .groups
            .set_page_access(caller, &page, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(access.into())
    }
}
