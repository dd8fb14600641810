//! Server functions for staff working on a customer's address book on the
//! customer's behalf: the same fields and rules as the customer's own
//! forms (`addresses.rs`), decided by `services.addresses.staff_*` from the
//! staff member's role, each change in the customer's history. Answers go
//! back to the customer's page.

// The address form posts every field as its own argument (see
// `addresses.rs`).
#![allow(clippy::too_many_arguments)]

use customer_core::dto::AddressView;
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{addresses::ssr_forms, ssr};

/// The page to add an address to a customer's book.
pub fn admin_new_address_path(customer: &str) -> String {
    format!("{}/addresses/new", super::admin_customer_path(customer))
}

/// The page to edit one of a customer's addresses.
pub fn admin_edit_address_path(customer: &str, address: &str) -> String {
    format!(
        "{}/addresses/{address}",
        super::admin_customer_path(customer)
    )
}

/// Adds an address to the customer's book.
#[server(prefix = "/api/fn", endpoint = "admin_add_address")]
pub async fn admin_add_address(
    customer: String,
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
    let address = services
        .addresses
        .staff_add(&caller, &customer, &input)
        .await?;
    back_to(&customer, "address_added");
    Ok(address)
}

/// Saves the edit form of one of the customer's addresses.
#[server(prefix = "/api/fn", endpoint = "admin_update_address")]
pub async fn admin_update_address(
    customer: String,
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
    let address = services
        .addresses
        .staff_update(&caller, &customer, &id, &patch)
        .await?;
    back_to(&customer, "address_updated");
    Ok(address)
}

/// Makes one of the customer's addresses their default for `kind`
/// (`shipping` or `billing`).
#[server(prefix = "/api/fn", endpoint = "admin_set_default_address")]
pub async fn admin_set_default_address(
    customer: String,
    id: String,
    kind: String,
) -> Result<AddressView, AppError> {
    use customer_core::domain::FieldErrors;
    use customer_core::dto::AddressPatch;
    let (services, caller) = ssr::context().await?;
    let mut patch = AddressPatch::default();
    match kind.as_str() {
        "shipping" => patch.default_shipping = Some(true),
        "billing" => patch.default_billing = Some(true),
        _ => return Err(FieldErrors::single("kind", "Choose shipping or billing.").into()),
    }
    let address = services
        .addresses
        .staff_update(&caller, &customer, &id, &patch)
        .await?;
    back_to(&customer, &format!("default_{kind}"));
    Ok(address)
}

/// Deletes one of the customer's addresses.
#[server(prefix = "/api/fn", endpoint = "admin_delete_address")]
pub async fn admin_delete_address(customer: String, id: String) -> Result<(), AppError> {
    let (services, caller) = ssr::context().await?;
    services
        .addresses
        .staff_delete(&caller, &customer, &id)
        .await?;
    back_to(&customer, "address_deleted");
    Ok(())
}

/// Back to the customer's page, at the addresses, saying what was done.
#[cfg(feature = "ssr")]
fn back_to(customer: &str, what: &str) {
    // The service found the customer, so the id is a plain UUID.
    leptos_axum::redirect(&format!(
        "{}?done={what}#addresses",
        super::admin_customer_path(customer)
    ));
}
