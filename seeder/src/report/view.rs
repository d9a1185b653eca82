//! The one view of a section's statistics that both outputs are made from: facts and tables of
//! [`Cell`]s, every number rounded once (rates, shares, means and slopes to 4 decimals, money
//! to 2). The JSON holds the cells as values; the HTML shows the text serde_json writes for
//! them, so a number reads the same in both.

use super::profile::{
    rate, AgeHistogram, Category, CustomerStats, Detail, PeopleStats, SalesStats, SectionStats,
    Spread, Summary, AGE_BANDS,
};
use super::{CheckRow, Section};
use crate::types::type_name;
use serde_json::{json, Map, Value};
use synth_core::LType;

/// One value of a fact or a table.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell {
    /// A whole number that may be negative (an integer column's min or max).
    Int(i64),
    Count(u64),
    Num(f64),
    Bool(bool),
    Text(String),
    /// A NULL category value.
    Null,
    /// No value (an empty sample, a column without numbers).
    Missing,
}

impl Cell {
    fn rounded(x: f64, decimals: i32) -> Cell {
        let p = 10f64.powi(decimals);
        let r = (x * p).round() / p;
        Cell::Num(if r.is_finite() { r + 0.0 } else { x })
    }

    /// Rates, shares, means, slopes: 4 decimals.
    pub fn ratio(x: f64) -> Cell {
        Cell::rounded(x, 4)
    }

    /// Dollars: 2 decimals.
    pub fn money(x: f64) -> Cell {
        Cell::rounded(x, 2)
    }

    /// One statistic of a sample of dollars, if there is a sample.
    fn money_of(s: &Option<Spread>, f: fn(&Spread) -> f64) -> Cell {
        s.as_ref().map_or(Cell::Missing, |s| Cell::money(f(s)))
    }

    fn category(value: &Option<String>) -> Cell {
        value.as_ref().map_or(Cell::Null, |v| Cell::Text(v.clone()))
    }

    pub fn json(&self) -> Value {
        match self {
            Cell::Count(n) => json!(n),
            Cell::Int(n) => json!(n),
            Cell::Num(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Cell::Bool(b) => json!(b),
            Cell::Text(s) => json!(s),
            Cell::Null | Cell::Missing => Value::Null,
        }
    }

    /// The text the HTML shows (not yet escaped).
    pub fn text(&self) -> String {
        match (self, self.json()) {
            (Cell::Text(s), _) => s.clone(),
            (Cell::Null, _) => "NULL".into(),
            (_, Value::Null) => "–".into(),
            (_, v) => v.to_string(),
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Count(_) | Cell::Int(_) | Cell::Num(_))
    }
}

/// A table: JSON as an array of objects keyed by column, HTML as a table with a caption.
#[derive(Clone, Debug)]
pub(super) struct Table {
    pub key: &'static str,
    pub title: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Long tables start folded in the HTML.
    pub collapsed: bool,
}

impl Table {
    fn new<S: Into<String>>(
        key: &'static str,
        title: &'static str,
        columns: impl IntoIterator<Item = S>,
    ) -> Table {
        Table {
            key,
            title,
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            collapsed: false,
        }
    }

    fn json(&self) -> Value {
        let rows = self.rows.iter().map(|r| {
            let fields = self
                .columns
                .iter()
                .zip(r)
                .map(|(k, c)| (k.clone(), c.json()));
            Value::Object(fields.collect())
        });
        Value::Array(rows.collect())
    }
}

/// A section's facts (key, value) and tables.
#[derive(Clone, Debug, Default)]
pub(super) struct View {
    pub facts: Vec<(String, Cell)>,
    pub tables: Vec<Table>,
}

impl View {
    fn fact(&mut self, key: &str, cell: Cell) {
        self.facts.push((key.to_string(), cell));
    }

    /// count, min, median, mean, p99 and max of a sample of dollars, as `{prefix}_…`.
    fn spread(&mut self, prefix: &str, s: Option<Spread>) {
        let stats: [(&str, Cell); 7] = [
            ("count", Cell::Count(s.map_or(0, |s| s.count))),
            ("min", Cell::money_of(&s, |s| s.min)),
            ("median", Cell::money_of(&s, |s| s.median)),
            ("mean", Cell::money_of(&s, |s| s.mean)),
            ("p99", Cell::money_of(&s, |s| s.p99)),
            ("max", Cell::money_of(&s, |s| s.max)),
            ("total", Cell::money_of(&s, |s| s.total)),
        ];
        for (name, cell) in stats {
            self.fact(&format!("{prefix}_{name}"), cell);
        }
    }

    fn ages(&mut self, ages: &AgeHistogram) {
        self.fact("ages_outside_18_to_90", Cell::Count(ages.other));
        let mut t = Table::new("age_histogram", "Age histogram", ["age", "count"]);
        t.rows = ages
            .bins()
            .map(|(a, n)| vec![Cell::Count(a as u64), Cell::Count(n)])
            .collect();
        t.collapsed = true;
        self.tables.push(t);
    }

    /// Counts and shares of a categorical column (nothing when the column is absent).
    fn counts(&mut self, key: &'static str, title: &'static str, cats: &[Category<u64>]) {
        if cats.is_empty() {
            return;
        }
        let total = cats.iter().map(|c| c.stat).sum::<u64>();
        let mut t = Table::new(key, title, [key, "count", "share"]);
        t.rows = cats
            .iter()
            .map(|c| {
                let share = Cell::ratio(rate(c.stat, total));
                vec![Cell::category(&c.value), Cell::Count(c.stat), share]
            })
            .collect();
        self.tables.push(t);
    }
}

/// The view of one section.
pub(super) fn view(s: &SectionStats) -> View {
    let mut v = View::default();
    v.fact("rows", Cell::Count(s.rows));
    if let Some(d) = &s.duplicates {
        v.fact("duplicate_key", Cell::Text(d.key.clone()));
        v.fact("distinct_keys", Cell::Count(d.distinct));
        v.fact("duplicate_rows", Cell::Count(d.rows));
        v.fact("duplicate_rate", Cell::ratio(d.rate()));
    }
    v.tables.push(columns(s));
    match &s.detail {
        Detail::Customers(c) => customers(&mut v, c),
        Detail::People(p) => people(&mut v, p),
        Detail::Sales(x) => sales(&mut v, x),
        Detail::Generic => {}
    }
    v
}

/// The minimum or maximum of a column: an integer column's as an integer (10000, not 10000.0).
fn whole(ty: LType, x: f64) -> Cell {
    match ty {
        LType::Int16 | LType::Int32 | LType::Int64 if x.fract() == 0.0 && x.abs() < 9.0e15 => {
            Cell::Int(x as i64)
        }
        _ => Cell::Num(x),
    }
}

fn columns(s: &SectionStats) -> Table {
    let head = ["column", "type", "nulls", "null_rate", "min", "max", "mean"];
    let mut t = Table::new("columns", "Columns", head);
    for c in &s.columns {
        let mean = |m: f64| match c.ty {
            LType::Money => Cell::money(m),
            _ => Cell::ratio(m),
        };
        let num = |f: &dyn Fn(&Summary) -> Cell| c.numeric.as_ref().map_or(Cell::Missing, f);
        t.rows.push(vec![
            Cell::Text(c.name.clone()),
            Cell::Text(type_name(c.ty).into()),
            Cell::Count(c.nulls),
            Cell::ratio(rate(c.nulls, s.rows)),
            num(&|n| whole(c.ty, n.min)),
            num(&|n| whole(c.ty, n.max)),
            num(&|n| mean(n.mean)),
        ]);
    }
    t
}

fn customers(v: &mut View, c: &CustomerStats) {
    v.fact("customers", Cell::Count(c.customers));
    v.fact("missing_gender", Cell::Count(c.missing_gender));
    v.fact("missing_gender_rate", Cell::ratio(c.missing_gender_rate()));
    let address = c.missing_address.map_or(Cell::Missing, Cell::Count);
    v.fact("missing_address", address);
    let address_rate = c.missing_address_rate().map_or(Cell::Missing, Cell::ratio);
    v.fact("missing_address_rate", address_rate);
    v.fact("top_20_percent_customers", Cell::Count(c.top20_count));
    v.fact("top_20_percent_share", Cell::ratio(c.top20_share));
    v.spread("balance", c.balance);
    v.ages(&c.ages);
    v.counts("gender", "Gender", &c.genders);
    let head = ["customer_share", "balance_share"];
    let mut t = Table::new("lorenz_curve", "Lorenz curve of balances", head);
    t.rows = c
        .lorenz
        .iter()
        .map(|&(x, y)| vec![Cell::ratio(x), Cell::ratio(y)])
        .collect();
    t.collapsed = true;
    v.tables.push(t);
}

fn people(v: &mut View, p: &PeopleStats) {
    v.fact("people", Cell::Count(p.people));
    v.ages(&p.ages);
    v.counts("gender", "Gender", &p.genders);
    let head = ["marital_status", "count", "share"]
        .into_iter()
        .chain(AGE_BANDS);
    let mut t = Table::new("marital_status", "Marital status, by age band", head);
    for c in &p.marital {
        let share = Cell::ratio(rate(c.stat.total, p.people));
        let mut row = vec![Cell::category(&c.value), Cell::Count(c.stat.total), share];
        row.extend(c.stat.by_band.iter().map(|&n| Cell::Count(n)));
        t.rows.push(row);
    }
    v.tables.push(t);
    let head = ["age_band", "people", "mean_children"];
    let mut t = Table::new("children_by_age_band", "Children by age band", head);
    for (band, s) in AGE_BANDS.iter().zip(&p.children_by_band) {
        let mean = if s.count > 0 {
            Cell::ratio(s.mean)
        } else {
            Cell::Missing
        };
        t.rows.push(vec![
            Cell::Text(band.to_string()),
            Cell::Count(s.count),
            mean,
        ]);
    }
    v.tables.push(t);
    let head = ["marital_status", "people", "mean_children"];
    let mut t = Table::new(
        "children_by_marital_status",
        "Children by marital status",
        head,
    );
    for c in &p.children_by_status {
        let s = &c.stat;
        t.rows.push(vec![
            Cell::category(&c.value),
            Cell::Count(s.count),
            Cell::ratio(s.mean),
        ]);
    }
    v.tables.push(t);
    let head = ["age_band", "people", "median_income", "mean_income"];
    let mut t = Table::new("income_by_age_band", "Annual income by age band", head);
    for (band, s) in AGE_BANDS.iter().zip(&p.income_by_band) {
        let count = Cell::Count(s.map_or(0, |s| s.count));
        let row = vec![
            Cell::Text(band.to_string()),
            count,
            Cell::money_of(s, |s| s.median),
            Cell::money_of(s, |s| s.mean),
        ];
        t.rows.push(row);
    }
    v.tables.push(t);
    v.counts("education", "Education", &p.education);
}

fn sales(v: &mut View, s: &SalesStats) {
    v.fact("customers", Cell::Count(s.customers));
    v.fact("rows_skipped", Cell::Count(s.skipped));
    v.ages(&s.ages);
    let head = ["intensity", "in_target_bracket", "rows", "mean_sales"];
    let mut t = Table::new("sales_by_intensity", "Mean sales by intensity", head);
    t.rows = s
        .cells
        .iter()
        .map(|c| {
            let (x, b) = (Cell::Num(c.intensity), Cell::Bool(c.in_bracket));
            vec![x, b, Cell::Count(c.count), Cell::money(c.mean_sales)]
        })
        .collect();
    v.tables.push(t);
    let head = ["in_target_bracket", "rows", "slope", "intercept"];
    let mut t = Table::new(
        "sales_fits",
        "Least-squares fits of sales on intensity",
        head,
    );
    for (b, fit) in [(true, s.fit_in), (false, s.fit_out)] {
        let cells = fit.map_or([Cell::Count(0), Cell::Missing, Cell::Missing], |f| {
            [
                Cell::Count(f.n),
                Cell::ratio(f.slope),
                Cell::money(f.intercept),
            ]
        });
        t.rows
            .push([Cell::Bool(b)].into_iter().chain(cells).collect());
    }
    v.tables.push(t);
}

/// "seeder <version>".
pub(super) fn generator() -> String {
    format!("seeder {}", env!("CARGO_PKG_VERSION"))
}

/// Checks passed and failed.
pub(super) fn tally(checks: &[CheckRow]) -> (usize, usize) {
    let passed = checks.iter().filter(|c| c.passed).count();
    (passed, checks.len() - passed)
}

/// One row per section: its kind, rows and checks passed and failed.
pub(super) fn summary(sections: &[Section]) -> Table {
    let head = ["section", "kind", "rows", "checks_passed", "checks_failed"];
    let mut t = Table::new("summary", "Summary", head);
    for s in sections {
        let (passed, failed) = tally(&s.checks);
        t.rows.push(vec![
            Cell::Text(s.stats.name.clone()),
            Cell::Text(s.stats.kind.name().into()),
            Cell::Count(s.stats.rows),
            Cell::Count(passed as u64),
            Cell::Count(failed as u64),
        ]);
    }
    t
}

/// The report as JSON: `{"title", "generator", "summary", "sections": [...]}`; each section has
/// its name, kind, query, rows, `summary` (the facts), one array per table, and its checks.
pub fn to_json(title: &str, sections: &[Section]) -> Value {
    json!({
        "title": title,
        "generator": generator(),
        "summary": summary(sections).json(),
        "sections": sections.iter().map(section_json).collect::<Vec<_>>(),
    })
}

fn section_json(sec: &Section) -> Value {
    let s = &sec.stats;
    let v = view(s);
    let mut o = Map::new();
    o.insert("name".into(), json!(s.name));
    o.insert("kind".into(), json!(s.kind.name()));
    o.insert("query".into(), json!(s.query));
    o.insert("rows".into(), json!(s.rows));
    let facts = v.facts.iter().map(|(k, c)| (k.clone(), c.json()));
    o.insert("summary".into(), Value::Object(facts.collect()));
    for t in &v.tables {
        o.insert(t.key.into(), t.json());
    }
    let checks = sec.checks.iter().map(|c| {
        json!({"rule": c.rule, "expected": c.expected, "observed": c.observed, "passed": c.passed})
    });
    o.insert("checks".into(), Value::Array(checks.collect()));
    Value::Object(o)
}
