use super::*;
use std::collections::HashSet;

fn int(name: &str) -> ColumnSpec {
    ColumnSpec::new(name, ColType::Int { bits: 64 }).not_null()
}

fn text(name: &str, max: Option<u32>) -> ColumnSpec {
    ColumnSpec::new(
        name,
        ColType::Text {
            max_len: max,
            fixed: false,
        },
    )
}

fn money(name: &str) -> ColumnSpec {
    ColumnSpec::new(
        name,
        ColType::Numeric {
            precision: Some(10),
            scale: Some(2),
        },
    )
    .not_null()
}

fn num(s: &str) -> Lit {
    Lit::Num(s.into())
}

/// users, orders, order_items, products: keys, a composite UNIQUE, checks of every kind.
fn shop() -> Schema {
    let mut users = TableSpec::new("users");
    users.columns = vec![
        int("id"),
        text("email", Some(60)).not_null(),
        text("first_name", Some(40)).not_null(),
        text("last_name", Some(40)).not_null(),
        text("city", None),
        text("state", Some(2)),
        text("zip", Some(10)),
        ColumnSpec::new("created_at", ColType::Timestamp { tz: false }).not_null(),
        ColumnSpec::new("updated_at", ColType::Timestamp { tz: false }).not_null(),
        ColumnSpec::new("age", ColType::Int { bits: 16 }),
        text("code", Some(8)).not_null(),
        ColumnSpec::new("manager_id", ColType::Int { bits: 64 }),
    ];
    users.primary_key = vec!["id".into()];
    users.uniques = vec![vec!["email".into()], vec!["code".into()]];
    users.foreign_keys = vec![ForeignKey {
        columns: vec!["manager_id".into()],
        parent: "users".into(),
        parent_columns: vec![],
    }];
    users.checks = vec![
        Check::Between {
            column: "age".into(),
            lo: num("21"),
            hi: num("65"),
        },
        Check::Length {
            column: "code".into(),
            op: CmpOp::Eq,
            n: 8,
        },
    ];
    let mut products = TableSpec::new("products");
    products.columns = vec![
        int("id"),
        text("name", Some(30)).not_null(),
        money("price"),
        text("status", Some(10)).not_null(),
    ];
    products.primary_key = vec!["id".into()];
    products.uniques = vec![vec!["name".into()]];
    products.checks = vec![
        Check::Cmp {
            column: "price".into(),
            op: CmpOp::Gt,
            value: num("0"),
        },
        Check::Cmp {
            column: "price".into(),
            op: CmpOp::Le,
            value: num("500"),
        },
        Check::In {
            column: "status".into(),
            values: vec![Lit::Text("active".into()), Lit::Text("retired".into())],
        },
    ];
    let mut orders = TableSpec::new("orders");
    orders.columns = vec![
        int("id"),
        int("user_id"),
        ColumnSpec::new("starts_at", ColType::Date).not_null(),
        ColumnSpec::new("ends_at", ColType::Date).not_null(),
        money("total"),
    ];
    orders.primary_key = vec!["id".into()];
    orders.foreign_keys = vec![ForeignKey {
        columns: vec!["user_id".into()],
        parent: "users".into(),
        parent_columns: vec!["id".into()],
    }];
    orders.checks = vec![Check::CmpColumns {
        left: "ends_at".into(),
        op: CmpOp::Gt,
        right: "starts_at".into(),
    }];
    let mut items = TableSpec::new("order_items");
    items.columns = vec![
        int("order_id"),
        int("product_id"),
        ColumnSpec::new("quantity", ColType::Int { bits: 32 }).not_null(),
    ];
    items.primary_key = vec!["order_id".into(), "product_id".into()];
    items.foreign_keys = vec![
        ForeignKey {
            columns: vec!["order_id".into()],
            parent: "orders".into(),
            parent_columns: vec![],
        },
        ForeignKey {
            columns: vec!["product_id".into()],
            parent: "products".into(),
            parent_columns: vec![],
        },
    ];
    items.checks = vec![Check::Cmp {
        column: "quantity".into(),
        op: CmpOp::Gt,
        value: num("0"),
    }];
    // Children before parents on purpose: the plan orders them.
    Schema {
        tables: vec![items, orders, users, products],
    }
}

fn opts(seed: i64, rows: &[(&str, i64)]) -> FillOptions {
    FillOptions {
        seed,
        rows: rows.iter().map(|(t, n)| (t.to_string(), *n)).collect(),
        ..FillOptions::default()
    }
}

fn all_rows(plan: &Plan, t: usize) -> Vec<Vec<FillValue>> {
    (0..plan.tables[t].n)
        .map(|j| {
            let mut r = Vec::new();
            plan.row(t, j, &mut r);
            r
        })
        .collect()
}

fn text_of(v: &FillValue) -> String {
    v.text().unwrap_or_default()
}

#[test]
fn order_is_parents_first() {
    let plan = Plan::new(&shop(), &opts(1, &[])).unwrap();
    let names: Vec<&str> = plan
        .order
        .iter()
        .map(|&t| plan.tables[t].name.as_str())
        .collect();
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(pos("users") < pos("orders"));
    assert!(pos("orders") < pos("order_items"));
    assert!(pos("products") < pos("order_items"));
}

#[test]
fn constraints_hold_over_many_seeds() {
    for seed in 0..20 {
        let plan = Plan::new(
            &shop(),
            &opts(
                seed,
                &[
                    ("users", 300),
                    ("products", 40),
                    ("orders", 900),
                    ("order_items", 2000),
                ],
            ),
        )
        .unwrap();
        let u = plan.table("users").unwrap();
        let users = all_rows(&plan, u);
        let ids: HashSet<String> = users.iter().map(|r| text_of(&r[0])).collect();
        assert_eq!(ids.len(), 300);
        let emails: HashSet<String> = users.iter().map(|r| text_of(&r[1])).collect();
        assert_eq!(emails.len(), 300, "emails unique");
        let codes: HashSet<String> = users.iter().map(|r| text_of(&r[10])).collect();
        assert_eq!(codes.len(), 300, "codes unique");
        let mut bosses = 0;
        for r in &users {
            let email = text_of(&r[1]);
            assert!(email.len() <= 60 && email.contains('@'), "{email}");
            let first = text_of(&r[2]).to_lowercase();
            let last = text_of(&r[3]).to_lowercase();
            let local = email.split('@').next().unwrap();
            let f1 = &first[..1];
            assert!(
                local.starts_with(f1) || local.starts_with(&last[..1]),
                "{email} for {first} {last}"
            );
            assert_eq!(text_of(&r[10]).chars().count(), 8, "length(code) = 8");
            let (FillValue::Timestamp(c), FillValue::Timestamp(up)) = (&r[7], &r[8]) else {
                panic!("timestamps {r:?}")
            };
            assert!(up >= c, "updated_at >= created_at");
            if let FillValue::Int(a) = r[9] {
                assert!((21..=65).contains(&a), "age {a}");
            }
            let (city, state, zip) = (text_of(&r[4]), text_of(&r[5]), text_of(&r[6]));
            let z = crate::data::data()
                .zips
                .iter()
                .find(|z| z.zip == zip)
                .expect("a real zip");
            assert_eq!((z.city, z.state), (city.as_str(), state.as_str()));
            // Self-reference: row 0 and a few others have no manager, the rest an existing user.
            match &r[11] {
                FillValue::Null => bosses += 1,
                v => assert!(ids.contains(&text_of(v))),
            }
        }
        assert_eq!(
            users[0][11],
            FillValue::Null,
            "the first user has no manager"
        );
        assert!(
            bosses <= 1 + users.len() / 15,
            "{bosses} of {} users without a manager",
            users.len()
        );
        let p = plan.table("products").unwrap();
        let products = all_rows(&plan, p);
        let names: HashSet<String> = products.iter().map(|r| text_of(&r[1])).collect();
        assert_eq!(names.len(), 40);
        let pids: HashSet<String> = products.iter().map(|r| text_of(&r[0])).collect();
        for r in &products {
            let FillValue::Numeric { units, scale: 2 } = r[2] else {
                panic!("{r:?}")
            };
            assert!(units > 0 && units <= 50_000, "price {units}");
            assert!(["active", "retired"].contains(&text_of(&r[3]).as_str()));
            assert!(text_of(&r[1]).len() <= 30);
        }
        let o = plan.table("orders").unwrap();
        let orders = all_rows(&plan, o);
        let oids: HashSet<String> = orders.iter().map(|r| text_of(&r[0])).collect();
        for r in &orders {
            assert!(ids.contains(&text_of(&r[1])), "order's user exists");
            let (FillValue::Date(s), FillValue::Date(e)) = (&r[2], &r[3]) else {
                panic!()
            };
            assert!(e > s, "ends_at > starts_at");
        }
        let i = plan.table("order_items").unwrap();
        let items = all_rows(&plan, i);
        let pairs: HashSet<(String, String)> = items
            .iter()
            .map(|r| (text_of(&r[0]), text_of(&r[1])))
            .collect();
        assert_eq!(pairs.len(), 2000, "composite primary key unique");
        for r in &items {
            assert!(oids.contains(&text_of(&r[0])) && pids.contains(&text_of(&r[1])));
            assert!(matches!(r[2], FillValue::Int(q) if q > 0));
        }
    }
}

#[test]
fn uniqueness_at_scale_and_row_addressable() {
    let plan = Plan::new(&shop(), &opts(7, &[("users", 60_000), ("order_items", 0)])).unwrap();
    let u = plan.table("users").unwrap();
    let mut emails = HashSet::new();
    let mut codes = HashSet::new();
    let mut r = Vec::new();
    for j in 0..60_000 {
        plan.row(u, j, &mut r);
        assert!(emails.insert(text_of(&r[1])));
        assert!(codes.insert(text_of(&r[10])));
    }
    // Any row alone equals the same row in sequence, and counts of other tables do not matter.
    let other = Plan::new(&shop(), &opts(7, &[("users", 60_000), ("orders", 5)])).unwrap();
    let mut a = Vec::new();
    let mut b = Vec::new();
    for j in [0, 1, 777, 59_999] {
        plan.row(u, j, &mut a);
        other.row(u, j, &mut b);
        assert_eq!(a, b);
    }
}

#[test]
fn per_ranges_and_determinism() {
    let mut o = opts(3, &[("users", 50)]);
    o.per = vec![("orders".into(), "user_id".into(), 0, 20)];
    o.only = true;
    let plan = Plan::new(&shop(), &o).unwrap();
    let t = plan.table("orders").unwrap();
    let n = plan.tables[t].n;
    assert!(n <= 50 * 20);
    let rows = all_rows(&plan, t);
    let mut per = std::collections::HashMap::new();
    for r in &rows {
        *per.entry(text_of(&r[1])).or_insert(0) += 1;
    }
    assert!(per.values().all(|&k| k <= 20));
    let again = Plan::new(&shop(), &o).unwrap();
    assert_eq!(all_rows(&again, t), rows);
}

#[test]
fn errors_are_clear() {
    let e = |s: &Schema, o: &FillOptions| Plan::new(s, o).unwrap_err().0;
    assert!(e(&shop(), &opts(1, &[("nope", 3)])).contains("nope"));
    assert!(e(&shop(), &opts(1, &[("users", -1)])).contains("0 or more"));
    assert!(e(&shop(), &opts(1, &[("users", 99_999_999_999_999)]))
        .contains("at most 1000000000 rows per table"));
    let mut s = shop();
    s.tables[1].foreign_keys[0].parent = "customers".into();
    assert!(e(&s, &opts(1, &[])).contains("no table customers"));
    let mut s = shop();
    s.tables[3].checks.push(Check::Cmp {
        column: "price".into(),
        op: CmpOp::Gt,
        value: num("1000"),
    });
    let m = e(&s, &opts(1, &[]));
    assert!(m.contains("products") && m.contains("price"), "{m}");
    let mut s = shop();
    s.tables[3]
        .checks
        .push(Check::Unsupported("price * 2 > cost".into()));
    assert!(e(&s, &opts(1, &[])).contains("price * 2 > cost"));
    // 2000 items need 2000 distinct pairs: 10 orders x 40 products = 400.
    let m = e(
        &shop(),
        &opts(
            1,
            &[("orders", 10), ("products", 40), ("order_items", 2000)],
        ),
    );
    assert!(m.contains("400"), "{m}");
    // A NOT NULL cycle without deferred checks is refused; with them it is filled.
    let mut s = shop();
    s.tables[2].columns.push(int("favourite_order"));
    s.tables[2].foreign_keys.push(ForeignKey {
        columns: vec!["favourite_order".into()],
        parent: "orders".into(),
        parent_columns: vec![],
    });
    assert!(e(&s, &opts(1, &[])).contains("cycle"));
    let mut o = opts(1, &[]);
    o.deferred_fks = true;
    assert!(Plan::new(&s, &o).is_ok());
}

#[test]
fn tight_unique_texts_and_capacity_errors() {
    let mut t = TableSpec::new("codes");
    t.columns = vec![
        text("code", Some(2)).not_null(),
        text("tag", Some(3)).not_null(),
    ];
    t.uniques = vec![vec!["code".into()], vec!["tag".into()]];
    let schema = Schema { tables: vec![t] };
    let plan = Plan::new(&schema, &opts(9, &[("codes", 676)])).unwrap();
    let rows = all_rows(&plan, 0);
    let codes: HashSet<String> = rows.iter().map(|r| text_of(&r[0])).collect();
    let tags: HashSet<String> = rows.iter().map(|r| text_of(&r[1])).collect();
    assert_eq!((codes.len(), tags.len()), (676, 676));
    assert!(rows
        .iter()
        .all(|r| text_of(&r[0]).len() <= 2 && text_of(&r[1]).len() <= 3));
    let e = Plan::new(&schema, &opts(9, &[("codes", 677)]))
        .unwrap_err()
        .0;
    assert!(e.contains("code") && e.contains("2 characters"), "{e}");
}

#[test]
fn implied_and_explicit_orderings_hold_for_every_seed() {
    let mut t = TableSpec::new("events");
    t.columns = vec![
        int("id"),
        ColumnSpec::new("created_at", ColType::Date).not_null(),
        ColumnSpec::new("updated_at", ColType::Date).not_null(),
        ColumnSpec::new("starts_at", ColType::Timestamp { tz: false }).not_null(),
        ColumnSpec::new("ends_at", ColType::Timestamp { tz: false }).not_null(),
        money("low"),
        money("high"),
    ];
    t.primary_key = vec!["id".into()];
    t.checks = vec![
        Check::CmpColumns {
            left: "starts_at".into(),
            op: CmpOp::Lt,
            right: "ends_at".into(),
        },
        Check::CmpColumns {
            left: "high".into(),
            op: CmpOp::Ge,
            right: "low".into(),
        },
        Check::Cmp {
            column: "high".into(),
            op: CmpOp::Le,
            value: num("100"),
        },
    ];
    let schema = Schema { tables: vec![t] };
    for seed in 0..50 {
        let plan = Plan::new(&schema, &opts(seed, &[("events", 200)])).unwrap();
        for r in all_rows(&plan, 0) {
            let (FillValue::Date(c), FillValue::Date(u)) = (&r[1], &r[2]) else {
                panic!()
            };
            assert!(u >= c);
            let (FillValue::Timestamp(s), FillValue::Timestamp(e)) = (&r[3], &r[4]) else {
                panic!()
            };
            assert!(e > s);
            let (FillValue::Numeric { units: lo, .. }, FillValue::Numeric { units: hi, .. }) =
                (&r[5], &r[6])
            else {
                panic!()
            };
            assert!(hi >= lo && *hi <= 10_000, "{lo} {hi}");
        }
    }
}

#[test]
fn unique_phones_are_real_looking_and_distinct() {
    let mut t = TableSpec::new("people");
    t.columns = vec![text("phone", Some(20)).not_null()];
    t.uniques = vec![vec!["phone".into()]];
    let schema = Schema { tables: vec![t] };
    let plan = Plan::new(&schema, &opts(4, &[("people", 50_000)])).unwrap();
    let rows = all_rows(&plan, 0);
    let phones: HashSet<String> = rows.iter().map(|r| text_of(&r[0])).collect();
    assert_eq!(phones.len(), 50_000);
    for p in &phones {
        let parts: Vec<&str> = p.split('-').collect();
        assert_eq!(parts.len(), 3, "{p}");
        let ex: u32 = parts[1].parse().unwrap();
        assert!(
            (200..=999).contains(&ex) && ex % 100 != 11 && parts[2].len() == 4,
            "{p}"
        );
    }
}

#[test]
fn a_nullable_cycle_link_is_inserted_null_and_set_after() {
    // departments.manager_id -> employees (nullable), employees.department_id -> departments
    // (NOT NULL): without deferred checks, departments go first with NULL managers, set later.
    let mut dep = TableSpec::new("departments");
    dep.columns = vec![
        int("id"),
        text("name", Some(40)).not_null(),
        ColumnSpec::new("manager_id", ColType::Int { bits: 64 }),
    ];
    dep.primary_key = vec!["id".into()];
    dep.foreign_keys = vec![ForeignKey {
        columns: vec!["manager_id".into()],
        parent: "employees".into(),
        parent_columns: vec![],
    }];
    let mut emp = TableSpec::new("employees");
    emp.columns = vec![int("id"), int("department_id")];
    emp.primary_key = vec!["id".into()];
    emp.foreign_keys = vec![ForeignKey {
        columns: vec!["department_id".into()],
        parent: "departments".into(),
        parent_columns: vec![],
    }];
    let schema = Schema {
        tables: vec![dep, emp],
    };
    let plan = Plan::new(
        &schema,
        &opts(3, &[("departments", 20), ("employees", 300)]),
    )
    .unwrap();
    assert_eq!(plan.order, vec![0, 1], "departments first");
    assert!(plan.notes.iter().any(|n| n.contains("set by UPDATE")));
    assert_eq!(plan.links(1), None);
    let (key, set) = plan.links(0).unwrap();
    assert_eq!((key, set.clone()), (vec![0], vec![2]));
    let ids: HashSet<i64> = (1..=300).collect();
    let (mut row, mut linked) = (Vec::new(), Vec::new());
    let mut managers = HashSet::new();
    for j in 0..20 {
        plan.row(0, j, &mut row);
        plan.linked_row(0, j, &mut linked);
        assert_eq!(row[2], FillValue::Null, "inserted without a manager");
        assert_eq!(row[..2], linked[..2], "the same row otherwise");
        let FillValue::Int(m) = linked[2] else {
            panic!("{:?}", linked[2])
        };
        assert!(ids.contains(&m), "manager {m} is an employee");
        managers.insert(m);
    }
    assert!(managers.len() > 5, "{managers:?}");
}

/// users ← posts ← comments, each with its own creation moment, comments also updated.
fn blog() -> Schema {
    let ts = |n: &str| ColumnSpec::new(n, ColType::Timestamp { tz: false }).not_null();
    let fk = |c: &str, p: &str| ForeignKey {
        columns: vec![c.into()],
        parent: p.into(),
        parent_columns: vec![],
    };
    let mut users = TableSpec::new("users");
    users.columns = vec![
        int("id"),
        text("email", Some(80)),
        ts("created_at"),
        ColumnSpec::new("last_login_at", ColType::Timestamp { tz: false }),
    ];
    users.primary_key = vec!["id".into()];
    let mut posts = TableSpec::new("posts");
    posts.columns = vec![int("id"), int("author_id"), ts("published_at")];
    posts.primary_key = vec!["id".into()];
    posts.foreign_keys = vec![fk("author_id", "users")];
    let mut comments = TableSpec::new("comments");
    comments.columns = vec![
        int("id"),
        int("post_id"),
        int("user_id"),
        ts("created_at"),
        ts("updated_at"),
    ];
    comments.primary_key = vec!["id".into()];
    comments.foreign_keys = vec![fk("post_id", "posts"), fk("user_id", "users")];
    Schema {
        tables: vec![comments, posts, users],
    }
}

const DAY: i64 = 86_400;

fn secs(v: &FillValue) -> i64 {
    match v {
        FillValue::Timestamp(s) => *s,
        FillValue::Date(d) => d.0 as i64 * DAY,
        other => panic!("not a moment: {other:?}"),
    }
}

#[test]
fn a_row_is_created_after_its_parent_row() {
    let now = AS_OF.0 as i64 * DAY;
    let mut gaps = Vec::new();
    for seed in 0..10 {
        let plan = Plan::new(
            &blog(),
            &opts(seed, &[("users", 200), ("posts", 600), ("comments", 3000)]),
        )
        .unwrap();
        let at = |t: &str| all_rows(&plan, plan.table(t).unwrap());
        let (users, posts, comments) = (at("users"), at("posts"), at("comments"));
        let user_created =
            |id: &FillValue| secs(&users[text_of(id).parse::<usize>().unwrap() - 1][2]);
        for u in &users {
            assert!(secs(&u[3]) >= secs(&u[2]), "login before sign-up: {u:?}");
            assert!(secs(&u[3]) <= now);
        }
        for p in &posts {
            assert!(
                secs(&p[2]) > user_created(&p[1]),
                "post before its author: {p:?}"
            );
            assert!(secs(&p[2]) <= now);
        }
        for c in &comments {
            let post = &posts[text_of(&c[1]).parse::<usize>().unwrap() - 1];
            let (created, updated) = (secs(&c[3]), secs(&c[4]));
            assert!(
                created > secs(&post[2]),
                "comment before its post: {c:?} {post:?}"
            );
            // Also after its author signed up (the second foreign key).
            assert!(
                created > user_created(&c[2]),
                "comment before its author: {c:?}"
            );
            assert!(created <= now && updated <= now.max(created));
            assert!(updated >= created);
            gaps.push(created - secs(&post[2]));
        }
    }
    // Spread over days to years after the post, not stacked on it.
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    assert!(median > 7 * DAY, "median gap {median} s");
    let at_least_a_day = gaps.iter().filter(|&&g| g >= DAY).count();
    assert!(at_least_a_day as f64 > 0.9 * gaps.len() as f64);
}

#[test]
fn a_date_follows_its_parents_timestamp() {
    // The shop's orders start (a date) after their user was created (a timestamp).
    for seed in 0..10 {
        let plan = Plan::new(&shop(), &opts(seed, &[("users", 100), ("orders", 400)])).unwrap();
        let users = all_rows(&plan, plan.table("users").unwrap());
        for o in all_rows(&plan, plan.table("orders").unwrap()) {
            let u = &users[text_of(&o[1]).parse::<usize>().unwrap() - 1];
            assert!(
                secs(&o[2]) > secs(&u[7]),
                "order {o:?} starts before user {u:?}"
            );
            assert!(secs(&o[2]) <= AS_OF.0 as i64 * DAY);
        }
    }
}

#[test]
fn optional_columns_are_null_at_their_rates() {
    let ts = |n: &str| ColumnSpec::new(n, ColType::Timestamp { tz: false });
    let mut people = TableSpec::new("people");
    people.columns = vec![
        int("id"),
        text("first_name", Some(40)).not_null(),
        text("middle_name", Some(40)),
        ColumnSpec::new(
            "middle_initial",
            ColType::Text {
                max_len: Some(1),
                fixed: true,
            },
        )
        .not_null(),
        text("address2", Some(40)),
        ts("created_at").not_null(),
        ts("deleted_at"),
        ColumnSpec::new("termination_date", ColType::Date),
        ts("cancelled_at").not_null(),
        ts("seen_at"),
    ];
    people.primary_key = vec!["id".into()];
    let schema = Schema {
        tables: vec![people],
    };
    let n = 6000usize;
    let mut shares = [0.0f64; 10];
    let seeds = 4;
    for seed in 0..seeds {
        let plan = Plan::new(&schema, &opts(seed, &[("people", n as i64)])).unwrap();
        let rows = all_rows(&plan, 0);
        for (c, share) in shares.iter_mut().enumerate() {
            let nulls = rows.iter().filter(|r| r[c] == FillValue::Null).count();
            *share += nulls as f64 / (n * seeds as usize) as f64;
        }
        let differ = rows
            .iter()
            .filter(|r| r[2] != FillValue::Null && r[2] != r[1])
            .count();
        let named = rows.iter().filter(|r| r[2] != FillValue::Null).count();
        assert!(
            differ as f64 > 0.97 * named as f64,
            "middle names repeat the first name"
        );
        for r in &rows {
            let mi = text_of(&r[3]);
            assert!(
                mi.len() == 1 && mi.chars().all(|c| c.is_ascii_uppercase()),
                "{mi:?}"
            );
            if let FillValue::Text(a) = &r[4] {
                assert!(a.starts_with("Apt ") || a.starts_with("Suite "), "{a}");
            }
        }
        // A mapped column keeps its rule's values.
        let mut o = opts(seed, &[("people", 500)]);
        o.map = vec![("people".into(), "deleted_at".into(), Rule::Moment)];
        let plan = Plan::new(&schema, &o).unwrap();
        assert!(all_rows(&plan, 0).iter().all(|r| r[6] != FillValue::Null));
    }
    let want = [0.0, 0.0, 0.3, 0.0, 0.7, 0.0, 0.9, 0.9, 0.0, 0.0];
    for (c, (got, want)) in shares.iter().zip(want).enumerate() {
        assert!(
            (got - want).abs() < 0.02,
            "column {c}: NULL share {got}, want {want}"
        );
    }
}

#[test]
fn event_moments_agree_with_the_status() {
    let ts = |n: &str| ColumnSpec::new(n, ColType::Timestamp { tz: false });
    let mut orders = TableSpec::new("orders");
    orders.columns = vec![
        int("id"),
        text("status", Some(12)).not_null(),
        ts("ordered_at").not_null(),
        ts("paid_at"),
        ts("shipped_at"),
        ColumnSpec::new("delivered_on", ColType::Date),
        ts("canceled_at"),
        ts("note_at"),
    ];
    orders.primary_key = vec!["id".into()];
    orders.checks = vec![
        Check::In {
            column: "status".into(),
            values: ["new", "paid", "shipped", "delivered", "cancelled"]
                .iter()
                .map(|v| Lit::Text(v.to_string()))
                .collect(),
        },
        Check::AnyOf(vec![
            Check::IsNull {
                column: "shipped_at".into(),
            },
            Check::CmpColumns {
                left: "shipped_at".into(),
                op: CmpOp::Gt,
                right: "ordered_at".into(),
            },
        ]),
    ];
    let schema = Schema {
        tables: vec![orders],
    };
    let mut seen = HashSet::new();
    for seed in 0..8 {
        let plan = Plan::new(&schema, &opts(seed, &[("orders", 1500)])).unwrap();
        for r in all_rows(&plan, 0) {
            let status = text_of(&r[1]);
            let set = |c: usize| r[c] != FillValue::Null;
            let (paid, shipped, delivered, cancelled) = match status.as_str() {
                "new" => (false, false, false, false),
                "paid" => (true, false, false, false),
                "shipped" => (true, true, false, false),
                "delivered" => (true, true, true, false),
                "cancelled" => (false, false, false, true),
                other => panic!("status {other}"),
            };
            assert_eq!(
                (set(3), set(4), set(5), set(6)),
                (paid, shipped, delivered, cancelled),
                "{r:?}"
            );
            assert!(set(7), "a moment no status names is always set: {r:?}");
            // The course runs forward: paid, then shipped (after the order), then delivered.
            if shipped {
                assert!(
                    secs(&r[4]) > secs(&r[3]) && secs(&r[4]) > secs(&r[2]),
                    "{r:?}"
                );
            }
            if delivered {
                assert!(secs(&r[5]) + DAY > secs(&r[4]), "{r:?}");
            }
            seen.insert(status);
        }
    }
    assert_eq!(seen.len(), 5);
}

#[test]
fn rows_do_not_depend_on_the_order_foreign_keys_are_declared_in() {
    // A catalog lists foreign keys by constraint name, a DDL file in its own order.
    let mut reversed = blog();
    for t in &mut reversed.tables {
        t.foreign_keys.reverse();
    }
    let counts = [("users", 50), ("posts", 150), ("comments", 600)];
    let (a, b) = (
        Plan::new(&blog(), &opts(4, &counts)).unwrap(),
        Plan::new(&reversed, &opts(4, &counts)).unwrap(),
    );
    for (t, _) in counts {
        let rows = |p: &Plan| all_rows(p, p.table(t).unwrap());
        assert!(rows(&a) == rows(&b), "{t}");
    }
}

#[test]
fn a_moment_allowed_null_by_an_or_is_null_in_half_the_rows() {
    let ts = |n: &str| ColumnSpec::new(n, ColType::Timestamp { tz: false });
    let mut tickets = TableSpec::new("tickets");
    tickets.columns = vec![int("id"), ts("opened_at").not_null(), ts("closed_at")];
    tickets.primary_key = vec!["id".into()];
    tickets.checks = vec![Check::AnyOf(vec![
        Check::IsNull {
            column: "closed_at".into(),
        },
        Check::CmpColumns {
            left: "closed_at".into(),
            op: CmpOp::Ge,
            right: "opened_at".into(),
        },
    ])];
    let schema = Schema {
        tables: vec![tickets],
    };
    let plan = Plan::new(&schema, &opts(2, &[("tickets", 8000)])).unwrap();
    let rows = all_rows(&plan, 0);
    let open = rows.iter().filter(|r| r[2] == FillValue::Null).count() as f64 / 8000.0;
    assert!((open - 0.5).abs() < 0.03, "open share {open}");
    // Closed after it was opened, not at the same second.
    for r in rows.iter().filter(|r| r[2] != FillValue::Null) {
        assert!(secs(&r[2]) > secs(&r[1]), "{r:?}");
    }
}

#[test]
fn codes_slugs_currencies_and_flags_look_real() {
    let mut invoices = TableSpec::new("invoices");
    invoices.columns = vec![
        int("id"),
        text("number", Some(20)).not_null(),
        text("tracking_number", None),
        text("slug", Some(60)).not_null(),
        ColumnSpec::new(
            "currency",
            ColType::Text {
                max_len: Some(3),
                fixed: true,
            },
        )
        .not_null(),
        ColumnSpec::new("is_deleted", ColType::Bool).not_null(),
        ColumnSpec::new("active", ColType::Int { bits: 16 }).not_null(),
        text("country_code", Some(2)),
    ];
    invoices.primary_key = vec!["id".into()];
    invoices.uniques = vec![vec!["number".into()], vec!["slug".into()]];
    let schema = Schema {
        tables: vec![invoices],
    };
    let plan = Plan::new(&schema, &opts(6, &[("invoices", 4000)])).unwrap();
    let rows = all_rows(&plan, 0);
    let share = |f: &dyn Fn(&Vec<FillValue>) -> bool| {
        rows.iter().filter(|r| f(r)).count() as f64 / rows.len() as f64
    };
    for r in &rows {
        let number = text_of(&r[1]);
        assert!(
            number.len() == 10
                && number.starts_with("INV-")
                && number[4..].bytes().all(|b| b.is_ascii_digit()),
            "{number}"
        );
        assert!(text_of(&r[2]).starts_with("TRA-"), "{:?}", r[2]);
        let slug = text_of(&r[3]);
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{slug}"
        );
        assert_eq!(text_of(&r[4]).len(), 3);
        assert_eq!(text_of(&r[7]), "US");
    }
    let unique = |c: usize| {
        rows.iter()
            .map(|r| text_of(&r[c]))
            .collect::<HashSet<_>>()
            .len()
    };
    assert_eq!((unique(1), unique(3)), (4000, 4000));
    let usd = share(&|r| text_of(&r[4]) == "USD");
    assert!((usd - 0.85).abs() < 0.03, "USD share {usd}");
    let deleted = share(&|r| r[5] == FillValue::Bool(true));
    assert!((deleted - 0.05).abs() < 0.015, "deleted share {deleted}");
    let active = share(&|r| text_of(&r[6]) == "1");
    assert!((active - 0.85).abs() < 0.03, "active share {active}");
}

#[test]
fn the_unit_goes_on_the_second_address_line_when_there_is_one() {
    let table = |cols: Vec<ColumnSpec>| {
        let mut t = TableSpec::new("addresses");
        t.columns = cols;
        t.primary_key = vec!["id".into()];
        Schema { tables: vec![t] }
    };
    let with_units = |schema: &Schema| {
        let plan = Plan::new(schema, &opts(3, &[("addresses", 3000)])).unwrap();
        all_rows(&plan, 0)
            .iter()
            .filter(|r| text_of(&r[1]).contains(" Apt "))
            .count()
    };
    let one_line = table(vec![int("id"), text("address_line1", Some(100))]);
    let two_lines = table(vec![
        int("id"),
        text("address_line1", Some(100)),
        text("address_line2", Some(100)),
    ]);
    assert!(
        with_units(&one_line) > 200,
        "a lone street line keeps its units"
    );
    assert_eq!(with_units(&two_lines), 0);
}

#[test]
fn a_rows_money_adds_up() {
    let cents = |v: &FillValue| match v {
        FillValue::Numeric { units, scale: 2 } => *units,
        FillValue::Null => 0,
        other => panic!("not a money value: {other:?}"),
    };
    let mut orders = TableSpec::new("orders");
    orders.columns = vec![
        int("id"),
        money("subtotal"),
        ColumnSpec::new(
            "tax",
            ColType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
        ),
        money("shipping_fee"),
        money("discount"),
        money("total"),
        ColumnSpec::new("quantity", ColType::Int { bits: 32 }).not_null(),
        money("unit_price"),
    ];
    orders.primary_key = vec!["id".into()];
    // total >= subtotal orders the columns the same way the sum does; a CHECK on discount
    // bounds a part, which the derived share must still meet.
    orders.checks = vec![
        Check::CmpColumns {
            left: "total".into(),
            op: CmpOp::Ge,
            right: "discount".into(),
        },
        Check::Cmp {
            column: "quantity".into(),
            op: CmpOp::Gt,
            value: num("0"),
        },
    ];
    let schema = Schema {
        tables: vec![orders],
    };
    for seed in 0..10 {
        let plan = Plan::new(&schema, &opts(seed, &[("orders", 2000)])).unwrap();
        let mut taxed = 0;
        for r in all_rows(&plan, 0) {
            let (sub, tax, ship, disc, total) = (
                cents(&r[1]),
                cents(&r[2]),
                cents(&r[3]),
                cents(&r[4]),
                cents(&r[5]),
            );
            let FillValue::Int(q) = r[6] else {
                panic!("{:?}", r[6])
            };
            let price = cents(&r[7]);
            assert_eq!(sub, q * price, "subtotal = quantity × unit_price: {r:?}");
            assert_eq!(total, sub + tax + ship - disc, "total adds up: {r:?}");
            assert!(disc * 4 <= sub + 1 && disc >= 0, "discount ≤ 25%: {r:?}");
            if tax != 0 {
                taxed += 1;
                let rate = tax as f64 / sub as f64;
                assert!(
                    sub < 100 || (0.035..=0.105).contains(&rate),
                    "tax rate {rate}: {r:?}"
                );
            }
        }
        assert!(taxed > 1000, "tax present in most rows ({taxed})");
    }
    // Without its parts a total is drawn on its own, as before.
    let plain = Plan::new(&shop(), &opts(1, &[("orders", 50)])).unwrap();
    let t = plain.table("orders").unwrap();
    assert!(plain.tables[t].columns.iter().all(|c| c.arith.is_none()));
}

#[test]
fn names_decide_times_flags_codes_and_addresses_as_a_reader_expects() {
    let ts = |n: &str| ColumnSpec::new(n, ColType::Timestamp { tz: false });
    let secs_of = |v: &FillValue| match v {
        FillValue::Timestamp(t) => Some(*t),
        FillValue::Date(d) => Some(d.0 as i64 * 86_400),
        FillValue::Null => None,
        other => panic!("not a moment: {other:?}"),
    };
    let flag = |n: &str| ColumnSpec::new(n, ColType::Int { bits: 16 }).not_null();
    let in01 = |c: &str| Check::In {
        column: c.into(),
        values: vec![num("0"), num("1")],
    };
    let mut users = TableSpec::new("users");
    users.columns = vec![
        int("id"),
        ts("remember_created_at"),
        ts("last_login"),
        ts("date_joined").not_null(),
        ts("updated_at").not_null(),
        ColumnSpec::new("birth_date", ColType::Date).not_null(),
        ColumnSpec::new("hire_date", ColType::Date).not_null(),
        flag("is_deleted"),
        flag("is_active"),
        ColumnSpec::new(
            "sku",
            ColType::Text {
                max_len: Some(8),
                fixed: true,
            },
        )
        .not_null(),
        text("coupon_code", Some(8)).not_null(),
        text("ip_address", Some(45)),
        text("mac_address", Some(17)),
        text("attributes", None),
        ColumnSpec::new("parent_id", ColType::Int { bits: 64 }),
    ];
    users.primary_key = vec!["id".into()];
    users.uniques = vec![vec!["sku".into()]];
    users.foreign_keys = vec![ForeignKey {
        columns: vec!["parent_id".into()],
        parent: "users".into(),
        parent_columns: vec![],
    }];
    users.checks = vec![
        in01("is_deleted"),
        in01("is_active"),
        Check::Length {
            column: "sku".into(),
            op: CmpOp::Eq,
            n: 8,
        },
        Check::Length {
            column: "coupon_code".into(),
            op: CmpOp::Eq,
            n: 8,
        },
        Check::AnyOf(vec![
            Check::JsonValid {
                column: "attributes".into(),
            },
            Check::IsNull {
                column: "attributes".into(),
            },
        ]),
    ];
    let schema = Schema {
        tables: vec![users],
    };
    let n = 3000;
    for seed in 0..5 {
        let plan = Plan::new(&schema, &opts(seed, &[("users", n)])).unwrap();
        let rows = all_rows(&plan, 0);
        let (mut deleted, mut active, mut roots) = (0, 0, 0);
        let mut coupons = HashSet::new();
        for r in &rows {
            let joined = secs_of(&r[3]).unwrap();
            assert!(
                secs_of(&r[4]).unwrap() >= joined,
                "updated after joining: {r:?}"
            );
            if let Some(login) = secs_of(&r[2]) {
                assert!(login >= joined, "last login after joining: {r:?}");
            }
            let (birth, hire) = (secs_of(&r[5]).unwrap(), secs_of(&r[6]).unwrap());
            assert!(
                hire - birth >= 18 * 365 * 86_400,
                "hired at 18 or later: {r:?}"
            );
            deleted += usize::from(r[7] == FillValue::Int(1));
            active += usize::from(r[8] == FillValue::Int(1));
            let sku = text_of(&r[9]);
            assert!(
                sku.len() == 8
                    && sku.starts_with("SKU-")
                    && sku[4..].bytes().all(|b| b.is_ascii_digit()),
                "{sku}"
            );
            let coupon = text_of(&r[10]);
            assert!(
                coupon.len() == 8 && coupon[4..].bytes().all(|b| b.is_ascii_digit()),
                "{coupon}"
            );
            coupons.insert(coupon);
            if r[11] != FillValue::Null {
                let ip = text_of(&r[11]);
                let octets: Vec<u16> = ip.split('.').map(|o| o.parse().unwrap()).collect();
                assert!(octets.len() == 4 && octets.iter().all(|&o| o < 256), "{ip}");
                assert!(![0, 10, 127, 172, 192].contains(&octets[0]) && octets[0] < 224);
            }
            if r[12] != FillValue::Null {
                let mac = text_of(&r[12]);
                assert!(mac.len() == 17 && mac.starts_with("02:"), "{mac}");
            }
            if r[13] != FillValue::Null {
                let json = text_of(&r[13]);
                assert!(json.starts_with('{') && json.ends_with('}'), "{json}");
            }
            roots += usize::from(r[14] == FillValue::Null);
        }
        let share = |k: usize| k as f64 / n as f64;
        assert!((share(deleted) - 0.05).abs() < 0.02, "deleted {deleted}");
        assert!((share(active) - 0.85).abs() < 0.03, "active {active}");
        assert!((share(roots) - 0.3).abs() < 0.04, "root rows {roots}");
        assert!(coupons.len() > 2000, "{} distinct coupons", coupons.len());
    }
    // Devise's remember_created_at is not the row's creation moment.
    let spec = &schema.tables[0];
    assert_eq!(rules::rule_for("users", &spec.columns[1]), Rule::Moment);
    assert_eq!(rules::rule_for("users", &spec.columns[3]), Rule::CreatedAt);

    // A PostgreSQL enum gender agrees with the first name exactly as a CHECK ... IN list does.
    let people = |ty: ColType, checks: Vec<Check>| {
        let mut t = TableSpec::new("people");
        t.columns = vec![
            int("id"),
            text("first_name", Some(40)).not_null(),
            ColumnSpec::new("gender", ty).not_null(),
        ];
        t.primary_key = vec!["id".into()];
        t.checks = checks;
        let plan = Plan::new(&Schema { tables: vec![t] }, &opts(4, &[("people", 500)])).unwrap();
        all_rows(&plan, 0)
    };
    let by_enum = people(
        ColType::Enum {
            name: "sex".into(),
            values: vec!["M".into(), "F".into()],
        },
        vec![],
    );
    let by_check = people(
        ColType::Text {
            max_len: Some(1),
            fixed: false,
        },
        vec![Check::In {
            column: "gender".into(),
            values: vec![Lit::Text("M".into()), Lit::Text("F".into())],
        }],
    );
    assert_eq!(by_enum, by_check);
}

#[test]
fn per_parent_children_keep_a_composite_key_distinct_within_the_parent() {
    let mut s = shop();
    let mut lines = TableSpec::new("order_lines");
    lines.columns = vec![
        int("order_id"),
        ColumnSpec::new("line_no", ColType::Int { bits: 32 }).not_null(),
    ];
    lines.primary_key = vec!["order_id".into(), "line_no".into()];
    lines.foreign_keys = vec![ForeignKey {
        columns: vec!["order_id".into()],
        parent: "orders".into(),
        parent_columns: vec![],
    }];
    s.tables.push(lines);
    for seed in 0..5 {
        let mut o = opts(seed, &[("users", 30), ("products", 40), ("orders", 200)]);
        o.per = vec![
            ("order_items".into(), "order_id".into(), 1, 5),
            ("order_lines".into(), "order_id".into(), 1, 4),
        ];
        let plan = Plan::new(&s, &o).unwrap();
        let items = all_rows(&plan, plan.table("order_items").unwrap());
        let mut per: std::collections::HashMap<String, usize> = Default::default();
        let mut pairs = HashSet::new();
        for r in &items {
            *per.entry(text_of(&r[0])).or_default() += 1;
            assert!(pairs.insert((text_of(&r[0]), text_of(&r[1]))), "{r:?}");
        }
        assert_eq!(per.len(), 200, "every order has items");
        assert!(per.values().all(|&k| (1..=5).contains(&k)));
        // Line numbers count 1, 2, 3 within each order.
        let lines = all_rows(&plan, plan.table("order_lines").unwrap());
        let mut next: std::collections::HashMap<String, i64> = Default::default();
        for r in &lines {
            let want = next.entry(text_of(&r[0])).or_insert(0);
            *want += 1;
            assert_eq!(r[1], FillValue::Int(*want), "{r:?}");
        }
    }
    // More children than the rest of the key can tell apart: a clear error.
    let mut o = opts(1, &[("users", 30), ("products", 3), ("orders", 20)]);
    o.per = vec![("order_items".into(), "order_id".into(), 4, 6)];
    let e = Plan::new(&shop(), &o).unwrap_err().to_string();
    assert!(e.contains("--per") && e.contains("3 combinations"), "{e}");
}

#[test]
fn flags_agree_with_their_rows_events() {
    let mut users = TableSpec::new("users");
    users.columns = vec![
        int("id"),
        ColumnSpec::new("is_active", ColType::Int { bits: 16 }).not_null(),
        ColumnSpec::new("is_deleted", ColType::Bool).not_null(),
        ColumnSpec::new("deleted_at", ColType::Timestamp { tz: false }),
    ];
    users.primary_key = vec!["id".into()];
    users.checks = vec![Check::In {
        column: "is_active".into(),
        values: vec![num("0"), num("1")],
    }];
    let schema = Schema {
        tables: vec![users],
    };
    for seed in 0..4 {
        let plan = Plan::new(&schema, &opts(seed, &[("users", 3000)])).unwrap();
        let rows = all_rows(&plan, 0);
        let (mut deleted, mut live, mut live_active) = (0, 0, 0);
        for r in &rows {
            let gone = r[3] != FillValue::Null;
            assert_eq!(
                r[2],
                FillValue::Bool(gone),
                "is_deleted follows deleted_at: {r:?}"
            );
            if gone {
                deleted += 1;
                assert_eq!(
                    r[1],
                    FillValue::Int(0),
                    "a deleted user is not active: {r:?}"
                );
            } else {
                live += 1;
                live_active += usize::from(r[1] == FillValue::Int(1));
            }
        }
        assert!(deleted > 100, "{deleted} deleted");
        let share = live_active as f64 / live as f64;
        assert!(
            (share - 0.85).abs() < 0.04,
            "active share of the others {share}"
        );
    }
}

#[test]
fn short_columns_keep_emails_and_phones_readable() {
    let mut t = TableSpec::new("contacts");
    t.columns = vec![
        int("id"),
        text("email", Some(12)).not_null(),
        text("phone", Some(8)).not_null(),
        text("fax", Some(10)).not_null(),
        text("mobile", Some(10)).not_null(),
    ];
    t.primary_key = vec!["id".into()];
    t.uniques = vec![vec!["email".into()], vec!["mobile".into()]];
    let plan = Plan::new(&Schema { tables: vec![t] }, &opts(3, &[("contacts", 500)])).unwrap();
    for r in all_rows(&plan, 0) {
        let email = text_of(&r[1]);
        assert!(
            email.len() <= 12 && email.contains('@') && !email.contains(' '),
            "{email}"
        );
        let phone = text_of(&r[2]);
        assert!(
            phone.len() == 8 && phone.as_bytes()[3] == b'-' && phone.replace('-', "").len() == 7,
            "{phone}"
        );
        for c in [3, 4] {
            let d = text_of(&r[c]);
            assert!(
                d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()),
                "{d}"
            );
        }
    }
}

#[test]
fn a_text_column_no_rule_knows_keeps_its_own_default() {
    let mut t = TableSpec::new("prefs");
    let mut locale = text("locale", Some(5)).not_null();
    locale.default = DefaultKind::Value;
    let mut token = text("token", Some(20)).not_null();
    token.default = DefaultKind::Value;
    t.columns = vec![int("id"), locale, token, text("flavour", None)];
    t.primary_key = vec!["id".into()];
    t.uniques = vec![vec!["token".into()]];
    let plan = Plan::new(&Schema { tables: vec![t] }, &opts(1, &[("prefs", 50)])).unwrap();
    for r in all_rows(&plan, 0) {
        assert_eq!(r[1], FillValue::Default, "{r:?}");
        // A UNIQUE column is generated (the default would repeat), as is one without DEFAULT.
        assert!(matches!(r[2], FillValue::Text(_)), "{r:?}");
        assert!(matches!(r[3], FillValue::Text(_)), "{r:?}");
    }
}
