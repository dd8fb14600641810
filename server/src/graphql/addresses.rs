//! GraphQL for the address book: the caller's addresses (also reachable
//! as `currentCustomer { addresses }`), the countries, and the mutations.

use async_graphql::{
    ComplexObject, Context, InputObject, MaybeUndefined, Object, SimpleObject, ID,
};
use customer_core::dto::{AddressInput, AddressPatch, AddressView, CountryDetailView, CountryView};

use super::{parts, patch, to_graphql_error};

#[derive(SimpleObject)]
pub struct Address {
    id: ID,
    label: Option<String>,
    first_name: String,
    last_name: String,
    company: Option<String>,
    line1: String,
    line2: Option<String>,
    city: String,
    /// The subdivision's code (`ON`).
    province: Option<String>,
    province_name: Option<String>,
    postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    country: String,
    country_name: String,
    /// E.164.
    phone: Option<String>,
    default_shipping: bool,
    default_billing: bool,
    created_at: String,
    updated_at: String,
}

impl From<AddressView> for Address {
    fn from(a: AddressView) -> Self {
        Self {
            id: ID(a.id),
            label: a.label,
            first_name: a.first_name,
            last_name: a.last_name,
            company: a.company,
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            province: a.province,
            province_name: a.province_name,
            postal_code: a.postal_code,
            country: a.country,
            country_name: a.country_name,
            phone: a.phone,
            default_shipping: a.default_shipping,
            default_billing: a.default_billing,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct Subdivision {
    code: String,
    name: String,
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    code: String,
    name: String,
    uses_province: bool,
    uses_postal_code: bool,
    requires_province: bool,
    requires_postal_code: bool,
    postal_code_example: Option<String>,
    province_label: String,
    postal_code_label: String,
}

impl From<CountryView> for Country {
    fn from(c: CountryView) -> Self {
        Self {
            code: c.code,
            name: c.name,
            uses_province: c.uses_province,
            uses_postal_code: c.uses_postal_code,
            requires_province: c.requires_province,
            requires_postal_code: c.requires_postal_code,
            postal_code_example: c.postal_code_example,
            province_label: c.province_label,
            postal_code_label: c.postal_code_label,
        }
    }
}

#[ComplexObject]
impl Country {
    /// What addresses here accept as `province` (empty where none).
    #[graphql(complexity = "10 + 10 * child_complexity")]
    async fn subdivisions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Subdivision>> {
        let (services, _) = parts(ctx)?;
        let detail: CountryDetailView = services
            .addresses
            .country(&self.code)
            .map_err(to_graphql_error)?;
        Ok(detail
            .subdivisions
            .into_iter()
            .map(|s| Subdivision {
                code: s.code,
                name: s.name,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct AddressQuery;

#[Object]
impl AddressQuery {
    /// Every country, by English name (252 of them: weighs 50 + 10 per field).
    #[graphql(complexity = "50 + 10 * child_complexity")]
    async fn countries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Country>> {
        let (services, _) = parts(ctx)?;
        Ok(services
            .addresses
            .countries()
            .into_iter()
            .map(Country::from)
            .collect())
    }

    /// One country by its ISO code (any case), or null.
    async fn country(
        &self,
        ctx: &Context<'_>,
        code: String,
    ) -> async_graphql::Result<Option<Country>> {
        let (services, _) = parts(ctx)?;
        Ok(services
            .addresses
            .country(&code)
            .ok()
            .map(|d| d.country.into()))
    }
}

/// A new address.
#[derive(InputObject)]
pub struct NewAddress {
    label: Option<String>,
    first_name: String,
    last_name: String,
    company: Option<String>,
    line1: String,
    line2: Option<String>,
    city: String,
    province: Option<String>,
    postal_code: Option<String>,
    country: String,
    phone: Option<String>,
    #[graphql(default)]
    default_shipping: bool,
    #[graphql(default)]
    default_billing: bool,
}

impl From<NewAddress> for AddressInput {
    fn from(input: NewAddress) -> Self {
        Self {
            label: input.label,
            first_name: input.first_name,
            last_name: input.last_name,
            company: input.company,
            line1: input.line1,
            line2: input.line2,
            city: input.city,
            province: input.province,
            postal_code: input.postal_code,
            country: input.country,
            phone: input.phone,
            default_shipping: input.default_shipping,
            default_billing: input.default_billing,
            other: Default::default(),
        }
    }
}

/// A change to an address: an omitted field stays, `null` clears an
/// optional one.
#[derive(InputObject)]
pub struct AddressChange {
    label: MaybeUndefined<String>,
    first_name: MaybeUndefined<String>,
    last_name: MaybeUndefined<String>,
    company: MaybeUndefined<String>,
    line1: MaybeUndefined<String>,
    line2: MaybeUndefined<String>,
    city: MaybeUndefined<String>,
    province: MaybeUndefined<String>,
    postal_code: MaybeUndefined<String>,
    country: MaybeUndefined<String>,
    phone: MaybeUndefined<String>,
    default_shipping: Option<bool>,
    default_billing: Option<bool>,
}

#[derive(Default)]
pub struct AddressMutation;

#[Object]
impl AddressMutation {
    /// Adds an address to the caller's book; invalid fields are named in
    /// `extensions.fields`.
    async fn add_address(
        &self,
        ctx: &Context<'_>,
        input: NewAddress,
    ) -> async_graphql::Result<Address> {
        let (services, caller) = parts(ctx)?;
        let input = AddressInput::from(input);
        let a = services
            .addresses
            .add(caller, &input)
            .await
            .map_err(to_graphql_error)?;
        Ok(a.into())
    }

    /// Changes one of the caller's addresses.
    async fn update_address(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: AddressChange,
    ) -> async_graphql::Result<Address> {
        let (services, caller) = parts(ctx)?;
        let change = AddressPatch {
            label: patch(input.label),
            first_name: patch(input.first_name),
            last_name: patch(input.last_name),
            company: patch(input.company),
            line1: patch(input.line1),
            line2: patch(input.line2),
            city: patch(input.city),
            province: patch(input.province),
            postal_code: patch(input.postal_code),
            country: patch(input.country),
            phone: patch(input.phone),
            default_shipping: input.default_shipping,
            default_billing: input.default_billing,
            other: Default::default(),
        };
        let a = services
            .addresses
            .update(caller, &id, &change)
            .await
            .map_err(to_graphql_error)?;
        Ok(a.into())
    }

    /// Deletes one of the caller's addresses; true when done.
    async fn delete_address(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let (services, caller) = parts(ctx)?;
        services
            .addresses
            .delete(caller, &id)
            .await
            .map_err(to_graphql_error)?;
        Ok(true)
    }
}
