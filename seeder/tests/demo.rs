//! `seeder demo` end to end.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use rusqlite::Connection;

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn demo_writes_customers_and_a_summary() {
    let d = tmp();
    let dir = p(d.path(), "out");
    let o = ok(&["demo", "--out", s(&dir)]);
    let db = dir.join("customers.db");
    assert!(db.is_file());
    let c = Connection::open(&db).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM customers"), 11_000);
    assert_eq!(
        count(&c, "SELECT count(DISTINCT customer_id) FROM customers"),
        10_000
    );
    let missing = |col: &str| {
        count(
            &c,
            &format!("SELECT count(*) FROM (SELECT customer_id FROM customers GROUP BY customer_id HAVING max({col} IS NULL))"),
        )
    };
    assert_eq!(missing("gender"), 1_000);
    assert_eq!(missing("address"), 1_000);
    // Duplicated rows are exact copies of a customer's row.
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM (SELECT DISTINCT * FROM customers)"
        ),
        10_000
    );
    let types: Vec<String> = c
        .prepare("SELECT type FROM pragma_table_info('customers')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(types[12], "DATE", "credit_card_expiry");
    assert_eq!(types[15], "REAL", "account_balance");

    let out = stdout(&o);
    assert!(
        out.contains("11,000 rows, 10,000 distinct customers"),
        "{out}"
    );
    assert!(
        out.contains("top 20% of customers hold 80.0% of all balances"),
        "{out}"
    );
    assert!(
        out.contains("missing gender:  10.0% of customers (1,000)"),
        "{out}"
    );
    assert!(
        out.contains("missing address: 10.0% of customers (1,000)"),
        "{out}"
    );
    assert!(
        out.contains("duplicate rows:  10.0% of customers (1,000 rows repeat a customer)"),
        "{out}"
    );

    // Existing files are kept without --force, replaced with it.
    let before = std::fs::metadata(&db).unwrap().modified().unwrap();
    fails(&["demo", "--out", s(&dir)], &["already exists", "--force"]);
    assert_eq!(std::fs::metadata(&db).unwrap().modified().unwrap(), before);
    ok(&["demo", "--out", s(&dir), "--force"]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let want: Vec<&str> = if has_sales() {
        vec!["customers.db", "report.html", "sales.xlsx"]
    } else {
        vec!["customers.db", "report.html"]
    };
    assert_eq!(names, want, "no temporary files are left");
}

/// The sales workbook. Guarded: it runs once the core has `synth_sales` (and then it must pass).
#[test]
fn demo_sales_workbook() {
    if !has_sales() {
        eprintln!("skipped: this build has no synth_sales table yet");
        return;
    }
    let d = tmp();
    let dir = p(d.path(), "out");
    let o = ok(&["demo", "--out", s(&dir)]);
    let path = dir.join("sales.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["sales", "sales means"]);
    let r = wb.worksheet_range("sales").unwrap();
    // Each of 10,000 customers at each of the five default intensities, plus the header.
    assert_eq!(r.height(), 50_001);
    let header: Vec<String> = r
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "customer_id",
            "age",
            "in_target_bracket",
            "account_balance",
            "intensity",
            "sales"
        ]
    );
    let row1 = r.rows().nth(1).unwrap();
    assert!(
        matches!(row1[2], Data::Bool(_)),
        "in_target_bracket is a boolean: {:?}",
        row1[2]
    );
    assert!(matches!(row1[5], Data::Float(_)));
    let means = wb.worksheet_range("sales means").unwrap();
    assert_eq!(means.height(), 6, "five intensities and a header");
    let f = std::fs::File::open(&path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    assert!(z.file_names().any(|n| n.unwrap() == "xl/charts/chart1.xml"));
    let out = stdout(&o);
    assert!(out.contains("sheet sales: 50,000 rows"), "{out}");
    assert!(out.contains("intensity  mean sales in bracket"), "{out}");
}

/// Before synth_sales lands, the demo says that it skipped the workbook.
#[test]
fn demo_without_sales_says_so() {
    if has_sales() {
        return;
    }
    let d = tmp();
    let o = ok(&["demo", "--out", s(&p(d.path(), "out"))]);
    assert!(stderr(&o).contains("no synth_sales table yet"));
}

/// A reader that stops early (`seeder demo | head -1`) is not a failure: every file is
/// written. A demo that fails midway (here: its directory cannot take the files) leaves none of
/// them, nor its hidden working directory.
#[test]
fn demo_files_come_together_or_not_at_all() {
    let d = tmp();
    let out = p(d.path(), "closed");
    let mut child = std::process::Command::new(BIN)
        .args(["demo", "--out", s(&out)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["customers.db", "sales.xlsx", "report.html"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // sales.xlsx is a directory here, so the last move fails: nothing is left behind.
    let bad = p(d.path(), "bad");
    std::fs::create_dir_all(bad.join("sales.xlsx").join("x")).unwrap();
    let o = seeder(&["demo", "--out", s(&bad), "--force"]);
    assert!(!o.status.success());
    let names: Vec<_> = std::fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["sales.xlsx".to_string()], "{names:?}");
}
