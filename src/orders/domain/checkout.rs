//! Checkout's input, checked: every problem at once, keyed by field, the
//! nested ones by path (`items[1].quantity`, `shipping_address.city`).

use std::collections::BTreeMap;

use crate::addresses::domain::ValidAddress;
use crate::addresses::dto::AddressInput;
use crate::customers::domain::NewCustomer;
use crate::customers::dto::RegisterInput;
use crate::domain::{Email, FieldErrors};
use crate::orders::dto::CheckoutInput;

pub const MAX_LINES: usize = 20;
pub const MAX_QUANTITY: i64 = 99;
const MAX_SKU_LEN: usize = 40;
const MAX_ID_LEN: usize = 64;

pub const NOT_A_CHECKOUT_FIELD: &str = "This is not a field of a checkout.";
pub const EMAIL_REQUIRED: &str = "Enter the email address for the order.";
pub const NO_ITEMS: &str = "Add at least one product.";
pub const SKU_REQUIRED: &str = "Choose a product.";
pub const QUANTITY_RANGE: &str = "Order from 1 to 99 of each product.";
pub const SHIPPING_REQUIRED: &str = "Enter a shipping address.";
pub const ADDRESS_BOOK_NEEDS_LOGIN: &str = "Log in to use your address book.";
pub const ONE_ADDRESS: &str = "Give either an address or one from your address book, not both.";
pub const NO_SUCH_ADDRESS: &str = "No such address.";
pub const OTHER_CURRENCY: &str = "This product is sold in another currency: order it separately.";
pub const ALREADY_LOGGED_IN: &str = "You are already logged in: the order goes to your account.";

pub fn too_many_lines() -> String {
    format!("An order can have at most {MAX_LINES} different products.")
}

/// Where an address comes from.
#[derive(Debug, Clone)]
pub enum AddressChoice {
    Given(Box<ValidAddress>),
    /// The public id of an address in the caller's book.
    FromBook(String),
}

/// One line, its SKU trimmed; `index` is its first position in the input
/// (for naming it in an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub index: usize,
    pub sku: String,
    pub quantity: i32,
}

/// A checkout that passed every rule that needs no database.
#[derive(Debug, Clone)]
pub struct Checkout {
    /// `None` only for a logged-in customer (their account's is used).
    pub email: Option<Email>,
    /// Sorted by SKU (the order stock rows are locked in), a SKU once.
    pub lines: Vec<Line>,
    pub shipping: AddressChoice,
    /// `None`: the same as shipping.
    pub billing: Option<AddressChoice>,
    /// The account to create, checked with the registration rules.
    pub account: Option<NewCustomer>,
}

impl Checkout {
    pub fn parse(input: &CheckoutInput, logged_in: bool) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        for name in input.other.keys() {
            errors.add(name, NOT_A_CHECKOUT_FIELD);
        }
        let email = match input.email.as_deref().map(str::trim) {
            Some(raw) if !raw.is_empty() => errors.check("email", Email::parse(raw)),
            _ if logged_in => None,
            _ => {
                errors.add("email", EMAIL_REQUIRED);
                None
            }
        };
        let lines = parse_lines(input, &mut errors);
        let shipping = address_choice(
            "shipping_address",
            input.shipping_address.as_ref(),
            input.shipping_address_id.as_deref(),
            logged_in,
            &mut errors,
        );
        if shipping.is_none() && !has_errors_under(&errors, "shipping_address") {
            errors.add("shipping_address", SHIPPING_REQUIRED);
        }
        let billing = address_choice(
            "billing_address",
            input.billing_address.as_ref(),
            input.billing_address_id.as_deref(),
            logged_in,
            &mut errors,
        );
        let account = match &input.create_account {
            None => None,
            Some(_) if logged_in => {
                errors.add("create_account", ALREADY_LOGGED_IN);
                None
            }
            Some(account) => new_account(input, &account.password, &mut errors),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        match shipping {
            Some(shipping) => Ok(Self {
                email,
                lines,
                shipping,
                billing,
                account,
            }),
            None => Err(FieldErrors::single("shipping_address", SHIPPING_REQUIRED)),
        }
    }
}

fn has_errors_under(errors: &FieldErrors, prefix: &str) -> bool {
    errors.fields().keys().any(|k| k.starts_with(prefix))
}

fn parse_lines(input: &CheckoutInput, errors: &mut FieldErrors) -> Vec<Line> {
    if input.items.is_empty() {
        errors.add("items", NO_ITEMS);
        return Vec::new();
    }
    if input.items.len() > MAX_LINES {
        errors.add("items", too_many_lines());
        return Vec::new();
    }
    let mut merged: BTreeMap<String, Line> = BTreeMap::new();
    for (index, item) in input.items.iter().enumerate() {
        let sku = item.sku.trim();
        if sku.is_empty() || sku.chars().count() > MAX_SKU_LEN || sku.chars().any(char::is_control)
        {
            let reason = if sku.is_empty() {
                SKU_REQUIRED.to_owned()
            } else {
                unknown_product(&clip(sku))
            };
            errors.add(&format!("items[{index}].sku"), reason);
            continue;
        }
        if !(1..=MAX_QUANTITY).contains(&item.quantity) {
            errors.add(&format!("items[{index}].quantity"), QUANTITY_RANGE);
            continue;
        }
        let line = merged.entry(sku.to_owned()).or_insert(Line {
            index,
            sku: sku.to_owned(),
            quantity: 0,
        });
        let quantity = i64::from(line.quantity) + item.quantity;
        if quantity > MAX_QUANTITY {
            errors.add(&format!("items[{index}].quantity"), QUANTITY_RANGE);
            continue;
        }
        line.quantity = i32::try_from(quantity).unwrap_or(i32::MAX);
    }
    merged.into_values().collect()
}

/// "No product has the SKU ...": a bad SKU named back, clipped.
pub fn unknown_product(sku: &str) -> String {
    format!("There is no product {sku}.")
}

/// "Only N left ...".
pub fn not_enough_stock(name: &str, left: i32) -> String {
    match left {
        0 => format!("{name} is sold out."),
        n => format!("Only {n} of {name} left."),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(MAX_SKU_LEN).collect()
}

fn address_choice(
    field: &str,
    given: Option<&AddressInput>,
    id: Option<&str>,
    logged_in: bool,
    errors: &mut FieldErrors,
) -> Option<AddressChoice> {
    let id = id.map(str::trim).filter(|id| !id.is_empty());
    match (given, id) {
        (Some(_), Some(_)) => {
            errors.add(field, ONE_ADDRESS);
            None
        }
        (None, Some(_)) if !logged_in => {
            errors.add(&format!("{field}_id"), ADDRESS_BOOK_NEEDS_LOGIN);
            None
        }
        (None, Some(id)) if id.len() > MAX_ID_LEN => {
            errors.add(&format!("{field}_id"), NO_SUCH_ADDRESS);
            None
        }
        (None, Some(id)) => Some(AddressChoice::FromBook(id.to_owned())),
        (Some(address), None) => match ValidAddress::parse(address) {
            Ok(valid) => Some(AddressChoice::Given(Box::new(valid))),
            Err(bad) => {
                for (name, reason) in bad.into_map() {
                    errors.add(&format!("{field}.{name}"), reason);
                }
                None
            }
        },
        (None, None) => None,
    }
}

/// The registration rules for the account asked for: the order's email,
/// the shipping address's names, the password given.
fn new_account(
    input: &CheckoutInput,
    password: &str,
    errors: &mut FieldErrors,
) -> Option<NewCustomer> {
    let shipping = input.shipping_address.clone().unwrap_or_default();
    let register = RegisterInput {
        email: input.email.clone().unwrap_or_default(),
        password: password.to_owned(),
        first_name: shipping.first_name,
        last_name: shipping.last_name,
        phone: None,
    };
    match NewCustomer::parse(&register) {
        Ok(account) => Some(account),
        Err(bad) => {
            for (name, reason) in bad.into_map() {
                let path = match name.as_str() {
                    "password" => "create_account.password".to_owned(),
                    "email" => "email".to_owned(),
                    other => format!("shipping_address.{other}"),
                };
                errors.add(&path, reason);
            }
            None
        }
    }
}

#[cfg(test)]
#[path = "checkout_tests.rs"]
mod tests;
