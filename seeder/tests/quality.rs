//! `seeder check` and `seeder report`: checks over a changed table, and the report's structure
//! against its own JSON statistics.

mod common;

use common::*;
use rusqlite::Connection;
use serde_json::Value as Json;

fn customers_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = p(dir, "c.db");
    ok(&[
        "export",
        "-q",
        "customers=SELECT * FROM synth_customers(4000, 3, 0.1, 0.1, 0.1)",
        "-o",
        s(&db),
    ]);
    db
}

#[test]
fn check_passes_then_fails_on_a_changed_table() {
    let d = tmp();
    let db = customers_db(d.path());
    let url = format!("sqlite:{}", db.display());
    let o = ok(&[
        "check",
        "-q",
        "customers",
        "--db",
        &url,
        "--duplicates",
        "0.1",
    ]);
    let out = stdout(&o);
    assert!(
        out.starts_with("12 rules over 4400 rows as a customers table"),
        "{out}"
    );
    assert_eq!(out.matches("PASS").count(), 12, "{out}");
    // Without the duplicates it was generated with, the duplicate rule fails.
    let o = seeder(&["check", "-q", "customers", "--db", &url]);
    assert!(!o.status.success());
    assert!(
        stdout(&o).contains("FAIL  duplicate_rate"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("1 of 12 rules failed"),
        "{}",
        stderr(&o)
    );

    let c = Connection::open(&db).unwrap();
    c.execute_batch(
        "UPDATE customers SET account_balance = 10 + customer_id % 1000;
         UPDATE customers SET email = 'a@example.com' WHERE customer_id < 3;",
    )
    .unwrap();
    drop(c);
    let o = seeder(&[
        "check",
        "-q",
        "customers",
        "--db",
        &url,
        "--duplicates",
        "0.1",
    ]);
    let out = stdout(&o);
    assert!(!o.status.success());
    assert!(out.contains("FAIL  top_20_percent_balance_share"), "{out}");
    assert!(out.contains("FAIL  emails_unique"), "{out}");
    assert!(stderr(&o).contains("2 of 12 rules failed"));

    // Generated tables in the embedded engine, kinds detected from the columns.
    let o = ok(&["check", "-q", "SELECT * FROM synth_people(3000, 2)"]);
    assert!(stdout(&o).contains("25 rules over 3000 rows as a people table"));
    let o = ok(&["check", "-q", "synth_sales(2000, 2)"]);
    assert!(stdout(&o).contains("7 rules over 10000 rows as a sales table"));

    // Errors: a table with no rules, a kind that does not fit, bad flags, a write.
    fails(&["check", "-q", "SELECT 1 AS x"], &["no rules", "--kind"]);
    fails(
        &[
            "check",
            "-q",
            "SELECT * FROM synth_sales(10, 1)",
            "--kind",
            "customers",
        ],
        &["missing", "gender"],
    );
    fails(
        &["check", "-q", "customers", "--kind", "planets"],
        &["--kind"],
    );
    fails(
        &[
            "check",
            "-q",
            "synth_customers(10)",
            "--missing-gender",
            "2",
        ],
        &["--missing-gender"],
    );
    fails(
        &["check", "-q", "synth_customers(10)", "--as-of", "soon"],
        &["--as-of"],
    );
    fails(
        &["check", "-q", "DELETE FROM customers", "--db", &url],
        &["read-only"],
    );
}

/// Every figure id of a section kind.
const FIGURES: &[(&str, &[&str])] = &[
    (
        "customers",
        &["age-histogram", "gender", "lorenz", "missing-duplicates"],
    ),
    (
        "people",
        &[
            "age-histogram",
            "gender",
            "marital-status",
            "children-by-age-band",
            "income-by-age-band",
        ],
    ),
    ("sales", &["sales-vs-intensity"]),
];

#[test]
fn report_html_and_json_agree() {
    let d = tmp();
    let db = customers_db(d.path());
    let url = format!("sqlite:{}", db.display());
    let html = p(d.path(), "r.html");
    let json = p(d.path(), "r.json");
    let queries = [
        "-q",
        "customers",
        "-q",
        "people=synth_people(3000, 5)",
        "-q",
        "sales=SELECT * FROM synth_sales(2000, 5)",
    ];
    let mut args = vec![
        "report",
        "--db",
        &url,
        "--duplicates",
        "0.1",
        "-o",
        s(&html),
    ];
    args.extend(queries);
    ok(&args);
    let mut args = vec![
        "report",
        "--db",
        &url,
        "--duplicates",
        "0.1",
        "-o",
        s(&json),
    ];
    args.extend(queries);
    ok(&args);
    let page = std::fs::read_to_string(&html).unwrap();
    let stats: Json = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();

    // Self-contained: no scripts, no links out, inline SVG plots.
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..50]);
    assert!(!page.contains("<script"));
    for (i, _) in page.match_indices("http") {
        let around = &page[i.saturating_sub(10)..(i + 40).min(page.len())];
        assert!(
            around.contains("www.w3.org"),
            "external reference: {around}"
        );
    }
    let sections = stats["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 3);
    for (sec, (kind, figures)) in sections.iter().zip(FIGURES) {
        assert_eq!(sec["kind"], *kind);
        let name = sec["name"].as_str().unwrap();
        for f in *figures {
            let id = format!("id=\"{name}-{f}\"");
            let at = page.find(&id).unwrap_or_else(|| panic!("{id} missing"));
            let fig = &page[at..at + page[at..].find("</figure>").unwrap()];
            assert!(fig.contains("<svg"), "{id} has an SVG plot");
        }
        // Every check is in the page with its outcome; all pass on generated data.
        let checks = sec["checks"].as_array().unwrap();
        assert!(!checks.is_empty(), "{kind}");
        for c in checks {
            assert_eq!(c["passed"], true, "{c}");
            assert!(page.contains(c["rule"].as_str().unwrap()));
        }
    }
    // The numbers in the page are the JSON's.
    let c = &sections[0];
    assert_eq!(c["rows"], 4400);
    let share = c["summary"]["top_20_percent_share"].to_string();
    assert!(
        page.contains(&format!("<td class=\"num\">{share}</td>")),
        "top-20 share {share} in the page"
    );
    for col in c["columns"].as_array().unwrap() {
        let rate = format!("<td class=\"num\">{}</td>", col["null_rate"]);
        assert!(page.contains(&rate), "null rate {rate} of {}", col["name"]);
    }
    // People: children and income by age band, as in the JSON.
    let people = &sections[1];
    for b in people["children_by_age_band"].as_array().unwrap() {
        let cell = format!("<td class=\"num\">{}</td>", b["mean_children"]);
        assert!(
            page.contains(&cell),
            "mean children {cell} of {}",
            b["age_band"]
        );
    }
    for b in people["income_by_age_band"].as_array().unwrap() {
        for k in ["median_income", "mean_income"] {
            let cell = format!("<td class=\"num\">{}</td>", b[k]);
            assert!(page.contains(&cell), "{k} {cell} of {}", b["age_band"]);
        }
    }
    // Sales: the fitted lines' slopes of the JSON are in the plot's legend, and the plot draws
    // the two lines beside the ten means.
    let fits = sections[2]["sales_fits"].as_array().unwrap();
    assert_eq!(fits.len(), 2);
    let at = page.find("id=\"sales-").expect("a sales figure");
    let sales_fig = &page[at..at + page[at..].find("</figure>").unwrap()];
    for f in fits {
        let slope = format!("slope {}", f["slope"]);
        assert!(sales_fig.contains(&slope), "{slope} in the sales figure");
    }
    assert!(
        sales_fig.matches("<polyline").count() + sales_fig.matches("<path").count() >= 2,
        "the fitted lines are drawn"
    );

    // A damaged table: the report shows the failure.
    let conn = Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE customers SET zip = '99999' WHERE customer_id = 5",
        [],
    )
    .unwrap();
    drop(conn);
    let o = ok(&[
        "report",
        "--db",
        &url,
        "-q",
        "customers",
        "-o",
        "-",
        "--format",
        "json",
        "--duplicates",
        "0.1",
    ]);
    let stats: Json = serde_json::from_slice(&o.stdout).unwrap();
    let failed: Vec<&str> = stats["sections"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["rule"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["zip_city_state_agree"]);
    // The report is still written (exit 0); stderr says that a check failed.
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(err.contains("1 of 12 checks failed"), "{err}");

    // Existing output kept without --force; bad format refused; nothing partial left behind.
    fails(
        &["report", "-q", "synth_customers(10)", "-o", s(&html)],
        &["already exists"],
    );
    fails(
        &[
            "report",
            "-q",
            "synth_customers(10)",
            "-o",
            s(&p(d.path(), "x.html")),
            "--format",
            "pdf",
        ],
        &["--format"],
    );
    fails(
        &[
            "report",
            "-q",
            "SELECT * FROM nowhere",
            "-o",
            s(&p(d.path(), "y.html")),
        ],
        &["nowhere"],
    );
    assert_dir_has(d.path(), &["c.db", "r.html", "r.json"]);
}

#[test]
fn check_of_sales_with_a_model_other_than_the_default() {
    // Generated with b0 = 40 and sigma = 3: the default model's rules fail on b0 and sigma,
    // the rules of the model given with --model pass.
    let q = "SELECT * FROM synth_sales(3000, 5) WHERE b0 = 40 AND sigma = 3";
    let out = fails(&["check", "-q", q], &["rules failed"]);
    assert!(out.contains("failed"), "{out}");
    let o = ok(&["check", "-q", q, "--model", "b0=40", "--model", "sigma=3"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(!text.contains("FAIL"), "{text}");
    assert_eq!(text.matches("PASS").count(), 7, "{text}");
    fails(
        &["check", "-q", q, "--model", "sigma=-1"],
        &["--model", "sigma"],
    );
    fails(
        &["check", "-q", q, "--model", "nope=1"],
        &["unknown coefficient"],
    );
}
