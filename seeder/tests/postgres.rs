//! `seeder export --db postgres://...` against a real server with the synth extension.
//! Each test is skipped (with a note) unless SYNTH_TEST_PG_URL is set, e.g.
//! `SYNTH_TEST_PG_URL=postgres://postgres@127.0.0.1:28815/postgres cargo test -p seeder`.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Float64Type, Int64Type};
use arrow_array::Array;
use arrow_schema::DataType;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn pg_url() -> Option<String> {
    match std::env::var("SYNTH_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => {
            // The extension is installed by the test command; make sure it exists in this db.
            let mut c = postgres::Client::connect(&u, postgres::NoTls)
                .expect("connect to SYNTH_TEST_PG_URL");
            if let Err(e) = c.batch_execute("CREATE EXTENSION IF NOT EXISTS synth") {
                // Tests run in parallel: another may have created it at the same moment.
                let n: i64 = c
                    .query_one(
                        "SELECT count(*) FROM pg_extension WHERE extname = 'synth'",
                        &[],
                    )
                    .expect("query pg_extension")
                    .get(0);
                assert_eq!(n, 1, "CREATE EXTENSION synth: {e}");
            }
            Some(u)
        }
        _ => {
            eprintln!("skipped: set SYNTH_TEST_PG_URL=postgres://... to run the PostgreSQL tests");
            None
        }
    }
}

#[test]
fn pg_customers_csv_matches_the_embedded_engine() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let out = p(d.path(), "pg.csv");
    ok(&[
        "export",
        "--db",
        &url,
        "-q",
        "SELECT * FROM synth_customers(500, 42)",
        "-o",
        s(&out),
    ]);
    let gen = ok(&["generate", "customers", "--rows", "500", "--seed", "42"]);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        gen.stdout,
        "Postgres and the core give the same bytes"
    );
}

#[test]
fn pg_types_to_parquet_and_xlsx() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let q = "SELECT 1::int2 AS a, 2::int4 AS b, 3::int8 AS c, 1.5::float8 AS f, 12.345::numeric(12,2) AS m, \
             avg(x)::numeric AS avg_x, 'x'::text AS t, 'v'::varchar(3) AS v, DATE '2024-02-29' AS d, true AS ok, \
             NULL::text AS n, NULL::date AS nd \
             FROM (VALUES (1), (2)) AS v(x)";
    let pq = p(d.path(), "t.parquet");
    ok(&["export", "--db", &url, "-q", q, "-o", s(&pq)]);
    let f = std::fs::File::open(&pq).unwrap();
    let b = ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let schema = b.schema();
    let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
    for c in ["a", "b", "c"] {
        assert_eq!(ty(c), DataType::Int64, "{c}");
    }
    assert_eq!(ty("f"), DataType::Float64);
    assert_eq!(ty("m"), DataType::Decimal128(18, 2));
    assert_eq!(
        ty("avg_x"),
        DataType::Float64,
        "unconstrained numeric is float64"
    );
    assert_eq!(ty("t"), DataType::Utf8);
    assert_eq!(ty("v"), DataType::Utf8);
    assert_eq!(ty("d"), DataType::Date32);
    assert_eq!(ty("ok"), DataType::Boolean);
    assert_eq!(
        b.column_by_name("a")
            .unwrap()
            .as_primitive::<Int64Type>()
            .value(0),
        1
    );
    assert_eq!(
        b.column_by_name("m")
            .unwrap()
            .as_primitive::<Decimal128Type>()
            .value(0),
        1235
    );
    assert_eq!(
        b.column_by_name("avg_x")
            .unwrap()
            .as_primitive::<Float64Type>()
            .value(0),
        1.5
    );
    assert_eq!(
        b.column_by_name("d")
            .unwrap()
            .as_primitive::<Date32Type>()
            .value(0),
        19_782
    );
    assert!(b.column_by_name("ok").unwrap().as_boolean().value(0));
    assert!(b.column_by_name("n").unwrap().is_null(0));
    assert!(b.column_by_name("nd").unwrap().is_null(0));

    let x = p(d.path(), "t.xlsx");
    ok(&["export", "--db", &url, "-q", q, "-o", s(&x)]);
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    let r = wb.worksheet_range("query").unwrap();
    match r.get((1, 8)) {
        Some(Data::DateTime(dt)) => assert_eq!(dt.as_f64(), excel_serial(2024, 2, 29)),
        other => panic!("date cell expected, got {other:?}"),
    }
    assert_eq!(r.get((1, 4)), Some(&Data::Float(12.35)));
    assert_eq!(r.get((1, 9)), Some(&Data::Bool(true)));
    assert_eq!(r.get((1, 10)), Some(&Data::Empty));
}

#[test]
fn pg_synth_money_and_dates_are_typed() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let pq = p(d.path(), "c.parquet");
    ok(&[
        "export",
        "--db",
        &url,
        "-q",
        "synth_customers(100, 7)",
        "-o",
        s(&pq),
    ]);
    let f = std::fs::File::open(&pq).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    let schema = builder.schema().clone();
    assert_eq!(
        schema
            .field_with_name("account_balance")
            .unwrap()
            .data_type(),
        &DataType::Decimal128(18, 2)
    );
    assert_eq!(
        schema
            .field_with_name("credit_card_expiry")
            .unwrap()
            .data_type(),
        &DataType::Date32
    );
    assert_eq!(
        schema.field_with_name("age").unwrap().data_type(),
        &DataType::Int64
    );
    let rows: usize = builder
        .build()
        .unwrap()
        .map(|b| b.unwrap().num_rows())
        .sum();
    assert_eq!(rows, 100);
}

#[test]
fn pg_errors_and_read_only() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let out = p(d.path(), "x.csv");
    fails(
        &[
            "export",
            "--db",
            &url,
            "-q",
            "SELECT * FROM no_such_table",
            "-o",
            s(&out),
        ],
        &["relation \"no_such_table\" does not exist"],
    );
    fails(
        &["export", "--db", &url, "-q", "SELEC 1", "-o", s(&out)],
        &["syntax error"],
    );
    fails(
        &[
            "export",
            "--db",
            &url,
            "-q",
            "DROP TABLE IF EXISTS seeder_nope",
            "-o",
            s(&out),
        ],
        &["DROP TABLE", "--allow-write"],
    );
    fails(
        &[
            "export",
            "--db",
            &url,
            "-q",
            "SELECT * INTO seeder_nope FROM generate_series(1, 3)",
            "-o",
            s(&out),
        ],
        &["INTO"],
    );
    // The transaction is READ ONLY too: a write hidden in a function call is refused by the server.
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute("CREATE SEQUENCE IF NOT EXISTS seeder_test_seq")
        .unwrap();
    fails(
        &[
            "export",
            "--db",
            &url,
            "-q",
            "SELECT nextval('seeder_test_seq')",
            "-o",
            s(&out),
        ],
        &["read-only transaction"],
    );
    // ... unless --allow-write.
    let o = ok(&[
        "export",
        "--db",
        &url,
        "--allow-write",
        "-q",
        "SELECT nextval('seeder_test_seq') > 0 AS ok",
        "-o",
        "-",
        "-f",
        "csv",
    ]);
    assert_eq!(stdout(&o), "ok\ntrue\n");
    fails(
        &[
            "export",
            "--db",
            &url,
            "-q",
            "SELECT '[1]'::jsonb AS j",
            "-o",
            s(&out),
        ],
        &["jsonb", "cast"],
    );
    assert_dir_has(d.path(), &[]);
}

#[test]
fn pg_streams_many_rows() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let out = p(d.path(), "many.csv");
    ok(&[
        "export",
        "--db",
        &url,
        "-q",
        "SELECT g AS n, g * 0.5 AS half FROM generate_series(1, 200000) g",
        "-o",
        s(&out),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 200_001);
    assert_eq!(text.lines().nth(200_000), Some("200000,100000"));
}

#[test]
fn pg_sales_sheet() {
    let Some(url) = pg_url() else { return };
    if !has_sales() {
        eprintln!("skipped: no synth_sales yet");
        return;
    }
    let d = tmp();
    let x = p(d.path(), "sales.xlsx");
    ok(&[
        "export",
        "--db",
        &url,
        "-q",
        "SELECT * FROM synth_sales(200, 42)",
        "-o",
        s(&x),
        "--chart",
    ]);
    let mut wb: Xlsx<_> = open_workbook(&x).unwrap();
    assert_eq!(wb.sheet_names(), vec!["sales", "sales means"]);
    let r = wb.worksheet_range("sales").unwrap();
    assert_eq!(r.height(), 1001);
    assert!(matches!(r.get((1, 2)), Some(Data::Bool(_))));
}

/// A fresh database `name` on the test server; returns its URL.
fn fresh_db(url: &str, name: &str) -> String {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A SQLite value as text (NULL and blobs as None), for comparing with PostgreSQL's text.
fn lite_text(v: rusqlite::types::Value) -> Option<String> {
    match v {
        rusqlite::types::Value::Null | rusqlite::types::Value::Blob(_) => None,
        rusqlite::types::Value::Integer(v) => Some(v.to_string()),
        rusqlite::types::Value::Real(v) => Some(v.to_string()),
        rusqlite::types::Value::Text(v) => Some(v),
    }
}

/// Every table's rows as text, sorted, for comparing two databases.
fn pg_dump(url: &str) -> Vec<(String, Vec<String>)> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let tables: Vec<String> = c
        .query(
            "SELECT relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE relkind = 'r' AND nspname = 'public' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let rows = c
                .query(
                    &format!("SELECT t::text FROM ONLY \"{t}\" t ORDER BY 1"),
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get::<_, String>(0))
                .collect();
            (t, rows)
        })
        .collect()
}

#[test]
fn pg_fill_public_schemas_with_every_constraint() {
    let Some(url) = pg_url() else { return };
    for (name, file, rows) in [
        (
            "synth_fill_chinook",
            "chinook/Chinook_PostgreSql.sql",
            "invoice_line=3000,track=800",
        ),
        (
            "synth_fill_sakila",
            "sakila/postgres-sakila-schema.sql",
            "rental=2000,payment=1000,film=300",
        ),
    ] {
        // Into an empty database: the tables (and types, domains, sequences) come from the DDL,
        // the rows in one transaction with every foreign key, CHECK and UNIQUE enforced.
        let db = fresh_db(&url, name);
        let schema = schema(file);
        let o = ok(&[
            "fill", "--schema", &schema, "--rows", rows, "--seed", "7", "--db", &db,
        ]);
        assert!(stderr(&o).contains("seeder: filled"), "{}", stderr(&o));
        let got = pg_dump(&db);
        assert!(got.len() >= 10, "{name}: {got:?}");
        for (t, r) in &got {
            assert!(!r.is_empty(), "{name}: table {t} was filled");
        }
        // The constraints are the schema's own: count the foreign keys PostgreSQL enforced.
        let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        let fks: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f'",
                &[],
            )
            .unwrap()
            .get(0);
        assert!(fks >= 10, "{name}: {fks} foreign keys");
        let deferrable: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND condeferrable",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(
            deferrable, 0,
            "{name}: the foreign keys are restored as they were"
        );
        // Values plausible for their column names, as in the SQLite tests: customers' emails are
        // unique, well formed and made from their own names; first names are real first names;
        // Chinook's city, state and postal code are one real ZIP's.
        let bad: i64 = c
            .query_one(
                "SELECT count(*) FROM customer WHERE email IS NOT NULL AND (
                   email !~ '^[a-z0-9._+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$'
                   OR left(email, 1) NOT IN (left(lower(first_name), 1), left(lower(last_name), 1)))",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(bad, 0, "{name}: customer emails from the customer's name");
        let dup: i64 = c
            .query_one(
                "SELECT count(email) - count(DISTINCT email) FROM customer",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(dup, 0, "{name}: unique customer emails");
        let d = synth_core::data::data();
        let firsts: std::collections::HashSet<String> = d
            .first_by_gender
            .iter()
            .flatten()
            .map(|f| f.to_lowercase())
            .collect();
        for r in c
            .query("SELECT first_name::text FROM customer", &[])
            .unwrap()
        {
            let f: String = r.get(0);
            assert!(
                firsts.contains(&f.to_lowercase()),
                "{name}: {f} is not a first name of the reference data"
            );
        }
        if name == "synth_fill_chinook" {
            let zips: std::collections::HashMap<&str, (&str, &str)> =
                d.zips.iter().map(|z| (z.zip, (z.city, z.state))).collect();
            for r in c
                .query("SELECT city, state, postal_code FROM customer", &[])
                .unwrap()
            {
                let (ci, st, z): (String, String, String) = (r.get(0), r.get(1), r.get(2));
                let (zc, zs) = zips.get(z.as_str()).expect("a real ZIP");
                assert!(zc.starts_with(&ci) && *zs == st, "{name}: {ci}, {st} {z}");
            }
        }
        // The same seed gives the same rows into a database whose schema is already there.
        let again = fresh_db(&url, &format!("{name}_again"));
        let mut c2 = postgres::Client::connect(&again, postgres::NoTls).unwrap();
        let ddl = migration(&schema);
        c2.batch_execute(&ddl).unwrap();
        ok(&[
            "fill", "--schema", &schema, "--rows", rows, "--seed", "7", "--db", &again, "--quiet",
        ]);
        let same = |other: &[(String, Vec<String>)], what: &str| {
            assert_eq!(other.len(), got.len(), "{name}: the same tables ({what})");
            for (a, b) in other.iter().zip(&got) {
                assert!(a == b, "{name}: table {} differs ({what})", a.0);
            }
        };
        same(&pg_dump(&again), "a fill into an existing schema");
        if name == "synth_fill_chinook" {
            // The INSERT statements of --output, run into the same empty schema.
            let d = tmp();
            let sql = p(d.path(), "seed.sql");
            ok(&[
                "fill",
                "--schema",
                &schema,
                "--rows",
                rows,
                "--seed",
                "7",
                "--dialect",
                "postgres",
                "-o",
                s(&sql),
                "--quiet",
            ]);
            let third = fresh_db(&url, "synth_fill_chinook_sql");
            let mut c3 = postgres::Client::connect(&third, postgres::NoTls).unwrap();
            c3.batch_execute(&ddl).unwrap();
            c3.batch_execute(&std::fs::read_to_string(&sql).unwrap())
                .unwrap();
            same(&pg_dump(&third), "--output run with psql");
            // synth_fill inside the database, table by table, parents first: parents are read
            // from the tables in key order, so the rows are again the seeder's.
            let fourth = fresh_db(&url, "synth_fill_chinook_indb");
            let mut c4 = postgres::Client::connect(&fourth, postgres::NoTls).unwrap();
            c4.batch_execute(&ddl).unwrap();
            c4.batch_execute("CREATE EXTENSION synth").unwrap();
            let tables: Vec<(&str, i64)> = [
                "artist",
                "album",
                "genre",
                "media_type",
                "track",
                "employee",
                "customer",
                "invoice",
                "invoice_line",
                "playlist",
                "playlist_track",
            ]
            .into_iter()
            .map(|t| match t {
                "track" => (t, 800),
                "invoice_line" => (t, 3000),
                _ => (t, 100),
            })
            .collect();
            pg_fill_tables(&mut c4, &tables, 7);
            same(&pg_dump(&fourth), "synth_fill in the database");
        }
    }
}

/// A schema file as a migration would run it: psql meta-commands aside, and without Sakila's
/// last_update triggers (they would stamp the rows with the wall clock).
fn migration(schema: &str) -> String {
    let mut ddl = String::new();
    for s in std::fs::read_to_string(schema).unwrap().split(";\n") {
        let stmt = s.trim_start();
        if !stmt.starts_with('\\') && !stmt.contains("CREATE TRIGGER") {
            ddl.push_str(s);
            ddl.push_str(";\n");
        }
    }
    ddl
}

/// `synth_fill` of each `(table, n)` in order, each call returning its n.
fn pg_fill_tables(c: &mut postgres::Client, tables: &[(&str, i64)], seed: i64) {
    for &(t, n) in tables {
        let got: i64 = c
            .query_one("SELECT synth_fill($1, $2, seed => $3)", &[&t, &n, &seed])
            .unwrap()
            .get(0);
        assert_eq!(got, n, "{t}");
    }
}

/// The SQLSTATE and message of a statement that must fail.
fn pg_error(c: &mut postgres::Client, sql: &str) -> (String, String) {
    let e = c.batch_execute(sql).expect_err(sql);
    let db = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
    (db.code().code().to_string(), db.message().to_string())
}

#[test]
fn pg_synth_fill_appends_checks_rights_and_refuses_bad_input() {
    let Some(url) = pg_url() else { return };
    let db = fresh_db(&url, "synth_fill_indb_sakila");
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    c.batch_execute(&migration(&schema("sakila/postgres-sakila-schema.sql")))
        .unwrap();
    c.batch_execute("CREATE EXTENSION synth").unwrap();
    // Sakila outside its store <-> staff cycle: enums, domains, arrays, tsvector, CHECKs.
    pg_fill_tables(
        &mut c,
        &[
            ("actor", 50),
            ("category", 16),
            ("language", 6),
            ("film", 200),
            ("film_actor", 600),
            ("film_category", 200),
            ("country", 20),
            ("city", 100),
            ("address", 150),
        ],
        42,
    );
    let q = |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(q(&mut c, "SELECT count(*) FROM film_actor"), 600);
    // A second call appends: keys after the rows there, with another seed too.
    c.batch_execute("SELECT synth_fill('actor', 25, 99)")
        .unwrap();
    assert_eq!(
        q(
            &mut c,
            "SELECT count(DISTINCT actor_id) FILTER (WHERE actor_id > 50) FROM actor"
        ),
        25
    );
    // VOLATILE, not parallel safe, and run with the caller's rights.
    let (vol, par, secdef): (String, String, bool) = {
        let r = c
            .query_one(
                "SELECT provolatile::text, proparallel::text, prosecdef FROM pg_proc WHERE proname = 'synth_fill'",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!((vol.as_str(), par.as_str(), secdef), ("v", "u", false));
    c.batch_execute(
        "DROP ROLE IF EXISTS synth_reader; CREATE ROLE synth_reader;
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO synth_reader",
    )
    .unwrap();
    let before = pg_dump(&db);
    let (code, msg) = pg_error(
        &mut c,
        "SET ROLE synth_reader; SELECT synth_fill('actor', 5); RESET ROLE",
    );
    assert_eq!(code, "42501", "{msg}");
    c.batch_execute("RESET ROLE").unwrap();
    // INSERT and SELECT are enough, as for a plain INSERT into an identity column: the
    // sequence is moved past the new keys only by a caller allowed to (here the owner, later).
    c.batch_execute(
        "CREATE TABLE members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           email varchar(80) NOT NULL UNIQUE);
         DROP ROLE IF EXISTS synth_writer; CREATE ROLE synth_writer;
         GRANT INSERT, SELECT ON members TO synth_writer;
         SET ROLE synth_writer; SELECT synth_fill('members', 5); RESET ROLE;
         SELECT synth_fill('members', 3)",
    )
    .unwrap();
    assert_eq!(q(&mut c, "SELECT count(DISTINCT id) FROM members"), 8);
    c.batch_execute("INSERT INTO members (email) VALUES ('owner@example.com')")
        .unwrap();
    c.batch_execute("DROP TABLE members; DROP ROLE synth_writer")
        .unwrap();
    c.batch_execute(
        "CREATE TABLE parent (id int PRIMARY KEY);
         CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent);
         CREATE TABLE odd (x int CHECK (x > 10 AND x < 5));
         CREATE VIEW actors AS SELECT * FROM actor",
    )
    .unwrap();
    let before_new = pg_dump(&db);
    for (sql, want_code, want) in [
        ("SELECT synth_fill('nope', 5)", "42P01", "nope"),
        (
            "SELECT synth_fill('actor', -1)",
            "22023",
            "must be 0 or more",
        ),
        (
            "SELECT synth_fill('actor', NULL)",
            "22004",
            "n must not be NULL",
        ),
        ("SELECT synth_fill('actors', 5)", "42809", "not a table"),
        (
            "SELECT synth_fill('child', 5)",
            "22023",
            "which is empty: fill it first",
        ),
        (
            "SELECT synth_fill('staff', 5)",
            "22023",
            "which is empty: fill it first",
        ),
        (
            "SELECT synth_fill('odd', 5)",
            "22023",
            "column x: its CHECK constraints",
        ),
    ] {
        let (code, msg) = pg_error(&mut c, sql);
        assert_eq!(code, want_code, "{sql}: {msg}");
        assert!(msg.contains(want), "{sql}: {msg}");
    }
    assert_eq!(pg_dump(&db), before_new);
    assert_eq!(before.len() + 3, before_new.len());
}

#[test]
fn pg_fill_errors_leave_the_database_unchanged() {
    let Some(url) = pg_url() else { return };
    let db = fresh_db(&url, "synth_fill_errors");
    let d = tmp();
    let schema = p(d.path(), "s.sql");
    std::fs::write(
        &schema,
        "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE);
         CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users,
           total numeric(8,2) CHECK (total > 0));",
    )
    .unwrap();
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    c.batch_execute(
        "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE);
         INSERT INTO users VALUES (1, 'taken@example.com')",
    )
    .unwrap();
    // users already holds id 1: the first INSERT fails, nothing stays (not even orders).
    let e = fails(
        &[
            "fill",
            "--schema",
            s(&schema),
            "--rows",
            "users=10,orders=10",
            "--db",
            &db,
        ],
        &["users"],
    );
    assert!(e.contains("duplicate key") || e.contains("unique"), "{e}");
    let n: i64 = c
        .query_one("SELECT count(*) FROM users", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    let orders: Option<String> = c
        .query_one("SELECT to_regclass('orders')::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        orders, None,
        "the table created for the fill was rolled back"
    );
    // With --append the same fill adds its rows after the one there.
    ok(&[
        "fill",
        "--schema",
        s(&schema),
        "--rows",
        "users=10,orders=10",
        "--db",
        &db,
        "--append",
        "--quiet",
    ]);
    let (n, lo, emails): (i64, i32, i64) = {
        let r = c
            .query_one(
                "SELECT count(*), min(id) FILTER (WHERE email <> 'taken@example.com'),
                        count(DISTINCT email) FROM users",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!((n, lo, emails), (11, 2, 11));
    let orders: i64 = c
        .query_one(
            "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(orders, 10);
    // A server that is not there, and a read-only transaction.
    fails(
        &[
            "fill",
            "--schema",
            s(&schema),
            "--db",
            "postgres://postgres@127.0.0.1:1/x",
        ],
        &["cannot connect"],
    );
    c.batch_execute("ALTER DATABASE synth_fill_errors SET default_transaction_read_only = on")
        .unwrap();
    fails(
        &[
            "fill",
            "--schema",
            s(&schema),
            "--rows",
            "users=1,orders=0",
            "--append",
            "--db",
            &db,
        ],
        &["read-only"],
    );
}

#[test]
fn pg_output_sets_the_links_of_a_cycle_by_update() {
    let Some(url) = pg_url() else { return };
    let db = fresh_db(&url, "synth_fill_cycle");
    let d = tmp();
    let schema = p(d.path(), "s.sql");
    let ddl = "CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL,
                 manager_id integer);
               CREATE TABLE employees (id integer PRIMARY KEY, first_name text NOT NULL,
                 department_id integer NOT NULL REFERENCES departments);
               ALTER TABLE departments ADD FOREIGN KEY (manager_id) REFERENCES employees;";
    std::fs::write(&schema, ddl).unwrap();
    let sql = p(d.path(), "seed.sql");
    let o = ok(&[
        "fill",
        "--schema",
        s(&schema),
        "--dialect",
        "postgres",
        "--rows",
        "departments=12,employees=200",
        "-o",
        s(&sql),
    ]);
    assert!(stderr(&o).contains("set by UPDATE"), "{}", stderr(&o));
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    c.batch_execute(ddl).unwrap();
    // Every foreign key enforced at each statement (none is deferrable).
    c.batch_execute(&std::fs::read_to_string(&sql).unwrap())
        .unwrap();
    let (n, managed, valid): (i64, i64, i64) = {
        let r = c
            .query_one(
                "SELECT count(*), count(manager_id),
                        count(*) FILTER (WHERE manager_id IN (SELECT id FROM employees))
                   FROM departments",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!((n, managed, valid), (12, 12, 12));
}

/// Rows of a table in key order, each value as text with numbers normalised (SQLite's REAL
/// 45.7 is PostgreSQL's numeric 45.70).
fn normalised(values: Vec<Option<String>>) -> String {
    values
        .into_iter()
        .map(|v| match v {
            None => "NULL".to_string(),
            Some(s) => match s.parse::<f64>() {
                Ok(f) => format!("{f}"),
                Err(_) => s,
            },
        })
        .collect::<Vec<_>>()
        .join("|")
}

const SHOP_TABLES: [(&str, &str); 4] = [
    ("users", "id"),
    ("products", "id"),
    ("orders", "id"),
    ("order_items", "order_id, product_id"),
];

fn pg_rows(url: &str) -> Vec<Vec<String>> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    SHOP_TABLES
        .iter()
        .map(|(t, k)| {
            c.simple_query(&format!("SELECT * FROM {t} ORDER BY {k}"))
                .unwrap()
                .into_iter()
                .filter_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => Some(normalised(
                        (0..r.len()).map(|i| r.get(i).map(str::to_string)).collect(),
                    )),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[test]
fn pg_and_sqlite_fill_the_same_rows() {
    let Some(url) = pg_url() else { return };
    let shop = schema("shop");
    let rows = "users=300,products=50,orders=900,order_items=2000";
    let d = tmp();
    let lite = p(d.path(), "shop.db");
    let lite_url = format!("sqlite:{}", lite.display());
    ok(&[
        "fill", "--schema", &shop, "--rows", rows, "--seed", "5", "--db", &lite_url, "--quiet",
    ]);
    let c = rusqlite::Connection::open(&lite).unwrap();
    let want: Vec<Vec<String>> = SHOP_TABLES
        .iter()
        .map(|(t, k)| {
            let mut st = c
                .prepare(&format!("SELECT * FROM {t} ORDER BY {k}"))
                .unwrap();
            let n = st.column_count();
            st.query_map([], |r| {
                Ok(normalised(
                    (0..n).map(|i| lite_text(r.get(i).unwrap())).collect(),
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
        })
        .collect();
    assert_eq!(want.iter().map(Vec::len).sum::<usize>(), 3250);
    // The same schema and seed into PostgreSQL: the same rows.
    let db = fresh_db(&url, "synth_fill_same_shop");
    ok(&[
        "fill", "--schema", &shop, "--rows", rows, "--seed", "5", "--db", &db, "--quiet",
    ]);
    assert_eq!(pg_rows(&db), want, "seeder fill: PostgreSQL and SQLite");
    // And synth_fill inside PostgreSQL, table by table.
    let db = fresh_db(&url, "synth_fill_same_shop_indb");
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    for f in ["001_users.sql", "002_orders.sql", "003_coupons.sql"] {
        c.batch_execute(&std::fs::read_to_string(format!("{shop}/{f}")).unwrap())
            .unwrap();
    }
    c.batch_execute("CREATE EXTENSION synth").unwrap();
    pg_fill_tables(
        &mut c,
        &[
            ("users", 300),
            ("products", 50),
            ("orders", 900),
            ("order_items", 2000),
        ],
        5,
    );
    assert_eq!(
        pg_rows(&db),
        want,
        "synth_fill in PostgreSQL and seeder fill in SQLite"
    );
    // Orders come after their user signed up (read from the users table with its keys).
    let early: i64 = c
        .query_one(
            "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id
              WHERE o.ordered_at <= u.created_at",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(early, 0);
}

#[test]
fn pg_synth_fill_timestamptz_does_not_depend_on_the_session_time_zone() {
    let Some(url) = pg_url() else { return };
    let mut rows = Vec::new();
    for (name, zones) in [
        ("synth_fill_tz_a", ["Asia/Tokyo", "America/New_York"]),
        ("synth_fill_tz_b", ["UTC", "UTC"]),
    ] {
        let db = fresh_db(&url, name);
        let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "CREATE EXTENSION synth;
             CREATE TABLE ev (id int PRIMARY KEY, at timestamptz NOT NULL UNIQUE);
             SET TimeZone = '{}'; SELECT synth_fill('ev', 50, 4);
             SET TimeZone = '{}'; SELECT synth_fill('ev', 50, 5);
             SET TimeZone = 'UTC'",
            zones[0], zones[1]
        ))
        .unwrap();
        let got: Vec<String> = c
            .query("SELECT id || ' ' || at::text FROM ev ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(got.len(), 100);
        rows.push(got);
    }
    assert_eq!(
        rows[0], rows[1],
        "the same instants whatever the session's TimeZone"
    );
}

/// `--format sql --dialect postgres` runs on a real server and gives back the rows the extension
/// generates there: names with apostrophes, dates, floats, money, NULLs and jsonb details.
#[test]
fn pg_sql_export_runs_on_the_server_and_restores_the_rows() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let db = fresh_db(&url, "synth_sql_export");
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    c.batch_execute("CREATE EXTENSION synth").unwrap();
    // The same call in each engine's argument syntax.
    for (table, q, pg_q, key) in [
        (
            "people",
            "SELECT * FROM synth_people(700, 3)",
            "SELECT * FROM synth_people(700, 3)",
            "person_id",
        ),
        (
            "customers",
            "SELECT * FROM synth_customers(700, 3, 0.1, 0.1, 0.1)",
            "SELECT * FROM synth_customers(700, 3, duplicates => 0.1)",
            "customer_id",
        ),
        (
            "life_events",
            "SELECT * FROM synth_life_events(200, 3)",
            "SELECT * FROM synth_life_events(200, 3)",
            "person_id, seq",
        ),
    ] {
        let out = p(d.path(), &format!("{table}.sql"));
        // Generated by the embedded SQLite, run by PostgreSQL.
        ok(&[
            "export",
            "-q",
            q,
            "-o",
            s(&out),
            "--table",
            table,
            "--dialect",
            "postgres",
        ]);
        c.batch_execute(&std::fs::read_to_string(&out).unwrap())
            .unwrap_or_else(|e| panic!("{table}.sql on PostgreSQL: {e}"));
        let text = |sql: &str, c: &mut postgres::Client| -> Vec<String> {
            c.query(
                &format!("SELECT t::text FROM ({sql}) t ORDER BY {key}, 1"),
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
        };
        let loaded = text(&format!("SELECT * FROM {table}"), &mut c);
        let direct = text(pg_q, &mut c);
        assert!(loaded.len() >= 200, "{table}: {} rows", loaded.len());
        assert_eq!(loaded, direct, "{table}: the SQL export restores the rows");
    }
}

/// A public schema in both engines, each from its own official DDL (Chinook's SQLite file into
/// SQLite, its PostgreSQL file into PostgreSQL: other names, other types): the customers are the
/// same people in both, column for column, except the foreign key to the support employee,
/// whose pick depends on the key column's name (`SupportRepId` against `support_rep_id`).
#[test]
fn pg_and_sqlite_fill_chinook_with_the_same_customers() {
    let Some(url) = pg_url() else { return };
    let d = tmp();
    let lite = p(d.path(), "chinook.db");
    ok(&[
        "fill",
        "--schema",
        &schema("chinook/Chinook_Sqlite.sql"),
        "--rows",
        "Customer=400,Employee=30",
        "--seed",
        "11",
        "--db",
        &format!("sqlite:{}", lite.display()),
        "--quiet",
    ]);
    let db = fresh_db(&url, "synth_fill_chinook_both");
    ok(&[
        "fill",
        "--schema",
        &schema("chinook/Chinook_PostgreSql.sql"),
        "--rows",
        "customer=400,employee=30",
        "--seed",
        "11",
        "--db",
        &db,
        "--quiet",
    ]);
    let cols = "first_name, last_name, company, address, city, state, country, postal_code, \
                phone, fax, email";
    let c = rusqlite::Connection::open(&lite).unwrap();
    let mut st = c
        .prepare(
            "SELECT CustomerId, FirstName, LastName, Company, Address, City, State, Country, \
             PostalCode, Phone, Fax, Email FROM Customer ORDER BY 1",
        )
        .unwrap();
    let want: Vec<Vec<Option<String>>> = st
        .query_map([], |r| (0..12).map(|i| r.get(i).map(lite_text)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut pg = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let got: Vec<Vec<Option<String>>> = pg
        .query(
            &format!("SELECT customer_id::text AS id, {cols} FROM customer ORDER BY customer_id"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (0..12).map(|i| r.get::<_, Option<String>>(i)).collect())
        .collect();
    assert_eq!(want.len(), 400);
    assert_eq!(got.len(), 400);
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "Chinook's customers in PostgreSQL and in SQLite");
    }
}

/// pg_dump's way of writing a serial (a sequence created apart, `DEFAULT nextval(...)`, no
/// OWNED BY): after a fill the application's next INSERT gets a new key. A user's own numeric,
/// float and date columns are exported exactly, whatever their names. `postgres:///db` with
/// PGHOST/PGPORT/PGUSER connects as psql would, and a password never shows in a message.
#[test]
fn pg_sequences_exact_values_and_libpq_defaults() {
    let Some(url) = pg_url() else { return };
    let db = fresh_db(&url, "seeder_seq");
    let d = tmp();
    let schema = p(d.path(), "dump.sql");
    std::fs::write(
        &schema,
        "CREATE SEQUENCE public.film_film_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
         CREATE TABLE public.film (
             film_id integer DEFAULT nextval('public.film_film_id_seq'::regclass) NOT NULL,
             title text NOT NULL,
             CONSTRAINT film_pkey PRIMARY KEY (film_id));",
    )
    .unwrap();
    ok(&[
        "fill",
        "--schema",
        s(&schema),
        "--rows",
        "film=50",
        "--seed",
        "1",
        "--db",
        &db,
        "--quiet",
    ]);
    let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let id: i32 = c
        .query_one(
            "INSERT INTO film (title) VALUES ('new') RETURNING film_id",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(id, 51);

    c.batch_execute(
        "CREATE TABLE fx (id int, amount numeric(12,4), sales real, account_balance float8, d date);
         INSERT INTO fx VALUES (1, 1.2345, 2.555, 0.333, '0044-03-15 BC'), (2, 0.0049, 0.001, 14.64, '10000-01-01');",
    )
    .unwrap();
    let out = p(d.path(), "fx.csv");
    ok(&[
        "export",
        "--db",
        &db,
        "-q",
        "SELECT * FROM fx ORDER BY id",
        "-o",
        s(&out),
    ]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "id,amount,sales,account_balance,d\n1,1.2345,2.555,0.333,-0043-03-15\n2,0.0049,0.001,14.64,10000-01-01\n"
    );
    // The SQL output loads back into PostgreSQL as the same rows.
    let sql = p(d.path(), "fx.sql");
    ok(&[
        "export",
        "--db",
        &db,
        "-q",
        "SELECT * FROM fx ORDER BY id",
        "-o",
        s(&sql),
        "--table",
        "fx2",
    ]);
    c.batch_execute(&std::fs::read_to_string(&sql).unwrap())
        .unwrap();
    let same: i64 = c
        .query_one(
            "SELECT count(*) FROM fx JOIN fx2 USING (id) WHERE fx.d = fx2.d AND fx.amount = fx2.amount",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(same, 2);

    // synth_fill keeps a partial unique index and a unique index on an expression.
    c.batch_execute(
        "CREATE EXTENSION IF NOT EXISTS synth;
         CREATE TABLE pu (id serial PRIMARY KEY, title text NOT NULL, code text NOT NULL,
                          status text NOT NULL CHECK (status IN ('a', 'b')));
         CREATE UNIQUE INDEX pu_title ON pu (title) WHERE status <> 'b';
         CREATE UNIQUE INDEX pu_code ON pu (lower(code));",
    )
    .unwrap();
    let n: i64 = c
        .query_one("SELECT synth_fill('pu', 300, 1)", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 300);
    let next: i32 = c
        .query_one(
            "INSERT INTO pu (title, code, status) VALUES ('t', 'c', 'b') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(next, 301);

    // postgres:///db: host, port and user from the environment, as psql.
    let rest = db.strip_prefix("postgres://").unwrap();
    let (user, rest) = rest.split_once('@').unwrap();
    let (hostport, name) = rest.split_once('/').unwrap();
    let (host, port) = hostport.split_once(':').unwrap();
    let o = seeder_env(
        &[
            "export",
            "--db",
            &format!("postgres:///{name}"),
            "-q",
            "SELECT count(*) AS n FROM film",
            "-o",
            "-",
            "-f",
            "csv",
        ],
        &[("PGHOST", host), ("PGPORT", port), ("PGUSER", user)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "n\n51\n");
    // A password in the URL or its parameters never shows.
    let o = seeder(&[
        "export",
        "--db",
        "postgres://u:top@secret@127.0.0.1:1/x?password=hunter2",
        "-q",
        "SELECT 1",
        "-o",
        "-",
    ]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        !e.contains("top@") && !e.contains("secret") && !e.contains("hunter2"),
        "{e}"
    );
}
