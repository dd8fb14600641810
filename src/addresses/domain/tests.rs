use super::*;

fn canada() -> AddressInput {
    AddressInput {
        first_name: " Ann ".into(),
        last_name: "Lee".into(),
        line1: "24 Sussex Drive".into(),
        city: "Ottawa".into(),
        province: Some("CA-on".into()),
        postal_code: Some(" k1m 1m4 ".into()),
        country: " ca ".into(),
        ..Default::default()
    }
}

fn refused(input: &AddressInput) -> FieldErrors {
    ValidAddress::parse(input).expect_err("refused")
}

#[test]
fn canonical_forms_are_stored() {
    let a = ValidAddress::parse(&canada()).expect("valid");
    assert_eq!(a.first_name, "Ann");
    assert_eq!(a.country.code, "CA");
    assert_eq!(a.province.as_deref(), Some("ON"));
    assert_eq!(a.postal_code.as_deref(), Some("K1M 1M4"));
    assert_eq!(a.label, None);
    assert_eq!(a.line2, None);
}

#[test]
fn every_bad_field_is_named_at_once() {
    let e = refused(&AddressInput {
        first_name: "".into(),
        last_name: "\u{202E}eeL".into(),
        line1: "x".repeat(201),
        city: " ".into(),
        label: Some("l".repeat(51)),
        company: Some("Acme\u{0}".into()),
        country: "CA".into(),
        province: None,
        ..Default::default()
    });
    for field in [
        "first_name",
        "last_name",
        "line1",
        "city",
        "label",
        "company",
        "province",
        "postal_code",
    ] {
        assert!(e.field_message(field).is_some(), "{field}: {e:?}");
    }
}

#[test]
fn country_is_checked_first_and_named() {
    for bad in ["", "XX", "Canada", "C", "CAN", "c\u{0}"] {
        let e = refused(&AddressInput {
            country: bad.into(),
            ..canada()
        });
        assert!(e.field_message("country").is_some(), "{bad:?}: {e:?}");
        // Without a country, its rules are not applied.
        assert!(e.field_message("province").is_none(), "{bad:?}: {e:?}");
    }
}

#[test]
fn unknown_keys_are_refused_by_name() {
    let input: AddressInput = serde_json::from_value(serde_json::json!({
        "first_name": "Ann", "last_name": "Lee", "line1": "1 Main", "city": "Ottawa",
        "province": "ON", "postal_code": "K1A 0B1", "country": "CA", "zip": "K1A 0B1"
    }))
    .expect("json");
    let e = refused(&input);
    assert_eq!(
        e.field_message("zip").as_deref(),
        Some(NOT_AN_ADDRESS_FIELD)
    );
    assert_eq!(e.fields().len(), 1);
}

#[test]
fn a_change_is_checked_as_a_whole() {
    let stored = AddressInput {
        province: Some("ON".into()),
        postal_code: Some("K1M 1M4".into()),
        country: "CA".into(),
        ..canada()
    };
    // Keep everything, set one optional field, clear another.
    let patch: AddressPatch =
        serde_json::from_str(r#"{"line2": "Apt 4", "label": null, "default_billing": true}"#)
            .expect("json");
    let (a, d) = ValidAddress::parse_change(stored.clone(), &patch).expect("valid");
    assert_eq!(a.line2.as_deref(), Some("Apt 4"));
    assert_eq!(a.province.as_deref(), Some("ON"));
    assert_eq!(
        d,
        DefaultsChange {
            shipping: None,
            billing: Some(true)
        }
    );
    // Moving to Germany without dropping the Canadian province is refused.
    let patch: AddressPatch = serde_json::from_str(r#"{"country": "DE"}"#).expect("json");
    let e = ValidAddress::parse_change(stored.clone(), &patch).expect_err("refused");
    assert!(e.field_message("province").is_some(), "{e:?}");
    // Clearing a required field is an empty field.
    let patch: AddressPatch = serde_json::from_str(r#"{"line1": null}"#).expect("json");
    let e = ValidAddress::parse_change(stored, &patch).expect_err("refused");
    assert_eq!(
        e.field_message("line1").as_deref(),
        Some("Enter the street address.")
    );
}
