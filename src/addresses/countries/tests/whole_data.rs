//! Tests over the whole data set: order, loading, examples, every
//! subdivision's spellings, free text, normalising and hostile input.

use super::*;

#[test]
fn all_is_sorted_by_english_name_and_complete() {
    let countries = all();
    assert!(countries.len() >= 240, "{}", countries.len());
    for pair in countries.windows(2) {
        assert!(
            fold(&pair[0].name) <= fold(&pair[1].name),
            "{} before {}",
            pair[0].name,
            pair[1].name
        );
    }
    // Accents are ignored in the order: Åland Islands among the A's.
    let position = |code: &str| countries.iter().position(|c| c.code == code);
    assert!(
        position("AX") < position("AL"),
        "Åland Islands before Albania"
    );
    let mut codes: Vec<&str> = countries.iter().map(|c| c.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), countries.len(), "each code once");
}

#[test]
fn the_data_loads_without_problems() {
    // Every pattern compiled, every name type is known, every spelling of a
    // subdivision names one subdivision only.
    assert_eq!(LOADED.problems, Vec::<String>::new());
}

#[test]
fn every_example_matches_its_own_pattern() {
    let mut checked = 0;
    for c in all() {
        assert_eq!(
            c.postal_code_pattern.is_some(),
            c.postal_code_example.is_some(),
            "{}: a pattern and an example go together in this data",
            c.code
        );
        if let Some(example) = &c.postal_code_example {
            assert_eq!(
                c.parse_postal_code(example),
                Ok(Some(example.clone())),
                "{}",
                c.code
            );
            checked += 1;
        }
    }
    assert!(checked >= 180, "{checked}");
}

#[test]
fn every_subdivision_is_found_by_code_iso_code_and_name() {
    for c in all() {
        for sub in &c.subdivisions {
            let stored = Ok(Some(sub.code.clone()));
            assert_eq!(c.parse_province(&sub.code), stored, "{}", c.code);
            assert_eq!(c.parse_province(&sub.name), stored, "{}", c.code);
            assert_eq!(
                c.parse_province(&sub.name.to_uppercase()),
                stored,
                "{}",
                c.code
            );
            assert_eq!(
                c.parse_province(&format!("{}-{}", c.code, sub.code)),
                stored
            );
            if let Some(iso) = &sub.iso_3166_2 {
                assert_eq!(iso, &format!("{}-{}", c.code, sub.code));
            }
            assert!(c.subdivision(&sub.code).is_some());
        }
    }
}

#[test]
fn provinces_in_other_spellings() {
    // Google's key in the local script, and its other names.
    assert_eq!(
        country("JP").parse_province("東京都"),
        Ok(Some("13".into()))
    );
    assert_eq!(country("AE").parse_province(" دبي "), Ok(Some("DU".into())));
    assert_eq!(
        country("HK").parse_province("九龍"),
        Ok(Some("Kowloon".into()))
    );
    assert_eq!(
        country("CN").parse_province("beijing shi"),
        Ok(Some("11".into()))
    );
    assert_eq!(
        country("KR").parse_province("서울특별시"),
        Ok(Some("11".into()))
    );
    assert_eq!(country("KR").parse_province("Seoul"), Ok(Some("11".into())));
    // Accents optional, case and inner whitespace ignored.
    assert_eq!(
        country("BR").parse_province("São Paulo"),
        Ok(Some("SP".into()))
    );
    assert_eq!(
        country("CA").parse_province("  prince   edward island "),
        Ok(Some("PE".into()))
    );
    // Turkish dotted and dotless i, either way round.
    assert_eq!(
        country("TR").parse_province("ADIYAMAN"),
        Ok(Some("02".into()))
    );
    assert_eq!(
        country("TR").parse_province("İstanbul"),
        Ok(Some("34".into()))
    );
    assert_eq!(
        country("TR").parse_province("istanbul"),
        Ok(Some("34".into()))
    );
    // Without an ISO code, Google's key is stored (US military "states").
    assert_eq!(
        country("US").parse_province("Armed Forces (AA)"),
        Ok(Some("AA".into()))
    );
}

#[test]
fn countries_without_subdivisions_take_free_text_or_none() {
    // Romania: addresses carry a county, Google lists none.
    let ro = country("RO");
    assert!(ro.uses_province && ro.subdivisions.is_empty());
    assert_eq!(
        ro.parse_province("  Cluj    Napoca "),
        Ok(Some("Cluj Napoca".into()))
    );
    // Andorra: Google lists parishes, but its addresses carry none.
    let ad = country("AD");
    assert!(!ad.uses_province && ad.subdivisions.is_empty());
    assert!(ad.parse_province("Canillo").is_err());
    // North Korea: postal codes, no pattern.
    let kp = country("KP");
    assert!(kp.uses_postal_code && kp.postal_code_example.is_none());
    assert_eq!(kp.parse_postal_code(" ab-12 "), Ok(Some("AB-12".into())));
}

#[test]
fn postal_codes_are_normalised() {
    let ca = country("CA");
    assert_eq!(
        ca.parse_postal_code(" k1a   0b1 "),
        Ok(Some("K1A 0B1".into()))
    );
    assert_eq!(ca.parse_postal_code("k1a0b1"), Ok(Some("K1A0B1".into())));
    let gb = country("GB");
    assert_eq!(
        gb.parse_postal_code("sw1a 1aa"),
        Ok(Some("SW1A 1AA".into()))
    );
    // ASCII digits only: Arabic-Indic digits are not a ZIP code.
    assert!(country("US").parse_postal_code("٩٥٠١٤").is_err());
    assert_eq!(
        country("US").parse_postal_code("95014-1234"),
        Ok(Some("95014-1234".into()))
    );
}

#[test]
fn postal_code_within_the_province() {
    let us = country("US");
    assert_eq!(us.check_postal_in_province("NY", "10001"), Ok(()));
    assert_eq!(
        us.check_postal_in_province("NY", "90210"),
        Err("This ZIP code is not in New York.".into())
    );
    let ca = country("CA");
    assert_eq!(ca.check_postal_in_province("ON", "K1A 0B1"), Ok(()));
    assert_eq!(
        ca.check_postal_in_province("ON", "H3Z 2Y7"),
        Err("This postal code is not in Ontario.".into())
    );
    assert_eq!(
        country("JP").check_postal_in_province("13", "154-0023"),
        Ok(())
    );
    assert!(country("JP")
        .check_postal_in_province("01", "154-0023")
        .is_err());
    // No prefix rule, or not a subdivision of this country: nothing to say.
    assert_eq!(
        country("AE").check_postal_in_province("DU", "12345"),
        Ok(())
    );
    assert_eq!(us.check_postal_in_province("ON", "10001"), Ok(()));
}

#[test]
fn inputs_are_bounded_and_control_characters_refused() {
    let ca = country("CA");
    assert_eq!(
        ca.parse_postal_code(&"1".repeat(21)),
        Err("A postal code can be at most 20 characters.".into())
    );
    assert_eq!(
        country("IE").parse_postal_code(&"1".repeat(21)),
        Err("An Eircode can be at most 20 characters.".into())
    );
    assert_eq!(
        ca.parse_province(&"a".repeat(101)),
        Err("A province can be at most 100 characters.".into())
    );
    assert_eq!(
        country("RO").parse_province(&"é".repeat(100)),
        Ok(Some("é".repeat(100)))
    );
    assert!(ca.parse_province(&"a".repeat(1_000_000)).is_err());
    assert!(country("RO").parse_province("Cluj\tNapoca").is_err());
    assert_eq!(
        country("US").parse_province("N\u{0}Y"),
        Err("The state contains characters we cannot store.".into())
    );
    assert_eq!(
        ca.parse_postal_code("K1A\u{7}0B1"),
        Err("The postal code contains characters we cannot store.".into())
    );
}

#[test]
fn a_bad_pattern_in_the_data_is_skipped_not_fatal() {
    let loaded = data::load_for_test(
        r#"{"countries": {"XX": {"name": "Nowhere", "fields": "SZ", "require": "S",
            "state_name_type": "canton", "zip_name_type": "postal", "zip": "([", "zipex": "1",
            "subdivisions": [{"iso": "A", "name": "Alpha", "zip": "(("},
                             {"iso": "B", "name": "alpha"}]}}}"#,
    );
    assert_eq!(loaded.problems.len(), 4, "{:?}", loaded.problems);
    let xx = &loaded.countries[0];
    assert_eq!(xx.province_label, "Province");
    assert_eq!(
        xx.parse_postal_code("anything"),
        Ok(Some("ANYTHING".into()))
    );
    assert_eq!(xx.check_postal_in_province("A", "1"), Ok(()));
    assert_eq!(xx.parse_province("alpha"), Ok(Some("A".into())));

    let broken = data::load_for_test("{not json");
    assert!(broken.countries.is_empty());
    assert_eq!(broken.problems.len(), 1);
}
