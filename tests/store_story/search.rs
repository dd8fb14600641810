//! The admin grid's store, told as stories on every backend: 10,000 demo
//! customers from the generator (plus a few with awkward characters), and
//! every answer checked against the same question asked in Rust of all rows.

use super::*;
use chrono::{DateTime, Duration, Utc};
use customer_core::customers::search::{CustomerFilter, PageRequest, Sort, SortKey, TOTAL_CAP};
use customer_core::customers::store::{CustomerRow, ProfileRecord};
use std::collections::HashSet;

const SEEDED: u64 = 10_000;

/// Customers whose names and emails hold LIKE wildcards, quotes, a
/// backslash and capitals: the demo names have only letters and `'`.
const AWKWARD: &[(&str, &str, &str)] = &[
    ("half%off@example.com", "Per%cent", "Sale"),
    ("under_score@example.com", "Wild_Card", "Lowdash"),
    ("quote@example.com", "Dou\"ble", "Quoted"),
    ("slash@example.com", "Back", "Sla\\sh"),
    ("mixed@example.com", "McKENZIE", "DeLaCroix"),
];

/// The database seeded, and every customer in it (by id).
async fn seeded(db: &Database) -> Vec<CustomerRow> {
    let mut reported = Vec::new();
    let inserted = customer_core::seed::customers(db, SEEDED, 42, |n| reported.push(n))
        .await
        .expect("seed");
    assert_eq!(inserted, SEEDED);
    assert_eq!(reported.last(), Some(&SEEDED), "progress ends at the count");
    let mut tx = db.begin().await.expect("begin");
    for (email, first, last) in AWKWARD {
        let mut new = record(email);
        new.first_name = (*first).into();
        new.last_name = (*last).into();
        tx.customers()
            .insert_customer(&new, now())
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
    everyone(db, &CustomerFilter::default()).await
}

/// Every customer matching `filter`, through the export's keyset paging.
async fn everyone(db: &Database, filter: &CustomerFilter) -> Vec<CustomerRow> {
    let mut conn = db.conn().await.expect("connection");
    let mut all: Vec<CustomerRow> = Vec::new();
    loop {
        let after = all.last().map_or(0, |c| c.id);
        let batch = conn
            .customer_search()
            .customers_after(filter, after, 777)
            .await
            .expect("customers_after");
        let short = batch.len() < 777;
        assert!(batch.iter().all(|c| c.id > after), "keyset: only later ids");
        all.extend(batch);
        if short {
            return all;
        }
    }
}

/// The filter, asked in Rust.
fn matches(c: &CustomerRow, f: &CustomerFilter) -> bool {
    let q = f.q.as_deref().map(|q| q.trim().to_lowercase());
    let text = format!("{} {} {}", c.email, c.first_name, c.last_name).to_lowercase();
    q.is_none_or(|q| text.contains(&q))
        && f.group_id.is_none_or(|g| c.group_id == g)
        && f.status.is_none_or(|s| c.status() == s)
        && f.verified
            .is_none_or(|v| c.email_verified_at.is_some() == v)
        && f.created_from.is_none_or(|from| c.created_at >= from)
        && f.created_to.is_none_or(|to| c.created_at < to)
}

/// The sort, done in Rust: the ids in order.
fn sorted(rows: &[&CustomerRow], sort: Sort) -> Vec<i64> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| {
        let key = match sort.key {
            SortKey::CreatedAt => a.created_at.cmp(&b.created_at),
            SortKey::Email => a.email.cmp(&b.email),
            SortKey::FirstName => a.first_name.cmp(&b.first_name),
            SortKey::LastName => a.last_name.cmp(&b.last_name),
            SortKey::Status => a.status.cmp(&b.status),
        };
        let order = key.then(a.id.cmp(&b.id));
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    rows.into_iter().map(|c| c.id).collect()
}

/// A total as the store reports it: exact up to the cap, then cap + 1.
fn capped(n: usize) -> u64 {
    (n as u64).min(TOTAL_CAP + 1)
}

fn ids(rows: &[CustomerRow]) -> Vec<i64> {
    rows.iter().map(|c| c.id).collect()
}

const NEWEST: Sort = Sort {
    key: SortKey::CreatedAt,
    descending: true,
};

/// The store's answer to `filter` equals Rust's over `all`: the whole set
/// (export), the total and the first page (grid). Returns how many matched.
async fn check(db: &Database, all: &[CustomerRow], filter: &CustomerFilter) -> usize {
    let expected: Vec<&CustomerRow> = all.iter().filter(|c| matches(c, filter)).collect();
    let exported = everyone(db, filter).await;
    let mut expected_ids: Vec<i64> = expected.iter().map(|c| c.id).collect();
    expected_ids.sort_unstable();
    assert_eq!(ids(&exported), expected_ids, "export of {filter:?}");

    let mut conn = db.conn().await.expect("connection");
    let page = PageRequest {
        page: 1,
        per_page: 50,
    };
    let (rows, total) = conn
        .customer_search()
        .search_customers(filter, NEWEST, page)
        .await
        .expect("search");
    assert_eq!(total, capped(expected.len()), "total of {filter:?}");
    let first_page: Vec<i64> = sorted(&expected, NEWEST).into_iter().take(50).collect();
    assert_eq!(ids(&rows), first_page, "first page of {filter:?}");
    expected.len()
}

fn q(text: &str) -> CustomerFilter {
    CustomerFilter {
        q: Some(text.into()),
        ..Default::default()
    }
}

/// Search: substrings of emails and of "first last", any case, wildcards
/// and quotes taken literally, one and two characters (the scan), and the
/// index kept in step with changes.
pub(crate) async fn search_text_story(db: Database) {
    let all = seeded(&db).await;
    assert_eq!(all.len() as u64, SEEDED + AWKWARD.len() as u64);

    let someone = &all[1234];
    let email_part: String = someone.email.chars().skip(2).take(7).collect();
    let full_name = format!("{} {}", someone.first_name, someone.last_name);
    let across_names: String = full_name
        .chars()
        .skip(someone.first_name.chars().count().saturating_sub(3))
        .take(7)
        .collect();
    let queries = [
        email_part.clone(),
        email_part.to_uppercase(),
        across_names.clone(),
        format!("  {}  ", across_names.to_uppercase()),
        someone.last_name.to_lowercase(),
        "son".into(),
        "example.com".into(),
        "o'b".into(),
        "'".into(),
        "%".into(),
        "_".into(),
        "f%o".into(),
        "d_c".into(),
        "\"".into(),
        "u\"b".into(),
        "\"ble quo".into(),
        "\\".into(),
        "a\\s".into(),
        "mckenzie del".into(),
        "a".into(),
        "yn".into(),
        "ki".into(),
        "nobody-here".into(),
        ".1234@".into(),
    ];
    for text in &queries {
        let n = check(&db, &all, &q(text)).await;
        if text != "nobody-here" {
            assert!(n > 0, "{text:?} matches someone");
        }
    }
    // Wildcards are literal: only the awkward rows hold them.
    assert_eq!(check(&db, &all, &q("%")).await, 1);
    assert_eq!(check(&db, &all, &q("_")).await, 1);
    assert_eq!(check(&db, &all, &q("example.com")).await, all.len());

    // The index follows changes of names and email, and deletions.
    let mut tx = db.begin().await.expect("begin");
    let id = CustomerId(someone.id);
    let change = ProfileRecord {
        first_name: "Zephyrine".into(),
        last_name: "Quillfeather".into(),
        phone: None,
    };
    tx.customers()
        .update_profile(id, &change, now())
        .await
        .expect("update");
    tx.customers()
        .change_email(id, "zq@example.net", now())
        .await
        .expect("email");
    tx.commit().await.expect("commit");
    let all = everyone(&db, &CustomerFilter::default()).await;
    assert_eq!(check(&db, &all, &q("quillfeat")).await, 1);
    assert_eq!(check(&db, &all, &q("zephyrine quill")).await, 1);
    assert_eq!(check(&db, &all, &q("zq@example.n")).await, 1);
    assert_eq!(
        check(&db, &all, &q(&someone.email)).await,
        0,
        "old email gone"
    );
    check(&db, &all, &q(&full_name)).await;

    delete_customer(&db, someone.id).await;
    let all = everyone(&db, &CustomerFilter::default()).await;
    assert_eq!(check(&db, &all, &q("quillfeat")).await, 0);
}

async fn delete_customer(db: &Database, id: i64) {
    let sql = "DELETE FROM customer WHERE id = $1";
    let deleted = match db {
        Database::Sqlite(pool) => sqlx::query(sql)
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
        Database::Postgres(pool) => sqlx::query(sql)
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
    };
    assert_eq!(deleted.expect("delete a customer"), 1);
}

/// Each filter alone and together, checked against Rust.
pub(crate) async fn search_filter_story(db: Database) {
    let all = seeded(&db).await;
    let mut created: Vec<DateTime<Utc>> = all.iter().map(|c| c.created_at).collect();
    created.sort_unstable();
    let median = created[created.len() / 2];
    let month_ago = now() - Duration::days(30);
    let filters = [
        CustomerFilter {
            group_id: Some(1),
            ..Default::default()
        },
        CustomerFilter {
            group_id: Some(2),
            ..Default::default()
        },
        CustomerFilter {
            group_id: Some(3),
            ..Default::default()
        },
        CustomerFilter {
            status: Some(CustomerStatus::Disabled),
            ..Default::default()
        },
        CustomerFilter {
            status: Some(CustomerStatus::Active),
            ..Default::default()
        },
        CustomerFilter {
            verified: Some(true),
            ..Default::default()
        },
        CustomerFilter {
            verified: Some(false),
            ..Default::default()
        },
        // The bounds: `from` inclusive, `to` exclusive, on an exact value.
        CustomerFilter {
            created_from: Some(median),
            ..Default::default()
        },
        CustomerFilter {
            created_to: Some(median),
            ..Default::default()
        },
        CustomerFilter {
            created_from: Some(month_ago),
            created_to: Some(now()),
            ..Default::default()
        },
        CustomerFilter {
            q: Some("son".into()),
            group_id: Some(1),
            status: Some(CustomerStatus::Active),
            verified: Some(true),
            created_from: Some(median - Duration::days(100)),
            created_to: Some(median + Duration::days(10)),
        },
        CustomerFilter {
            q: Some("an".into()),
            group_id: Some(3),
            verified: Some(false),
            ..Default::default()
        },
    ];
    for filter in &filters {
        let n = check(&db, &all, filter).await;
        assert!(n > 0 && n < all.len(), "{filter:?} narrows: {n}");
    }
    let at_median = all.iter().filter(|c| c.created_at == median).count();
    let from = check(&db, &all, &filters[7]).await;
    let to = check(&db, &all, &filters[8]).await;
    assert_eq!(from + to, all.len(), "[from, to) split the rows");
    assert!(at_median >= 1 && from >= at_median);
}

/// Every sort in both directions, paged: pages are disjoint, cover the
/// total, and come in exactly Rust's order (ties broken by id).
pub(crate) async fn search_sort_story(db: Database) {
    let all = seeded(&db).await;
    let everyone_ref: Vec<&CustomerRow> = all.iter().collect();
    let keys = [
        SortKey::CreatedAt,
        SortKey::Email,
        SortKey::FirstName,
        SortKey::LastName,
        SortKey::Status,
    ];
    for key in keys {
        for descending in [false, true] {
            let sort = Sort { key, descending };
            let got = all_pages(&db, &CustomerFilter::default(), sort, 200, all.len()).await;
            assert_eq!(got, sorted(&everyone_ref, sort), "{sort:?}");
        }
    }
    // A filtered sort with an uneven last page.
    let filter = q("son");
    let matching: Vec<&CustomerRow> = all.iter().filter(|c| matches(c, &filter)).collect();
    for descending in [false, true] {
        let sort = Sort {
            key: SortKey::LastName,
            descending,
        };
        let got = all_pages(&db, &filter, sort, 37, matching.len()).await;
        assert_eq!(got, sorted(&matching, sort), "{sort:?} of 'son'");
    }
    // Past the capped count, but not past the rows.
    let mut conn = db.conn().await.expect("connection");
    let newest = sorted(&everyone_ref, NEWEST);
    for n in [TOTAL_CAP as usize + 2, all.len()] {
        let (rows, total) = conn
            .customer_search()
            .search_customers(
                &CustomerFilter::default(),
                NEWEST,
                PageRequest {
                    page: n as u32,
                    per_page: 1,
                },
            )
            .await
            .expect("search");
        assert_eq!(ids(&rows), vec![newest[n - 1]], "row {n} of {}", all.len());
        assert_eq!(total, TOTAL_CAP + 1);
    }
    // Past the end: no rows, the same total.
    let far = PageRequest {
        page: 10_000,
        per_page: 50,
    };
    let (rows, total) = conn
        .customer_search()
        .search_customers(&CustomerFilter::default(), NEWEST, far)
        .await
        .expect("search");
    assert!(rows.is_empty());
    assert_eq!(total, TOTAL_CAP + 1, "more than the cap");
    assert!(all.len() as u64 > TOTAL_CAP);
}

/// Every page of `filter` in `sort`, checking each page's total and that
/// no id comes twice.
async fn all_pages(
    db: &Database,
    filter: &CustomerFilter,
    sort: Sort,
    per_page: u32,
    expected_total: usize,
) -> Vec<i64> {
    let mut conn = db.conn().await.expect("connection");
    let mut seen = HashSet::new();
    let mut got = Vec::new();
    for page in 1.. {
        let (rows, total) = conn
            .customer_search()
            .search_customers(filter, sort, PageRequest { page, per_page })
            .await
            .expect("search");
        assert_eq!(total, capped(expected_total), "total on page {page}");
        if rows.is_empty() {
            break;
        }
        assert!(rows.len() <= per_page as usize);
        for row in &rows {
            assert!(seen.insert(row.id), "{} on two pages", row.id);
        }
        got.extend(ids(&rows));
    }
    assert_eq!(got.len(), expected_total, "the pages cover the total");
    got
}

/// The dashboard's figures against Rust's count of the same rows.
pub(crate) async fn search_figures_story(db: Database) {
    let all = seeded(&db).await;
    let since = now() - Duration::days(30);
    let days_from = now() - Duration::days(14);
    let mut conn = db.conn().await.expect("connection");
    let figures = conn
        .customer_search()
        .customer_figures(since, days_from)
        .await
        .expect("figures");
    assert_eq!(figures.total, all.len() as u64);
    let new_since = all.iter().filter(|c| c.created_at >= since).count() as u64;
    assert_eq!(figures.new_since, new_since);
    assert!(new_since > 0);

    let mut by_group = std::collections::BTreeMap::new();
    let mut per_day = std::collections::BTreeMap::new();
    for c in &all {
        *by_group.entry(c.group_id).or_insert(0u64) += 1;
        if c.created_at >= days_from {
            let day = c.created_at.format("%Y-%m-%d").to_string();
            *per_day.entry(day).or_insert(0u64) += 1;
        }
    }
    assert_eq!(figures.by_group, by_group.into_iter().collect::<Vec<_>>());
    assert_eq!(figures.per_day, per_day.into_iter().collect::<Vec<_>>());
    assert!(figures.per_day.len() >= 14, "two weeks of sign-ups");
}
