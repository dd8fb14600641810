//! Server functions for the storefront's orders: the products checkout
//! offers, placing an order (as a guest, creating an account, or as a
//! logged-in customer), and the customer's order history.
//!
//! The checkout form posts flat, plainly named fields (`shipping_city`,
//! `quantity[]`), so a failed post without JavaScript can bring them back;
//! the service names nested ones (`shipping_address.city`,
//! `items[0].quantity`), so its field errors are renamed to the form's
//! fields on the way back ([`ssr_checkout::form_error`]).

// The checkout form posts every field as its own argument (two addresses).
#![allow(clippy::too_many_arguments)]

use customer_core::dto::{CheckoutResult, OrderPage, OrderView, ProductView};
use customer_core::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

/// The checkout page.
pub const CHECKOUT_PATH: &str = "/checkout";
/// The customer's order history.
pub const ORDERS_PATH: &str = "/account/orders";

/// One of the customer's orders.
pub fn order_path(number: &str) -> String {
    format!("{ORDERS_PATH}/{number}")
}

/// Every product checkout offers, with its price and the stock left.
#[server(prefix = "/api/fn", endpoint = "list_products")]
pub async fn list_products() -> Result<Vec<ProductView>, AppError> {
    let (services, _caller) = ssr::context().await?;
    Ok(services.catalog.products().await?)
}

/// Places an order, then goes back to the checkout page, which shows it
/// (`?placed=NUMBER`, with `&account=created|exists` when an account was
/// asked for). `sku[]` and `quantity[]` are the product rows in order; a
/// row with no quantity (or 0) is not ordered. A ticked `billing_same`
/// bills the shipping address; an address id from the book wins over the
/// typed fields beside it.
#[server(prefix = "/api/fn", endpoint = "place_order")]
pub async fn place_order(
    #[server(default)] sku: Vec<String>,
    #[server(default)] quantity: Vec<String>,
    #[server(default)] email: String,
    #[server(default)] shipping_address_id: String,
    #[server(default)] shipping_first_name: String,
    #[server(default)] shipping_last_name: String,
    #[server(default)] shipping_company: String,
    #[server(default)] shipping_line1: String,
    #[server(default)] shipping_line2: String,
    #[server(default)] shipping_city: String,
    #[server(default)] shipping_province: String,
    #[server(default)] shipping_postal_code: String,
    #[server(default)] shipping_country: String,
    #[server(default)] shipping_phone: String,
    #[server(default)] billing_same: Option<String>,
    #[server(default)] billing_address_id: String,
    #[server(default)] billing_first_name: String,
    #[server(default)] billing_last_name: String,
    #[server(default)] billing_company: String,
    #[server(default)] billing_line1: String,
    #[server(default)] billing_line2: String,
    #[server(default)] billing_city: String,
    #[server(default)] billing_province: String,
    #[server(default)] billing_postal_code: String,
    #[server(default)] billing_country: String,
    #[server(default)] billing_phone: String,
    #[server(default)] create_account: Option<String>,
    #[server(default)] password: String,
    #[server(default)] reload: Option<String>,
) -> Result<Option<CheckoutResult>, AppError> {
    use customer_core::dto::{CheckoutAccount, CheckoutInput, CreateAccountInput};
    use ssr_checkout::{address, draft_path, form_error, items};
    let (services, caller) = ssr::context().await?;
    let shipping = [
        shipping_first_name,
        shipping_last_name,
        shipping_company,
        shipping_line1,
        shipping_line2,
        shipping_city,
        shipping_province,
        shipping_postal_code,
        shipping_country,
        shipping_phone,
    ];
    let billing = [
        billing_first_name,
        billing_last_name,
        billing_company,
        billing_line1,
        billing_line2,
        billing_city,
        billing_province,
        billing_postal_code,
        billing_country,
        billing_phone,
    ];
    if reload.is_some() {
        // "Update the form for this country" without JavaScript: the page
        // again, starting from what was typed (the password left out).
        let mut pairs = vec![("email".to_string(), email)];
        for (row, quantity) in quantity.into_iter().enumerate() {
            pairs.push((format!("quantity_{row}"), quantity));
        }
        for (kind, id, fields, ticked) in [
            ("shipping", shipping_address_id, shipping, None),
            ("billing", billing_address_id, billing, Some(&billing_same)),
        ] {
            pairs.push((format!("{kind}_address_id"), id));
            for (name, value) in ssr_checkout::ADDRESS_FIELDS.iter().zip(fields) {
                pairs.push((format!("{kind}_{name}"), value));
            }
            if let Some(Some(on)) = ticked {
                pairs.push((format!("{kind}_same"), on.clone()));
            }
        }
        if let Some(on) = create_account {
            pairs.push(("create_account".to_string(), on));
        }
        leptos_axum::redirect(&draft_path(&pairs));
        return Ok(None);
    }
    let (items, rows) = items(&sku, &quantity);
    let (shipping_address, shipping_address_id) = address(shipping_address_id, shipping);
    let (billing_address, billing_address_id) = match billing_same {
        Some(_) => (None, None),
        None => address(billing_address_id, billing),
    };
    let input = CheckoutInput {
        email: Some(email).filter(|e| !e.trim().is_empty()),
        items,
        shipping_address,
        shipping_address_id,
        billing_address,
        billing_address_id,
        create_account: create_account.map(|_| CreateAccountInput { password }),
        other: Default::default(),
    };
    let result = services
        .orders
        .checkout(&caller, &input)
        .await
        .map_err(|e| form_error(e.into(), &rows))?;
    let account = match result.meta.account {
        Some(CheckoutAccount::Created) => "&account=created",
        Some(CheckoutAccount::Exists) => "&account=exists",
        None => "",
    };
    leptos_axum::redirect(&format!(
        "{CHECKOUT_PATH}?placed={}{account}",
        result.data.number
    ));
    Ok(Some(result))
}

/// A page of the caller's orders, newest first (`page` from 1).
#[server(prefix = "/api/fn", endpoint = "my_orders")]
pub async fn my_orders(page: Option<String>) -> Result<OrderPage, AppError> {
    use customer_core::dto::OrderPageQuery;
    let (services, caller) = ssr::context().await?;
    let query = OrderPageQuery {
        page,
        per_page: None,
    };
    Ok(services.orders.list(&caller, &query).await?)
}

/// The caller's three latest orders (the dashboard's card).
#[server(prefix = "/api/fn", endpoint = "latest_orders")]
pub async fn latest_orders() -> Result<OrderPage, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.orders.latest(&caller, 3).await?)
}

/// One of the caller's orders.
#[server(prefix = "/api/fn", endpoint = "get_order")]
pub async fn get_order(number: String) -> Result<OrderView, AppError> {
    let (services, caller) = ssr::context().await?;
    Ok(services.orders.get(&caller, &number).await?)
}

/// The checkout form's fields as the service takes them, and its errors as
/// the form names its fields.
#[cfg(feature = "ssr")]
pub(crate) mod ssr_checkout {
    use std::collections::BTreeMap;

    use customer_core::dto::{AddressInput, CheckoutItemInput};
    use customer_core::AppError;

    /// The address form's fields, in the order the server function takes
    /// them.
    pub const ADDRESS_FIELDS: [&str; 10] = [
        "first_name",
        "last_name",
        "company",
        "line1",
        "line2",
        "city",
        "province",
        "postal_code",
        "country",
        "phone",
    ];

    /// The checkout page with the form's fields in its query.
    pub fn draft_path(pairs: &[(String, String)]) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().filter(|(name, _)| !name.contains("password")))
            .finish();
        format!("{}?{query}", super::CHECKOUT_PATH)
    }

    /// The rows with a quantity, as checkout's lines, and the form row each
    /// line came from. A quantity that is not a number is sent as 0, so
    /// the service names it.
    pub fn items(skus: &[String], quantities: &[String]) -> (Vec<CheckoutItemInput>, Vec<usize>) {
        let mut items = Vec::new();
        let mut rows = Vec::new();
        for (row, (sku, quantity)) in skus.iter().zip(quantities).enumerate() {
            let quantity = quantity.trim();
            if quantity.is_empty() || quantity == "0" {
                continue;
            }
            items.push(CheckoutItemInput {
                sku: sku.clone(),
                quantity: quantity.parse().unwrap_or(0),
            });
            rows.push(row);
        }
        (items, rows)
    }

    /// An address from the book (its id) or the one typed: first name,
    /// last name, company, line 1, line 2, city, province, postal code,
    /// country, phone.
    pub fn address(id: String, fields: [String; 10]) -> (Option<AddressInput>, Option<String>) {
        if !id.trim().is_empty() {
            return (None, Some(id));
        }
        let [first_name, last_name, company, line1, line2, city, province, postal_code, country, phone] =
            fields;
        let input = super::super::addresses::ssr_forms::address_input(
            None,
            first_name,
            last_name,
            Some(company),
            line1,
            Some(line2),
            city,
            Some(province),
            Some(postal_code),
            country,
            Some(phone),
            None,
            None,
        );
        (Some(input), None)
    }

    /// The form's name for a field the service named: `shipping_city` for
    /// `shipping_address.city`, `quantity_3` for the line that came from
    /// row 3, `password` for the new account's.
    pub fn form_field(field: &str, rows: &[usize]) -> String {
        if let Some(rest) = field.strip_prefix("items[") {
            let line = rest.split(']').next().and_then(|i| i.parse::<usize>().ok());
            return match line.and_then(|i| rows.get(i)) {
                Some(row) => format!("quantity_{row}"),
                None => "items".to_string(),
            };
        }
        for kind in ["shipping", "billing"] {
            if let Some(name) = field.strip_prefix(&format!("{kind}_address.")) {
                return format!("{kind}_{name}");
            }
        }
        match field {
            "create_account.password" => "password".to_string(),
            other => other.to_string(),
        }
    }

    /// The error with its fields renamed for the form (two messages for
    /// one row are put together).
    pub fn form_error(error: AppError, rows: &[usize]) -> AppError {
        let rename = |fields: BTreeMap<String, String>| {
            let mut out: BTreeMap<String, String> = BTreeMap::new();
            for (field, message) in fields {
                out.entry(form_field(&field, rows))
                    .and_modify(|m| {
                        m.push(' ');
                        m.push_str(&message);
                    })
                    .or_insert(message);
            }
            out
        };
        match error {
            AppError::Validation { message, fields } => AppError::Validation {
                message,
                fields: rename(fields),
            },
            AppError::Conflict { message, fields } => AppError::Conflict {
                message,
                fields: rename(fields),
            },
            other => other,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn rows_without_a_quantity_are_not_ordered() {
            let skus = ["A", "B", "C"].map(String::from);
            let quantities = ["", "2", "x"].map(String::from);
            let (items, rows) = items(&skus, &quantities);
            assert_eq!(rows, vec![1, 2]);
            assert_eq!((items[0].sku.as_str(), items[0].quantity), ("B", 2));
            assert_eq!(items[1].quantity, 0);
        }

        #[test]
        fn service_fields_become_form_fields() {
            let rows = [1, 4];
            assert_eq!(form_field("items[1].quantity", &rows), "quantity_4");
            assert_eq!(form_field("items[0].sku", &rows), "quantity_1");
            assert_eq!(form_field("items[7].sku", &rows), "items");
            assert_eq!(form_field("items", &rows), "items");
            assert_eq!(form_field("shipping_address.city", &rows), "shipping_city");
            assert_eq!(
                form_field("billing_address.postal_code", &rows),
                "billing_postal_code"
            );
            assert_eq!(
                form_field("shipping_address_id", &rows),
                "shipping_address_id"
            );
            assert_eq!(form_field("create_account.password", &rows), "password");
            assert_eq!(form_field("email", &rows), "email");
        }

        #[test]
        fn two_messages_for_one_row_are_kept() {
            let fields = BTreeMap::from([
                ("items[0].sku".to_string(), "One.".to_string()),
                ("items[0].quantity".to_string(), "Two.".to_string()),
            ]);
            let e = form_error(AppError::validation(fields), &[2]);
            assert_eq!(e.field_message("quantity_2").as_deref(), Some("Two. One."));
        }
    }
}
