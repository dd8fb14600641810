//! Stored orders as clients see them, and addresses as orders keep them.

use crate::addresses::domain::ValidAddress;
use crate::addresses::dto::AddressView;
use crate::catalog::dto::Money;
use crate::clock::rfc3339_ms;
use crate::orders::dto::{
    OrderAddress, OrderItemView, OrderStatus, OrderSummary, OrderView, StatusChangeView,
};
use crate::orders::store::{ItemRow, OrderRow, StatusRow};

impl OrderRow {
    pub fn status(&self) -> OrderStatus {
        OrderStatus::parse(&self.status).unwrap_or(OrderStatus::Pending)
    }

    fn money(&self, amount: i64) -> Money {
        Money::new(amount, &self.currency)
    }

    pub fn to_summary(&self) -> OrderSummary {
        OrderSummary {
            number: self.number.clone(),
            status: self.status(),
            placed_at: rfc3339_ms(self.placed_at_ms),
            total: self.money(self.total_minor),
            item_count: u32::try_from(self.item_count).unwrap_or(0),
        }
    }

    /// The order with its lines, statuses and owner's public id.
    pub fn to_view(
        &self,
        items: &[ItemRow],
        statuses: &[StatusRow],
        customer_id: Option<String>,
    ) -> OrderView {
        OrderView {
            number: self.number.clone(),
            status: self.status(),
            currency: self.currency.clone(),
            items: items
                .iter()
                .map(|item| OrderItemView {
                    sku: item.sku.clone(),
                    name: item.name.clone(),
                    unit_price: self.money(item.unit_price_minor),
                    quantity: u32::try_from(item.quantity).unwrap_or(0),
                    line_total: self.money(item.line_total_minor),
                })
                .collect(),
            subtotal: self.money(self.subtotal_minor),
            shipping: self.money(self.shipping_minor),
            tax: self.money(self.tax_minor),
            total: self.money(self.total_minor),
            email: self.email.clone(),
            guest: self.customer_id.is_none(),
            customer_id,
            shipping_address: read_address(&self.shipping_address),
            billing_address: read_address(&self.billing_address),
            placed_at: rfc3339_ms(self.placed_at_ms),
            history: statuses
                .iter()
                .filter_map(|s| {
                    Some(StatusChangeView {
                        status: OrderStatus::parse(&s.status)?,
                        at: rfc3339_ms(s.at_ms),
                    })
                })
                .collect(),
        }
    }
}

/// A stored snapshot; a damaged one reads as empty rather than failing the
/// whole order.
fn read_address(json: &str) -> OrderAddress {
    serde_json::from_str(json).unwrap_or_else(|e| {
        tracing::error!(error = %e, "unreadable address snapshot");
        OrderAddress::default()
    })
}

/// The snapshot of an address as the order keeps it.
pub(crate) fn snapshot(address: &OrderAddress) -> String {
    serde_json::to_string(address).unwrap_or_else(|_| "{}".into())
}

impl From<&ValidAddress> for OrderAddress {
    fn from(valid: &ValidAddress) -> Self {
        let province_name = valid
            .province
            .as_deref()
            .and_then(|code| valid.country.subdivision(code))
            .map(|s| s.name.clone());
        Self {
            first_name: valid.first_name.clone(),
            last_name: valid.last_name.clone(),
            company: valid.company.clone(),
            line1: valid.line1.clone(),
            line2: valid.line2.clone(),
            city: valid.city.clone(),
            province: valid.province.clone(),
            province_name,
            postal_code: valid.postal_code.clone(),
            country: valid.country.code.clone(),
            country_name: valid.country.name.clone(),
            phone: valid.phone.as_ref().map(|p| p.as_str().to_owned()),
        }
    }
}

impl From<&AddressView> for OrderAddress {
    fn from(view: &AddressView) -> Self {
        Self {
            first_name: view.first_name.clone(),
            last_name: view.last_name.clone(),
            company: view.company.clone(),
            line1: view.line1.clone(),
            line2: view.line2.clone(),
            city: view.city.clone(),
            province: view.province.clone(),
            province_name: view.province_name.clone(),
            postal_code: view.postal_code.clone(),
            country: view.country.clone(),
            country_name: view.country_name.clone(),
            phone: view.phone.clone(),
        }
    }
}
