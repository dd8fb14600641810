//! Server functions for the address book and the countries its forms use.
//! Forms post every field; an empty optional field clears it.

// A form posts every field as its own argument, so the add and update
// functions take many. Allowed for the module: `#[server]` also generates a
// client function for the WASM build, which an attribute on the function
// does not reach.
#![allow(clippy::too_many_arguments)]

use customer_core::dto::{AddressView, CountryDetailView, CountryView};
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// Where the address book lives; answers redirect back to it.
pub const ADDRESS_BOOK_PATH: &str = "/account/addresses";

/// The caller's addresses, oldest first.
#[server(prefix = "/api/fn", endpoint = "list_addresses")]
pub async fn list_addresses() -> Result<Vec<AddressView>, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.addresses.list(&caller).await?)
}

/// One of the caller's addresses (for the edit form).
#[server(prefix = "/api/fn", endpoint = "get_address")]
pub async fn get_address(id: String) -> Result<AddressView, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.addresses.get(&caller, &id).await?)
}

/// Every country, by name.
#[server(prefix = "/api/fn", endpoint = "list_countries")]
pub async fn list_countries() -> Result<Vec<CountryView>, AppError> {
    let (services, _caller) = ssr::context().await?;
    Ok(services.addresses.countries())
}

/// One country with its subdivisions.
#[server(prefix = "/api/fn", endpoint = "get_country")]
pub async fn get_country(code: String) -> Result<CountryDetailView, AppError> {
    let (services, _caller) = ssr::context().await?;
    Ok(services.addresses.country(&code)?)
}

/// Adds an address and goes back to the book. Every form field is a plain
/// argument, so a form posts without JavaScript; a ticked checkbox is
/// present (any value).
#[server(prefix = "/api/fn", endpoint = "add_address")]
pub async fn add_address(
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
    default_shipping: Option<String>,
    default_billing: Option<String>,
) -> Result<AddressView, AppError> {
    let (services, caller) = ssr::context().await?;
    let input = ssr_forms::address_input(
        label,
        first_name,
        last_name,
        company,
        line1,
        line2,
        city,
        province,
        postal_code,
        country,
        phone,
        default_shipping,
        default_billing,
    );
    let address = services.addresses.add(&caller, &input).await?;
    leptos_axum::redirect(&format!("{ADDRESS_BOOK_PATH}?saved=added"));
    Ok(address)
}

/// Saves the edit form: every field as posted (an empty optional field
/// clears it). A ticked default box makes the address that default; an
/// unticked one leaves the defaults as they are.
#[server(prefix = "/api/fn", endpoint = "update_address")]
pub async fn update_address(
    id: String,
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
    default_shipping: Option<String>,
    default_billing: Option<String>,
) -> Result<AddressView, AppError> {
    let (services, caller) = ssr::context().await?;
    let patch = ssr_forms::address_patch(
        label,
        first_name,
        last_name,
        company,
        line1,
        line2,
        city,
        province,
        postal_code,
        country,
        phone,
        default_shipping,
        default_billing,
    );
    let address = services.addresses.update(&caller, &id, &patch).await?;
    leptos_axum::redirect(&format!("{ADDRESS_BOOK_PATH}?saved=updated"));
    Ok(address)
}

/// Makes an address the default for `kind` (`shipping` or `billing`).
#[server(prefix = "/api/fn", endpoint = "set_default_address")]
pub async fn set_default_address(id: String, kind: String) -> Result<AddressView, AppError> {
    use customer_core::domain::FieldErrors;
    use customer_core::dto::AddressPatch;
    let (services, caller) = ssr::context().await?;
    let mut patch = AddressPatch::default();
    match kind.as_str() {
        "shipping" => patch.default_shipping = Some(true),
        "billing" => patch.default_billing = Some(true),
        _ => return Err(FieldErrors::single("kind", "Choose shipping or billing.").into()),
    }
    let address = services.addresses.update(&caller, &id, &patch).await?;
    leptos_axum::redirect(&format!("{ADDRESS_BOOK_PATH}?saved=default_{kind}"));
    Ok(address)
}

/// Deletes an address and goes back to the book.
#[server(prefix = "/api/fn", endpoint = "delete_address")]
pub async fn delete_address(id: String) -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    services.addresses.delete(&caller, &id).await?;
    leptos_axum::redirect(&format!("{ADDRESS_BOOK_PATH}?saved=deleted"));
    Ok(())
}

/// The address form's fields as the service takes them, for the customer's
/// own book and for staff working on it (`admin_addresses`).
#[cfg(feature = "ssr")]
pub(super) mod ssr_forms {
    use customer_core::dto::{AddressInput, AddressPatch, Patch};

    /// A new address: a ticked checkbox is present (any value).
    pub fn address_input(
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
        default_shipping: Option<String>,
        default_billing: Option<String>,
    ) -> AddressInput {
        AddressInput {
            label,
            first_name,
            last_name,
            company,
            line1,
            line2,
            city,
            province,
            postal_code,
            country,
            phone,
            default_shipping: default_shipping.is_some(),
            default_billing: default_billing.is_some(),
            other: Default::default(),
        }
    }

    /// An edit: every field as posted (an empty optional field clears it);
    /// a ticked default box makes the address that default, an unticked one
    /// leaves the defaults as they are.
    pub fn address_patch(
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
        default_shipping: Option<String>,
        default_billing: Option<String>,
    ) -> AddressPatch {
        let optional = |v: Option<String>| Patch::from_option(v.filter(|s| !s.trim().is_empty()));
        AddressPatch {
            label: optional(label),
            first_name: Patch::Set(first_name),
            last_name: Patch::Set(last_name),
            company: optional(company),
            line1: Patch::Set(line1),
            line2: optional(line2),
            city: Patch::Set(city),
            province: optional(province),
            postal_code: optional(postal_code),
            country: Patch::Set(country),
            phone: optional(phone),
            default_shipping: default_shipping.map(|_| true),
            default_billing: default_billing.map(|_| true),
            other: Default::default(),
        }
    }
}
