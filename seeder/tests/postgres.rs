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
