//! Data-quality checks: streaming checkers that consume rows (generated here, or read back from
//! a table a user changed) and report one result per rule: `rule, expected, observed, passed`.
//!
//! Checkers find their columns by name, so a user's table may order its columns freely and
//! carry extra ones; values are read leniently (a SQLite REAL balance, an ISO-8601 TEXT date,
//! an INTEGER 0/1 boolean), so the same rules run over Postgres, SQLite and the core's rows.

pub mod customers;
pub mod people;
pub mod sales;

use crate::date::Date;
use crate::error::{Error, Result};
use crate::rng::mix64;
use crate::schema::{Arg, Args, Column, Default, LType, PType, Param, Row, Value};
use crate::tables::RowSource;

pub use customers::{CustomerChecker, CustomerExpectations};
pub use people::PeopleChecker;
pub use sales::SalesChecker;

#[derive(Clone, Debug, PartialEq)]
pub struct CheckResult {
    pub rule: &'static str,
    pub expected: String,
    pub observed: String,
    pub passed: bool,
}

/// A streaming checker: rows in, one result per rule out.
pub trait Checker {
    /// One row, its values in the order of the column names the checker was built with.
    fn push(&mut self, row: &[Value<'_>]);
    fn finish(self: Box<Self>) -> Vec<CheckResult>;
}

/// Positions of the columns a checker reads, found by name (case-insensitive).
pub(crate) fn locate<const K: usize>(
    table: &str,
    columns: &[&str],
    wanted: [&'static str; K],
) -> Result<[usize; K]> {
    let mut out = [0usize; K];
    let mut missing = Vec::new();
    for (k, w) in wanted.iter().enumerate() {
        match columns.iter().position(|c| c.eq_ignore_ascii_case(w)) {
            Some(i) => out[k] = i,
            None => missing.push(*w),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(Error::Usage(format!(
            "cannot check this as a {table} table: column{} {} missing (it has: {})",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            columns.join(", ")
        )))
    }
}

// Lenient readers: the engines hand the same column over with different storage types.

pub(crate) fn int_of(v: Value<'_>) -> Option<i64> {
    match v {
        Value::Int(i) => Some(i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e18 => Some(f as i64),
        Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn num_of(v: Value<'_>) -> Option<f64> {
    match v {
        Value::Int(i) => Some(i as f64),
        Value::Money(c) => Some(c as f64 / 100.0),
        Value::Float(f) if f.is_finite() => Some(f),
        Value::Text(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
        _ => None,
    }
}

/// Money in cents: numeric, REAL dollars or integer dollars.
pub(crate) fn cents_of(v: Value<'_>) -> Option<i64> {
    match v {
        Value::Money(c) => Some(c),
        other => num_of(other).map(|d| (d * 100.0).round() as i64),
    }
}

pub(crate) fn date_of(v: Value<'_>) -> Option<Date> {
    match v {
        Value::Date(d) => Some(d),
        Value::Text(s) => Date::parse(s.trim().get(..10).unwrap_or(s)),
        _ => None,
    }
}

pub(crate) fn text_of(v: Value<'_>) -> Option<&str> {
    match v {
        Value::Text(s) => Some(s),
        _ => None,
    }
}

pub(crate) fn bool_of(v: Value<'_>) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b),
        Value::Int(0) => Some(false),
        Value::Int(1) => Some(true),
        Value::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "t" | "true" | "1" => Some(true),
            "f" | "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A 64-bit hash of a text, for uniqueness sets that must not hold every string.
pub(crate) fn text_hash(s: &str) -> u64 {
    s.bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| mix64(h ^ b as u64))
}

pub(crate) fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A rule that allows no violation.
/// Rows that break a rule: how many, and the keys of the first few, so that a failed rule
/// says which rows to look at.
#[derive(Clone, Debug, Default)]
pub(crate) struct Offenders {
    count: u64,
    first: Vec<String>,
}

/// Keys a failed rule names.
const NAMED: usize = 3;

impl Offenders {
    /// Counts the row with key `key` when `bad`.
    #[inline]
    pub(crate) fn hit(&mut self, bad: bool, key: impl std::fmt::Display) {
        if bad {
            self.count += 1;
            if self.first.len() < NAMED {
                self.first.push(key.to_string());
            }
        }
    }
}

/// A rule no row may break; a failure names the first rows that do (`key` is their key
/// column: "3 invalid card numbers (customer_id 17, 52, 90)").
pub(crate) fn none(rule: &'static str, what: &str, o: &Offenders, key: &str) -> CheckResult {
    let mut r = zero(rule, what, o.count);
    if !o.first.is_empty() {
        let more = if o.count > o.first.len() as u64 {
            ", …"
        } else {
            ""
        };
        r.observed = format!("{} ({key} {}{more})", r.observed, o.first.join(", "));
    }
    r
}

pub(crate) fn zero(rule: &'static str, what: &str, bad: u64) -> CheckResult {
    CheckResult {
        rule,
        expected: format!("0 {what}"),
        observed: format!("{bad} {what}"),
        passed: bad == 0,
    }
}

/// A proportion `hits / of` against a reference share: passes within `slack` (the model's own
/// distance from the reference) plus four binomial standard errors (sampling noise).
pub(crate) fn share_near(
    rule: &'static str,
    what: &str,
    hits: u64,
    of: u64,
    want: f64,
    slack: f64,
) -> CheckResult {
    let got = share(hits, of);
    let se = (want * (1.0 - want) / of.max(1) as f64).sqrt();
    let tol = slack + 4.0 * se;
    CheckResult {
        rule,
        expected: format!("{what} {want:.3} ± {tol:.3}"),
        observed: format!("{got:.4} ({hits} of {of})"),
        passed: of > 0 && (got - want).abs() <= tol,
    }
}

/// A rule about a relation that needs enough rows to be seen: with fewer than `need` rows in
/// its groups it is reported as not assessed (and not failed), saying so.
pub(crate) fn too_few(
    rule: &'static str,
    expected: String,
    have: u64,
    need: u64,
) -> Option<CheckResult> {
    (have < need).then(|| CheckResult {
        rule,
        expected,
        observed: format!("not assessed: {have} rows in the groups compared, needs {need}"),
        passed: true,
    })
}

/// The median of a sample (sorted in place); 0 when empty.
pub(crate) fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Rows of check results, as a table function returns them.
pub struct ResultRows {
    results: std::vec::IntoIter<CheckResult>,
}

impl ResultRows {
    pub fn new(results: Vec<CheckResult>) -> Self {
        ResultRows {
            results: results.into_iter(),
        }
    }
}

impl RowSource for ResultRows {
    fn next_row(&mut self, row: &mut Row) -> bool {
        match self.results.next() {
            Some(r) => {
                row.clear();
                row.text_static(r.rule);
                row.text(&r.expected);
                row.text(&r.observed);
                row.bool(r.passed);
                true
            }
            None => false,
        }
    }

    fn remaining(&self) -> u64 {
        self.results.len() as u64
    }
}

pub const RESULT_COLUMNS: &[Column] = &[
    Column {
        name: "rule",
        ty: LType::Text,
        nullable: false,
        doc: "the rule checked",
    },
    Column {
        name: "expected",
        ty: LType::Text,
        nullable: false,
        doc: "what the rule requires",
    },
    Column {
        name: "observed",
        ty: LType::Text,
        nullable: false,
        doc: "what the data has",
    },
    Column {
        name: "passed",
        ty: LType::Bool,
        nullable: false,
        doc: "whether it holds",
    },
];

/// Feeds every row of a generated table into a checker (the `synth_check_<table>` functions).
/// The most rows one check reads: the checkers keep a few words per row (balances, id and
/// email hashes), so this bounds their memory (about 600 MB) instead of exhausting the
/// server's and aborting a PostgreSQL backend.
pub const MAX_CHECK_ROWS: u64 = 10_000_000;

fn too_many_rows(arg: &'static str, got: u64) -> Error {
    Error::LimitExceeded {
        arg,
        limit: format!("{MAX_CHECK_ROWS} rows per check (check a sample or a slice)"),
        got: got.to_string(),
    }
}

fn check_generated(
    def: &crate::tables::TableDef,
    values: &[Arg],
    exp: &Expectations,
) -> Result<Box<dyn RowSource>> {
    let mut src = def.open_args(values)?;
    if src.remaining() > MAX_CHECK_ROWS {
        return Err(too_many_rows("n", src.remaining()));
    }
    let names: Vec<&str> = def.columns.iter().map(|c| c.name).collect();
    let mut checker = checker_for(def.name, &names, exp)?;
    let mut row = Row::new();
    let mut k = 0u32;
    while src.next_row(&mut row) {
        let vals: Vec<Value<'_>> = row.values().collect();
        checker.push(&vals);
        k = k.wrapping_add(1);
        if k.is_multiple_of(16_384) && crate::error::interrupted() {
            return Err(Error::Cancelled);
        }
    }
    Ok(Box::new(ResultRows::new(checker.finish())))
}

/// What a table was generated with: the rules compare the data against it.
#[derive(Clone, Debug)]
pub enum Expectations {
    Customers(CustomerExpectations),
    People { as_of: Date },
    Sales(crate::tables::sales::SalesModel),
}

/// The tables that have checks.
pub const CHECKED_TABLES: [&str; 3] = ["customers", "people", "sales"];

/// A checker for rows whose columns are `columns` (names), as a `table` table.
pub fn checker_for(table: &str, columns: &[&str], exp: &Expectations) -> Result<Box<dyn Checker>> {
    Ok(match (table, exp) {
        ("customers", Expectations::Customers(e)) => {
            Box::new(CustomerChecker::with_columns(e.clone(), columns)?)
        }
        ("people", Expectations::People { as_of }) => {
            Box::new(PeopleChecker::with_columns(*as_of, columns)?)
        }
        ("sales", Expectations::Sales(m)) => {
            Box::new(SalesChecker::with_columns(m.clone(), columns)?)
        }
        _ => {
            return Err(Error::Usage(format!(
                "no checks for a {table:?} table (checked tables: {})",
                CHECKED_TABLES.join(", ")
            )))
        }
    })
}

/// The expectations a check function's arguments give (defaults where absent).
fn expectations(table: &str, a: &Args) -> Result<Expectations> {
    Ok(match table {
        "customers" => Expectations::Customers(CustomerExpectations {
            missing_gender: a.rate("missing_gender")?,
            missing_address: a.rate("missing_address")?,
            duplicates: a.rate("duplicates")?,
            as_of: a.date("as_of")?,
        }),
        "people" => Expectations::People {
            as_of: a.date("as_of")?,
        },
        _ => Expectations::Sales(crate::tables::sales::SalesModel::from_args(a)?),
    })
}

/// The check function's parameters: the table's own, without the slice (a check covers the
/// whole table).
macro_rules! check_params {
    ($table:ident) => {{
        const P: &[Param] = crate::tables::$table::PARAMS;
        const N: usize = P.len() - 2;
        const OUT: [Param; N] = {
            let mut out = [P[0]; N];
            let mut i = 0;
            while i < N {
                out[i] = P[i];
                i += 1;
            }
            out
        };
        &OUT
    }};
}

pub const CHECK_CUSTOMERS_PARAMS: &[Param] = check_params!(customers);
pub const CHECK_PEOPLE_PARAMS: &[Param] = check_params!(people);
pub const CHECK_SALES_PARAMS: &[Param] = check_params!(sales);

fn open_check(
    table: &'static str,
    a: &Args,
    params: &'static [Param],
) -> Result<Box<dyn RowSource>> {
    let def = crate::find(table).expect("a registered table");
    let exp = expectations(table, a)?;
    // The generator reads the same arguments by position; the slice stays at its default.
    let values: Vec<Arg> = params.iter().map(|p| a.raw(p.name)).collect();
    check_generated(def, &values, &exp)
}

pub fn open_check_customers(a: &Args) -> Result<Box<dyn RowSource>> {
    open_check("customers", a, CHECK_CUSTOMERS_PARAMS)
}

pub fn open_check_people(a: &Args) -> Result<Box<dyn RowSource>> {
    open_check("people", a, CHECK_PEOPLE_PARAMS)
}

pub fn open_check_sales(a: &Args) -> Result<Box<dyn RowSource>> {
    open_check("sales", a, CHECK_SALES_PARAMS)
}

/// Parameters of `synth_check_table(source, table, ...)`: the rows to check and what they
/// were generated with (a user's changed table is checked against the same expectations).
pub const CHECK_TABLE_PARAMS: &[Param] = &{
    const OWN: [Param; 6] = CHECK_TABLE_OWN;
    const SALES: &[Param] = crate::tables::sales::PARAMS;
    // The sales model's coefficients: b0 .. target_hi.
    let mut out = [OWN[0]; 14];
    let mut i = 0;
    while i < 14 {
        out[i] = if i < 6 { OWN[i] } else { SALES[i - 3] };
        i += 1;
    }
    out
};

const CHECK_TABLE_OWN: [Param; 6] = [
    Param {
        name: "source",
        ty: PType::Text,
        default: Default::Required,
        doc: "a table name (e.g. 'customers' or 'public.customers') or a SELECT query",
    },
    Param {
        name: "kind",
        ty: PType::Text,
        default: Default::Text("customers"),
        doc: "which rules: 'customers', 'people' or 'sales'",
    },
    Param {
        name: "missing_gender",
        ty: PType::Float,
        default: Default::Float(0.1),
        doc: "customers: the expected share of NULL genders",
    },
    Param {
        name: "missing_address",
        ty: PType::Float,
        default: Default::Float(0.1),
        doc: "customers: the expected share of NULL addresses",
    },
    Param {
        name: "duplicates",
        ty: PType::Float,
        default: Default::Float(0.0),
        doc: "customers: the expected duplicate rows, as a share of distinct customers",
    },
    Param {
        name: "as_of",
        ty: PType::Date,
        default: Default::Date(crate::tables::customers::DEFAULT_AS_OF),
        doc: "customers and people: the reference date the table was generated at",
    },
];

/// The query that reads `source`: a table name as `SELECT * FROM name`, a query as a subquery
/// (so that only a single read-only SELECT can run).
pub fn source_query(source: &str) -> Result<String> {
    let s = source.trim().trim_end_matches(';').trim();
    if s.is_empty() {
        return Err(Error::invalid(
            "source",
            "a table name or a SELECT query",
            "''",
        ));
    }
    let first = s
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Ok(
        if matches!(first.as_str(), "select" | "with" | "values" | "") {
            format!("SELECT * FROM ({s}) AS synth_checked")
        } else {
            format!("SELECT * FROM {s}")
        },
    )
}

/// Where a check reads rows from: the engine that called it.
pub trait QueryRunner {
    /// Runs `sql`, giving the column names, then each row's values, to `sink`.
    fn run(&mut self, sql: &str, sink: &mut dyn QuerySink) -> Result<()>;
}

pub trait QuerySink {
    fn columns(&mut self, names: &[&str]) -> Result<()>;
    fn row(&mut self, values: &[Value<'_>]) -> Result<()>;
}

struct CheckSink<'e> {
    table: &'static str,
    exp: &'e Expectations,
    checker: Option<Box<dyn Checker>>,
    rows: u64,
}

impl QuerySink for CheckSink<'_> {
    fn columns(&mut self, names: &[&str]) -> Result<()> {
        self.checker = Some(checker_for(self.table, names, self.exp)?);
        Ok(())
    }

    fn row(&mut self, values: &[Value<'_>]) -> Result<()> {
        self.checker
            .as_mut()
            .expect("columns before rows")
            .push(values);
        self.rows += 1;
        if self.rows > MAX_CHECK_ROWS {
            return Err(too_many_rows("source", self.rows));
        }
        if self.rows.is_multiple_of(16_384) && crate::error::interrupted() {
            return Err(Error::Cancelled);
        }
        Ok(())
    }
}

/// `synth_check_table(source, kind, ...)`: reads the rows through the calling engine and checks
/// them as a `kind` table.
pub fn open_check_table(a: &Args, engine: &mut dyn QueryRunner) -> Result<Box<dyn RowSource>> {
    let kind = a.text("kind")?;
    let table = CHECKED_TABLES
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(kind.trim()))
        .ok_or_else(|| {
            Error::invalid(
                "kind",
                format!("one of {}", CHECKED_TABLES.join(", ")),
                format!("{kind:?}"),
            )
        })?;
    let exp = match table {
        "sales" => Expectations::Sales(crate::tables::sales::SalesModel::defaults()),
        t => expectations(t, a)?,
    };
    let sql = source_query(&a.text("source")?)?;
    let mut sink = CheckSink {
        table,
        exp: &exp,
        checker: None,
        rows: 0,
    };
    engine.run(&sql, &mut sink)?;
    let checker = match sink.checker {
        Some(c) => c,
        None => checker_for(table, &[], &exp)?,
    };
    Ok(Box::new(ResultRows::new(checker.finish())))
}
