//! TEMPORARY STUB (replaced by the helper's data module).
#[derive(Debug)]
pub struct Subdivision {
    pub code: String,
    pub name: String,
}
#[derive(Debug)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub province_label: String,
    pub postal_code_label: String,
    pub requires_province: bool,
    pub requires_postal_code: bool,
    pub postal_code_example: Option<String>,
    pub subdivisions: Vec<Subdivision>,
}
static ALL: std::sync::LazyLock<Vec<Country>> = std::sync::LazyLock::new(|| {
    vec![
        Country {
            code: "CA".into(),
            name: "Canada".into(),
            province_label: "Province".into(),
            postal_code_label: "Postal code".into(),
            requires_province: true,
            requires_postal_code: true,
            postal_code_example: Some("K1A 0B1".into()),
            subdivisions: vec![
                Subdivision {
                    code: "ON".into(),
                    name: "Ontario".into(),
                },
                Subdivision {
                    code: "QC".into(),
                    name: "Quebec".into(),
                },
            ],
        },
        Country {
            code: "DE".into(),
            name: "Germany".into(),
            province_label: "State".into(),
            postal_code_label: "Postal code".into(),
            requires_province: false,
            requires_postal_code: true,
            postal_code_example: Some("26133".into()),
            subdivisions: vec![],
        },
        Country {
            code: "HK".into(),
            name: "Hong Kong".into(),
            province_label: "Area".into(),
            postal_code_label: "Postal code".into(),
            requires_province: false,
            requires_postal_code: false,
            postal_code_example: None,
            subdivisions: vec![],
        },
    ]
});
pub fn all() -> &'static [Country] {
    &ALL
}
pub fn find(code: &str) -> Option<&'static Country> {
    ALL.iter()
        .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
}
pub fn parse_country(raw: &str) -> Result<&'static Country, String> {
    find(raw).ok_or_else(|| "Choose a country from the list.".to_string())
}
impl Country {
    pub fn parse_province(&self, raw: &str) -> Result<Option<String>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return if self.requires_province {
                Err(format!("Choose a {}.", self.province_label.to_lowercase()))
            } else {
                Ok(None)
            };
        }
        self.subdivisions
            .iter()
            .find(|s| {
                s.code.eq_ignore_ascii_case(raw)
                    || s.name.eq_ignore_ascii_case(raw)
                    || format!("{}-{}", self.code, s.code).eq_ignore_ascii_case(raw)
            })
            .map(|s| Some(s.code.clone()))
            .ok_or_else(|| format!("Choose a province of {}.", self.name))
    }
    pub fn parse_postal_code(&self, raw: &str) -> Result<Option<String>, String> {
        let raw = raw.trim().to_uppercase();
        if raw.is_empty() {
            return if self.requires_postal_code {
                Err("Enter a postal code.".into())
            } else {
                Ok(None)
            };
        }
        Ok(Some(raw))
    }
    pub fn check_postal_in_province(&self, _p: &str, _z: &str) -> Result<(), String> {
        Ok(())
    }
}
