//! The quality checks pass on generated data over many seeds and fail on damaged data.

use synth_core::checks::{CustomerChecker, CustomerExpectations};
use synth_core::tables::customers::{Customers, CustomersOpts};
use synth_core::{Arg, Row, RowSource, Slice, Value};

fn rows(n: u64, seed: i64, dup: f64) -> (Vec<Row>, CustomerExpectations) {
    let mut o = CustomersOpts::new(n, seed);
    o.duplicates = dup;
    let exp = CustomerExpectations {
        missing_gender: 0.1,
        missing_address: 0.1,
        duplicates: dup,
        as_of: o.as_of,
    };
    let t = Customers::new(o).unwrap();
    let mut c = t.cursor(Slice::ALL);
    let mut out = Vec::new();
    let mut r = Row::new();
    while c.next_row(&mut r) {
        out.push(r.clone());
    }
    (out, exp)
}

/// Runs the checker, letting `damage` rewrite each row's values first.
fn check(
    rows: &[Row],
    exp: CustomerExpectations,
    damage: &dyn Fn(usize, &mut Vec<Value<'_>>),
) -> Vec<(String, bool, String)> {
    let mut c = CustomerChecker::new(exp);
    for (i, r) in rows.iter().enumerate() {
        let mut v: Vec<Value> = r.values().collect();
        damage(i, &mut v);
        c.push(&v);
    }
    c.finish()
        .into_iter()
        .map(|r| (r.rule.to_string(), r.passed, r.observed))
        .collect()
}

fn failed(res: &[(String, bool, String)]) -> Vec<&str> {
    res.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect()
}

#[test]
fn generated_data_passes_over_many_seeds() {
    for seed in 1..16 {
        for (n, dup) in [(1000, 0.0), (2500, 0.1), (7001, 0.25)] {
            let (r, exp) = rows(n, seed, dup);
            let res = check(&r, exp, &|_, _| {});
            assert!(failed(&res).is_empty(), "seed {seed} n {n}: {res:?}");
            assert_eq!(res.len(), 12);
        }
    }
}

#[test]
fn damaged_data_fails_with_a_reason() {
    let (r, exp) = rows(3000, 5, 0.1);
    // Balances replaced by uniform values.
    let res = check(&r, exp.clone(), &|i, v| {
        v[15] = Value::Money(1000 + (i as i64 * 7919) % 100_000)
    });
    assert_eq!(
        failed(&res),
        vec!["top_20_percent_balance_share"],
        "{res:?}"
    );
    // Duplicated emails.
    let res = check(&r, exp.clone(), &|i, v| {
        if i % 100 == 0 {
            v[4] = Value::Text("same@example.com")
        }
    });
    assert_eq!(failed(&res), vec!["emails_unique"]);
    // The failed rule names the first offending rows (the repeats, not the first email).
    let emails = res.iter().find(|r| r.0 == "emails_unique").unwrap();
    let mut seen = std::collections::HashSet::new();
    let repeats: Vec<String> = r
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let Value::Int(id) = row.get(0) else {
                unreachable!()
            };
            (seen.insert(id) && i % 100 == 0).then(|| id.to_string())
        })
        .skip(1)
        .collect();
    assert!(repeats.len() > 3);
    let want = format!(
        "{} repeated emails (customer_id {}, …)",
        repeats.len(),
        repeats[..3].join(", ")
    );
    assert_eq!(emails.2, want);
    // A wrong ZIP.
    let res = check(&r, exp.clone(), &|i, v| {
        if i == 10 && v[9] != Value::Null {
            v[9] = Value::Text("99999")
        }
    });
    assert_eq!(failed(&res), vec!["zip_city_state_agree"], "{res:?}");
    // One more missing gender than asked for, a bad card, an age out of range.
    let res = check(&r, exp.clone(), &|i, v| {
        if i == 0 {
            v[3] = Value::Null;
            v[11] = Value::Text("4111111111111112");
            v[10] = Value::Int(17);
        }
    });
    let f = failed(&res);
    assert!(
        f.contains(&"credit_cards_luhn_valid") && f.contains(&"age_in_18_90"),
        "{f:?}"
    );
    // A gender that is neither, a missing email, a card of no brand that passes Luhn (all
    // zeros): each fails its own rule.
    let res = check(&r, exp.clone(), &|i, v| {
        if i % 500 == 1 && v[3] != Value::Null {
            v[3] = Value::Text("x");
        }
        if i == 3 {
            v[4] = Value::Null;
        }
        if i == 5 {
            v[11] = Value::Text("0000000000000000");
        }
    });
    assert_eq!(
        failed(&res),
        vec![
            "credit_cards_luhn_valid",
            "gender_female_or_male",
            "emails_present"
        ],
        "{res:?}"
    );
    // Missing values written as empty text (a CSV loaded by sqlite3 .import) count as missing.
    let res = check(&r, exp.clone(), &|_, v| {
        if v[3] == Value::Null {
            v[3] = Value::Text("");
        }
        if v[6] == Value::Null {
            for c in 6..10 {
                v[c] = Value::Text("");
            }
        }
    });
    assert!(failed(&res).is_empty(), "{res:?}");
    // Rows deleted: the duplicate rate no longer matches.
    let res = check(&r[..2000], exp, &|_, _| {});
    assert!(failed(&res).contains(&"duplicate_rate"));
}

#[test]
fn table_function_form() {
    let def = synth_core::find("synth_check_customers").unwrap();
    let mut src = def
        .open_args(&[
            Arg::Int(2000),
            Arg::Int(3),
            Arg::Float(0.2),
            Arg::Float(0.05),
            Arg::Float(0.1),
        ])
        .unwrap();
    let mut row = Row::new();
    let mut n = 0;
    while src.next_row(&mut row) {
        assert_eq!(
            row.get(3),
            Value::Bool(true),
            "{:?}",
            row.values().collect::<Vec<_>>()
        );
        n += 1;
    }
    assert_eq!(n, 12);
}

/// Runs a generate-and-check function and returns (rule, passed, observed).
fn run_check(function: &str, args: &[Arg]) -> Vec<(String, bool, String)> {
    let def = synth_core::find(function).unwrap();
    let mut src = def.open_args(args).unwrap();
    let mut row = Row::new();
    let mut out = Vec::new();
    while src.next_row(&mut row) {
        let text = |i| match row.get(i) {
            Value::Text(s) => s.to_string(),
            v => panic!("{v:?}"),
        };
        out.push((text(0), row.get(3) == Value::Bool(true), text(2)));
    }
    out
}

#[test]
fn people_checks_pass_over_many_seeds() {
    for seed in 1..9 {
        for n in [300, 4001, 20_000] {
            let res = run_check("synth_check_people", &[Arg::Int(n), Arg::Int(seed)]);
            assert_eq!(res.len(), 25, "{res:?}");
            assert!(failed(&res).is_empty(), "seed {seed} n {n}: {res:?}");
        }
    }
    // The size an independent validator tried: every default-size check passes for 31 seeds
    // (the statistical rules allow for the sampling error of 2,000 people).
    for seed in 1..32 {
        let res = run_check("synth_check_people", &[Arg::Int(2000), Arg::Int(seed)]);
        assert!(failed(&res).is_empty(), "seed {seed} n 2000: {res:?}");
    }
    // Fewer than five customers have no top 20%: not assessed rather than failed.
    for n in [1, 2, 4] {
        let res = run_check("synth_check_customers", &[Arg::Int(n), Arg::Int(42)]);
        let r = res
            .iter()
            .find(|r| r.0 == "top_20_percent_balance_share")
            .unwrap();
        assert!(r.1 && r.2.starts_with("not assessed"), "{r:?}");
    }
    // Small tables do not pretend to assess correlations.
    let res = run_check("synth_check_people", &[Arg::Int(100), Arg::Int(1)]);
    let r = res.iter().find(|r| r.0 == "married_share_30_34").unwrap();
    assert!(r.2.starts_with("not assessed"), "{r:?}");
    // With enough rows they are assessed.
    let res = run_check("synth_check_people", &[Arg::Int(20_000), Arg::Int(1)]);
    assert!(
        res.iter().all(|r| !r.2.starts_with("not assessed")),
        "{res:?}"
    );
}

#[test]
fn sales_checks_recover_the_model_over_many_seeds() {
    for seed in 1..13 {
        let res = run_check("synth_check_sales", &[Arg::Int(3000), Arg::Int(seed)]);
        assert_eq!(res.len(), 7, "{res:?}");
        assert!(failed(&res).is_empty(), "seed {seed}: {res:?}");
    }
    // Other coefficients, no noise: still recovered.
    let args = [
        Arg::Int(2000),
        Arg::Int(3),
        Arg::Absent,
        Arg::Float(10.0),
        Arg::Float(3.0),
        Arg::Float(0.5),
        Arg::Float(0.05),
        Arg::Float(90.0),
        Arg::Float(0.0),
        Arg::Int(30),
        Arg::Int(50),
    ];
    let res = run_check("synth_check_sales", &args);
    assert!(failed(&res).is_empty(), "{res:?}");
}

/// Rewrites one row's values (row index, values).
type Damage = Box<dyn Fn(usize, &mut Vec<Value<'_>>)>;
/// (rule, passed, observed) per rule.
type Outcome = Vec<(String, bool, String)>;

/// An engine whose "database" is rows in memory, named by the query's table.
struct Memory {
    columns: Vec<&'static str>,
    rows: Vec<Row>,
    damage: Damage,
    seen_sql: Vec<String>,
}

impl synth_core::checks::QueryRunner for Memory {
    fn run(
        &mut self,
        sql: &str,
        sink: &mut dyn synth_core::checks::QuerySink,
    ) -> synth_core::Result<()> {
        self.seen_sql.push(sql.to_string());
        sink.columns(&self.columns)?;
        for (i, r) in self.rows.iter().enumerate() {
            let mut v: Vec<Value> = r.values().collect();
            (self.damage)(i, &mut v);
            sink.row(&v)?;
        }
        Ok(())
    }
}

fn generated(table: &str, args: &[Arg]) -> (Vec<&'static str>, Vec<Row>) {
    let def = synth_core::find(table).unwrap();
    let mut src = def.open_args(args).unwrap();
    let mut rows = Vec::new();
    let mut r = Row::new();
    while src.next_row(&mut r) {
        rows.push(r.clone());
    }
    (def.columns.iter().map(|c| c.name).collect(), rows)
}

fn check_table(mut engine: Memory, args: &[Arg]) -> (synth_core::Result<Outcome>, Vec<String>) {
    let def = synth_core::find("synth_check_table").unwrap();
    let res = def.open_reading(args, Some(&mut engine)).map(|mut src| {
        let mut row = Row::new();
        let mut out = Vec::new();
        while src.next_row(&mut row) {
            let t = |i| match row.get(i) {
                Value::Text(s) => s.to_string(),
                _ => String::new(),
            };
            out.push((t(0), row.get(3) == Value::Bool(true), t(2)));
        }
        out
    });
    (res, engine.seen_sql)
}

#[test]
fn check_table_reads_through_the_engine_and_catches_damage() {
    let text = |s: &str| Arg::Text(s.to_string());
    // Customers with columns reordered and an extra column: found by name.
    let (cols, rows) = generated("customers", &[Arg::Int(2000), Arg::Int(8)]);
    let mut order: Vec<usize> = (0..cols.len()).rev().collect();
    order.push(0);
    let mut names: Vec<&'static str> = order.iter().map(|&i| cols[i]).collect();
    *names.last_mut().unwrap() = "note";
    let reordered: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut o = Row::new();
            for &i in &order {
                match r.get(i) {
                    Value::Null => o.null(),
                    Value::Int(x) => o.int(x),
                    // A SQLite table gives money as REAL dollars and dates as ISO text.
                    Value::Money(c) => o.float(c as f64 / 100.0),
                    Value::Date(d) => o.text(&d.to_string()),
                    Value::Text(s) => o.text(s),
                    Value::Float(f) => o.float(f),
                    Value::Bool(b) => o.bool(b),
                }
            }
            o
        })
        .collect();
    let engine = |damage: Damage| Memory {
        columns: names.clone(),
        rows: reordered.clone(),
        damage,
        seen_sql: vec![],
    };
    let (res, sql) = check_table(engine(Box::new(|_, _| {})), &[text("customers")]);
    let res = res.unwrap();
    assert!(failed(&res).is_empty(), "{res:?}");
    assert_eq!(sql, vec!["SELECT * FROM customers"]);
    // Uniform balances (column 0 after the reversal is account_balance).
    let (res, _) = check_table(
        engine(Box::new(|i, v| {
            v[0] = Value::Float(10.0 + (i % 1000) as f64)
        })),
        &[
            text("SELECT * FROM customers WHERE true"),
            text("customers"),
        ],
    );
    assert_eq!(failed(&res.unwrap()), vec!["top_20_percent_balance_share"]);
    // A wrong ZIP (column 6 is zip).
    let (res, _) = check_table(
        engine(Box::new(|i, v| {
            if i == 3 && v[6] != Value::Null {
                v[6] = Value::Text("00000")
            }
        })),
        &[text("customers")],
    );
    assert_eq!(failed(&res.unwrap()), vec!["zip_city_state_agree"]);

    // A table that is not a customers table: a clear error naming the missing columns.
    let (cols, rows) = generated("sales", &[Arg::Int(50), Arg::Int(1)]);
    let (res, _) = check_table(
        Memory {
            columns: cols.clone(),
            rows: rows.clone(),
            damage: Box::new(|_, _| {}),
            seen_sql: vec![],
        },
        &[text("sales")],
    );
    let e = res.err().unwrap().to_string();
    assert!(e.contains("missing") && e.contains("gender"), "{e}");

    // Sales with the campaign effect removed: the campaign coefficient fails.
    let (cols, rows) = generated("sales", &[Arg::Int(2000), Arg::Int(1)]);
    let intensity = cols.iter().position(|c| *c == "intensity").unwrap();
    let sales = cols.iter().position(|c| *c == "sales").unwrap();
    let bracket = cols.iter().position(|c| *c == "in_target_bracket").unwrap();
    let ok = Memory {
        columns: cols.clone(),
        rows: rows.clone(),
        damage: Box::new(|_, _| {}),
        seen_sql: vec![],
    };
    let (res, _) = check_table(ok, &[text("sales"), text("sales")]);
    assert!(failed(&res.unwrap()).is_empty());
    let flat = Memory {
        columns: cols,
        rows,
        damage: Box::new(move |_, v| {
            if let (Value::Bool(true), Value::Float(x), Value::Money(c)) =
                (v[bracket], v[intensity], v[sales])
            {
                v[sales] = Value::Money(c - (40.0 * x * 100.0) as i64);
            }
        }),
        seen_sql: vec![],
    };
    let (res, _) = check_table(flat, &[text("sales"), text("sales")]);
    assert_eq!(failed(&res.unwrap()), vec!["coefficient_b_campaign"]);

    // People: a marriage date given to a single person, a duplicated person_id.
    let (cols, rows) = generated("people", &[Arg::Int(1000), Arg::Int(2)]);
    let at = |n: &str| cols.iter().position(|c| *c == n).unwrap();
    let (status, married_on, id, education) = (
        at("marital_status"),
        at("marriage_date"),
        at("person_id"),
        at("education"),
    );
    let first_id = match rows[0].get(id) {
        Value::Text(s) => s.to_string(),
        _ => unreachable!(),
    };
    let first_id: &'static str = Box::leak(first_id.into_boxed_str());
    let damaged = Memory {
        columns: cols,
        rows,
        damage: Box::new(move |i, v| {
            if v[status] == Value::Text("single") && i < 50 {
                v[married_on] = Value::Text("2020-05-05");
            }
            if i == 7 {
                v[id] = Value::Text(first_id);
            }
            if i == 9 {
                v[education] = Value::Text("Kindergarten PhD");
            }
        }),
        seen_sql: vec![],
    };
    let (res, _) = check_table(damaged, &[text("people"), text("people")]);
    assert_eq!(
        failed(&res.unwrap()),
        vec![
            "gender_education_occupation_known",
            "marriage_date_iff_ever_married_after_18",
            "person_id_unique"
        ]
    );

    // People with their minors (min_age 0) pass; a minor given children fails.
    let date = Arg::Date(synth_core::Date::parse("2026-01-01").unwrap());
    let (cols, rows) = generated(
        "people",
        &[Arg::Int(3000), Arg::Int(4), date.clone(), Arg::Int(0)],
    );
    let (age, kids) = (
        cols.iter().position(|c| *c == "age").unwrap(),
        cols.iter()
            .position(|c| *c == "number_of_children")
            .unwrap(),
    );
    let with_minors = |damage: Damage| Memory {
        columns: cols.clone(),
        rows: rows.clone(),
        damage,
        seen_sql: vec![],
    };
    let (res, _) = check_table(
        with_minors(Box::new(|_, _| {})),
        &[text("people"), text("people")],
    );
    assert!(failed(&res.unwrap()).is_empty());
    let (res, _) = check_table(
        with_minors(Box::new(move |_, v| {
            if matches!(v[age], Value::Int(a) if a < 18) {
                v[kids] = Value::Int(1);
            }
        })),
        &[text("people"), text("people")],
    );
    assert_eq!(failed(&res.unwrap()), vec!["children_plausible_for_age"]);

    // Bad kinds and sources.
    let (res, _) = check_table(
        engine(Box::new(|_, _| {})),
        &[text("customers"), text("planets")],
    );
    assert!(res.err().unwrap().to_string().contains("kind"));
    let (res, _) = check_table(engine(Box::new(|_, _| {})), &[text("  ")]);
    assert!(res.err().unwrap().to_string().contains("source"));
    let (res, _) = check_table(engine(Box::new(|_, _| {})), &[Arg::Null]);
    assert_eq!(res.err().unwrap().sqlstate(), "22004");
}

#[test]
fn source_queries() {
    use synth_core::checks::source_query;
    assert_eq!(
        source_query("public.customers").unwrap(),
        "SELECT * FROM public.customers"
    );
    assert_eq!(
        source_query(" select * from t; ").unwrap(),
        "SELECT * FROM (select * from t) AS synth_checked"
    );
    assert_eq!(
        source_query("WITH x AS (SELECT 1) SELECT * FROM x").unwrap(),
        "SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) AS synth_checked"
    );
}

#[test]
fn a_check_too_large_for_memory_is_refused_up_front() {
    // 1e8 customers once exhausted a PostgreSQL backend's memory and aborted it.
    for (f, n) in [
        ("synth_check_customers", 100_000_000),
        ("synth_check_people", 20_000_000),
    ] {
        let def = synth_core::find(f).unwrap();
        let e = def
            .open_args(&[Arg::Int(n), Arg::Int(1)])
            .err()
            .expect("an error");
        assert_eq!(e.sqlstate(), "54000", "{e}");
        assert!(e.to_string().contains("10000000 rows per check"), "{e}");
    }
}
