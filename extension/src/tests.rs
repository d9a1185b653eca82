// In-database tests (`cargo pgrx test`), included into `mod tests` in lib.rs.

use pgrx::prelude::*;
use synth_core::{Arg, Date};

use crate::sqlgen::literal;

/// `synth_customers(100, 42)` as CSV with header, shared with the core and the other engines.
const GOLDEN: &str = include_str!("../../tests/golden/customers_n100_seed42.csv");

fn one<T: FromDatum + IntoDatum>(q: &str) -> Option<T> {
    Spi::get_one::<T>(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn int(q: &str) -> i64 {
    one::<i64>(q).unwrap_or_else(|| panic!("{q}: NULL"))
}

fn text(q: &str) -> String {
    one::<String>(q).unwrap_or_else(|| panic!("{q}: NULL"))
}

/// All rows of a one-column query.
fn column(q: &str) -> Vec<String> {
    Spi::connect(|c| {
        c.select(q, None, &[])
            .unwrap_or_else(|e| panic!("{q}: {e}"))
            .map(|row| row.get::<String>(1).ok().flatten().unwrap_or_default())
            .collect()
    })
}

/// "ok", or the SQLSTATE and message of the error `q` raises (caught in a subtransaction).
fn outcome(q: &str) -> String {
    Spi::run(
        "CREATE OR REPLACE FUNCTION pg_temp.synth_outcome(q text) RETURNS text LANGUAGE plpgsql AS $$
         BEGIN EXECUTE q; RETURN 'ok';
         EXCEPTION WHEN OTHERS OR query_canceled THEN RETURN SQLSTATE || ': ' || SQLERRM; END $$",
    )
    .expect("create helper");
    text(&format!("SELECT pg_temp.synth_outcome({})", literal(q)))
}

/// The exact text `COPY (q) TO STDOUT WITH (FORMAT csv, HEADER)` writes, via a server-side file.
fn copy_csv(q: &str) -> String {
    static SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let k = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("synth-pg-test-{}-{k}.csv", std::process::id()));
    let p = path.display().to_string();
    Spi::run(&format!("COPY ({q}) TO {} WITH (FORMAT csv, HEADER)", literal(&p))).expect("COPY");
    let s = std::fs::read_to_string(&path).expect("read COPY output");
    let _ = std::fs::remove_file(&path);
    s
}

/// The core's CSV of a call, for comparison with what Postgres returns.
fn core_csv(table: &str, args: &[Arg]) -> String {
    let def = synth_core::find(table).expect("table");
    let mut src = def.open_args(args).expect("valid arguments");
    let mut out = Vec::new();
    synth_core::write_csv(def.columns, src.as_mut(), &mut out).expect("csv");
    String::from_utf8(out).expect("utf-8")
}

/// A digest of a call's rows in order, to compare two calls.
fn digest(call: &str) -> String {
    text(&format!("SELECT md5(string_agg(t::text, E'\\n')) FROM {call} AS t"))
}

#[pg_test]
fn version_is_the_core_version() {
    assert_eq!(text("SELECT synth_version()"), synth_core::VERSION);
}

#[pg_test]
fn columns_and_types_from_the_catalog() {
    Spi::run("CREATE TEMP TABLE t AS SELECT * FROM synth_customers(10, 42)").unwrap();
    let got = text(
        "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
         FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0",
    );
    assert_eq!(
        got,
        "customer_id bigint, first_name text, surname text, gender text, email text, \
         password_hash text, address text, city text, state text, zip text, age smallint, \
         credit_card_number text, credit_card_expiry date, security_question text, \
         security_answer text, account_balance numeric(12,2)"
    );
    // Money keeps two decimals on every row.
    assert_eq!(int("SELECT count(*) FROM t WHERE scale(account_balance) <> 2"), 0);
}

#[pg_test]
fn signatures_follow_the_core_definitions() {
    for def in synth_core::TABLES {
        let oid = format!("{}::regprocedure", literal(&format!("{}({})", def.function, {
            def.params.iter().map(|p| crate::sqlgen::param_sql_type(p.ty)).collect::<Vec<_>>().join(", ")
        })));
        let args = def
            .params
            .iter()
            .map(|p| format!("{} {}", p.name, crate::sqlgen::param_sql_type(p.ty)))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(text(&format!("SELECT pg_get_function_identity_arguments({oid})")), args);
        assert_eq!(text(&format!("SELECT pg_get_function_result({oid})")), crate::sqlgen::catalog_result(def));
        // The row type keeps the columns' type modifiers, and so does CREATE TABLE AS.
        let attrs = |rel: &str| {
            text(&format!(
                "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                 FROM pg_attribute WHERE attrelid = {}::regclass AND attnum > 0 AND NOT attisdropped",
                literal(rel)
            ))
        };
        assert_eq!(attrs(&crate::sqlgen::row_type(def)), crate::sqlgen::catalog_columns(def));
        if !def.reads() {
            let call = format!("{}({})", def.function, if def.name == "transactions" { "3, 1" } else { "100, 1" });
            Spi::run(&format!("CREATE TEMP TABLE ctas AS SELECT * FROM {call}")).unwrap();
            assert_eq!(attrs("ctas"), crate::sqlgen::catalog_columns(def), "{call}");
            Spi::run("DROP TABLE ctas").unwrap();
        }
        let required = def.params.iter().filter(|p| p.default == synth_core::schema::Default::Required).count();
        assert_eq!(
            int(&format!("SELECT pronargdefaults::bigint FROM pg_proc WHERE oid = {oid}")),
            (def.params.len() - required) as i64
        );
        for f in [def.function.to_string(), crate::sqlgen::rows_function(def)] {
            let q = format!(
                "SELECT provolatile::text || proparallel::text || proisstrict::text || proretset::text
                 FROM pg_proc WHERE proname = {}",
                literal(&f)
            );
            if def.reads() {
                assert_eq!(text(&q), "vufalsetrue", "{f}: VOLATILE PARALLEL UNSAFE, not strict, returns a set");
            } else {
                assert_eq!(text(&q), "isfalsetrue", "{f}: IMMUTABLE PARALLEL SAFE, not strict, returns a set");
            }
            let c = format!("SELECT obj_description(oid, 'pg_proc') FROM pg_proc WHERE proname = {}", literal(&f));
            assert!(one::<String>(&c).is_some_and(|c| c.len() > 20), "{f} has a comment");
        }
    }
    assert!(one::<String>("SELECT obj_description('synth_version()'::regprocedure, 'pg_proc')").is_some());
}

#[pg_test]
fn every_core_table_has_its_function() {
    for t in synth_core::TABLES {
        assert_eq!(
            int(&format!("SELECT count(*) FROM pg_proc WHERE proname = {}", literal(t.function))),
            1,
            "{} is installed",
            t.function
        );
    }
}

#[pg_test]
fn row_counts_with_and_without_duplicates() {
    assert_eq!(int("SELECT count(*) FROM synth_customers(1000)"), 1000);
    assert_eq!(int("SELECT count(*) FROM synth_customers(0)"), 0);
    // n + round(duplicates * n)
    assert_eq!(int("SELECT count(*) FROM synth_customers(1000, duplicates => 0.1)"), 1100);
    assert_eq!(int("SELECT count(*) FROM synth_customers(999, duplicates => 0.05)"), 999 + 50);
    assert_eq!(int("SELECT count(*) FROM synth_customers(1, duplicates => 1.0)"), 2);
    // Duplicates are exact copies of customers: n distinct ids, n distinct rows.
    assert_eq!(int("SELECT count(DISTINCT customer_id) FROM synth_customers(1000, duplicates => 0.1)"), 1000);
    assert_eq!(int("SELECT count(*) FROM (SELECT DISTINCT * FROM synth_customers(1000, duplicates => 0.1)) s"), 1000);
    assert_eq!(int("SELECT count(DISTINCT customer_id) FROM synth_customers(1000)"), 1000);
}

#[pg_test]
fn missing_counts_are_exact() {
    for (n, rate) in [(1000_i64, 0.1_f64), (1005, 0.1), (777, 0.33), (100, 0.0), (100, 1.0), (1, 0.5)] {
        let want = (rate * n as f64).round() as i64;
        let q = format!(
            "SELECT count(*) FILTER (WHERE gender IS NULL) FROM synth_customers({n}, missing_gender => {rate:?})"
        );
        assert_eq!(int(&q), want, "{q}");
        let q = format!(
            "SELECT count(*) FILTER (WHERE address IS NULL AND city IS NULL AND state IS NULL AND zip IS NULL)
             FROM synth_customers({n}, missing_address => {rate:?})"
        );
        assert_eq!(int(&q), want, "{q}");
        // The address columns are missing together or not at all.
        let q = format!(
            "SELECT count(*) FROM synth_customers({n}, missing_address => {rate:?})
             WHERE num_nulls(address, city, state, zip) NOT IN (0, 4)"
        );
        assert_eq!(int(&q), 0, "{q}");
    }
    // Defaults: 10% each. With duplicates, the counts hold over the n distinct customers.
    assert_eq!(int("SELECT count(*) FILTER (WHERE gender IS NULL) FROM synth_customers(10000)"), 1000);
    let distinct = "(SELECT DISTINCT ON (customer_id) * FROM synth_customers(2000, missing_gender => 0.25,
                     missing_address => 0.05, duplicates => 0.3) ORDER BY customer_id) s";
    assert_eq!(int(&format!("SELECT count(*) FROM {distinct}")), 2000);
    assert_eq!(int(&format!("SELECT count(*) FILTER (WHERE gender IS NULL) FROM {distinct}")), 500);
    assert_eq!(int(&format!("SELECT count(*) FILTER (WHERE zip IS NULL) FROM {distinct}")), 100);
}

#[pg_test]
fn errors_carry_sqlstates_and_name_the_argument() {
    let cases = [
        ("SELECT * FROM synth_customers(-1)", "22023", "synth_customers: invalid argument n"),
        (
            "SELECT * FROM synth_customers(10, missing_gender => 1.5)",
            "22023",
            "synth_customers: invalid argument missing_gender: must be a rate between 0 and 1, got 1.5",
        ),
        ("SELECT * FROM synth_customers(10, missing_address => -0.1)", "22023", "invalid argument missing_address"),
        ("SELECT * FROM synth_customers(10, duplicates => 'NaN')", "22023", "invalid argument duplicates"),
        ("SELECT * FROM synth_customers(10, missing_gender => 'NaN')", "22023", "got NaN"),
        ("SELECT * FROM synth_customers(10, seed => NULL)", "22004", "synth_customers: invalid argument seed: must not be NULL"),
        ("SELECT * FROM synth_customers(NULL)", "22004", "invalid argument n"),
        ("SELECT * FROM synth_customers(10, as_of => NULL)", "22004", "invalid argument as_of"),
        ("SELECT * FROM synth_customers(10, as_of => 'infinity')", "22023", "invalid argument as_of"),
        ("SELECT * FROM synth_customers(10, first => -1)", "22023", "invalid argument first"),
        ("SELECT * FROM synth_customers(10, count => -1)", "22023", "invalid argument count"),
        ("SELECT * FROM synth_customers(2000000000)", "54000", "synth_customers: limit exceeded for n"),
        // The row source directly, and in a select list: same errors.
        ("SELECT * FROM synth_customers_rows(-1, 42, 0.1, 0.1, 0, '2026-01-01', 0, NULL)", "22023", "invalid argument n"),
        ("SELECT synth_customers(10, missing_gender => 2)", "22023", "invalid argument missing_gender"),
    ];
    for (q, state, msg) in cases {
        let got = outcome(q);
        assert!(got.starts_with(&format!("{state}: ")), "{q}: expected SQLSTATE {state}, got {got}");
        assert!(got.contains(msg), "{q}: expected message containing {msg:?}, got {got}");
    }
    // NULL count means "to the end of the table".
    assert_eq!(int("SELECT count(*) FROM synth_customers(10, count => NULL)"), 10);
}

#[pg_test]
fn named_arguments() {
    assert_eq!(int("SELECT count(*) FROM synth_customers(1000, seed => 7, duplicates => 0.1)"), 1100);
    assert_eq!(
        digest("synth_customers(1000, seed => 7, duplicates => 0.1)"),
        digest("synth_customers(1000, 7, 0.1, 0.1, 0.1, '2026-01-01', 0, NULL)")
    );
    assert_eq!(
        digest("synth_customers(n => 50, as_of => '2030-06-15', seed => -3)"),
        digest("synth_customers(50, -3, as_of => date '2030-06-15')")
    );
}

#[pg_test]
fn deterministic_per_seed() {
    assert_eq!(digest("synth_customers(500, 9)"), digest("synth_customers(500, 9)"));
    assert_ne!(digest("synth_customers(500, 9)"), digest("synth_customers(500, 10)"));
}

#[pg_test]
fn limit_stops_generation() {
    let t = std::time::Instant::now();
    assert_eq!(int("SELECT count(*) FROM (SELECT * FROM synth_customers(100000000, 1) LIMIT 5) s"), 5);
    let elapsed = t.elapsed();
    assert!(elapsed.as_secs_f64() < 2.0, "LIMIT 5 over 100,000,000 rows took {elapsed:?}");
    // The public function is inlined: the row source runs in a ProjectSet, not a Function Scan
    // (which would materialize all rows before the first one comes out).
    let plan = column("EXPLAIN (COSTS OFF) SELECT * FROM synth_customers(100000000, 1) LIMIT 5").join("\n");
    assert!(plan.contains("ProjectSet") && !plan.contains("Function Scan"), "plan:\n{plan}");
}

#[pg_test]
fn slices_equal_the_rows_of_the_full_call() {
    for dup in ["0.0", "0.2"] {
        let full = format!("(SELECT * FROM synth_customers(3000, 42, duplicates => {dup}) LIMIT 500 OFFSET 1234)");
        let slice = format!("synth_customers(3000, 42, duplicates => {dup}, first => 1234, count => 500)");
        assert_eq!(digest(&full), digest(&slice), "duplicates {dup}");
        let total = if dup == "0.0" { 3000 } else { 3600 };
        let tail = format!("synth_customers(3000, 42, duplicates => {dup}, first => {})", total - 7);
        assert_eq!(int(&format!("SELECT count(*) FROM {tail}")), 7);
    }
    assert_eq!(int("SELECT count(*) FROM synth_customers(100, first => 100)"), 0);
    assert_eq!(int("SELECT count(*) FROM synth_customers(100, first => 1000000, count => 5)"), 0);
    assert_eq!(int("SELECT count(*) FROM synth_customers(100, count => 0)"), 0);
}

#[pg_test]
fn copy_csv_equals_the_golden_file() {
    let got = copy_csv("SELECT * FROM synth_customers(100, 42)");
    if got != GOLDEN {
        let line = got.lines().zip(GOLDEN.lines()).position(|(a, b)| a != b);
        panic!("COPY output differs from tests/golden/customers_n100_seed42.csv (first differing line: {line:?})");
    }
}

#[pg_test]
fn same_rows_as_the_core() {
    let as_of = Date::parse("2030-06-15").unwrap();
    let want = core_csv(
        "customers",
        &[
            Arg::Int(300),
            Arg::Int(-7),
            Arg::Float(0.3),
            Arg::Float(0.2),
            Arg::Float(0.1),
            Arg::Date(as_of),
            Arg::Int(10),
            Arg::Int(250),
        ],
    );
    let got = copy_csv(
        "SELECT * FROM synth_customers(300, seed => -7, missing_gender => 0.3, missing_address => 0.2,
         duplicates => 0.1, as_of => '2030-06-15', first => 10, count => 250)",
    );
    assert_eq!(got, want);
}

#[pg_test]
fn every_calling_style_works() {
    // Not inlined (WITH ORDINALITY), select list, the row source itself, lateral rescans.
    assert_eq!(int("SELECT count(*) FROM synth_customers(10) WITH ORDINALITY"), 10);
    assert_eq!(int("SELECT sum((c).customer_id)::bigint FROM (SELECT synth_customers(4) AS c) s"), 10);
    assert_eq!(
        int("SELECT count(*) FROM synth_customers_rows(10, 42, 0.1, 0.1, 0, '2026-01-01', 0, NULL)"),
        10
    );
    assert_eq!(int("SELECT count(*) FROM generate_series(1, 4) g, LATERAL synth_customers(g) c"), 10);
    assert_eq!(
        digest("synth_customers(20, 5)"),
        digest("(SELECT c.* FROM generate_series(1, 1) g, LATERAL synth_customers(20, 5) c)")
    );
    // An early stop and a new call in the same statement.
    assert_eq!(
        int("SELECT count(*) FROM generate_series(1, 3) g, LATERAL (SELECT * FROM synth_customers(1000000) LIMIT 2) c"),
        6
    );
}

#[pg_test]
fn balances_top_fifth_holds_about_80_percent() {
    let share = one::<f64>(
        "SELECT (sum(account_balance) FILTER (WHERE rk <= 2000) / sum(account_balance))::float8
         FROM (SELECT account_balance, row_number() OVER (ORDER BY account_balance DESC) rk
               FROM synth_customers(10000, 42)) s",
    )
    .unwrap();
    assert!((share - 0.80).abs() <= 0.01, "top 20% hold {share}");
}

#[pg_test]
fn bad_declarations_raise_errors_instead_of_crashing() {
    // The C row source checks who calls it and how it is declared before reading anything.
    Spi::run(
        "CREATE FUNCTION tests.not_a_table_rows(n bigint) RETURNS TABLE (x bigint)
         LANGUAGE c AS '$libdir/synth', 'synth_table_rows';
         CREATE FUNCTION tests.synth_customers_rows(n bigint) RETURNS TABLE (x bigint)
         LANGUAGE c AS '$libdir/synth', 'synth_table_rows';
         CREATE FUNCTION tests.synth_sales_rows(bigint, bigint, double precision, double precision,
             double precision, date, bigint, bigint) RETURNS TABLE (x bigint)
         LANGUAGE c AS '$libdir/synth', 'synth_table_rows';
         CREATE FUNCTION tests.synth_people_rows(bigint) RETURNS bigint
         LANGUAGE c AS '$libdir/synth', 'synth_table_rows';",
    )
    .unwrap();
    let cases = [
        ("SELECT * FROM tests.not_a_table_rows(5)", "42883"),
        ("SELECT * FROM tests.synth_customers_rows(5)", "XX000"),
        ("SELECT * FROM tests.synth_sales_rows(5, 1, 0.1, 0.1, 0, '2026-01-01', 0, NULL)", "XX000"),
        ("SELECT tests.synth_people_rows(5)", "0A000"),
    ];
    for (q, state) in cases {
        let got = outcome(q);
        assert!(got.starts_with(&format!("{state}: ")), "{q}: expected SQLSTATE {state}, got {got}");
    }
    // The backend is still alive and the real functions work.
    assert_eq!(int("SELECT count(*) FROM synth_customers(3)"), 3);
}

#[pg_test]
fn every_table_returns_the_cores_rows() {
    for def in synth_core::TABLES.iter().filter(|d| !d.reads()) {
        let want = core_csv(def.name, &[Arg::Int(40), Arg::Int(11)]);
        // COPY writes booleans as t/f; the core's canonical text is true/false.
        let cols = def
            .columns
            .iter()
            .map(|c| match c.ty {
                synth_core::LType::Bool => format!("{0}::text AS {0}", c.name),
                _ => c.name.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let got = copy_csv(&format!("SELECT {cols} FROM {}(40, 11)", def.function));
        assert_eq!(got, want, "{}", def.function);
    }
}

#[pg_test]
fn the_generator_thread_changes_no_row() {
    // Calls of 4096 rows or more generate on a second thread (synth.generator_thread, on by
    // default): their rows are the core's, and those of the backend's own thread.
    assert_eq!(text("SHOW synth.generator_thread"), "on");
    let want = core_csv("customers", &[Arg::Int(20000), Arg::Int(5)]);
    let got = copy_csv("SELECT * FROM synth_customers(20000, 5)");
    assert!(got == want, "synth_customers(20000, 5) differs from the core's rows");
    for def in synth_core::TABLES.iter().filter(|d| d.slices()) {
        // LIMIT also stops the thread early, mid-table.
        let call = format!("(SELECT * FROM {}(5000, 11) LIMIT 30000)", def.function);
        let ahead = digest(&call);
        Spi::run("SET synth.generator_thread = off").expect("SET");
        let inline = digest(&call);
        Spi::run("RESET synth.generator_thread").expect("RESET");
        assert_eq!(ahead, inline, "{}", def.function);
    }
    assert_eq!(
        outcome("SET synth.no_such_setting = 1").split(':').next(),
        Some("42602"),
        "synth.* is a reserved prefix: a misspelt setting is an error"
    );
}

#[pg_test]
fn rows_kept_by_the_executor_are_intact() {
    // Each row's values live until the next row is generated: every node that keeps rows
    // (sort, hash, tuplestore, aggregate state) must have copied them intact.
    let natural = digest("synth_customers(500, 3, duplicates => 0.1)");
    let sorted = text(
        "SELECT md5(string_agg(r::text, E'\\n' ORDER BY k)) FROM (
           SELECT t AS r, row_number() OVER () AS k
           FROM synth_customers(500, 3, duplicates => 0.1) t ORDER BY random()) s",
    );
    assert_eq!(natural, sorted, "sort + window");
    let rows = "synth_customers_rows(500, 3, 0.1, 0.1, 0.1, '2026-01-01', 0, NULL)";
    let aggregated = text(&format!(
        "SELECT md5(string_agg(x::text, E'\\n')) FROM
           (SELECT unnest(array_agg(r)) AS x FROM (SELECT {rows} AS r) s) u"
    ));
    assert_eq!(natural, aggregated, "array_agg of whole rows");
    let materialized = text(&format!(
        "WITH m AS MATERIALIZED (SELECT {rows} AS r) SELECT md5(string_agg(r::text, E'\\n')) FROM m"
    ));
    assert_eq!(natural, materialized, "materialized CTE");
    assert_eq!(
        int("SELECT count(*) FROM synth_customers(3000, 3) a JOIN synth_customers(3000, 3) b
             USING (customer_id, email, password_hash, account_balance)"),
        3000,
        "hash join"
    );
    assert_eq!(
        int("SELECT count(*) FROM (SELECT DISTINCT * FROM synth_customers(3000, 3, duplicates => 0.2)) s"),
        3000,
        "hashed DISTINCT"
    );
}

#[pg_test]
fn scalar_sale_matches_the_sales_table() {
    Spi::run("CREATE TEMP TABLE sc AS SELECT * FROM synth_customers(2000, 42)").unwrap();
    let mismatches = int(
        "SELECT count(*) FROM synth_sales(2000, 42, intensities => '{0,0.5,1}') s JOIN sc c USING (customer_id) \
         WHERE s.sales <> synth_sale(c.age, c.account_balance, s.intensity, 42, c.customer_id) \
            OR s.age <> c.age OR s.account_balance <> c.account_balance",
    );
    assert_eq!(mismatches, 0);
    assert_eq!(int("SELECT count(*) FROM synth_sales(2000, 42, intensities => '{0,0.5,1}')"), 6000);
    // The form: customers already in a table, intensities from an array.
    assert_eq!(
        int("SELECT count(*) FROM sc c CROSS JOIN unnest('{0,0.5,1}'::float8[]) i \
             WHERE synth_sale(c.age, c.account_balance, i, 42, c.customer_id) IS NOT NULL"),
        6000
    );
    assert!(outcome("SELECT synth_sale(30, 10.0, 0.5, 42, 1, sigma => -1)").starts_with("22023: synth_sale: invalid argument sigma"));
    assert!(outcome("SELECT synth_sale(30, 'NaN', 0.5, 42, 1)").starts_with("22023"));
    assert!(outcome("SELECT * FROM synth_sales(10, 1, intensities => '{}')").starts_with("22023"));
    assert!(outcome("SELECT * FROM synth_sales(10, 1, target_lo => 40, target_hi => 30)").starts_with("22023"));
}
