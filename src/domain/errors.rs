use std::collections::BTreeMap;

/// What was wrong with an input, field by field: the field's wire name and
/// the reason. Parsers collect every problem before failing, so a form shows
/// all its errors at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// One field's error.
    pub fn single(field: &str, reason: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, reason);
        e
    }

    /// Records a reason for `field` (the first reason for a field wins).
    pub fn add(&mut self, field: &str, reason: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| reason.into());
    }

    /// `Some(value)` when `result` is fine, otherwise records its reason
    /// under `field` and gives `None`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|reason| self.add(field, reason)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn field_message(&self, field: &str) -> Option<String> {
        self.0.get(field).cloned()
    }

    pub fn fields(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.keys().map(String::as_str).collect();
        write!(f, "invalid fields: {}", names.join(", "))
    }
}

impl std::error::Error for FieldErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_reason_per_field_wins_and_all_fields_are_kept() {
        let mut e = FieldErrors::new();
        assert!(e.is_empty());
        assert_eq!(e.check::<u8>("email", Err("bad".into())), None);
        assert_eq!(e.check("phone", Ok(7)), Some(7));
        e.add("email", "second");
        e.add("phone", "short");
        assert_eq!(e.field_message("email").as_deref(), Some("bad"));
        assert_eq!(e.field_message("phone").as_deref(), Some("short"));
        assert_eq!(e.to_string(), "invalid fields: email, phone");
    }
}
