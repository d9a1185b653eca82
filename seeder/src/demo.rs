//! `seeder demo --out DIR`: the seed's deliverables in one command.
//!
//! - `DIR/customers.db`: SQLite, table `customers` = `synth_customers(10000, seed, 0.1, 0.1,
//!   0.1)`: 10,000 customers plus 1,000 duplicated rows (11,000 rows), 10% of customers without
//!   gender, 10% without address.
//! - `DIR/sales.xlsx`: `synth_sales(10000, seed)`, sales of every customer at each intensity,
//!   with a chart of mean sales by intensity in and out of the target bracket.
//! - `DIR/report.html`: the exploratory report (statistics, SVG plots and checks) of the
//!   customers table just written, of the sales, and of 10,000 people of the same seed.
//! - a short summary on stdout, measured on the files just written.

use crate::export::{export, ExportArgs};
use crate::format::ChartSpec;
use rusqlite::{Connection, OpenFlags};
use std::fmt::Write;
use std::path::Path;

pub const CUSTOMERS: i64 = 10_000;

fn customers_sql(seed: i64) -> String {
    format!("customers=SELECT * FROM synth_customers({CUSTOMERS}, {seed}, 0.1, 0.1, 0.1)")
}

fn sales_sql(seed: i64) -> String {
    format!("sales=SELECT * FROM synth_sales({CUSTOMERS}, {seed})")
}

/// Thousands separators for the summary.
fn group(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

pub fn demo(dir: &Path, force: bool, seed: i64) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let has_sales = synth_core::find("sales").is_some();
    let names: Vec<&str> = ["customers.db", "sales.xlsx", "report.html"]
        .into_iter()
        .filter(|n| has_sales || *n != "sales.xlsx")
        .collect();
    // Refuse before writing anything, so a demo is never half overwritten.
    for n in &names {
        let p = dir.join(n);
        if p.exists() && !force {
            return Err(format!(
                "{} already exists; pass --force to overwrite it",
                p.display()
            ));
        }
    }
    // The files are made in a hidden directory beside their places and moved there together at
    // the end: a failure or an interruption leaves none of them (nor a half of one).
    let staging = tempfile::Builder::new()
        .prefix(".seeder-demo-")
        .tempdir_in(dir)
        .map_err(|e| format!("creating a temporary directory in {}: {e}", dir.display()))?;
    crate::interrupt::track(staging.path());
    let result = make(staging.path(), has_sales, seed);
    let (text, failed) = match result {
        Ok(r) => r,
        Err(e) => {
            crate::interrupt::untrack(staging.path());
            return Err(e);
        }
    };
    // A place a file cannot take (a directory of that name) fails the demo before any move.
    for n in &names {
        let to = dir.join(n);
        if to.is_dir() {
            return Err(format!("{} is a directory", to.display()));
        }
    }
    let mut moved: Vec<std::path::PathBuf> = Vec::new();
    for n in &names {
        let (from, to) = (staging.path().join(n), dir.join(n));
        if let Err(e) = std::fs::rename(&from, &to) {
            for m in &moved {
                crate::interrupt::remove_with_journal(m);
            }
            return Err(format!("moving {n} to {}: {e}", to.display()));
        }
        moved.push(to);
    }
    crate::interrupt::untrack(staging.path());
    drop(staging);
    let text = text.replace("{dir}", &dir.display().to_string());
    crate::output::print_stdout(&text)?;
    match failed {
        0 => Ok(()),
        k => Err(format!(
            "{k} checks failed: see {}",
            dir.join("report.html").display()
        )),
    }
}

/// Writes the demo's files into `dir`; returns the summary for stdout (`{dir}` standing for
/// the final directory) and the number of failed checks.
fn make(dir: &Path, has_sales: bool, seed: i64) -> Result<(String, usize), String> {
    let customers = dir.join("customers.db");
    let sales = dir.join("sales.xlsx");
    let report = dir.join("report.html");
    export(&ExportArgs {
        queries: vec![customers_sql(seed)],
        output: customers.clone(),
        format: Some("sqlite".into()),
        ..Default::default()
    })?;
    let sales_rows = if has_sales {
        let w = export(&ExportArgs {
            queries: vec![sales_sql(seed)],
            output: sales.clone(),
            format: Some("xlsx".into()),
            chart: Some(ChartSpec::DEFAULT.into()),
            ..Default::default()
        })?;
        Some(w.iter().map(|(_, n)| n).sum::<u64>())
    } else {
        eprintln!(
            "seeder: note: this build has no synth_sales table yet; sales.xlsx was not written"
        );
        None
    };

    let mut text = String::new();
    summary(&mut text, &customers, sales_rows, seed)?;

    let sections = crate::quality::report(&crate::quality::ReportArgs {
        queries: vec![
            "customers=customers".into(),
            format!("sales=SELECT * FROM synth_sales({CUSTOMERS}, {seed})"),
            format!("people=SELECT * FROM synth_people({CUSTOMERS}, {seed})"),
        ],
        output: report.clone(),
        format: Some("html".into()),
        db: Some(format!("sqlite:{}", customers.display())),
        force: false,
        title: format!("synth demo (seed {seed})"),
        expect: crate::quality::Expect {
            duplicates: 0.1,
            ..crate::quality::Expect::default()
        },
    })?;
    let rules: usize = sections.iter().map(|s| s.checks.len()).sum();
    let passed: usize = sections
        .iter()
        .map(|s| s.checks.iter().filter(|c| c.passed).count())
        .sum();
    let _ = writeln!(
        text,
        "  report.html  customers, sales and people: statistics, plots, {passed} of {rules} checks passed"
    );
    Ok((text, rules - passed))
}

fn summary(
    out: &mut String,
    customers: &Path,
    sales: Option<u64>,
    seed: i64,
) -> Result<(), String> {
    let e = |e: rusqlite::Error| format!("reading {}: {e}", customers.display());
    let db = Connection::open_with_flags(customers, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(e)?;
    let one = |sql: &str| -> Result<f64, String> {
        db.query_row(sql, [], |r| r.get::<_, f64>(0)).map_err(e)
    };
    let rows = one("SELECT count(*) FROM customers")? as i64;
    let distinct = one("SELECT count(DISTINCT customer_id) FROM customers")? as i64;
    let per_customer = |cond: &str| {
        one(&format!(
            "SELECT count(*) FROM (SELECT customer_id, max({cond}) AS m FROM customers GROUP BY customer_id) WHERE m"
        ))
    };
    let no_gender = per_customer("gender IS NULL")? as i64;
    let no_address = per_customer("address IS NULL")? as i64;
    let top20 = one(
        "WITH c AS (SELECT max(account_balance) AS b FROM customers GROUP BY customer_id),
              r AS (SELECT b, row_number() OVER (ORDER BY b DESC) AS k, count(*) OVER () AS n FROM c)
         SELECT coalesce(sum(CASE WHEN k * 5 <= n THEN b END) / sum(b), 0) FROM r",
    )?;
    let d = distinct.max(1) as f64;
    let _ = writeln!(out, "seeder demo (seed {seed}) in {{dir}}");
    let _ = writeln!(
        out,
        "  customers.db  table customers: {} rows, {} distinct customers",
        group(rows),
        group(distinct)
    );
    let _ = writeln!(
        out,
        "    top 20% of customers hold {} of all balances",
        pct(top20)
    );
    let _ = writeln!(
        out,
        "    missing gender:  {} of customers ({})",
        pct(no_gender as f64 / d),
        group(no_gender)
    );
    let _ = writeln!(
        out,
        "    missing address: {} of customers ({})",
        pct(no_address as f64 / d),
        group(no_address)
    );
    let _ = writeln!(
        out,
        "    duplicate rows:  {} of customers ({} rows repeat a customer)",
        pct((rows - distinct) as f64 / d),
        group(rows - distinct)
    );
    if let Some(n) = sales {
        let _ = writeln!(
            out,
            "  sales.xlsx  sheet sales: {} rows (each customer at each intensity), chart of mean sales by intensity",
            group(n as i64)
        );
        sales_means(out, seed)?;
    }
    Ok(())
}

/// Mean sales by intensity, in and out of the target bracket (recomputed in memory: cheap).
fn sales_means(out: &mut String, seed: i64) -> Result<(), String> {
    let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
    synth::register(&conn).map_err(|e| e.to_string())?;
    let sql = format!(
        "SELECT intensity,
                avg(CASE WHEN in_target_bracket THEN sales END),
                avg(CASE WHEN NOT in_target_bracket THEN sales END)
         FROM synth_sales({CUSTOMERS}, {seed}) GROUP BY intensity ORDER BY intensity"
    );
    let e = |e: rusqlite::Error| format!("summarising sales: {e}");
    let mut stmt = conn.prepare(&sql).map_err(e)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, f64>(0)?,
                r.get::<_, Option<f64>>(1)?,
                r.get::<_, Option<f64>>(2)?,
            ))
        })
        .map_err(e)?;
    let _ = writeln!(out, "    intensity  mean sales in bracket  outside bracket");
    for r in rows {
        let (i, a, b) = r.map_err(e)?;
        let f = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
        let _ = writeln!(out, "    {i:>9}  {:>21}  {:>15}", f(a), f(b));
    }
    Ok(())
}
