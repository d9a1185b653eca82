//! `seeder check` and `seeder report`: the data-quality rules of synth-core over any query's
//! rows (a table a user changed fails the rules its change breaks), and the exploratory
//! report (self-contained HTML with SVG plots, or JSON) with those checks in it.

use crate::engine::{self, Engine, RowSink};
use crate::export::{plan, Job};
use crate::output::{self, Output};
use crate::report::{self, CheckRow, Kind, Profile, Section};
use crate::types::ColumnInfo;
use clap::Args;
use std::path::PathBuf;
use synth_core::checks::{checker_for, Checker, CustomerExpectations, Expectations};
use synth_core::tables::sales::SalesModel;
use synth_core::{Arg, Date, Row, Value};

/// What the rows were generated with: the rules compare the data against it.
#[derive(Args, Clone, Debug)]
pub struct Expect {
    /// customers: the expected share of NULL genders.
    #[arg(long, default_value_t = 0.1, value_name = "RATE")]
    pub missing_gender: f64,
    /// customers: the expected share of NULL addresses.
    #[arg(long, default_value_t = 0.1, value_name = "RATE")]
    pub missing_address: f64,
    /// customers: the expected duplicate rows, as a share of distinct customers.
    #[arg(long, default_value_t = 0.0, value_name = "RATE")]
    pub duplicates: f64,
    /// customers and people: the as_of date the table was generated at.
    #[arg(long, default_value = "2026-01-01", value_name = "YYYY-MM-DD")]
    pub as_of: String,
    /// sales: a coefficient of the model the table was generated with, when not the default:
    /// b0, b_age, gamma, b_balance, b_campaign, sigma, target_lo, target_hi. Repeatable.
    #[arg(long = "model", value_name = "NAME=VALUE")]
    pub model: Vec<String>,
}

impl Default for Expect {
    fn default() -> Self {
        Expect {
            missing_gender: 0.1,
            missing_address: 0.1,
            duplicates: 0.0,
            as_of: "2026-01-01".into(),
            model: Vec::new(),
        }
    }
}

impl Expect {
    /// The sales model of `--model NAME=VALUE` settings over the defaults of `synth_sales`.
    fn sales_model(&self) -> Result<SalesModel, String> {
        let def = synth_core::find("sales").expect("the sales table");
        let mut values = vec![Arg::Absent; def.params.len()];
        values[0] = Arg::Int(0);
        for m in &self.model {
            let (name, v) = m
                .split_once('=')
                .ok_or_else(|| format!("--model takes NAME=VALUE, got {m:?}"))?;
            let name = name.trim();
            const SETTABLE: [&str; 8] = [
                "b0",
                "b_age",
                "gamma",
                "b_balance",
                "b_campaign",
                "sigma",
                "target_lo",
                "target_hi",
            ];
            let i = def
                .params
                .iter()
                .position(|p| p.name == name && SETTABLE.contains(&name))
                .ok_or_else(|| {
                    format!(
                        "--model: unknown coefficient {name:?} (known: {})",
                        SETTABLE.join(", ")
                    )
                })?;
            let v: f64 = v
                .trim()
                .parse()
                .map_err(|_| format!("--model {name}: expected a number, got {:?}", v.trim()))?;
            values[i] = if name.starts_with("target_") {
                Arg::Int(v as i64)
            } else {
                Arg::Float(v)
            };
        }
        let args = synth_core::schema::Args::new(def.params, &values).map_err(|e| e.to_string())?;
        SalesModel::from_args(&args).map_err(|e| format!("--model: {e}"))
    }

    fn for_kind(&self, kind: Kind) -> Result<Option<Expectations>, String> {
        let as_of = Date::parse(&self.as_of)
            .ok_or_else(|| format!("--as-of: expected a date YYYY-MM-DD, got {:?}", self.as_of))?;
        for (name, v) in [
            ("--missing-gender", self.missing_gender),
            ("--missing-address", self.missing_address),
            ("--duplicates", self.duplicates),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name}: expected a rate between 0 and 1, got {v}"));
            }
        }
        // Checked whatever the kind, so a mistyped --model is never silently ignored.
        let sales = self.sales_model()?;
        Ok(match kind {
            Kind::Customers => Some(Expectations::Customers(CustomerExpectations {
                missing_gender: self.missing_gender,
                missing_address: self.missing_address,
                duplicates: self.duplicates,
                as_of,
            })),
            Kind::People => Some(Expectations::People { as_of }),
            Kind::Sales => Some(Expectations::Sales(sales)),
            Kind::Generic => None,
        })
    }
}

/// Feeds an engine's rows to a core checker (chosen by `kind`, or by the columns when `None`),
/// and on to an inner sink (the report's profile) without copying them.
struct CheckSink<'a> {
    expect: &'a Expect,
    kind: Option<Kind>,
    checker: Option<Box<dyn Checker>>,
    detected: Kind,
    buf: Row,
    inner: Option<&'a mut Profile>,
}

impl<'a> CheckSink<'a> {
    fn new(expect: &'a Expect, kind: Option<Kind>, inner: Option<&'a mut Profile>) -> Self {
        CheckSink {
            expect,
            kind,
            checker: None,
            detected: Kind::Generic,
            buf: Row::new(),
            inner,
        }
    }

    fn results(self) -> Vec<CheckRow> {
        self.checker
            .map(|c| {
                c.finish()
                    .into_iter()
                    .map(|r| CheckRow {
                        rule: r.rule.to_string(),
                        expected: r.expected,
                        observed: r.observed,
                        passed: r.passed,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl RowSink for CheckSink<'_> {
    fn columns(&mut self, cols: Vec<ColumnInfo>) -> Result<(), String> {
        self.detected = self.kind.unwrap_or_else(|| Kind::detect(&cols));
        if let Some(exp) = self.expect.for_kind(self.detected)? {
            let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
            self.checker =
                Some(checker_for(self.detected.name(), &names, &exp).map_err(|e| e.to_string())?);
        }
        match self.inner.as_mut() {
            Some(p) => p.columns(cols),
            None => Ok(()),
        }
    }

    fn row_buf(&mut self) -> &mut Row {
        self.buf.clear();
        &mut self.buf
    }

    fn push(&mut self) -> Result<(), String> {
        if let Some(c) = self.checker.as_mut() {
            let vals: Vec<Value<'_>> = self.buf.values().collect();
            c.push(&vals);
        }
        if let Some(p) = self.inner.as_mut() {
            std::mem::swap(p.row_buf(), &mut self.buf);
            p.push()?;
        }
        Ok(())
    }
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    match s.to_ascii_lowercase().as_str() {
        "customers" => Ok(Kind::Customers),
        "people" => Ok(Kind::People),
        "sales" => Ok(Kind::Sales),
        _ => Err(format!(
            "--kind: expected customers, people or sales, got {s:?}"
        )),
    }
}

/// A bare table name (`customers`, `main.customers`) means all its rows.
fn table_or_query(s: &str) -> String {
    let t = s.trim();
    let ident = !t.is_empty()
        && t.split('.').all(|p| {
            p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if ident && !t.eq_ignore_ascii_case("select") {
        format!("SELECT * FROM {t}")
    } else {
        t.to_string()
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// A table name or a SQL query whose rows to check.
    #[arg(long, short = 'q', value_name = "TABLE|SQL")]
    pub query: String,
    /// Which rules: customers, people or sales (default: from the column names).
    #[arg(long)]
    pub kind: Option<String>,
    /// sqlite:PATH or postgres://user@host/db (default: an in-memory SQLite).
    #[arg(long)]
    pub db: Option<String>,
    #[command(flatten)]
    pub expect: Expect,
}

/// Prints one line per rule; fails (exit status 1) when a rule fails.
pub fn check(a: &CheckArgs) -> Result<(), String> {
    let kind = a.kind.as_deref().map(parse_kind).transpose()?;
    a.expect.for_kind(Kind::Customers)?; // bad flags fail before any query runs
    let mut engine = engine::open(a.db.as_deref(), false)?;
    let job = one_job(&table_or_query(&a.query), engine.as_mut())?;
    let mut sink = CheckSink::new(&a.expect, kind, None);
    let rows = engine.run(&job.sql, false, &mut sink)?;
    let detected = sink.detected;
    if detected == Kind::Generic {
        return Err(
            "no rules for these columns: not a customers, people or sales table (name one with --kind)"
                .into(),
        );
    }
    let results = sink.results();
    let w = results.iter().map(|r| r.rule.len()).max().unwrap_or(4);
    let failed = results.iter().filter(|r| !r.passed).count();
    use std::fmt::Write as _;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} rules over {rows} rows as a {} table",
        results.len(),
        detected.name()
    );
    for r in &results {
        let _ = writeln!(
            text,
            "{}  {:<w$}  observed {}; expected {}",
            if r.passed { "PASS" } else { "FAIL" },
            r.rule,
            r.observed,
            r.expected
        );
    }
    // A reader that stops early (`| head`) is not an error; the exit status still tells.
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    if failed > 0 {
        return Err(format!("{failed} of {} rules failed", results.len()));
    }
    Ok(())
}

fn one_job(sql: &str, engine: &mut dyn Engine) -> Result<Job, String> {
    Ok(plan(&[sql.to_string()], engine, false)?.remove(0))
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  \
    seeder report -q 'customers=SELECT * FROM synth_customers(10000, 42)' -o report.html\n  \
    seeder report -q customers --db sqlite:demo-out/customers.db -o report.html --force\n  \
    seeder report -q 'sales=synth_sales(10000, 42)' -o - --format json")]
pub struct ReportArgs {
    /// SQL (or a table name) whose rows to describe, or NAME=SQL to name its section. Repeat
    /// for several sections.
    #[arg(
        long = "query",
        short = 'q',
        value_name = "[NAME=]SQL",
        required = true
    )]
    pub queries: Vec<String>,
    /// Output file (`-`: stdout).
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// html or json (default: from the output's extension; html for stdout).
    #[arg(long, short = 'f')]
    pub format: Option<String>,
    /// sqlite:PATH or postgres://user@host/db (default: an in-memory SQLite).
    #[arg(long)]
    pub db: Option<String>,
    /// Overwrite the output if it exists.
    #[arg(long)]
    pub force: bool,
    /// The report's title.
    #[arg(long, default_value = "synth data report")]
    pub title: String,
    #[command(flatten)]
    pub expect: Expect,
}

/// Runs each query once, profiling and checking its rows, and writes the report.
pub fn report(a: &ReportArgs) -> Result<Vec<Section>, String> {
    let to_stdout = a.output.as_os_str() == "-";
    let json = match a.format.as_deref() {
        Some(f) if f.eq_ignore_ascii_case("json") => true,
        Some(f) if f.eq_ignore_ascii_case("html") => false,
        Some(f) => return Err(format!("--format: expected html or json, got {f:?}")),
        None => a
            .output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json")),
    };
    a.expect.for_kind(Kind::Customers)?;
    let out = if to_stdout {
        None
    } else {
        Some(Output::new(&a.output, a.force)?)
    };
    let mut engine = engine::open(a.db.as_deref(), false)?;
    let queries: Vec<String> = a
        .queries
        .iter()
        .map(|q| match q.split_once('=') {
            Some((name, sql))
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) =>
            {
                format!("{name}={}", table_or_query(sql))
            }
            _ => table_or_query(q),
        })
        .collect();
    let jobs = plan(&queries, engine.as_mut(), false)?;
    let mut sections = Vec::new();
    for job in &jobs {
        let mut profile = Profile::new(&job.name, &job.sql);
        let mut sink = CheckSink::new(&a.expect, None, Some(&mut profile));
        engine
            .run(&job.sql, false, &mut sink)
            .map_err(|e| format!("{}: {e}", job.name))?;
        let checks = sink.results();
        sections.push(Section {
            stats: profile.finish(),
            checks,
        });
    }
    let text = if json {
        let mut s = serde_json::to_string_pretty(&report::to_json(&a.title, &sections))
            .map_err(|e| e.to_string())?;
        s.push('\n');
        s
    } else {
        report::render_html(&a.title, &sections)
    };
    match out {
        None => {
            output::to_stdout(|o| o.write_all(text.as_bytes()))?;
        }
        Some(o) => {
            std::fs::write(o.tmp(), text).map_err(|e| format!("{}: {e}", a.output.display()))?;
            o.commit()?;
        }
    }
    Ok(sections)
}
