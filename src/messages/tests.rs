use super::*;
use crate::auth::domain::Credentials;
use crate::auth::dto::LoginInput;
use crate::domain::{Email, Password, PersonName, Phone};
use crate::services::{Missing, ServiceError};

fn assert_known(err: &AppError) {
    let kept = only_known(err.clone());
    assert_eq!(
        &kept, err,
        "a message the shop writes is missing from the table"
    );
}

fn field_err(field: &str, result: Result<(), String>) -> Option<AppError> {
    result.err().map(|m| AppError::field(field, m))
}

#[test]
fn every_message_the_parsers_write_is_in_the_table() {
    let long = "a".repeat(300);
    let mut seen = 0;
    let mut check = |e: Option<AppError>| {
        if let Some(e) = e {
            assert_known(&e);
            seen += 1;
        }
    };
    let emails = [
        "",
        " ",
        "bad",
        "a@",
        "@b.c",
        "a b@c.d",
        "a@b@c",
        "x\u{7}@example.com",
    ];
    for raw in emails
        .iter()
        .copied()
        .chain([long.as_str(), &format!("{long}@example.com")])
    {
        check(field_err("email", Email::parse(raw).map(drop)));
        let login = LoginInput {
            email: raw.into(),
            password: String::new(),
        };
        check(Credentials::parse(&login).err().map(AppError::from));
    }
    let login = LoginInput {
        email: "a@example.com".into(),
        password: "line\nbreak".into(),
    };
    check(Credentials::parse(&login).err().map(AppError::from));
    let too_long = "word ".repeat(60);
    for raw in [
        "",
        "short",
        "password",
        "a@example.com",
        "line\nbreak",
        too_long.as_str(),
    ] {
        check(field_err(
            "password",
            Password::parse(raw, &["a@example.com"]).map(drop),
        ));
    }
    for what in ["first name", "last name"] {
        for raw in ["", "   ", "a\u{0}b", long.as_str()] {
            check(field_err(
                "first_name",
                PersonName::parse(raw, what).map(drop),
            ));
        }
    }
    for raw in [
        "",
        "12",
        "+12",
        "abc",
        "+44 20 7946 0958 ext. 1",
        long.as_str(),
    ] {
        check(field_err("phone", Phone::parse(raw).map(drop)));
    }
    let services = [
        ServiceError::EmailTaken,
        ServiceError::InvalidCredentials,
        ServiceError::NotLoggedIn,
        ServiceError::NotFound(Missing::Customer),
        ServiceError::NotFound(Missing::Session),
        ServiceError::Busy {
            retry_after_secs: 2,
        },
        ServiceError::Infrastructure(anyhow::anyhow!("db down")),
        ServiceError::NewEmailTaken,
        ServiceError::BadToken(crate::tokens::TokenProblem::Invalid),
        ServiceError::BadToken(crate::tokens::TokenProblem::Expired),
        ServiceError::BadToken(crate::tokens::TokenProblem::Used),
        crate::domain::FieldErrors::single("current_password", crate::auth::WRONG_CURRENT_PASSWORD)
            .into(),
        crate::domain::FieldErrors::single("new_email", crate::emails::SAME_EMAIL).into(),
    ];
    for e in services {
        check(Some(e.into()));
    }
    for secs in [0, 1, 30, 60, 61, 119, 120, 900, 86_400] {
        check(Some(
            ServiceError::Throttled {
                retry_after_secs: secs,
            }
            .into(),
        ));
        check(Some(
            ServiceError::TooManyRegistrations {
                retry_after_secs: secs,
            }
            .into(),
        ));
        check(Some(
            ServiceError::TooManyMails {
                retry_after_secs: secs,
            }
            .into(),
        ));
    }
    // A password change: every way its parser refuses.
    use crate::passwords::domain::PasswordChange;
    use crate::passwords::dto::ChangePasswordInput;
    for (current, new) in [
        ("", ""),
        ("old\u{7}", "short"),
        ("same old passphrase", "same old passphrase"),
        ("x", "a@example.com"),
        ("x", &"long ".repeat(60)),
    ] {
        let input = ChangePasswordInput {
            current_password: current.into(),
            new_password: new.into(),
        };
        check(
            PasswordChange::parse(&input, &["a@example.com"])
                .err()
                .map(AppError::from),
        );
    }
    use server_fn::error::{FromServerFnError, ServerFnErrorErr as S};
    for e in [
        S::Args("x".into()),
        S::Request("x".into()),
        S::ServerError("x".into()),
    ] {
        check(Some(AppError::from_server_fn_error(e)));
    }
    assert!(seen > 30, "the bad inputs reach the parsers ({seen})");
}

#[test]
fn crafted_text_is_replaced_and_odd_field_names_dropped() {
    let crafted = AppError::Validation {
        message: "Call +1 555 0100 to claim a prize".into(),
        fields: BTreeMap::from([
            ("email".into(), "Call +1 555 0100".into()),
            ("phone".into(), phone::INVALID.into()),
            ("<script>".into(), "x".into()),
            ("Email".into(), "x".into()),
            ("1st".into(), "x".into()),
            ("line1".into(), phone::INVALID.into()),
            ("a".repeat(41), "x".into()),
        ]),
    };
    let kept = only_known(crafted);
    assert_eq!(
        kept,
        AppError::Validation {
            message: "Some fields need your attention.".into(),
            fields: BTreeMap::from([
                ("email".into(), GENERIC_FIELD.into()),
                ("line1".into(), phone::INVALID.into()),
                ("phone".into(), phone::INVALID.into()),
            ]),
        }
    );
    let crafted = AppError::RateLimited {
        message: "Too many failed attempts. Please wait 9 hours and try again.".into(),
        retry_after_secs: 60,
    };
    assert_eq!(only_known(crafted).message(), GENERIC_RATE_LIMITED);
    assert_eq!(
        only_known(AppError::unauthorized("Visit evil.example")).message(),
        GENERIC
    );
    let many: BTreeMap<String, String> = (0..100)
        .map(|i| (format!("f{}", "a".repeat(i % 30 + 1)), "x".into()))
        .collect();
    assert!(only_known(AppError::validation(many))
        .fields()
        .is_some_and(|f| f.len() <= MAX_FIELDS));
}

#[test]
fn errors_read_from_a_url_are_filtered() {
    use server_fn::error::FromServerFnError;
    let crafted = serde_json::json!({"kind": "forbidden", "message": "Call +1 555 0100"});
    let err = AppError::de(crafted.to_string().into_bytes().into());
    assert_eq!(err, AppError::forbidden(GENERIC));
}

#[test]
fn every_message_the_address_book_writes_is_in_the_table() {
    use crate::addresses::countries;
    use crate::addresses::domain::ValidAddress;
    use crate::addresses::dto::AddressInput;
    let long = "x".repeat(300);
    let mut checked = 0;
    for country in countries::all() {
        // A neighbour's subdivision, and every kind of bad field.
        for (province, postal) in [
            ("", ""),
            ("\u{7}", "\u{7}"),
            ("nowhere at all", "!!!"),
            (long.as_str(), long.as_str()),
        ] {
            let input = AddressInput {
                label: Some(long.clone()),
                first_name: "\u{202E}x".into(),
                last_name: String::new(),
                company: Some(long.clone()),
                line1: String::new(),
                line2: Some("a\u{0}".into()),
                city: long.clone(),
                province: Some(province.into()),
                postal_code: Some(postal.into()),
                country: country.code.clone(),
                phone: Some("12".into()),
                ..Default::default()
            };
            let Err(errors) = ValidAddress::parse(&input) else {
                panic!("{}: accepted", country.code);
            };
            assert_known(&AppError::from(errors));
            checked += 1;
        }
        // A postal code of the country's pattern in the wrong subdivision.
        if let Some(example) = &country.postal_code_example {
            for sub in &country.subdivisions {
                if let Err(message) = country.check_postal_in_province(&sub.code, example) {
                    assert_known(&AppError::from(crate::domain::FieldErrors::single(
                        "postal_code",
                        message,
                    )));
                }
            }
        }
    }
    assert!(checked > 900, "{checked}");
    for country in ["", "ZZ", "XXX", "\u{1}", long.as_str()] {
        let input = AddressInput {
            country: country.into(),
            ..Default::default()
        };
        assert_known(&AppError::from(ValidAddress::parse(&input).unwrap_err()));
    }
    for e in [
        ServiceError::TooManyAddresses { max: 50 },
        ServiceError::NotFound(Missing::Address),
        ServiceError::NotFound(Missing::Country),
    ] {
        assert_known(&AppError::from(e));
    }
}

#[test]
fn every_message_the_admin_forms_write_is_in_the_table() {
    use crate::admin::domain::{AdminChange, BulkRequest, StaffNewCustomer};
    use crate::admin::dto::{AdminCustomerPatch, AdminNewCustomer, BulkInput};
    use crate::customers::dto::Patch;
    use crate::groups::domain::{parse_page_groups, GroupChange, NewGroup};
    use crate::groups::dto::{GroupPatch, NewGroupInput, PageAccessInput};
    let long = "x".repeat(700);
    let odd = "a\u{7}b".to_string();
    let mut checked = 0;
    let mut check = |e: crate::domain::FieldErrors| {
        assert_known(&AppError::from(e));
        checked += 1;
    };
    let extra = || {
        [("email".to_string(), serde::de::IgnoredAny)]
            .into_iter()
            .collect()
    };
    for raw in ["", " ", "not-a-uuid", odd.as_str(), long.as_str()] {
        let patch = AdminCustomerPatch {
            first_name: Patch::Set(raw.into()),
            last_name: Patch::Clear,
            phone: Patch::Set(raw.into()),
            group_id: Patch::Set(raw.into()),
            status: Patch::Set(raw.into()),
            other: extra(),
        };
        check(AdminChange::parse(&patch).unwrap_err());
        let cleared = AdminCustomerPatch {
            group_id: Patch::Clear,
            status: Patch::Clear,
            ..Default::default()
        };
        check(AdminChange::parse(&cleared).unwrap_err());
        let new = AdminNewCustomer {
            email: raw.into(),
            first_name: raw.into(),
            last_name: raw.into(),
            phone: Some(raw.into()),
            group_id: Some(raw.into()),
            other: extra(),
        };
        check(StaffNewCustomer::parse(&new).unwrap_err());
        for (ids, action, group) in [
            (vec![], raw, None),
            (vec![raw.to_string()], "assign_group", None),
            (vec![raw.to_string()], "disable", Some(raw.to_string())),
            (
                vec!["3f1e0d2c-5b6a-4c7d-8e9f-0a1b2c3d4e5f".to_string(); 501],
                "enable",
                None,
            ),
        ] {
            let bulk = BulkInput {
                ids,
                action: action.into(),
                group_id: group,
                other: extra(),
            };
            check(BulkRequest::parse(&bulk).unwrap_err());
        }
        let group = NewGroupInput {
            name: raw.into(),
            description: Some(format!("{raw}{odd}{long}")),
            other: extra(),
        };
        check(NewGroup::parse(&group).unwrap_err());
        let change = GroupPatch {
            name: Patch::Clear,
            description: Patch::Set(odd.clone()),
            other: extra(),
        };
        check(GroupChange::parse(&change).unwrap_err());
    }
    let access = PageAccessInput {
        groups: vec![String::new(); 101],
        other: extra(),
    };
    check(parse_page_groups(&access).unwrap_err());
    assert!(checked > 30, "{checked}");
    for e in [
        ServiceError::Forbidden,
        ServiceError::NotFound(Missing::Group),
        ServiceError::NotFound(Missing::Page),
        ServiceError::GroupNameTaken,
        ServiceError::SystemGroup {
            name: "General".into(),
        },
        ServiceError::GroupGuardsPage {
            name: "Wholesale".into(),
            page: "wholesale",
        },
    ] {
        assert_known(&AppError::from(e));
    }
    // A group of the shop's own naming reads back as the generic sentence.
    let custom = AppError::from(ServiceError::SystemGroup {
        name: "Visit evil.example".into(),
    });
    assert_eq!(only_known(custom).message(), GENERIC);
}
