use super::*;
use crate::admin::dto::{AdminCustomerPatch, AdminNewCustomer, BulkAction, BulkInput};

fn query(pairs: &[(&str, &str)]) -> CustomerQuery {
    let mut q = CustomerQuery::default();
    for (k, v) in pairs {
        let v = Some(v.to_string());
        match *k {
            "q" => q.q = v,
            "group" => q.group = v,
            "status" => q.status = v,
            "verified" => q.verified = v,
            "created_from" => q.created_from = v,
            "created_to" => q.created_to = v,
            "sort" => q.sort = v,
            "page" => q.page = v,
            "per_page" => q.per_page = v,
            other => panic!("no field {other}"),
        }
    }
    q
}

fn refused(pairs: &[(&str, &str)]) -> Vec<String> {
    GridQuery::parse(&query(pairs))
        .expect_err("refused")
        .fields()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn an_empty_query_is_the_first_page_newest_first() {
    let g = GridQuery::parse(&CustomerQuery::default()).expect("valid");
    assert_eq!(g.filter, CustomerFilter::default());
    assert_eq!(g.sort, DEFAULT_SORT);
    assert_eq!((g.page.page, g.page.per_page), (1, DEFAULT_PER_PAGE));
    assert!(g.group.is_none());
}

#[test]
fn every_field_is_read() {
    let g = GridQuery::parse(&query(&[
        ("q", "  Ann LEE "),
        ("group", "00000000-0000-4000-8000-000000000002"),
        ("status", "disabled"),
        ("verified", "false"),
        ("created_from", "2026-01-01"),
        ("created_to", "2026-01-31"),
        ("sort", "last_name"),
        ("page", "3"),
        ("per_page", "200"),
    ]))
    .expect("valid");
    assert_eq!(g.filter.q.as_deref(), Some("ann lee"));
    assert_eq!(
        g.group,
        Some(GroupRef("00000000-0000-4000-8000-000000000002".into()))
    );
    assert_eq!(g.filter.status, Some(CustomerStatus::Disabled));
    assert_eq!(g.filter.verified, Some(false));
    assert_eq!(
        g.filter.created_from.map(|t| t.to_rfc3339()),
        Some("2026-01-01T00:00:00+00:00".into())
    );
    // The whole last day counts: the store's bound is exclusive.
    assert_eq!(
        g.filter.created_to.map(|t| t.to_rfc3339()),
        Some("2026-02-01T00:00:00+00:00".into())
    );
    assert_eq!(
        g.sort,
        Sort {
            key: SortKey::LastName,
            descending: false
        }
    );
    assert_eq!((g.page.page, g.page.per_page), (3, 200));
}

#[test]
fn empty_values_are_left_out() {
    let g = GridQuery::parse(&query(&[("q", "   "), ("status", ""), ("page", "")])).expect("valid");
    assert_eq!(g.filter, CustomerFilter::default());
}

#[test]
fn every_bad_value_is_named() {
    let cases: [(&str, &str); 16] = [
        ("sort", "password_hash"),
        ("sort", "--email"),
        ("per_page", "0"),
        ("per_page", "201"),
        ("per_page", "ten"),
        ("page", "0"),
        ("page", "100001"),
        ("page", "-1"),
        ("created_from", "2026-13-01"),
        ("created_to", "31/01/2026"),
        ("created_from", "1969-12-31"),
        ("status", "Active"),
        ("verified", "yes"),
        ("q", "ann\u{0}"),
        ("group", "3"),
        ("q", "x"),
    ];
    for (field, value) in cases {
        if field == "q" && value == "x" {
            let long = "x".repeat(Q_MAX_CHARS + 1);
            assert_eq!(refused(&[("q", &long)]), ["q"]);
            assert!(GridQuery::parse(&query(&[("q", &"é".repeat(Q_MAX_CHARS))])).is_ok());
            continue;
        }
        assert_eq!(refused(&[(field, value)]), [field], "{field}={value}");
    }
    // All at once, each named.
    assert_eq!(
        refused(&[("sort", "x"), ("per_page", "0"), ("verified", "1")]),
        ["per_page", "sort", "verified"]
    );
    assert_eq!(
        refused(&[("created_from", "2026-02-01"), ("created_to", "2026-01-31")]),
        ["created_to"]
    );
}

#[test]
fn sorts_read_back_their_names() {
    for name in [
        "created_at",
        "-created_at",
        "email",
        "-email",
        "first_name",
        "last_name",
        "-status",
    ] {
        assert_eq!(sort_name(parse_sort(name).expect(name)), name);
    }
}

#[test]
fn a_staff_change_checks_profile_group_and_status() {
    let patch: AdminCustomerPatch = serde_json::from_str(
        r#"{"first_name": "Bea", "phone": null,
            "group_id": "00000000-0000-4000-8000-000000000003", "status": "disabled"}"#,
    )
    .expect("json");
    let change = AdminChange::parse(&patch).expect("valid");
    assert!(change.needs_manage());
    assert_eq!(change.status, Some(CustomerStatus::Disabled));
    let profile_only: AdminCustomerPatch =
        serde_json::from_str(r#"{"last_name": "Lee"}"#).expect("json");
    assert!(!AdminChange::parse(&profile_only)
        .expect("valid")
        .needs_manage());

    let bad: AdminCustomerPatch = serde_json::from_str(
        r#"{"first_name": "", "group_id": null, "status": "gone", "email": "a@b.co",
            "password_hash": "x"}"#,
    )
    .expect("json");
    let errors = AdminChange::parse(&bad).expect_err("refused");
    let fields: Vec<&str> = errors.fields().keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        ["email", "first_name", "group_id", "password_hash", "status"]
    );
}

#[test]
fn a_new_customer_by_staff_needs_no_password() {
    let input: AdminNewCustomer = serde_json::from_str(
        r#"{"email": " Bea@Example.com", "first_name": "Bea", "last_name": "Lee"}"#,
    )
    .expect("json");
    let new = StaffNewCustomer::parse(&input).expect("valid");
    assert_eq!(new.email.as_str(), "bea@example.com");
    assert!(new.group.is_none());
    let bad: AdminNewCustomer = serde_json::from_str(
        r#"{"email": "nope", "first_name": "Bea", "last_name": "", "group_id": "x",
            "password": "secret"}"#,
    )
    .expect("json");
    let errors = StaffNewCustomer::parse(&bad).expect_err("refused");
    let fields: Vec<&str> = errors.fields().keys().map(String::as_str).collect();
    assert_eq!(fields, ["email", "group_id", "last_name", "password"]);
}

fn bulk(json: &str) -> Result<BulkRequest, FieldErrors> {
    BulkRequest::parse(&serde_json::from_str(json).expect("json"))
}

#[test]
fn bulk_ids_are_collapsed_and_bounded() {
    let a = "3F1E0D2C-5B6A-4C7D-8E9F-0A1B2C3D4E5F";
    let r = bulk(&format!(
        r#"{{"ids": ["{a}", "{}", "{a}"], "action": "disable"}}"#,
        a.to_lowercase()
    ))
    .expect("valid");
    assert_eq!(r.ids, [a.to_lowercase()]);
    assert_eq!(r.action, BulkAction::Disable);

    let many: Vec<String> = (0..=MAX_BULK)
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let input = BulkInput {
        ids: many.clone(),
        action: "enable".into(),
        ..Default::default()
    };
    let errors = BulkRequest::parse(&input).expect_err("too many");
    assert!(errors.field_message("ids").is_some());
    let input = BulkInput {
        ids: many[..MAX_BULK].to_vec(),
        action: "enable".into(),
        ..Default::default()
    };
    assert!(BulkRequest::parse(&input).is_ok());
    // 501 entries that are 500 customers: fine.
    let mut repeated = many[..MAX_BULK].to_vec();
    repeated.push(many[0].clone());
    let input = BulkInput {
        ids: repeated,
        action: "enable".into(),
        ..Default::default()
    };
    assert_eq!(
        BulkRequest::parse(&input).expect("valid").ids.len(),
        MAX_BULK
    );
}

#[test]
fn bulk_refusals_name_their_field() {
    let id = uuid::Uuid::new_v4();
    let cases = [
        (r#"{"ids": [], "action": "disable"}"#.to_string(), "ids"),
        (
            format!(r#"{{"ids": ["{id}", "nope"], "action": "disable"}}"#),
            "ids",
        ),
        (
            format!(r#"{{"ids": ["{id}"], "action": "delete"}}"#),
            "action",
        ),
        (
            format!(r#"{{"ids": ["{id}"], "action": "assign_group"}}"#),
            "group_id",
        ),
        (
            format!(r#"{{"ids": ["{id}"], "action": "assign_group", "group_id": "vip"}}"#),
            "group_id",
        ),
        (
            format!(
                r#"{{"ids": ["{id}"], "action": "enable",
                    "group_id": "00000000-0000-4000-8000-000000000001"}}"#
            ),
            "group_id",
        ),
        (
            format!(r#"{{"ids": ["{id}"], "action": "enable", "confirm": true}}"#),
            "confirm",
        ),
    ];
    for (json, field) in cases {
        let errors = bulk(&json).expect_err(&json);
        let fields: Vec<&str> = errors.fields().keys().map(String::as_str).collect();
        assert_eq!(fields, [field], "{json}");
    }
}

#[test]
fn history_paging_is_bounded() {
    let page = |before: Option<&str>, limit: Option<&str>| {
        HistoryPaging::parse(&HistoryQuery {
            before: before.map(str::to_owned),
            limit: limit.map(str::to_owned),
        })
    };
    assert_eq!(
        page(None, None).expect("valid"),
        HistoryPaging {
            before: None,
            limit: DEFAULT_HISTORY
        }
    );
    assert_eq!(page(Some("12"), Some("5")).expect("valid").before, Some(12));
    assert!(page(Some("x"), None).is_err());
    assert!(page(Some("0"), None).is_err());
    assert!(page(None, Some("201")).is_err());
    assert!(page(None, Some("0")).is_err());
}
