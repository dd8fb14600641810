//! Customer groups and the pages restricted to them, told as stories on
//! every backend: who may do what, names unique in any case, the built-in
//! groups kept, a deleted group's members moved to General with their
//! history rows in one transaction, and the wholesale price list following
//! the customer's current group.

use super::*;
use customer_core::caller::StaffCookie;
use customer_core::dto::{GroupPatch, NewGroupInput, PageAccessInput};
use customer_core::services::Missing;
use customer_core::staff::dto::NewStaffInput;
use customer_core::staff::Role;

pub(crate) const STAFF_PASSWORD: &str = "quartz lantern orchard 71";
pub(crate) const GENERAL: &str = "00000000-0000-4000-8000-000000000001";
pub(crate) const WHOLESALE: &str = "00000000-0000-4000-8000-000000000002";
pub(crate) const VIP: &str = "00000000-0000-4000-8000-000000000003";

impl Shop {
    /// A caller logged in as a new staff member of `role`, as the
    /// middleware would resolve the next request carrying the cookie.
    pub(crate) async fn staff(&self, role: Role) -> Caller {
        let email = format!(
            "{}-{}@staff.example.com",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        self.services
            .staff
            .create(&NewStaffInput {
                email: email.clone(),
                name: format!("{} Person", role.label()),
                password: STAFF_PASSWORD.into(),
                role,
            })
            .await
            .expect("staff created");
        let here = client("203.0.113.60");
        let caller = self.caller(&new_session(), &here).await;
        self.services
            .staff
            .log_in(&caller, &login(&email, STAFF_PASSWORD))
            .await
            .expect("staff login");
        let Some(StaffCookie::Set(token)) = caller.staff_cookie().take() else {
            panic!("no staff cookie");
        };
        let with_cookie = ClientInfo {
            staff_token: Some(DeviceToken(token)),
            ..here
        };
        self.caller(&new_session(), &with_cookie).await
    }
}

pub(crate) async fn exec(db: &Database, sql: &str) {
    match db {
        Database::Sqlite(pool) => {
            sqlx::query(sql).execute(pool).await.expect("sql");
        }
        Database::Postgres(pool) => {
            sqlx::query(sql).execute(pool).await.expect("sql");
        }
    }
}

/// Puts a customer in a group, behind the services' back (staff edits of
/// customers are another resource's).
async fn put_in_group(db: &Database, email: &str, group: &str) {
    exec(
        db,
        &format!(
            "UPDATE customer SET group_id = (SELECT id FROM customer_group WHERE public_id = '{group}')
             WHERE email = '{email}'"
        ),
    )
    .await;
}

/// The customer's history, newest first, as (action, actor type, changes).
pub(crate) async fn history_of(
    db: &Database,
    email: &str,
) -> Vec<(
    String,
    String,
    Vec<(String, Option<String>, Option<String>)>,
)> {
    let mut conn = db.conn().await.expect("connection");
    let row = conn
        .customers()
        .customer_by_email(email)
        .await
        .expect("query")
        .expect("customer");
    conn.history()
        .history_of(row.customer_id(), None, 100)
        .await
        .expect("history")
        .into_iter()
        .map(|(_, h)| {
            let view = h.to_view();
            let changes = view
                .changes
                .into_iter()
                .map(|c| (c.field, c.old, c.new))
                .collect();
            (h.action, h.actor_type, changes)
        })
        .collect()
}

async fn group_of(db: &Database, email: &str) -> String {
    let mut conn = db.conn().await.expect("connection");
    conn.customers()
        .customer_by_email(email)
        .await
        .expect("query")
        .expect("customer")
        .group_name
}

fn new_group(name: &str) -> NewGroupInput {
    NewGroupInput {
        name: name.into(),
        description: Some("Met at a trade fair.".into()),
        ..Default::default()
    }
}

pub(crate) async fn groups_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let groups = &shop.services.groups;
    let admin = shop.staff(Role::Admin).await;
    let support = shop.staff(Role::Support).await;
    let anonymous = shop.caller(&new_session(), &client("203.0.113.61")).await;
    let ann_session = new_session();
    for (i, email) in ["ann@example.com", "bob@example.com", "cat@example.com"]
        .iter()
        .enumerate()
    {
        let session = if i == 0 {
            ann_session.clone()
        } else {
            new_session()
        };
        shop.register(
            &session,
            &client(&format!("203.0.113.{}", 70 + i)),
            &registration(email),
        )
        .await
        .expect("register");
    }
    let ann = shop.caller(&ann_session, &client("203.0.113.70")).await;

    // Support may list; the built-in groups come first, General the default.
    let list = groups.list(&support).await.expect("support lists");
    let names: Vec<&str> = list.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["General", "Wholesale", "VIP"]);
    assert!(list.iter().all(|g| g.system));
    assert_eq!(
        (list[0].id.as_str(), list[0].default, list[0].members),
        (GENERAL, true, 3)
    );
    assert_eq!(
        (list[1].id.as_str(), list[1].default, list[1].members),
        (WHOLESALE, false, 0)
    );
    // Nobody else may, and only admins change anything.
    assert!(matches!(
        groups.list(&anonymous).await,
        Err(ServiceError::NotLoggedIn)
    ));
    assert!(matches!(
        groups.list(&ann).await,
        Err(ServiceError::Forbidden)
    ));
    for caller in [&support, &ann] {
        assert!(matches!(
            groups.create(caller, &new_group("Fairs")).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            groups.delete(caller, VIP).await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        groups.create(&anonymous, &new_group("Fairs")).await,
        Err(ServiceError::NotLoggedIn)
    ));

    // Names are unique in any case, the built-in ones included.
    let fairs = groups
        .create(&admin, &new_group("  Trade fairs "))
        .await
        .expect("create");
    assert_eq!(
        (
            fairs.name.as_str(),
            fairs.members,
            fairs.system,
            fairs.default
        ),
        ("Trade fairs", 0, false, false)
    );
    assert_eq!(fairs.id.len(), 36);
    for taken in ["TRADE FAIRS", "general", "vip"] {
        let again = groups.create(&admin, &new_group(taken)).await;
        assert!(
            matches!(again, Err(ServiceError::GroupNameTaken)),
            "{taken}: {again:?}"
        );
    }
    let bad = groups
        .create(
            &admin,
            &NewGroupInput {
                name: "x".repeat(61),
                ..Default::default()
            },
        )
        .await;
    assert!(
        matches!(bad, Err(ServiceError::Invalid(ref e)) if e.field_message("name").is_some()),
        "{bad:?}"
    );

    // Renaming: another group's name (any case) is taken; the built-in
    // groups may be renamed and stay what they are.
    let clash = GroupPatch {
        name: Patch::Set("wholesale".into()),
        ..Default::default()
    };
    assert!(matches!(
        groups.update(&admin, &fairs.id, &clash).await,
        Err(ServiceError::GroupNameTaken)
    ));
    let same_in_caps = GroupPatch {
        name: Patch::Set("TRADE FAIRS".into()),
        ..Default::default()
    };
    let renamed = groups
        .update(&admin, &fairs.id, &same_in_caps)
        .await
        .expect("its own name, recased");
    assert_eq!(renamed.name, "TRADE FAIRS");
    let fairs = groups
        .update(
            &admin,
            &fairs.id,
            &GroupPatch {
                name: Patch::Set("Fairs".into()),
                description: Patch::Clear,
                ..Default::default()
            },
        )
        .await
        .expect("rename");
    assert_eq!(
        (fairs.name.as_str(), fairs.description.as_str()),
        ("Fairs", "")
    );
    let trade = groups
        .update(
            &admin,
            WHOLESALE,
            &GroupPatch {
                name: Patch::Set("Trade".into()),
                ..Default::default()
            },
        )
        .await
        .expect("a built-in group renamed");
    assert!(trade.system && !trade.default);
    assert!(matches!(
        groups
            .update(&admin, "not-a-uuid", &GroupPatch::default())
            .await,
        Err(ServiceError::NotFound(Missing::Group))
    ));

    // The built-in groups cannot be deleted.
    for id in [GENERAL, WHOLESALE, VIP] {
        let refused = groups.delete(&admin, id).await;
        assert!(
            matches!(refused, Err(ServiceError::SystemGroup { .. })),
            "{refused:?}"
        );
    }

    // Deleting a group moves its members to General, each with a history
    // row naming the staff member, all in one transaction: a failure at
    // the last step leaves everything as it was.
    put_in_group(&db, "bob@example.com", &fairs.id).await;
    put_in_group(&db, "cat@example.com", &fairs.id).await;
    let counted = groups.list(&admin).await.expect("list");
    assert_eq!(
        counted.iter().find(|g| g.id == fairs.id).map(|g| g.members),
        Some(2)
    );
    let (block, unblock): (Vec<&str>, Vec<&str>) = match &db {
        Database::Sqlite(_) => (
            vec!["CREATE TRIGGER keep_groups BEFORE DELETE ON customer_group BEGIN SELECT RAISE(ABORT, 'kept'); END"],
            vec!["DROP TRIGGER keep_groups"],
        ),
        Database::Postgres(_) => (
            vec![
                "CREATE FUNCTION keep_groups() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'kept'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER keep_groups BEFORE DELETE ON customer_group FOR EACH ROW EXECUTE FUNCTION keep_groups()",
            ],
            vec!["DROP TRIGGER keep_groups ON customer_group", "DROP FUNCTION keep_groups()"],
        ),
    };
    for sql in &block {
        exec(&db, sql).await;
    }
    let failed = groups.delete(&admin, &fairs.id).await;
    assert!(
        matches!(failed, Err(ServiceError::Infrastructure(_))),
        "{failed:?}"
    );
    for sql in &unblock {
        exec(&db, sql).await;
    }
    assert_eq!(group_of(&db, "bob@example.com").await, "Fairs");
    assert!(history_of(&db, "bob@example.com")
        .await
        .iter()
        .all(|(a, _, _)| a != "group_changed"));

    let deleted = groups.delete(&admin, &fairs.id).await.expect("delete");
    assert_eq!(deleted.members_moved, 2);
    assert_eq!(deleted.members_moved_to.id, GENERAL);
    for email in ["bob@example.com", "cat@example.com"] {
        assert_eq!(group_of(&db, email).await, "General");
        let history = history_of(&db, email).await;
        let (action, actor, changes) = &history[0];
        assert_eq!(
            (action.as_str(), actor.as_str()),
            ("group_changed", "staff")
        );
        assert_eq!(
            changes,
            &[(
                "group".to_string(),
                Some("Fairs".to_string()),
                Some("General".to_string())
            )]
        );
    }
    assert!(history_of(&db, "ann@example.com")
        .await
        .iter()
        .all(|(a, _, _)| a != "group_changed"));
    let list = groups.list(&admin).await.expect("list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].members, 3);
    assert!(matches!(
        groups.delete(&admin, &fairs.id).await,
        Err(ServiceError::NotFound(Missing::Group))
    ));
}

pub(crate) async fn page_access_story(db: Database) {
    let clock = ManualClock::starting_now();
    let shop = service(db.clone(), &clock);
    let groups = &shop.services.groups;
    let wholesale = &shop.services.wholesale;
    let admin = shop.staff(Role::Admin).await;
    let support = shop.staff(Role::Support).await;
    let here = client("203.0.113.80");
    let session = new_session();
    shop.register(&session, &here, &registration("ann@example.com"))
        .await
        .expect("register");

    // Anonymous, and staff without a customer login: "please log in".
    let anonymous = shop.caller(&new_session(), &here).await;
    assert!(matches!(
        wholesale.price_list(&anonymous).await,
        Err(ServiceError::NotLoggedIn)
    ));
    assert!(matches!(
        wholesale.price_list(&admin).await,
        Err(ServiceError::NotLoggedIn)
    ));
    assert!(!wholesale.can_view(&anonymous).await.expect("can view"));
    // General is not let in at first.
    let ann = shop.caller(&session, &here).await;
    assert!(matches!(
        wholesale.price_list(&ann).await,
        Err(ServiceError::PageClosed { page: "wholesale" })
    ));
    assert!(!wholesale.can_view(&ann).await.expect("can view"));
    let closed: AppError = ServiceError::PageClosed { page: "wholesale" }.into();
    assert_eq!(
        (closed.status(), closed.message().as_str()),
        (403, "This price list is for trade customers.")
    );

    // Wholesale is, from the next request on.
    put_in_group(&db, "ann@example.com", WHOLESALE).await;
    assert!(
        wholesale.price_list(&ann).await.is_err(),
        "this request still has the old group"
    );
    let ann = shop.caller(&session, &here).await;
    let list = wholesale.price_list(&ann).await.expect("price list");
    assert_eq!(list.items.len(), 6);
    let first = &list.items[0];
    assert_eq!(
        (
            first.sku.as_str(),
            first.retail.amount,
            first.price.amount,
            first.min_quantity
        ),
        ("LK-TEA-001", 1800, 1150, 12)
    );
    assert_eq!(first.price.currency, "USD");
    assert_eq!(list.items[5].sku, "LK-GFT-040");
    assert!(wholesale.can_view(&ann).await.expect("can view"));

    // Page access: support may look, only admins change it.
    let access = groups
        .page_access(&support, "wholesale")
        .await
        .expect("support looks");
    let ids: Vec<&str> = access.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, [WHOLESALE, VIP]);
    assert!(access.restricted);
    assert!(matches!(
        groups.page_access(&ann, "wholesale").await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        groups.page_access(&admin, "checkout").await,
        Err(ServiceError::NotFound(Missing::Page))
    ));
    let vip_only = PageAccessInput {
        groups: vec![VIP.into(), VIP.to_uppercase()],
        ..Default::default()
    };
    assert!(matches!(
        groups
            .set_page_access(&support, "wholesale", &vip_only)
            .await,
        Err(ServiceError::Forbidden)
    ));
    let unknown = PageAccessInput {
        groups: vec![VIP.into(), "00000000-0000-4000-8000-00000000ffff".into()],
        ..Default::default()
    };
    let refused = groups.set_page_access(&admin, "wholesale", &unknown).await;
    assert!(
        matches!(refused, Err(ServiceError::Invalid(ref e)) if e.field_message("groups").is_some()),
        "{refused:?}"
    );
    assert_eq!(
        groups
            .page_access(&admin, "wholesale")
            .await
            .expect("unchanged")
            .groups
            .len(),
        2
    );

    // Closed to Wholesale: Ann is refused on her next request.
    let now_vip = groups
        .set_page_access(&admin, "wholesale", &vip_only)
        .await
        .expect("VIP only");
    assert_eq!(now_vip.groups.len(), 1);
    let ann = shop.caller(&session, &here).await;
    assert!(matches!(
        wholesale.price_list(&ann).await,
        Err(ServiceError::PageClosed { .. })
    ));
    // No groups: every logged-in customer.
    let open = groups
        .set_page_access(&admin, "wholesale", &PageAccessInput::default())
        .await
        .expect("open");
    assert!(!open.restricted && open.groups.is_empty());
    put_in_group(&db, "ann@example.com", GENERAL).await;
    let ann = shop.caller(&session, &here).await;
    wholesale
        .price_list(&ann)
        .await
        .expect("open to everyone logged in");
    assert!(matches!(
        wholesale.price_list(&anonymous).await,
        Err(ServiceError::NotLoggedIn)
    ));

    // A group a page is open to alone cannot be deleted (the page would
    // open to everyone); with another group beside it, it leaves the page.
    let fairs = groups
        .create(&admin, &new_group("Fairs"))
        .await
        .expect("create");
    let fairs_only = PageAccessInput {
        groups: vec![fairs.id.clone()],
        ..Default::default()
    };
    groups
        .set_page_access(&admin, "wholesale", &fairs_only)
        .await
        .expect("fairs only");
    let guarded = groups.delete(&admin, &fairs.id).await;
    assert!(
        matches!(
            guarded,
            Err(ServiceError::GroupGuardsPage {
                page: "wholesale",
                ..
            })
        ),
        "{guarded:?}"
    );
    let both = PageAccessInput {
        groups: vec![fairs.id.clone(), VIP.into()],
        ..Default::default()
    };
    groups
        .set_page_access(&admin, "wholesale", &both)
        .await
        .expect("fairs and VIP");
    groups.delete(&admin, &fairs.id).await.expect("delete");
    let after = groups
        .page_access(&admin, "wholesale")
        .await
        .expect("access");
    let ids: Vec<&str> = after.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, [VIP]);
}
