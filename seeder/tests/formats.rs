//! `seeder export` to every format, read back with real readers.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Float64Type, Int64Type};
use arrow_array::Array;
use arrow_schema::DataType;
use calamine::{open_workbook, Data, DataType as _, Reader, Xlsx};
use common::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rusqlite::Connection;
use std::io::Read;

const CUSTOMERS: &str = "SELECT * FROM synth_customers(200, 42)";

/// The same rows straight from an in-process SQLite, for comparison.
fn sqlite_rows(sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let conn = Connection::open_in_memory().unwrap();
    synth::register(&conn).unwrap();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| r.get::<_, rusqlite::types::Value>(i))
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A SQLite file with a table of mixed types: a synth money column by name, BOOLEAN and
/// TEXT-declared columns, a date by name (`*_date` holding 'YYYY-MM-DD' text), NULLs, quoting.
fn mixed_db(dir: &std::path::Path) -> String {
    let path = dir.join("mixed.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch(
        "CREATE TABLE mixed (id INTEGER, label TEXT, account_balance REAL, in_target_bracket BOOLEAN, \
                             signup_date TEXT, ratio REAL, note TEXT);
         INSERT INTO mixed VALUES
           (1, 'plain', 12.5, 1, '2024-02-29', 1.25, NULL),
           (2, 'has,comma', 1234567.89, 0, '1999-12-31', NULL, 'x'),
           (3, 'quote \"q\" and ''apostrophe''', 0, NULL, NULL, -0.5, ''),
           (4, NULL, NULL, 1, '2030-01-01', 3, 'line\nbreak');",
    )
    .unwrap();
    format!("sqlite:{}", path.display())
}

const MIXED: &str = "SELECT * FROM mixed ORDER BY id";

#[test]
fn csv_is_byte_identical_to_generate() {
    let d = tmp();
    let out = p(d.path(), "c.csv");
    ok(&[
        "export",
        "-q",
        "SELECT * FROM synth_customers(300, 42)",
        "-o",
        s(&out),
    ]);
    let gen = ok(&["generate", "customers", "--rows", "300", "--seed", "42"]);
    assert_eq!(std::fs::read(&out).unwrap(), gen.stdout);
    // The bare shorthand is the same query.
    let out2 = p(d.path(), "c2.csv");
    ok(&["export", "-q", "synth_customers(300, 42)", "-o", s(&out2)]);
    assert_eq!(std::fs::read(&out2).unwrap(), gen.stdout);
}

#[test]
fn csv_nulls_quotes_and_types() {
    let d = tmp();
    let out = p(d.path(), "m.csv");
    ok(&[
        "export",
        "--db",
        &mixed_db(d.path()),
        "-q",
        MIXED,
        "-o",
        s(&out),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(
        lines[0],
        "id,label,account_balance,in_target_bracket,signup_date,ratio,note"
    );
    // NULL is an empty field, money has two decimals, booleans are words.
    assert_eq!(lines[1], "1,plain,12.50,true,2024-02-29,1.25,");
    assert_eq!(lines[2], "2,\"has,comma\",1234567.89,false,1999-12-31,,x");
    // An empty string is "" (NULL stays empty), quotes are doubled.
    assert_eq!(
        lines[3],
        "3,\"quote \"\"q\"\" and 'apostrophe'\",0.00,,,-0.5,\"\""
    );
    let mut r = csv::ReaderBuilder::new().from_path(&out).unwrap();
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 4);
    assert_eq!(&recs[1][1], "has,comma");
    assert_eq!(&recs[3][6], "line\nbreak");
    assert_eq!(&recs[3][1], "");
}

/// A column named like a synth money column is money only when its values are whole cents:
/// a user's `amount` with more decimals, or a computed `x * 0.1 AS sales`, keeps every digit.
/// Floats are the shortest text that reads back, with an exponent when very large or small.
#[test]
fn money_by_name_never_rounds_a_users_values() {
    let d = tmp();
    let csv = |q: &str| {
        let path = p(d.path(), "m.csv");
        ok(&["export", "-q", q, "-o", s(&path), "--force"]);
        std::fs::read_to_string(&path).unwrap()
    };
    assert_eq!(
        csv("SELECT 0.333 AS amount, 1.23456 AS sales, 14.64 AS account_balance"),
        "amount,sales,account_balance\n0.333,1.23456,14.64\n"
    );
    // Whole cents in the first rows, more decimals within the first 100: a float throughout.
    let q = |from: i32| {
        format!(
            "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 150) \
             SELECT i, CASE WHEN i < {from} THEN i * 1.0 ELSE i + 0.125 END AS amount FROM g"
        )
    };
    let text = csv(&q(50));
    assert!(
        text.contains("\n1,1\n") && text.contains("\n149,149.125\n"),
        "{text}"
    );
    // More decimals only after them: an error that says how to choose the type, never a
    // rounded value.
    let out = p(d.path(), "late.csv");
    fails(
        &["export", "-q", &q(120), "-o", s(&out)],
        &["amount", "row 120", "120.125", "CAST"],
    );
    assert!(!out.exists());
    // Money stays money, with two decimals.
    let text = csv("SELECT account_balance FROM synth_customers(3, 42)");
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.split('.').nth(1).is_some_and(|c| c.len() == 2)),
        "{text}"
    );
    assert_eq!(
        csv("SELECT 1e-300 AS tiny, 1.5e300 AS huge, 0.1 AS tenth"),
        "tiny,huge,tenth\n1e-300,1.5e300,0.1\n"
    );
}

/// Infinity and -Infinity (SQLite's 9e999) as PostgreSQL spells them wherever the format has
/// text, JSON's null where it has none, and a literal each dialect reads back in SQL.
#[test]
fn non_finite_floats_in_every_text_format() {
    let d = tmp();
    let q = "SELECT 1 AS id, 9e999 AS hi, -9e999 AS lo, 0.5 AS x";
    let out = |name: &str, extra: &[&str]| {
        let path = p(d.path(), name);
        let mut args = vec!["export", "-q", q, "-o", s(&path)];
        args.extend_from_slice(extra);
        ok(&args);
        path
    };
    let csv = std::fs::read_to_string(out("f.csv", &[])).unwrap();
    assert_eq!(csv, "id,hi,lo,x\n1,Infinity,-Infinity,0.5\n");
    let json = std::fs::read_to_string(out("f.json", &[])).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["hi"], serde_json::Value::Null);
    assert_eq!(v[0]["x"], 0.5);
    let pg =
        std::fs::read_to_string(out("f.sql", &["--table", "t", "--dialect", "postgres"])).unwrap();
    assert!(pg.contains("'Infinity', '-Infinity', 0.5"), "{pg}");
    let lite =
        std::fs::read_to_string(out("g.sql", &["--table", "t", "--dialect", "sqlite"])).unwrap();
    assert!(lite.contains("9e999, -9e999, 0.5"), "{lite}");
    let book = out("f.xlsx", &[]);
    let wb: Xlsx<_> = open_workbook(&book).unwrap();
    let r = sheet(&book, &wb.sheet_names()[0]);
    let row: Vec<String> = r
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row, ["1", "Infinity", "-Infinity", "0.5"]);
}

#[test]
fn json_array_and_ndjson() {
    let d = tmp();
    let arr = p(d.path(), "c.json");
    let nd = p(d.path(), "c.ndjson");
    ok(&["export", "-q", CUSTOMERS, "-o", s(&arr)]);
    ok(&["export", "-q", CUSTOMERS, "-o", s(&nd)]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&arr).unwrap()).unwrap();
    let rows = v.as_array().expect("a JSON array");
    assert_eq!(rows.len(), 200);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&nd)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, rows);
    let want = sqlite_rows(CUSTOMERS);
    for (row, w) in rows.iter().zip(&want) {
        let o = row.as_object().unwrap();
        assert_eq!(o.len(), 16);
        assert!(o["customer_id"].is_i64());
        assert!(o["age"].is_i64());
        let rusqlite::types::Value::Real(bal) = w[15] else {
            panic!("balance is REAL")
        };
        assert_eq!(o["account_balance"].as_f64().unwrap(), bal);
        let exp = o["credit_card_expiry"].as_str().unwrap();
        assert!(exp.len() == 10 && exp.as_bytes()[4] == b'-', "{exp}");
        match &w[3] {
            rusqlite::types::Value::Null => assert!(o["gender"].is_null()),
            rusqlite::types::Value::Text(g) => assert_eq!(o["gender"].as_str().unwrap(), g),
            other => panic!("{other:?}"),
        }
    }
    assert!(
        rows.iter().any(|r| r["gender"].is_null()),
        "some NULL genders in 200 rows"
    );

    let m = p(d.path(), "m.json");
    ok(&[
        "export",
        "--db",
        &mixed_db(d.path()),
        "-q",
        MIXED,
        "-o",
        s(&m),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&m).unwrap()).unwrap();
    assert_eq!(v[0]["in_target_bracket"], serde_json::Value::Bool(true));
    assert_eq!(v[0]["signup_date"], "2024-02-29");
    assert_eq!(v[1]["account_balance"].as_f64(), Some(1234567.89));
    assert_eq!(v[2]["label"], "quote \"q\" and 'apostrophe'");
    assert!(v[3]["label"].is_null());
    assert_eq!(v[3]["note"], "line\nbreak");
}

#[test]
fn empty_result_json_is_an_empty_array() {
    let d = tmp();
    let out = p(d.path(), "e.json");
    ok(&[
        "export",
        "-q",
        "SELECT * FROM synth_customers(10, 1) WHERE 0",
        "-o",
        s(&out),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

fn sheet(path: &std::path::Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

#[test]
fn xlsx_header_values_dates_nulls_and_sheets() {
    let d = tmp();
    let out = p(d.path(), "book.xlsx");
    let q2 = format!("mixed={MIXED}");
    ok(&[
        "export",
        "--db",
        &mixed_db(d.path()),
        "-q",
        CUSTOMERS,
        "-q",
        &q2,
        "-o",
        s(&out),
    ]);
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["customers".to_string(), "mixed".to_string()]
    );

    let r = sheet(&out, "customers");
    assert_eq!(r.height(), 201);
    let header: Vec<String> = r
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let want_cols: Vec<&str> = synth_core::find("customers")
        .unwrap()
        .columns
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(header, want_cols);
    let want = sqlite_rows(CUSTOMERS);
    for (i, w) in want.iter().enumerate() {
        let row = &r.rows().nth(i + 1).unwrap();
        let rusqlite::types::Value::Integer(id) = w[0] else {
            panic!()
        };
        assert_eq!(row[0].as_f64(), Some(id as f64));
        let rusqlite::types::Value::Real(bal) = w[15] else {
            panic!()
        };
        assert_eq!(row[15], Data::Float(bal));
        // A real Excel date, not text.
        let rusqlite::types::Value::Text(exp) = &w[12] else {
            panic!()
        };
        let (y, m, dd) = (
            exp[0..4].parse().unwrap(),
            exp[5..7].parse().unwrap(),
            exp[8..10].parse().unwrap(),
        );
        match &row[12] {
            Data::DateTime(dt) => assert_eq!(dt.as_f64(), excel_serial(y, m, dd)),
            other => panic!("expiry should be a date cell, got {other:?}"),
        }
        // NULL → empty cell; text stays text (card numbers too).
        match &w[3] {
            rusqlite::types::Value::Null => assert_eq!(row[3], Data::Empty),
            rusqlite::types::Value::Text(g) => assert_eq!(row[3], Data::String(g.clone())),
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(row[11], Data::String(_)),
            "card number is text: {:?}",
            row[11]
        );
    }

    let m = sheet(&out, "mixed");
    assert_eq!(m.get((1, 3)), Some(&Data::Bool(true)));
    assert_eq!(m.get((2, 3)), Some(&Data::Bool(false)));
    assert_eq!(m.get((2, 2)), Some(&Data::Float(1234567.89)));
    match m.get((1, 4)) {
        Some(Data::DateTime(dt)) => assert_eq!(dt.as_f64(), excel_serial(2024, 2, 29)),
        other => panic!("signup_date should be a date: {other:?}"),
    }
    assert_eq!(m.get((3, 4)), Some(&Data::Empty));
    assert_eq!(m.get((4, 1)), Some(&Data::Empty));
    assert_eq!(
        m.get((3, 1)),
        Some(&Data::String("quote \"q\" and 'apostrophe'".into()))
    );

    // Formats and layout live in the sheet XML: bold header, frozen pane, autofilter, widths.
    let xml = zip_entry(&out, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
        "frozen header"
    );
    assert!(
        xml.contains("<autoFilter ref=\"A1:P201\""),
        "autofilter over the data"
    );
    assert!(
        xml.contains("<col min=\"1\" max=\"1\" width="),
        "column widths"
    );
    // Whole numbers are written as Excel writes them (`1`, not `1.0`, which openpyxl and
    // pandas read back as floats).
    assert!(xml.contains("<c r=\"A2\"><v>1</v></c>"), "integer id cell");
    assert!(!xml.contains(".0</v>"), "no whole number written with .0");
    let styles = zip_entry(&out, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"#,##0.00\""));
    assert!(
        styles.contains("formatCode=\"yyyy\\-mm\\-dd\"")
            || styles.contains("formatCode=\"yyyy-mm-dd\"")
    );
    assert!(styles.contains("<b/>"), "bold header font");
}

fn zip_entry(path: &std::path::Path, name: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut e = z
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", path.display()));
    let mut s = String::new();
    e.read_to_string(&mut s).unwrap();
    s
}

fn zip_names(path: &std::path::Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    z.file_names().map(|n| n.unwrap().to_string()).collect()
}

#[test]
fn xlsx_rows_continue_on_further_sheets() {
    let d = tmp();
    let out = p(d.path(), "split.xlsx");
    // 25 rows with 10 rows per sheet (lowered for the test; Excel's limit is 1,048,575).
    let o = seeder_env(
        &[
            "export",
            "-q",
            "SELECT customer_id FROM synth_customers(25, 1)",
            "-o",
            s(&out),
        ],
        &[("SEEDER_XLSX_SHEET_ROWS", "10")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("continuing on sheet \"customers (2)\""),
        "{err}"
    );
    assert!(
        err.contains("continuing on sheet \"customers (3)\""),
        "{err}"
    );
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["customers", "customers (2)", "customers (3)"]
    );
    let mut ids = Vec::new();
    for (name, rows) in [
        ("customers", 10),
        ("customers (2)", 10),
        ("customers (3)", 5),
    ] {
        let r = sheet(&out, name);
        assert_eq!(r.height(), rows + 1, "{name}");
        assert_eq!(
            r.get((0, 0)),
            Some(&Data::String("customer_id".into())),
            "{name} has the header"
        );
        ids.extend(r.rows().skip(1).map(|row| row[0].as_f64().unwrap() as i64));
    }
    assert_eq!(ids, (1..=25).collect::<Vec<i64>>());
}

/// The real limit: 1,048,575 data rows on the first sheet, the rest on `(2)`. Slow in debug
/// builds; run with `cargo test -p seeder --release -- --ignored`.
#[test]
#[ignore]
fn xlsx_full_sheet_limit() {
    let d = tmp();
    let out = p(d.path(), "big.xlsx");
    let o = seeder(&["export", "-q", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1048580) SELECT i FROM n", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Named after the relation it reads (the CTE `n`).
    assert!(
        stderr(&o).contains("continuing on sheet \"n (2)\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(sheet(&out, "n").height(), 1_048_576);
    assert_eq!(sheet(&out, "n (2)").height(), 6);
}

#[test]
fn xlsx_chart_of_means() {
    let d = tmp();
    let out = p(d.path(), "chart.xlsx");
    // Sales = 10 + 100·intensity in the bracket, 10 outside; intensities 0, 0.5, 1.
    let db = p(d.path(), "sales.db");
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE s (in_target_bracket BOOLEAN, intensity REAL, sales REAL);
             WITH c(i) AS (VALUES (0.0), (0.5), (1.0)), k(b) AS (VALUES (0), (1)), r(n) AS (VALUES (1), (2))
             INSERT INTO s SELECT b, i, 10 + b * 100 * i + n - 1.5 FROM c, k, r;",
        )
        .unwrap();
    let url = format!("sqlite:{}", s(&db));
    ok(&[
        "export",
        "--db",
        &url,
        "-q",
        "sales=SELECT * FROM s",
        "-o",
        s(&out),
        "--chart",
    ]);
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), vec!["sales", "sales means"]);
    let m = sheet(&out, "sales means");
    assert_eq!(m.get((0, 0)), Some(&Data::String("intensity".into())));
    assert_eq!(
        m.get((0, 1)),
        Some(&Data::String("mean sales (in target bracket)".into()))
    );
    assert_eq!(
        m.get((0, 2)),
        Some(&Data::String("mean sales (not in target bracket)".into()))
    );
    let col = |c: usize| -> Vec<f64> {
        (1..=3)
            .map(|r| m.get((r, c)).unwrap().as_f64().unwrap())
            .collect()
    };
    assert_eq!(col(0), vec![0.0, 0.5, 1.0]);
    assert_eq!(col(1), vec![10.0, 60.0, 110.0]);
    assert_eq!(col(2), vec![10.0, 10.0, 10.0]);
    let names = zip_names(&out);
    assert!(
        names.iter().any(|n| n == "xl/charts/chart1.xml"),
        "{names:?}"
    );
    let chart = zip_entry(&out, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:scatterChart>"));
    assert!(chart.contains("'sales means'!$B$2:$B$4"));
    // The chart sits on the data sheet.
    let rels = zip_entry(&out, "xl/worksheets/_rels/sheet1.xml.rels");
    assert!(rels.contains("drawing"), "{rels}");

    // A chart whose columns are missing is said, not silently dropped.
    let out2 = p(d.path(), "nochart.xlsx");
    let o = seeder(&[
        "export",
        "-q",
        "SELECT 1 AS a",
        "-o",
        s(&out2),
        "--chart",
        "y:x",
    ]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("no chart"), "{}", stderr(&o));
}

#[test]
fn parquet_logical_types_values_and_nulls() {
    let d = tmp();
    let out = p(d.path(), "c.parquet");
    ok(&["export", "-q", CUSTOMERS, "-o", s(&out)]);
    let f = std::fs::File::open(&out).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    let meta = builder.metadata().clone();
    let col0 = meta.row_group(0).column(0);
    assert_eq!(col0.compression(), parquet::basic::Compression::SNAPPY);
    let schema = builder.schema().clone();
    let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
    assert_eq!(ty("customer_id"), DataType::Int64);
    assert_eq!(ty("age"), DataType::Int64);
    assert_eq!(ty("gender"), DataType::Utf8);
    assert_eq!(ty("credit_card_expiry"), DataType::Date32);
    assert_eq!(ty("account_balance"), DataType::Decimal128(18, 2));
    let want = sqlite_rows(CUSTOMERS);
    let mut i = 0;
    for batch in builder.build().unwrap() {
        let b = batch.unwrap();
        let ids = b
            .column_by_name("customer_id")
            .unwrap()
            .as_primitive::<Int64Type>();
        let gender = b.column_by_name("gender").unwrap().as_string::<i32>();
        let exp = b
            .column_by_name("credit_card_expiry")
            .unwrap()
            .as_primitive::<Date32Type>();
        let bal = b
            .column_by_name("account_balance")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        for r in 0..b.num_rows() {
            let w = &want[i];
            let rusqlite::types::Value::Integer(id) = w[0] else {
                panic!()
            };
            assert_eq!(ids.value(r), id);
            match &w[3] {
                rusqlite::types::Value::Null => assert!(gender.is_null(r)),
                rusqlite::types::Value::Text(g) => assert_eq!(gender.value(r), g),
                other => panic!("{other:?}"),
            }
            let rusqlite::types::Value::Real(x) = w[15] else {
                panic!()
            };
            assert_eq!(bal.value(r), (x * 100.0).round() as i128);
            let rusqlite::types::Value::Text(e) = &w[12] else {
                panic!()
            };
            let days = exp.value(r) as f64 + 25_569.0;
            let (y, m, dd) = (
                e[0..4].parse().unwrap(),
                e[5..7].parse().unwrap(),
                e[8..10].parse().unwrap(),
            );
            assert_eq!(days, excel_serial(y, m, dd));
            i += 1;
        }
    }
    assert_eq!(i, 200);

    let m = p(d.path(), "m.parquet");
    ok(&[
        "export",
        "--db",
        &mixed_db(d.path()),
        "-q",
        MIXED,
        "-o",
        s(&m),
    ]);
    let f = std::fs::File::open(&m).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap();
    let b = reader.into_iter().next().unwrap().unwrap();
    let s = b.schema();
    assert_eq!(
        s.field_with_name("in_target_bracket").unwrap().data_type(),
        &DataType::Boolean
    );
    assert_eq!(
        s.field_with_name("signup_date").unwrap().data_type(),
        &DataType::Date32
    );
    assert_eq!(
        s.field_with_name("ratio").unwrap().data_type(),
        &DataType::Float64
    );
    let flag = b.column_by_name("in_target_bracket").unwrap().as_boolean();
    assert!(flag.value(0) && !flag.value(1) && flag.is_null(2));
    let ratio = b
        .column_by_name("ratio")
        .unwrap()
        .as_primitive::<Float64Type>();
    assert_eq!(ratio.value(0), 1.25);
    assert!(ratio.is_null(1));
    let bal = b
        .column_by_name("account_balance")
        .unwrap()
        .as_primitive::<Decimal128Type>();
    assert_eq!(bal.value(1), 123456789);
    assert!(bal.is_null(3));
}

#[test]
fn parquet_streams_in_row_groups() {
    let d = tmp();
    let out = p(d.path(), "big.parquet");
    ok(&[
        "export",
        "-q",
        "SELECT customer_id, age FROM synth_customers(300000, 3)",
        "-o",
        s(&out),
    ]);
    let f = std::fs::File::open(&out).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    let meta = builder.metadata();
    assert_eq!(meta.file_metadata().num_rows(), 300_000);
    assert!(
        meta.num_row_groups() >= 3,
        "row groups: {}",
        meta.num_row_groups()
    );
}

#[test]
fn sql_inserts_for_sqlite_and_postgres() {
    let d = tmp();
    let out = p(d.path(), "c.sql");
    ok(&[
        "export",
        "-q",
        "SELECT * FROM synth_customers(1200, 42)",
        "-o",
        s(&out),
        "--table",
        "my customers",
        "--dialect",
        "sqlite",
    ]);
    let sql = std::fs::read_to_string(&out).unwrap();
    // Batched: 1,200 rows in 3 multi-row INSERTs.
    assert_eq!(sql.matches("INSERT INTO \"my customers\"").count(), 3);
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&sql).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM \"my customers\"", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1200);
    let want = sqlite_rows("SELECT * FROM synth_customers(1200, 42)");
    let mut st = conn.prepare("SELECT * FROM \"my customers\"").unwrap();
    let got: Vec<Vec<rusqlite::types::Value>> = st
        .query_map([], |r| (0..16).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, want);

    let pg = p(d.path(), "m.sql");
    ok(&[
        "export",
        "--db",
        &mixed_db(d.path()),
        "-q",
        MIXED,
        "-o",
        s(&pg),
        "--dialect",
        "postgres",
        "--table",
        "we\"ird",
    ]);
    let sql = std::fs::read_to_string(&pg).unwrap();
    assert!(sql.contains("CREATE TABLE IF NOT EXISTS \"we\"\"ird\" (\"id\" bigint, \"label\" text, \"account_balance\" numeric(18,2), \"in_target_bracket\" boolean, \"signup_date\" date, \"ratio\" double precision, \"note\" text);"), "{sql}");
    assert!(
        sql.contains("(1, 'plain', 12.50, TRUE, '2024-02-29', 1.25, NULL)"),
        "{sql}"
    );
    assert!(sql.contains("'quote \"q\" and ''apostrophe'''"), "{sql}");
    assert!(
        sql.starts_with("-- seeder")
            && sql.contains("BEGIN;")
            && sql.trim_end().ends_with("COMMIT;")
    );

    // To stdout.
    let o = ok(&[
        "export",
        "-q",
        "VALUES (1)",
        "-o",
        "-",
        "--format",
        "sql",
        "--table",
        "t",
    ]);
    assert!(
        stdout(&o).contains("INSERT INTO \"t\" (\"column1\") VALUES\n(1);"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn sqlite_output_tables_types_and_reading_back() {
    let d = tmp();
    let out = p(d.path(), "out.db");
    let q2 = format!("mixed={MIXED}");
    ok(&[
        "export",
        "--db",
        &mixed_db(d.path()),
        "-q",
        CUSTOMERS,
        "-q",
        &q2,
        "-o",
        s(&out),
    ]);
    let conn = Connection::open(&out).unwrap();
    let want = sqlite_rows(CUSTOMERS);
    let mut st = conn.prepare("SELECT * FROM customers").unwrap();
    let got: Vec<Vec<rusqlite::types::Value>> = st
        .query_map([], |r| (0..16).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, want);
    let decl: Vec<(String, String)> = conn
        .prepare("SELECT name, type FROM pragma_table_info('mixed')")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let types: Vec<&str> = decl.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        types,
        vec!["INTEGER", "TEXT", "REAL", "BOOLEAN", "DATE", "REAL", "TEXT"]
    );
    drop(st);
    drop(conn);

    // The file is an engine too: its declared DATE and BOOLEAN types come back typed.
    let back = p(d.path(), "back.json");
    ok(&[
        "export",
        "--db",
        &format!("sqlite:{}", s(&out)),
        "-q",
        "SELECT * FROM mixed",
        "-o",
        s(&back),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&back).unwrap()).unwrap();
    assert_eq!(v[0]["in_target_bracket"], serde_json::Value::Bool(true));
    assert_eq!(v[1]["signup_date"], "1999-12-31");
    // And synth functions work on a file engine.
    let o = ok(&[
        "export",
        "--db",
        &format!("sqlite:{}", s(&out)),
        "-q",
        "SELECT count(*) AS n FROM synth_customers(7, 1)",
        "-o",
        "-",
        "-f",
        "csv",
    ]);
    assert_eq!(stdout(&o), "n\n7\n");
}

#[test]
fn allow_write_runs_a_writing_query() {
    let d = tmp();
    let db = p(d.path(), "w.db");
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)")
            .unwrap();
    }
    let url = format!("sqlite:{}", s(&db));
    let out = p(d.path(), "ret.csv");
    ok(&[
        "export",
        "--db",
        &url,
        "--allow-write",
        "-q",
        "INSERT INTO t VALUES (1, 'x'), (2, 'y') RETURNING a, b",
        "-o",
        s(&out),
    ]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a,b\n1,x\n2,y\n");
    let c = Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn duplicate_column_names_are_made_unique() {
    let o = ok(&[
        "export",
        "-q",
        "SELECT 1 AS a, 2 AS a, 3 AS A",
        "-o",
        "-",
        "-f",
        "csv",
    ]);
    assert_eq!(stdout(&o), "a,a_2,A_3\n1,2,3\n");
}

/// The CSV body of `generate` (header dropped).
fn generated_body(args: &[&str]) -> String {
    let o = ok(args);
    let s = String::from_utf8(o.stdout).unwrap();
    s.split_once('\n').unwrap().1.to_string()
}

#[test]
fn generate_shards_concatenate_to_the_table_in_every_format() {
    let d = tmp();
    for (table, set) in [
        ("customers", vec!["--set", "duplicates=0.3"]),
        ("people", vec![]),
        ("sales", vec!["--set", "intensities=0,0.5,1"]),
    ] {
        let base = ["generate", table, "--rows", "1001", "--seed", "9"];
        let mut full_args = base.to_vec();
        full_args.extend(&set);
        let full = generated_body(&full_args);
        // Shards i/3 and i/7: the last may be shorter; each cuts at the parent's rows.
        for k in [3, 7] {
            let mut joined = String::new();
            let mut rows = 0;
            for i in 0..k {
                let shard = format!("{i}/{k}");
                let mut a = full_args.clone();
                a.extend(["--shard", &shard]);
                joined.push_str(&generated_body(&a));
                // The same shard as Parquet and ndjson: the same rows.
                let pq = p(d.path(), &format!("{table}-{i}-{k}.parquet"));
                let mut b = a.clone();
                b.extend(["-o", s(&pq)]);
                ok(&b);
                let reader =
                    ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&pq).unwrap())
                        .unwrap()
                        .build()
                        .unwrap();
                let pq_rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
                // Parquet to stdout: the same file.
                let mut e = a.clone();
                e.extend(["-f", "parquet", "-o", "-"]);
                assert_eq!(
                    ok(&e).stdout,
                    std::fs::read(&pq).unwrap(),
                    "{table} {shard}"
                );
                let mut c = a.clone();
                c.extend(["-f", "ndjson"]);
                let nd = String::from_utf8(ok(&c).stdout).unwrap();
                let csv_rows = generated_body(&a).lines().count();
                assert_eq!(
                    (pq_rows, nd.lines().count()),
                    (csv_rows, csv_rows),
                    "{table} {shard}"
                );
                rows += csv_rows;
            }
            assert_eq!(joined, full, "{table} in {k} shards");
            assert_eq!(rows, full.lines().count());
        }
    }
    // Errors: a bad shard, an unknown argument, a format generate does not write, a reading table.
    fails(
        &["generate", "customers", "--rows", "10", "--shard", "3/3"],
        &["--shard must be i/K"],
    );
    fails(
        &["generate", "customers", "--rows", "10", "--set", "nope=1"],
        &["no argument \"nope\""],
    );
    fails(
        &[
            "generate",
            "customers",
            "--rows",
            "10",
            "--set",
            "duplicates=lots",
        ],
        &["duplicates", "a number"],
    );
    fails(
        &["generate", "customers", "--rows", "10", "-f", "xlsx"],
        &["csv, ndjson or parquet"],
    );
    fails(
        &["generate", "check_table", "--rows", "10"],
        &["unknown table"],
    );
    fails(
        &["generate", "customers", "--rows=-1"],
        &["--rows -1: a row count must be 0 or more"],
    );
    // Negative seeds need no `=`.
    assert_eq!(
        ok(&["generate", "customers", "--rows", "3", "--seed", "-1"]).stdout,
        ok(&["generate", "customers", "--rows=3", "--seed=-1"]).stdout
    );
}

/// `--first A --count B` is a slice of the one-call table: consecutive slices with uneven
/// boundaries concatenate to it, for customers (cuts inside duplicate rows), relationships and
/// life events (slices by the people's range, with minors) and transactions.
#[test]
fn generate_first_and_count_concatenate_to_the_table() {
    for (table, rows, set) in [
        ("customers", "997", vec!["--set", "duplicates=0.4"]),
        ("relationships", "400", vec!["--set", "min_age=0"]),
        ("life_events", "300", vec![]),
        ("transactions", "12", vec![]),
    ] {
        let mut full_args = vec!["generate", table, "--rows", rows, "--seed", "4"];
        full_args.extend(&set);
        let full = generated_body(&full_args);
        // Customers slice their output rows (duplicates included); the others their parents.
        let n: i64 = if table == "customers" {
            full.lines().count() as i64
        } else {
            rows.parse().unwrap()
        };
        let cuts = [0, 1, n / 3, n / 3 + 7, n - 1, n];
        let mut joined = String::new();
        for w in cuts.windows(2) {
            let (first, count) = (w[0].to_string(), (w[1] - w[0]).to_string());
            let mut a = full_args.clone();
            a.extend(["--first", &first, "--count", &count]);
            joined.push_str(&generated_body(&a));
        }
        assert!(!full.is_empty(), "{table}");
        assert!(joined == full, "{table}: slices differ from the whole");
    }
}
