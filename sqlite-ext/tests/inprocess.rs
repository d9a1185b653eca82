//! The functions registered into an in-process connection (what the seeder uses).

use rusqlite::{types::ValueRef, Connection};

fn conn() -> Connection {
    let c = Connection::open_in_memory().unwrap();
    synth::register(&c).unwrap();
    c
}

/// Query results as CSV, REAL printed with 2 decimals (money), NULL as an empty field.
fn csv(c: &Connection, sql: &str) -> String {
    csv_as(c, sql, &|_| true)
}

/// Query results as CSV in the core's canonical text: REAL columns that are money with 2
/// decimals, other REALs in shortest round-trip form.
fn csv_as(c: &Connection, sql: &str, money: &dyn Fn(usize) -> bool) -> String {
    let mut st = c.prepare(sql).unwrap();
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    let mut out = names.join(",") + "\n";
    let mut rows = st.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        for i in 0..names.len() {
            if i > 0 {
                out.push(',');
            }
            match r.get_ref(i).unwrap() {
                ValueRef::Null => {}
                ValueRef::Integer(v) => out.push_str(&v.to_string()),
                ValueRef::Real(f) if money(i) => out.push_str(&format!("{f:.2}")),
                ValueRef::Real(f) => out.push_str(&format!("{f}")),
                ValueRef::Text(t) => {
                    let mut s = String::new();
                    synth_core::schema::write_csv_text(std::str::from_utf8(t).unwrap(), &mut s);
                    out.push_str(&s);
                }
                ValueRef::Blob(_) => panic!("no blobs"),
            }
        }
        out.push('\n');
    }
    out
}

fn err(c: &Connection, sql: &str) -> String {
    let r = c.prepare(sql).and_then(|mut s| {
        s.query_map([], |_| Ok(()))
            .and_then(|m| m.collect::<Result<Vec<_>, _>>())
    });
    r.expect_err(sql).to_string()
}

#[test]
fn same_rows_as_the_core_golden_file() {
    let c = conn();
    let golden = include_str!("../../tests/golden/customers_n100_seed42.csv");
    assert_eq!(csv(&c, "SELECT * FROM synth_customers(100, 42)"), golden);
    // Defaults: seed 42, the documented rates and as_of.
    assert_eq!(
        csv(
            &c,
            "SELECT * FROM synth_customers(100, 42, 0.1, 0.1, 0.0, '2026-01-01')"
        ),
        golden
    );
}

#[test]
fn types_and_columns() {
    let c = conn();
    let st = c.prepare("SELECT * FROM synth_customers(1)").unwrap();
    let names: Vec<&str> = st.column_names();
    let expect: Vec<&str> = synth_core::find("customers")
        .unwrap()
        .columns
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, expect);
    let t: (String, String, String, String) = c
        .query_row(
            "SELECT typeof(customer_id), typeof(account_balance), typeof(credit_card_expiry), typeof(age) FROM synth_customers(1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        t,
        (
            "integer".into(),
            "real".into(),
            "text".into(),
            "integer".into()
        )
    );
}

#[test]
fn counts_missing_duplicates_and_hidden_column_arguments() {
    let c = conn();
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(q("SELECT count(*) FROM synth_customers(1000, 1)"), 1000);
    assert_eq!(
        q("SELECT count(*) FROM synth_customers(1000, 1, 0.1, 0.1, 0.1)"),
        1100
    );
    assert_eq!(
        q("SELECT count(*) FROM synth_customers(1000) WHERE duplicates = 0.25"),
        1250
    );
    assert_eq!(
        q("SELECT count(DISTINCT customer_id) FROM synth_customers(1000, 1, 0.1, 0.1, 0.1)"),
        1000
    );
    assert_eq!(
        q("SELECT count(*) FROM synth_customers(1000, 3) WHERE gender IS NULL"),
        100
    );
    assert_eq!(
        q("SELECT count(*) FROM synth_customers(999, 3, 0.2, 0.3) WHERE address IS NULL"),
        300
    );
    assert_eq!(
        q("SELECT count(*) FROM synth_customers(999, 3, 0.2, 0.3) WHERE gender IS NULL"),
        200
    );
    // A slice through the hidden first/count columns equals the same rows of the full table.
    let full = csv(
        &c,
        "SELECT * FROM synth_customers(3000, 5, 0.1, 0.1, 0.1) LIMIT 40 OFFSET 1500",
    );
    let slice = csv(
        &c,
        "SELECT * FROM synth_customers(3000, 5, 0.1, 0.1, 0.1, '2026-01-01', 1500, 40)",
    );
    assert_eq!(full, slice);
    // LIMIT on a huge table streams: it does not generate the rest.
    assert_eq!(
        q("SELECT count(*) FROM (SELECT * FROM synth_customers(100000000, 1) LIMIT 5)"),
        5
    );
    let v: String = c
        .query_row("SELECT synth_version()", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, synth_core::VERSION);
}

#[test]
fn bad_arguments_are_clear_errors() {
    let c = conn();
    let e = err(&c, "SELECT * FROM synth_customers(-1)");
    assert!(
        e.contains("synth_customers") && e.contains("argument n"),
        "{e}"
    );
    let e = err(&c, "SELECT * FROM synth_customers(10, 1, 1.5)");
    assert!(
        e.contains("missing_gender") && e.contains("between 0 and 1") && e.contains("1.5"),
        "{e}"
    );
    let e = err(&c, "SELECT * FROM synth_customers('ten')");
    assert!(
        e.contains("argument n") && e.contains("integer") && e.contains("'ten'"),
        "{e}"
    );
    let e = err(&c, "SELECT * FROM synth_customers(10, NULL)");
    assert!(e.contains("seed") && e.contains("NULL"), "{e}");
    let e = err(
        &c,
        "SELECT * FROM synth_customers(10, 1, 0.1, 0.1, 0.0, 'yesterday')",
    );
    assert!(e.contains("as_of") && e.contains("YYYY-MM-DD"), "{e}");
    let e = err(&c, "SELECT * FROM synth_customers(2000000000)");
    assert!(e.contains("at most 1000000000"), "{e}");
    let e = err(&c, "SELECT * FROM synth_customers");
    assert!(e.contains("missing required argument n"), "{e}");
    let e = err(
        &c,
        "SELECT * FROM synth_customers(10, 1, 0.1, 0.1, 0.0, '2026-01-01', 0, -5)",
    );
    assert!(e.contains("count"), "{e}");
    // The health and finance tables name their bad arguments the same way.
    for (sql, needles) in [
        (
            "SELECT * FROM synth_transactions(10, 1, '2026-01-01', 0)",
            &["synth_transactions", "months", "0"][..],
        ),
        (
            "SELECT * FROM synth_transactions(10, 1, '2026-01-01', 121)",
            &["months", "121"][..],
        ),
        (
            "SELECT * FROM synth_accounts(-3, 1)",
            &["synth_accounts", "argument n"][..],
        ),
        (
            "SELECT * FROM synth_patients(10, NULL)",
            &["seed", "NULL"][..],
        ),
        (
            "SELECT * FROM synth_conditions(10, 1, 'soon')",
            &["as_of", "YYYY-MM-DD"][..],
        ),
        (
            "SELECT * FROM synth_medications('x')",
            &["argument n", "integer"][..],
        ),
        (
            "SELECT * FROM synth_encounters(10, 1, '2026-01-01', -1)",
            &["first"][..],
        ),
    ] {
        let e = err(&c, sql);
        for n in needles {
            assert!(e.contains(n), "{sql}: {e} lacks {n}");
        }
    }
}

#[test]
fn sales_table_and_scalar_agree() {
    let c = conn();
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(q("SELECT count(*) FROM synth_sales(1000, 3)"), 5000);
    assert_eq!(
        q("SELECT count(*) FROM synth_sales(1000, 3, '[0, 0.5, 1]')"),
        3000
    );
    assert_eq!(q("SELECT count(*) FROM synth_sales(1000, 3, 0.7)"), 1000);
    // The scalar form over customers stored in a table matches the table form exactly.
    c.execute_batch("CREATE TABLE customers AS SELECT * FROM synth_customers(1000, 3);")
        .unwrap();
    let mismatches = q("SELECT count(*) FROM synth_sales(1000, 3, '0,0.5,1') s \
         JOIN customers c USING (customer_id) \
         WHERE s.sales <> synth_sale(c.age, c.account_balance, s.intensity, 3, c.customer_id) \
            OR s.age <> c.age OR s.account_balance <> c.account_balance");
    assert_eq!(mismatches, 0);
    assert_eq!(q("SELECT count(*) FROM synth_sales(1000, 3, '0,0.5,1') s JOIN customers USING (customer_id)"), 3000);
    // NULL in, NULL out, as PostgreSQL's STRICT synth_sale.
    assert_eq!(
        q(
            "SELECT count(*) FROM (VALUES (NULL, 1.0, 0.5, 1, 1), (30, NULL, 0.5, 1, 1), \
           (30, 1.0, 0.5, NULL, 1), (30, 1.0, 0.5, 1, NULL)) v \
           WHERE synth_sale(v.column1, v.column2, v.column3, v.column4, v.column5) IS NULL"
        ),
        4
    );
    assert_eq!(q("SELECT synth_sale(30, 1.0, 0.5, 1, 1, NULL) IS NULL"), 1);
    for (sql, needle) in [
        ("SELECT * FROM synth_sales(10, 1, '')", "intensities"),
        ("SELECT * FROM synth_sales(10, 1, 'a,b')", "intensities"),
        ("SELECT * FROM synth_sales(10, 1) WHERE sigma = -1", "sigma"),
        (
            "SELECT * FROM synth_sales(10, 1) WHERE target_lo = 50",
            "target_lo",
        ),
        ("SELECT synth_sale(30, 100.0, 0.5)", "5 to 13 arguments"),
        ("SELECT synth_sale(30, 'x', 0.5, 1, 1)", "account_balance"),
    ] {
        let e = err(&c, sql);
        assert!(e.contains(needle), "{sql}: {e}");
    }
}

#[test]
fn people_and_sales_match_the_core_golden_files() {
    let c = conn();
    for (sql, table, golden) in [
        (
            "SELECT * FROM synth_people(30, 42)",
            "people",
            include_str!("../../tests/golden/people_n30_seed42.csv"),
        ),
        (
            "SELECT * FROM synth_sales(20, 42)",
            "sales",
            include_str!("../../tests/golden/sales_n20_seed42.csv"),
        ),
    ] {
        let def = synth_core::find(table).unwrap();
        let money = |i: usize| def.columns[i].ty == synth_core::LType::Money;
        let got = csv_as(&c, sql, &money);
        // SQLite has no boolean: compare in_target_bracket as 0/1.
        let want = golden.replace(",true,", ",1,").replace(",false,", ",0,");
        assert_eq!(got, want, "{table}");
    }
    let e = err(&c, "SELECT * FROM synth_people(10, 1, 'not a date')");
    assert!(e.contains("as_of"), "{e}");
}

/// Failed rules of a check, in order.
fn failed_rules(c: &Connection, sql: &str) -> Vec<String> {
    let mut st = c.prepare(sql).unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(3)?)))
        .unwrap();
    rows.map(|r| r.unwrap())
        .filter(|(_, passed)| *passed == 0)
        .map(|(rule, _)| rule)
        .collect()
}

#[test]
fn checks_of_generated_tables_and_of_a_changed_table() {
    let c = conn();
    for f in [
        "synth_check_customers(3000, 5, 0.1, 0.1, 0.1)",
        "synth_check_people(3000, 5)",
        "synth_check_sales(2000, 5)",
    ] {
        let sql = format!("SELECT * FROM {f}");
        assert_eq!(failed_rules(&c, &sql), Vec::<String>::new(), "{f}");
    }
    c.execute_batch(
        "CREATE TABLE customers AS SELECT * FROM synth_customers(3000, 9);
         CREATE TABLE sales AS SELECT * FROM synth_sales(1500, 9);",
    )
    .unwrap();
    // As stored by SQLite (REAL money, TEXT dates): every rule holds.
    let check = "SELECT * FROM synth_check_table('customers')";
    assert_eq!(failed_rules(&c, check), Vec::<String>::new());
    assert_eq!(
        failed_rules(
            &c,
            "SELECT * FROM synth_check_table('SELECT * FROM sales', 'sales')"
        ),
        Vec::<String>::new()
    );
    // A user's changes: uniform balances, a repeated email, a wrong ZIP.
    c.execute_batch(
        "UPDATE customers SET account_balance = 10 + customer_id % 1000;
         UPDATE customers SET email = 'same@example.com' WHERE customer_id IN (1, 2);
         UPDATE customers SET zip = '99999' WHERE customer_id = (SELECT min(customer_id) FROM customers WHERE zip IS NOT NULL);",
    )
    .unwrap();
    assert_eq!(
        failed_rules(&c, check),
        vec![
            "top_20_percent_balance_share",
            "emails_unique",
            "zip_city_state_agree"
        ]
    );
    // Errors name the problem.
    let e = err(&c, "SELECT * FROM synth_check_table('sales')");
    assert!(e.contains("missing") && e.contains("gender"), "{e}");
    let e = err(&c, "SELECT * FROM synth_check_table('no_such_table')");
    assert!(e.contains("no such table"), "{e}");
    let e = err(&c, "SELECT * FROM synth_check_table(42)");
    assert!(e.contains("source"), "{e}");
    let e = err(
        &c,
        "SELECT * FROM synth_check_table('customers', 'planets')",
    );
    assert!(e.contains("kind"), "{e}");
    // Only a single read-only query runs.
    let e = err(
        &c,
        "SELECT * FROM synth_check_table('customers; DROP TABLE sales')",
    );
    assert!(!e.is_empty());
    assert_eq!(
        c.query_row("SELECT count(*) FROM sales", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        7500
    );
    // Not from a view or trigger of the schema (DIRECTONLY).
    c.execute_batch("CREATE VIEW v AS SELECT * FROM synth_check_table('customers')")
        .unwrap();
    let e = err(&c, "SELECT * FROM v");
    assert!(e.contains("unsafe use"), "{e}");
}

/// Asserts that `sql` gives in SQLite the rows of `def` opened in the core with `args`.
fn assert_cores_rows(
    c: &Connection,
    def: &synth_core::TableDef,
    args: &[synth_core::Arg],
    sql: &str,
) {
    let mut src = def.open_args(args).unwrap();
    let mut want = Vec::new();
    synth_core::write_csv(def.columns, src.as_mut(), &mut want).unwrap();
    // SQLite has no boolean: the core's true/false are 1/0 there.
    let want = String::from_utf8(want)
        .unwrap()
        .replace(",true\n", ",1\n")
        .replace(",false\n", ",0\n")
        .replace(",true,", ",1,")
        .replace(",false,", ",0,");
    let money = |i: usize| def.columns[i].ty == synth_core::LType::Money;
    assert_eq!(csv_as(c, sql, &money), want, "{sql}");
}

#[test]
fn every_table_returns_the_cores_rows() {
    let c = conn();
    for def in synth_core::TABLES.iter().filter(|d| d.slices()) {
        for (n, seed) in [(0, 1), (1, 2), (257, 42)] {
            assert_cores_rows(
                &c,
                def,
                &[synth_core::Arg::Int(n), synth_core::Arg::Int(seed)],
                &format!("SELECT * FROM {}({n}, {seed})", def.function),
            );
        }
    }
}

#[test]
fn rows_generated_ahead_are_the_cores_rows() {
    // Calls of 4096 rows or more generate on a second thread.
    let c = conn();
    for (name, n) in [("customers", 20000), ("people", 5000), ("sales", 1000)] {
        let def = synth_core::find(name).unwrap();
        let args = [synth_core::Arg::Int(n), synth_core::Arg::Int(9)];
        assert_cores_rows(
            &c,
            def,
            &args,
            &format!("SELECT * FROM {}({n}, 9)", def.function),
        );
    }
    // Stopping early (LIMIT) stops the thread: 200 million transactions are never generated.
    let t = std::time::Instant::now();
    let rows: i64 = c
        .query_row(
            "SELECT count(*) FROM (SELECT * FROM synth_transactions(400000, 3) LIMIT 5000)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 5000);
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}

#[test]
fn families_with_minors_are_the_cores_rows() {
    let c = conn();
    let as_of = synth_core::Date::parse("2025-07-15").unwrap();
    for name in ["people", "relationships", "life_events"] {
        let def = synth_core::find(name).unwrap();
        let args = [
            synth_core::Arg::Int(600),
            synth_core::Arg::Int(3),
            synth_core::Arg::Date(as_of),
            synth_core::Arg::Int(0),
            synth_core::Arg::Int(250),
            synth_core::Arg::Int(300),
        ];
        assert_cores_rows(
            &c,
            def,
            &args,
            &format!(
                "SELECT * FROM {}(600, 3, '2025-07-15', 0) WHERE first = 250 AND count = 300",
                def.function
            ),
        );
    }
}

#[test]
fn argument_columns_hold_the_values_of_the_call() {
    let c = conn();
    let one = |sql: &str| -> String {
        c.query_row(sql, [], |r| {
            let n = r.as_ref().column_count();
            Ok((0..n)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect::<Vec<_>>()
                .join(","))
        })
        .unwrap()
    };
    // Given and default arguments read back, as generate_series does.
    assert_eq!(
        one("SELECT n, seed, duplicates, as_of, count FROM synth_customers(3, 7) LIMIT 1"),
        "Integer(3),Integer(7),Real(0.0),Text(\"2026-01-01\"),Null"
    );
    // A constraint repeating a positional argument, or any comparison on one, filters as SQL
    // says instead of silently emptying the result.
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM synth_customers(10, 42) WHERE seed = 42"),
        10
    );
    assert_eq!(
        count("SELECT count(*) FROM synth_customers(10) WHERE seed >= 42"),
        10
    );
    assert_eq!(
        count("SELECT count(*) FROM synth_customers(10) WHERE n = 10"),
        10
    );
    assert_eq!(
        count("SELECT count(*) FROM synth_customers(10) WHERE duplicates > 0.05"),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM synth_customers(10) WHERE duplicates = 0.5"),
        15
    );
}
