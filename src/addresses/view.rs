//! Stored addresses as clients see them, with the country's and
//! subdivision's names looked up for display.

use crate::addresses::countries;
use crate::addresses::dto::{
    AddressInput, AddressView, CountryDetailView, CountryView, SubdivisionView,
};
use crate::addresses::store::AddressRow;

fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl AddressRow {
    pub fn to_view(&self) -> AddressView {
        let country = countries::find(&self.country_code);
        let province_name = match (country, &self.province) {
            (Some(c), Some(code)) => c.subdivision(code).map(|s| s.name.clone()),
            _ => None,
        };
        AddressView {
            id: self.public_id.clone(),
            label: self.label.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            company: self.company.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            city: self.city.clone(),
            province: self.province.clone(),
            province_name,
            postal_code: self.postal_code.clone(),
            country: self.country_code.clone(),
            country_name: country.map_or_else(|| self.country_code.clone(), |c| c.name.to_string()),
            phone: self.phone.clone(),
            default_shipping: self.default_shipping,
            default_billing: self.default_billing,
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
        }
    }

    /// The stored address as an input, for applying a partial update.
    pub fn to_input(&self) -> AddressInput {
        AddressInput {
            label: self.label.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            company: self.company.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            city: self.city.clone(),
            province: self.province.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country_code.clone(),
            phone: self.phone.clone(),
            default_shipping: self.default_shipping,
            default_billing: self.default_billing,
            other: Default::default(),
        }
    }
}

/// A customer's default shipping and billing addresses, for the customer's
/// own view.
#[derive(Debug, Clone, Default)]
pub struct DefaultAddresses {
    pub shipping: Option<AddressView>,
    pub billing: Option<AddressView>,
}

impl DefaultAddresses {
    /// No addresses yet (a new account).
    pub fn none() -> Self {
        Self::default()
    }

    pub fn from_rows(rows: &[AddressRow]) -> Self {
        let pick = |wanted: fn(&AddressRow) -> bool| {
            rows.iter().find(|r| wanted(r)).map(AddressRow::to_view)
        };
        Self {
            shipping: pick(|r| r.default_shipping),
            billing: pick(|r| r.default_billing),
        }
    }
}

impl countries::Country {
    pub fn to_view(&self) -> CountryView {
        CountryView {
            code: self.code.to_string(),
            name: self.name.to_string(),
            uses_province: self.uses_province,
            uses_postal_code: self.uses_postal_code,
            requires_province: self.requires_province,
            requires_postal_code: self.requires_postal_code,
            postal_code_example: self.postal_code_example.as_ref().map(|e| e.to_string()),
            province_label: self.province_label.to_string(),
            postal_code_label: self.postal_code_label.to_string(),
        }
    }

    pub fn to_detail_view(&self) -> CountryDetailView {
        CountryDetailView {
            country: self.to_view(),
            subdivisions: self
                .subdivisions
                .iter()
                .map(|s| SubdivisionView {
                    code: s.code.to_string(),
                    name: s.name.to_string(),
                })
                .collect(),
        }
    }
}
