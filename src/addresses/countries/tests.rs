use super::*;

fn country(code: &str) -> &'static Country {
    find(code).unwrap_or_else(|| panic!("{code} is in the data"))
}

/// A province typed four ways, and what is stored.
struct Province {
    by_code: &'static str,
    /// `None` where Google has no ISO 3166-2 code for it.
    by_iso: Option<&'static str>,
    by_name_odd_case: &'static str,
    stored: &'static str,
}

struct Case {
    code: &'static str,
    name: &'static str,
    uses_province: bool,
    requires_province: bool,
    uses_postal_code: bool,
    requires_postal_code: bool,
    example: Option<&'static str>,
    /// A postal code of the wrong shape.
    bad_postal: Option<&'static str>,
    province: Option<Province>,
    /// A subdivision of some other country.
    foreign: &'static str,
}

const fn province(
    by_code: &'static str,
    by_iso: Option<&'static str>,
    by_name_odd_case: &'static str,
    stored: &'static str,
) -> Option<Province> {
    Some(Province {
        by_code,
        by_iso,
        by_name_odd_case,
        stored,
    })
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    Case { code: "US", name: "United States", uses_province: true, requires_province: true, uses_postal_code: true, requires_postal_code: true,
        example: Some("95014"), bad_postal: Some("9501"), province: province("ny", Some("us-ny"), "new york", "NY"), foreign: "Ontario" },
    Case { code: "CA", name: "Canada", uses_province: true, requires_province: true, uses_postal_code: true, requires_postal_code: true,
        example: Some("H3Z 2Y7"), bad_postal: Some("12345"), province: province("ON", Some("CA-ON"), "oNtArIo", "ON"), foreign: "New York" },
    Case { code: "GB", name: "United Kingdom", uses_province: false, requires_province: false, uses_postal_code: true, requires_postal_code: true,
        example: Some("EC1Y 8SY"), bad_postal: Some("12345"), province: None, foreign: "Ontario" },
    Case { code: "DE", name: "Germany", uses_province: false, requires_province: false, uses_postal_code: true, requires_postal_code: true,
        example: Some("26133"), bad_postal: Some("2613"), province: None, foreign: "Bayern" },
    Case { code: "FR", name: "France", uses_province: false, requires_province: false, uses_postal_code: true, requires_postal_code: true,
        example: Some("33380"), bad_postal: Some("ABCDE"), province: None, foreign: "Ontario" },
    Case { code: "JP", name: "Japan", uses_province: true, requires_province: true, uses_postal_code: true, requires_postal_code: true,
        example: Some("154-0023"), bad_postal: Some("1540"), province: province("13", Some("JP-13"), "tOKYO", "13"), foreign: "Ontario" },
    Case { code: "BR", name: "Brazil", uses_province: true, requires_province: true, uses_postal_code: true, requires_postal_code: true,
        example: Some("40301-110"), bad_postal: Some("4030-110"), province: province("sp", Some("BR-SP"), "SAO PAULO", "SP"), foreign: "Ontario" },
    Case { code: "IN", name: "India", uses_province: true, requires_province: true, uses_postal_code: true, requires_postal_code: true,
        example: Some("110034"), bad_postal: Some("11003"), province: province("MH", Some("IN-MH"), "maharashtra", "MH"), foreign: "Ontario" },
    Case { code: "AU", name: "Australia", uses_province: true, requires_province: true, uses_postal_code: true, requires_postal_code: true,
        example: Some("2060"), bad_postal: Some("20600"), province: province("nsw", Some("AU-NSW"), "New South WALES", "NSW"), foreign: "Ontario" },
    Case { code: "NL", name: "Netherlands", uses_province: false, requires_province: false, uses_postal_code: true, requires_postal_code: true,
        example: Some("1234 AB"), bad_postal: Some("0123 AB"), province: None, foreign: "Ontario" },
    Case { code: "IE", name: "Ireland", uses_province: true, requires_province: false, uses_postal_code: true, requires_postal_code: false,
        example: Some("A65 F4E2"), bad_postal: Some("A65-F4E2"), province: province("D", Some("IE-D"), "co. DUBLIN", "D"), foreign: "Ontario" },
    Case { code: "HK", name: "Hong Kong SAR China", uses_province: true, requires_province: true, uses_postal_code: false, requires_postal_code: false,
        example: None, bad_postal: None, province: province("Kowloon", None, "KOWLOON", "Kowloon"), foreign: "Ontario" },
    Case { code: "AE", name: "United Arab Emirates", uses_province: true, requires_province: true, uses_postal_code: false, requires_postal_code: false,
        example: None, bad_postal: None, province: province("DU", Some("AE-DU"), "dUBAI", "DU"), foreign: "Ontario" },
    Case { code: "CH", name: "Switzerland", uses_province: false, requires_province: false, uses_postal_code: true, requires_postal_code: true,
        example: Some("2544"), bad_postal: Some("25440"), province: None, foreign: "Ontario" },
    Case { code: "SG", name: "Singapore", uses_province: false, requires_province: false, uses_postal_code: true, requires_postal_code: true,
        example: Some("546080"), bad_postal: Some("54608"), province: None, foreign: "Ontario" },
];

#[test]
fn fifteen_countries_follow_their_rules() {
    for case in CASES {
        let c = country(case.code);
        let code = case.code;
        assert_eq!(c.code, code);
        assert_eq!(c.name, case.name, "{code}");
        assert_eq!(c.uses_province, case.uses_province, "{code}");
        assert_eq!(c.requires_province, case.requires_province, "{code}");
        assert_eq!(c.uses_postal_code, case.uses_postal_code, "{code}");
        assert_eq!(c.requires_postal_code, case.requires_postal_code, "{code}");
        assert_eq!(c.postal_code_example.as_deref(), case.example, "{code}");

        // Postal code: the example, lower-cased and spaced out, passes.
        if let Some(example) = case.example {
            let typed = format!("  {}  ", example.to_lowercase().replace(' ', "   "));
            assert_eq!(
                c.parse_postal_code(&typed),
                Ok(Some(example.to_string())),
                "{code}"
            );
            let hint = format!(
                "{} for {} looks like {example}.",
                c.postal_code_label, c.name
            );
            if let Some(bad) = case.bad_postal {
                assert_eq!(c.parse_postal_code(bad), Err(hint), "{code} {bad}");
            }
        }
        // Empty postal code: refused where required, else nothing stored.
        let empty_postal = c.parse_postal_code("   ");
        if case.requires_postal_code {
            assert!(empty_postal.is_err(), "{code}");
        } else {
            assert_eq!(empty_postal, Ok(None), "{code}");
        }
        if !case.uses_postal_code {
            assert_eq!(
                c.parse_postal_code("12345"),
                Err(format!(
                    "Addresses in {} have no postal code; leave it empty.",
                    c.name
                )),
                "{code}"
            );
        }

        // Province.
        let empty_province = c.parse_province("  ");
        if case.requires_province {
            assert!(empty_province.is_err(), "{code}");
        } else {
            assert_eq!(empty_province, Ok(None), "{code}");
        }
        match &case.province {
            Some(p) => {
                let stored = Ok(Some(p.stored.to_string()));
                assert_eq!(c.parse_province(p.by_code), stored, "{code}");
                assert_eq!(c.parse_province(p.by_name_odd_case), stored, "{code}");
                if let Some(iso) = p.by_iso {
                    assert_eq!(c.parse_province(iso), stored, "{code} {iso}");
                }
                assert_eq!(
                    c.parse_province(case.foreign),
                    Err(format!(
                        "Choose {} {} of {}.",
                        c.province_term.article, c.province_term.noun, c.name
                    )),
                    "{code}"
                );
            }
            None => {
                assert!(c.subdivisions.is_empty(), "{code}");
                assert_eq!(
                    c.parse_province(case.foreign),
                    Err(format!(
                        "Addresses in {} have no province; leave it empty.",
                        c.name
                    )),
                    "{code}"
                );
            }
        }
    }
}

#[test]
fn the_words_a_customer_reads() {
    let ca = country("CA");
    assert_eq!(
        ca.parse_postal_code("12345"),
        Err("Postal code for Canada looks like H3Z 2Y7.".into())
    );
    assert_eq!(
        country("US").parse_postal_code("1234"),
        Err("ZIP code for United States looks like 95014.".into())
    );
    assert_eq!(
        ca.parse_province("New York"),
        Err("Choose a province of Canada.".into())
    );
    assert_eq!(
        country("US").parse_province(""),
        Err("Choose a state.".into())
    );
    assert_eq!(
        country("JP").parse_province(""),
        Err("Choose a prefecture.".into())
    );
    assert_eq!(
        country("AE").parse_province(""),
        Err("Choose an emirate.".into())
    );
    assert_eq!(
        country("HK").parse_province(""),
        Err("Choose an area.".into())
    );
    assert_eq!(
        country("DE").parse_province("Bayern"),
        Err("Addresses in Germany have no province; leave it empty.".into())
    );
    assert_eq!(
        country("HK").parse_postal_code("999077"),
        Err("Addresses in Hong Kong SAR China have no postal code; leave it empty.".into())
    );
    assert_eq!(
        country("US").parse_postal_code(""),
        Err("Enter a ZIP code.".into())
    );
    assert_eq!(
        country("CA").parse_postal_code(""),
        Err("Enter a postal code.".into())
    );
    assert_eq!(
        country("IN").parse_postal_code(""),
        Err("Enter a PIN code.".into())
    );
    assert_eq!(country("IE").parse_postal_code(""), Ok(None));
    assert_eq!(
        country("IE").parse_postal_code("A65-F4E2"),
        Err("Eircode for Ireland looks like A65 F4E2.".into())
    );
}

#[test]
fn labels_follow_google_name_types() {
    for (code, province, postal) in [
        ("US", "State", "ZIP code"),
        ("CA", "Province", "Postal code"),
        ("JP", "Prefecture", "Postal code"),
        ("IN", "State", "PIN code"),
        ("IE", "County", "Eircode"),
        ("AE", "Emirate", "Postal code"),
        ("HK", "Area", "Postal code"),
        ("KR", "Do/Si", "Postal code"),
        ("DE", "Province", "Postal code"),
    ] {
        let c = country(code);
        assert_eq!(
            (c.province_label, c.postal_code_label),
            (province, postal),
            "{code}"
        );
    }
}

#[test]
fn country_field() {
    assert_eq!(parse_country(" ca ").map(|c| c.name.as_str()), Ok("Canada"));
    assert_eq!(
        parse_country("Gb").map(|c| c.name.as_str()),
        Ok("United Kingdom")
    );
    assert_eq!(
        parse_country("kr").map(|c| c.name.as_str()),
        Ok("South Korea")
    );
    assert_eq!(
        parse_country("   ").map(|c| &c.code),
        Err(CHOOSE_COUNTRY.to_string())
    );
    for unknown in [
        "XX",
        "ZZ",
        "USA",
        "Canada",
        "U S",
        "C",
        &"A".repeat(11),
        &"A".repeat(10_000),
    ] {
        assert_eq!(
            parse_country(unknown).map(|c| &c.code),
            Err(UNKNOWN_COUNTRY.to_string()),
            "{unknown:?}"
        );
    }
    assert_eq!(
        parse_country("C\u{0}A").map(|c| &c.code),
        Err("The country contains characters we cannot store.".to_string())
    );
    assert!(find(" us ").is_some());
    assert!(find("us\n").is_some());
    assert!(find("").is_none());
    assert!(find("ZZ").is_none());
    assert!(find("CA--fr").is_none());
}

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
