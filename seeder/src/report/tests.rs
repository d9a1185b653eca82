//! Report tests: profiles fed through the RowSink methods with rows from synth_core's
//! generators (as typed, or as a user's SQLite table would give them back).

use super::profile::*;
use super::*;
use crate::engine::RowSink;
use serde_json::Value as Json;
use synth_core::{Arg, LType, Row, Value};

/// The columns of a synth table; `loose`: as SQLite reads them back (money REAL, bool INTEGER,
/// dates TEXT).
fn columns_of(table: &str, loose: bool) -> Vec<ColumnInfo> {
    let t = synth_core::find(table).unwrap();
    let retype = |ty| match (loose, ty) {
        (true, LType::Money) => LType::Float64,
        (true, LType::Bool) => LType::Int64,
        (true, LType::Date) => LType::Text,
        (_, ty) => ty,
    };
    t.columns
        .iter()
        .map(|c| ColumnInfo {
            name: c.name.into(),
            ty: retype(c.ty),
        })
        .collect()
}

/// Copies a row into `out`, loosely typed when `loose`.
fn put(row: &Row, out: &mut Row, loose: bool) {
    for v in row.values() {
        match v {
            Value::Null => out.null(),
            Value::Int(i) => out.int(i),
            Value::Money(c) if loose => out.float(c as f64 / 100.0),
            Value::Money(c) => out.money(c),
            Value::Float(f) => out.float(f),
            Value::Bool(b) if loose => out.int(i64::from(b)),
            Value::Bool(b) => out.bool(b),
            Value::Date(d) if loose => out.text(&d.to_string()),
            Value::Date(d) => out.date(d),
            Value::Text(s) => out.text(s),
        }
    }
}

fn profile(table: &str, args: &[Arg], loose: bool) -> Profile {
    let mut p = Profile::new(table, &format!("SELECT * FROM synth_{table}({args:?})"));
    p.columns(columns_of(table, loose)).unwrap();
    let mut src = synth_core::find(table).unwrap().open_args(args).unwrap();
    let mut row = Row::new();
    while src.next_row(&mut row) {
        put(&row, p.row_buf(), loose);
        p.push().unwrap();
    }
    p
}

fn stats(table: &str, args: &[Arg]) -> SectionStats {
    profile(table, args, false).finish()
}

const N: Arg = Arg::Int(2000);
const SEED: Arg = Arg::Int(42);

fn customers(s: &SectionStats) -> &CustomerStats {
    match &s.detail {
        Detail::Customers(c) => c,
        d => panic!("not customers: {d:?}"),
    }
}

fn people(s: &SectionStats) -> &PeopleStats {
    match &s.detail {
        Detail::People(p) => p,
        d => panic!("not people: {d:?}"),
    }
}

fn sales(s: &SectionStats) -> &SalesStats {
    match &s.detail {
        Detail::Sales(x) => x,
        d => panic!("not sales: {d:?}"),
    }
}

/// A generic section: a number column and a text column with a NULL.
fn generic() -> SectionStats {
    let mut p = Profile::new("odd <table> & co", "SELECT x, label FROM t");
    let cols = [("x", LType::Float64), ("Label <i>", LType::Text)];
    p.columns(
        cols.map(|(n, ty)| ColumnInfo { name: n.into(), ty })
            .to_vec(),
    )
    .unwrap();
    for (x, label) in [(1.5, Some("<b>")), (-2.0, None), (4.0, Some("a"))] {
        let r = p.row_buf();
        r.float(x);
        r.opt_text(label);
        p.push().unwrap();
    }
    assert_eq!(p.kind(), Kind::Generic);
    p.finish()
}

#[test]
fn detects_the_four_kinds() {
    for (table, kind) in [
        ("customers", Kind::Customers),
        ("people", Kind::People),
        ("sales", Kind::Sales),
    ] {
        assert_eq!(Kind::detect(&columns_of(table, false)), kind);
        let mut upper = columns_of(table, true);
        upper.iter_mut().for_each(|c| c.name.make_ascii_uppercase());
        assert_eq!(Kind::detect(&upper), kind, "{table} in capitals");
        let mut p = Profile::new(table, "q");
        p.columns(upper).unwrap();
        assert_eq!(p.kind(), kind);
        assert_eq!(kind.name(), table);
    }
    let mut partial = columns_of("customers", false);
    partial.retain(|c| c.name != "email");
    assert_eq!(Kind::detect(&partial), Kind::Generic);
    assert_eq!(Kind::detect(&[]), Kind::Generic);
    assert_eq!(Kind::Generic.name(), "generic");
    assert_eq!(generic().kind, Kind::Generic);
}

#[test]
fn customers_statistics() {
    let s = stats("customers", &[N, SEED]);
    let c = customers(&s);
    assert_eq!((s.rows, c.customers), (2000, 2000));
    assert!((0.79..=0.81).contains(&c.top20_share), "{}", c.top20_share);
    assert_eq!(c.top20_count, 400);
    let genders: u64 = c.genders.iter().map(|g| g.stat).sum();
    assert_eq!(genders, s.rows);
    let labels: Vec<_> = c.genders.iter().map(|g| g.value.as_deref()).collect();
    assert_eq!(labels, [Some("female"), Some("male"), None]);
    assert_eq!(c.missing_gender_rate(), 0.1);
    assert_eq!(c.missing_address_rate(), Some(0.1));
    assert_eq!(c.ages.total(), 2000);
    assert_eq!(c.ages.other, 0);
    let d = s.duplicates.as_ref().unwrap();
    assert_eq!(
        (d.key.as_str(), d.distinct, d.rows),
        ("customer_id", 2000, 0)
    );
    let b = c.balance.unwrap();
    assert!(b.min >= 10.0 && b.min <= b.median && b.median <= b.mean && b.p99 <= b.max);
    let gender = s.columns.iter().find(|c| c.name == "gender").unwrap();
    assert_eq!(gender.nulls, 200);
}

#[test]
fn lorenz_curve_is_monotone_and_concave_side_up() {
    let s = stats("customers", &[N, SEED]);
    let l = &customers(&s).lorenz;
    assert_eq!(l.len(), 101);
    assert_eq!((l[0], l[100]), ((0.0, 0.0), (1.0, 1.0)));
    for w in l.windows(2) {
        assert!(w[1].0 > w[0].0 && w[1].1 >= w[0].1, "{w:?}");
    }
    // Richest first: the curve is never below the diagonal, and passes the top-20% point.
    assert!(l.iter().all(|&(x, y)| y >= x - 1e-12));
    let c = customers(&s);
    assert!((l[20].1 - c.top20_share).abs() < 1e-12);
}

#[test]
fn customer_duplicates_are_counted_per_distinct_id() {
    let args = [N, SEED, Arg::Float(0.1), Arg::Float(0.1), Arg::Float(0.05)];
    let s = stats("customers", &args);
    let d = s.duplicates.as_ref().unwrap();
    assert_eq!((s.rows, d.distinct, d.rows), (2100, 2000, 100));
    assert_eq!(d.rate(), 0.05);
    let c = customers(&s);
    assert_eq!(c.customers, 2000);
    assert_eq!(c.missing_gender_rate(), 0.1);
    assert_eq!(c.balance.unwrap().count, 2000);
}

#[test]
fn loosely_typed_tables_give_the_same_statistics() {
    for table in ["customers", "sales"] {
        let args = [Arg::Int(300), SEED];
        let (typed, loose) = (stats(table, &args), profile(table, &args, true).finish());
        assert_eq!(loose.kind, typed.kind);
        match (&typed.detail, &loose.detail) {
            (Detail::Customers(a), Detail::Customers(b)) => {
                assert!((a.top20_share - b.top20_share).abs() < 1e-12);
                assert_eq!(a.balance.unwrap().count, b.balance.unwrap().count);
            }
            (Detail::Sales(a), Detail::Sales(b)) => {
                assert_eq!(b.skipped, 0);
                let (fa, fb) = (a.fit_in.unwrap(), b.fit_in.unwrap());
                assert!((fa.slope - fb.slope).abs() < 1e-9);
                assert_eq!(a.cells.len(), b.cells.len());
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn top_twenty_percent_rounds_half_up_with_at_least_one() {
    let run = |balances: &[f64]| {
        let mut p = Profile::new("c", "q");
        let names = ["customer_id", "gender", "account_balance", "age", "email"];
        let cols = names.map(|n| ColumnInfo {
            name: n.into(),
            ty: LType::Float64,
        });
        p.columns(cols.to_vec()).unwrap();
        for (i, &b) in balances.iter().enumerate() {
            let r = p.row_buf();
            r.int(i as i64);
            r.text("male");
            r.float(b);
            r.float(30.9);
            r.null();
            p.push().unwrap();
        }
        let s = p.finish();
        let c = customers(&s).clone();
        (c.top20_count, c.top20_share, c.ages.counts[12])
    };
    assert_eq!(run(&[3.0, 1.0]), (1, 0.75, 2));
    assert_eq!(
        run(&[1.0, 1.0, 1.0, 5.0, 1.0, 1.0, 1.0]),
        (1, 5.0 / 11.0, 7)
    );
    let (k, share, _) = run(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 4.0, 1.0]);
    assert_eq!((k, share), (2, 5.0 / 11.0));
    assert_eq!(run(&[]), (0, 0.0, 0));
}

#[test]
fn people_statistics() {
    let s = stats("people", &[N, SEED]);
    let p = people(&s);
    assert_eq!(p.people, s.rows);
    let marital: u64 = p.marital.iter().map(|c| c.stat.total).sum();
    assert_eq!(marital, s.rows);
    let statuses: Vec<_> = p
        .marital
        .iter()
        .map(|c| c.value.as_deref().unwrap())
        .collect();
    assert_eq!(statuses, ["single", "married", "divorced", "widowed"]);
    for c in &p.marital {
        assert_eq!(c.stat.by_band.iter().sum::<u64>(), c.stat.total);
    }
    let by_band: u64 = p.children_by_band.iter().map(|s| s.count).sum();
    assert_eq!(by_band, s.rows);
    // Children accumulate with age: the youngest band has the fewest.
    let young = p.children_by_band[0].mean;
    assert!(p.children_by_band[1..].iter().all(|s| s.mean > young));
    let incomes: u64 = p.income_by_band.iter().map(|s| s.unwrap().count).sum();
    assert_eq!(incomes, s.rows);
    assert_eq!(p.education.iter().map(|c| c.stat).sum::<u64>(), s.rows);
    assert_eq!(
        p.education[0].value.as_deref(),
        Some(synth_core::popdata::EDUCATION_LABELS[0])
    );
    assert_eq!(s.duplicates.as_ref().unwrap().rows, 0);
}

#[test]
fn sales_campaign_effect_is_in_bracket_only() {
    let s = stats("sales", &[Arg::Int(1000), SEED]);
    let x = sales(&s);
    assert_eq!((s.rows, x.customers, x.ages.total()), (5000, 1000, 1000));
    assert!(s.duplicates.is_none());
    let (fin, fout) = (x.fit_in.unwrap(), x.fit_out.unwrap());
    assert!(fin.slope > fout.slope, "{fin:?} {fout:?}");
    // The model: +40 dollars at intensity 1 in the bracket, nothing outside.
    assert!((fin.slope - 40.0).abs() < 5.0, "{fin:?}");
    assert!(fout.slope.abs() < 5.0, "{fout:?}");
    assert_eq!(fin.n + fout.n, s.rows);
    assert_eq!(x.cells.len(), 10);
    assert_eq!(x.cells.iter().map(|c| c.count).sum::<u64>(), s.rows);
}

#[test]
fn generic_columns_are_summarised() {
    let s = generic();
    assert!(s.duplicates.is_none() && matches!(s.detail, Detail::Generic));
    let x = s.columns[0].numeric.unwrap();
    assert_eq!((x.count, x.min, x.max, x.mean), (3, -2.0, 4.0, 3.5 / 3.0));
    assert_eq!((s.columns[1].nulls, s.columns[1].numeric), (1, None));
}

#[test]
fn mismatched_rows_are_refused_and_empty_results_render() {
    let mut p = Profile::new("customers", "q");
    p.columns(columns_of("customers", false)).unwrap();
    p.row_buf().int(1);
    assert!(p.push().is_err());
    let s = Profile::new("customers", "q");
    let empty = [Section {
        stats: s.finish(),
        checks: vec![],
    }];
    assert!(render_html("t", &empty).contains("no checks for this kind of table"));
    let mut p = Profile::new("customers", "q");
    p.columns(columns_of("customers", false)).unwrap();
    let stats = p.finish();
    assert_eq!(customers(&stats).balance, None);
    let html = render_html(
        "t",
        &[Section {
            stats,
            checks: vec![],
        }],
    );
    assert!(html.contains("id=\"customers-lorenz\""));
}

fn check(rule: &str, passed: bool) -> CheckRow {
    CheckRow {
        rule: rule.into(),
        expected: "0.80 ± 0.01".into(),
        observed: "<0.5>".into(),
        passed,
    }
}

/// One section of each kind; the customers' query has a script in it.
fn report() -> Vec<Section> {
    let mut c = stats("customers", &[N, SEED]);
    c.query = "SELECT * FROM synth_customers(2000) -- <script>alert('x')</script>".into();
    let checks = vec![check("top_20", true), check("missing_gender", false)];
    vec![
        Section { stats: c, checks },
        Section {
            stats: stats("people", &[Arg::Int(500), SEED]),
            checks: vec![],
        },
        Section {
            stats: stats("sales", &[Arg::Int(300), SEED]),
            checks: vec![],
        },
        Section {
            stats: generic(),
            checks: vec![check("rows", true)],
        },
    ]
}

#[test]
fn html_is_self_contained_with_every_figure() {
    let html = render_html("EDA <report>", &report());
    let figures = [
        "customers-age-histogram",
        "customers-gender",
        "customers-lorenz",
        "customers-missing-duplicates",
        "people-age-histogram",
        "people-gender",
        "people-marital-status",
        "people-children-by-age-band",
        "people-income-by-age-band",
        "people-missing-duplicates",
        "sales-sales-vs-intensity",
        "sales-age-histogram",
    ];
    for id in figures {
        let at = html.find(&format!("<figure id=\"{id}\">")).expect(id);
        let figure = &html[at..at + html[at..].find("</figure>").unwrap()];
        assert!(
            figure.contains("<svg") && figure.contains("<figcaption>"),
            "{id}"
        );
        assert!(figure.contains("<text"), "{id}: no text in the plot");
    }
    assert_eq!(html.matches("<figure").count(), figures.len());
    assert!(!html.contains("<script"));
    assert!(html.contains("-- &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    let rest = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for outside in [
        "http://",
        "https://",
        "<img",
        "<link",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!rest.contains(outside), "{outside}");
    }
    for escaped in [
        "EDA &lt;report&gt;",
        "odd &lt;table&gt; &amp; co",
        "<td>Label &lt;i&gt;</td>",
    ] {
        assert!(html.contains(escaped), "{escaped}");
    }
    assert!(html.contains(&format!("seeder {}", env!("CARGO_PKG_VERSION"))));
    assert!(html.contains("no checks for this kind of table"));
    assert!(html.contains("<td class=\"verdict\">PASS</td>"));
    assert!(html.contains("<tr class=\"fail\"><td>missing_gender</td>"));
    assert!(html.contains("id=\"odd-table-co\""));
}

#[test]
fn html_shows_the_numbers_of_the_json() {
    let sections = report();
    let (html, json) = (render_html("r", &sections), to_json("r", &sections));
    assert_eq!(
        json["generator"],
        format!("seeder {}", env!("CARGO_PKG_VERSION"))
    );
    let customers = &json["sections"][0];
    assert_eq!(customers["kind"], "customers");
    let summary = &customers["summary"];
    let share = summary["top_20_percent_share"].to_string();
    assert!(share.parse::<f64>().unwrap() > 0.79, "{share}");
    let fact = |key: &str| {
        let v = &summary[key];
        assert!(v.is_number(), "{key}");
        format!(
            "<tr data-key=\"{key}\"><th>{}</th><td class=\"num\">{v}</td></tr>",
            key.replace('_', " ")
        )
    };
    for key in [
        "top_20_percent_share",
        "missing_gender_rate",
        "balance_median",
        "duplicate_rate",
    ] {
        assert!(html.contains(&fact(key)), "{}", fact(key));
    }
    assert_eq!(summary["missing_gender_rate"], 0.1);
    // An integer column's min and max are integers (10000, not 10000.0).
    let id = &customers["columns"][0];
    assert_eq!(id["column"], "customer_id");
    assert!(id["min"].is_i64() && id["max"].is_i64(), "{id}");
    assert!(
        html.contains(&format!("top 20% hold {share}")),
        "the Lorenz label"
    );
    // Every column's null rate, in that column's row of the HTML table.
    for (i, section) in json["sections"].as_array().unwrap().iter().enumerate() {
        let at = html.find(&format!(
            "<section id=\"{}",
            ["customers", "people", "sales", "odd"][i]
        ));
        let section_html = &html[at.unwrap()..];
        for col in section["columns"].as_array().unwrap() {
            let name = col["column"].as_str().unwrap();
            let shown = name.replace('<', "&lt;").replace('>', "&gt;");
            let row_at = section_html
                .find(&format!("<tr><td>{shown}</td>"))
                .expect(name);
            let row = &section_html[row_at..row_at + section_html[row_at..].find("</tr>").unwrap()];
            let rate = format!("<td class=\"num\">{}</td>", col["null_rate"]);
            assert!(row.contains(&rate), "{name}: {rate} not in {row}");
        }
    }
    assert_eq!(json["summary"][0]["checks_passed"], 1);
    assert_eq!(json["summary"][0]["checks_failed"], 1);
    let checks = customers["checks"].as_array().unwrap();
    assert_eq!(checks[1]["passed"], Json::Bool(false));
    assert_eq!(json["sections"][3]["columns"][0]["mean"], 1.1667);
    let fits = &json["sections"][2]["sales_fits"];
    let slope = fits[0]["slope"].as_f64().unwrap();
    assert!(slope > fits[1]["slope"].as_f64().unwrap());
}
