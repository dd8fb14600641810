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

// The whole data set, spellings, and hostile input.
mod whole_data;
