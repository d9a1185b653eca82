//! Streaming statistics of one query result.
//!
//! A [`Profile`] sees each row once and keeps only accumulators: per column a null count and a
//! running min/max/mean; per kind the counts, means and sorted vectors (balances, incomes) that
//! its statistics need. Numbers are read leniently: Int, Money (cents, read as dollars) and
//! Float all count as numbers, Bool also as 0/1 text or integers, so a table a user loaded
//! into SQLite (balances as REAL, flags as INTEGER) gives the same statistics.
//!
//! Customers and people are described once each: statistics of a kind use the first row of
//! each customer_id / person_id (as the data-quality checks do), and every later row with that
//! id is counted as a duplicate. Ids are remembered as 64-bit values (text ids by hash).

use super::Kind;
use crate::engine::RowSink;
use crate::types::ColumnInfo;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use synth_core::schema::write_value;
use synth_core::{LType, Row, Value};

/// The ages that get a bin of their own in the age histograms.
pub const AGE_MIN: i64 = 18;
pub const AGE_MAX: i64 = 90;
pub const AGE_BANDS: [&str; 7] = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];
const BANDS: usize = AGE_BANDS.len();
/// Distinct values kept per categorical column; later new values are counted under [`OTHER`].
const MAX_CATEGORIES: usize = 100;
pub const OTHER: &str = "(other values)";
/// (intensity, bracket) cells kept for the sales means; rows beyond still enter the fits.
const MAX_SALES_CELLS: usize = 2000;
/// Segments of the Lorenz curve.
const LORENZ_POINTS: usize = 100;

/// The age band (index into [`AGE_BANDS`]) of an age, if 18 or older.
pub fn age_band(age: i64) -> Option<usize> {
    match age {
        18..=24 => Some(0),
        25..=74 => Some((age as usize - 25) / 10 + 1),
        75.. => Some(BANDS - 1),
        _ => None,
    }
}

/// `part / whole`, 0 for an empty whole.
pub fn rate(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A numeric value; money in dollars.
fn number(v: Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(i as f64),
        Value::Money(c) => Some(c as f64 / 100.0),
        Value::Float(f) if f.is_finite() => Some(f),
        _ => None,
    }
}

/// A whole number (ages): numbers rounded down.
fn whole(v: Value) -> Option<i64> {
    number(v).map(|x| x.floor() as i64)
}

/// A flag: Bool, a number (non-zero is true) or true/false text.
fn flag(v: Value) -> Option<bool> {
    let is = |s: &str, words: [&str; 4]| words.iter().any(|w| s.eq_ignore_ascii_case(w));
    match v {
        Value::Bool(b) => Some(b),
        Value::Text(s) if is(s, ["true", "t", "yes", "1"]) => Some(true),
        Value::Text(s) if is(s, ["false", "f", "no", "0"]) => Some(false),
        v => number(v).map(|x| x != 0.0),
    }
}

/// Text of a non-NULL value, as the exports write it.
fn text(v: Value<'_>) -> Cow<'_, str> {
    match v {
        Value::Text(s) => Cow::Borrowed(s),
        v => {
            let mut s = String::new();
            write_value(v, &mut s);
            Cow::Owned(s)
        }
    }
}

/// Count, min, max and mean of a stream of numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub count: u64,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
}

impl Default for Summary {
    fn default() -> Self {
        Summary {
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            mean: 0.0,
        }
    }
}

impl Summary {
    fn add(&mut self, x: f64) {
        self.count += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.mean += (x - self.mean) / self.count as f64;
    }
}

/// Order statistics of a sample (median: mean of the two middle values when even; p99: the
/// nearest-rank 99th percentile).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub count: u64,
    pub min: f64,
    pub median: f64,
    pub mean: f64,
    pub p99: f64,
    pub max: f64,
    pub total: f64,
}

impl Spread {
    /// Of values sorted ascending; `None` when empty.
    fn of_sorted(v: &[f64]) -> Option<Spread> {
        let n = v.len();
        if n == 0 {
            return None;
        }
        let total: f64 = v.iter().sum();
        let p99 = (n * 99).div_ceil(100).max(1) - 1;
        Some(Spread {
            count: n as u64,
            min: v[0],
            median: (v[(n - 1) / 2] + v[n / 2]) / 2.0,
            mean: total / n as f64,
            p99: v[p99],
            max: v[n - 1],
            total,
        })
    }

    fn of(mut v: Vec<f64>) -> Option<Spread> {
        v.sort_unstable_by(f64::total_cmp);
        Spread::of_sorted(&v)
    }
}

/// Counts by whole year of age, [`AGE_MIN`] to [`AGE_MAX`]; `other` counts every other age,
/// NULL or not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeHistogram {
    pub counts: Vec<u64>,
    pub other: u64,
}

impl Default for AgeHistogram {
    fn default() -> Self {
        AgeHistogram {
            counts: vec![0; (AGE_MAX - AGE_MIN + 1) as usize],
            other: 0,
        }
    }
}

impl AgeHistogram {
    fn add(&mut self, v: Value) {
        match whole(v) {
            Some(a) if (AGE_MIN..=AGE_MAX).contains(&a) => self.counts[(a - AGE_MIN) as usize] += 1,
            _ => self.other += 1,
        }
    }

    /// (age, count) for each age with a bin.
    pub fn bins(&self) -> impl Iterator<Item = (i64, u64)> + '_ {
        (AGE_MIN..).zip(self.counts.iter().copied())
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.other
    }
}

/// A statistic of the rows with one value of a categorical column (`None`: NULL).
#[derive(Clone, Debug, PartialEq)]
pub struct Category<T> {
    pub value: Option<String>,
    pub stat: T,
}

/// Accumulators by value of a categorical column, at most [`MAX_CATEGORIES`] of them.
#[derive(Clone, Debug, Default)]
struct Groups<T> {
    index: HashMap<String, usize>,
    groups: Vec<(String, T)>,
    null: Option<T>,
}

impl<T: Default> Groups<T> {
    fn slot(&mut self, v: Value) -> &mut T {
        if v == Value::Null {
            return self.null.get_or_insert_with(T::default);
        }
        let key = text(v);
        let i = match self.index.get(key.as_ref()) {
            Some(&i) => i,
            None => {
                let label = if self.groups.len() < MAX_CATEGORIES {
                    key.into_owned()
                } else {
                    OTHER.to_string()
                };
                let groups = &mut self.groups;
                *self.index.entry(label.clone()).or_insert_with(|| {
                    groups.push((label, T::default()));
                    groups.len() - 1
                })
            }
        };
        &mut self.groups[i].1
    }

    /// The values named in `order` first (in that order), then the others alphabetically,
    /// [`OTHER`], and NULL last.
    fn finish(self, order: &[&str]) -> Vec<Category<T>> {
        let rank = |v: &str| {
            let pos = order.iter().position(|o| *o == v);
            (
                pos.unwrap_or(order.len() + usize::from(v == OTHER)),
                v.to_string(),
            )
        };
        let mut groups = self.groups;
        groups.sort_by_cached_key(|(v, _)| rank(v));
        let named = groups.into_iter().map(|(v, stat)| Category {
            value: Some(v),
            stat,
        });
        let null = self.null.map(|stat| Category { value: None, stat });
        named.chain(null).collect()
    }
}

/// The column's name and type, its NULLs, and min/max/mean of its numeric values.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnStats {
    pub name: String,
    pub ty: LType,
    pub nulls: u64,
    pub numeric: Option<Summary>,
}

/// Rows that repeat the key of an earlier row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicates {
    pub key: String,
    pub distinct: u64,
    pub rows: u64,
}

impl Duplicates {
    /// Duplicate rows per distinct key (the rate the customers generator is given).
    pub fn rate(&self) -> f64 {
        rate(self.rows, self.distinct)
    }
}

/// Remembers the keys seen in one column.
#[derive(Debug)]
struct Seen {
    col: usize,
    keys: HashSet<u64>,
    repeats: u64,
}

impl Seen {
    /// Whether this row is the first with its key (rows with a NULL key always are).
    fn first(&mut self, v: Value) -> bool {
        let key = match v {
            Value::Null => return true,
            Value::Int(i) | Value::Money(i) => i as u64,
            Value::Float(f) => f.to_bits(),
            v => {
                let mut h = DefaultHasher::new();
                text(v).hash(&mut h);
                h.finish()
            }
        };
        let new = self.keys.insert(key);
        self.repeats += u64::from(!new);
        new
    }
}

/// Customers: one per customer_id (the first row of each).
#[derive(Clone, Debug)]
pub struct CustomerStats {
    pub customers: u64,
    pub ages: AgeHistogram,
    pub genders: Vec<Category<u64>>,
    pub missing_gender: u64,
    /// `None` when the result has no address column.
    pub missing_address: Option<u64>,
    pub balance: Option<Spread>,
    /// The top 20%: round-half-up of 0.2·n balances, at least one.
    pub top20_count: u64,
    /// Their share of the total balance.
    pub top20_share: f64,
    /// (share of customers, richest first; share of the total balance), from (0, 0) to (1, 1).
    pub lorenz: Vec<(f64, f64)>,
}

impl CustomerStats {
    pub fn missing_gender_rate(&self) -> f64 {
        rate(self.missing_gender, self.customers)
    }

    pub fn missing_address_rate(&self) -> Option<f64> {
        self.missing_address.map(|m| rate(m, self.customers))
    }

    /// The share of customers that hold [`CustomerStats::top20_share`] (0.2 up to rounding).
    pub fn top20_fraction(&self) -> f64 {
        rate(self.top20_count, self.balance.map_or(0, |b| b.count))
    }
}

/// Counts of one marital status, overall and by age band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BandCounts {
    pub total: u64,
    pub by_band: [u64; BANDS],
}

/// People: one per person_id.
#[derive(Clone, Debug)]
pub struct PeopleStats {
    pub people: u64,
    pub ages: AgeHistogram,
    /// Empty when the result has no gender column.
    pub genders: Vec<Category<u64>>,
    pub marital: Vec<Category<BandCounts>>,
    /// Number of children by age band ([`AGE_BANDS`]).
    pub children_by_band: Vec<Summary>,
    pub children_by_status: Vec<Category<Summary>>,
    /// annual_income by age band.
    pub income_by_band: Vec<Option<Spread>>,
    /// Empty when the result has no education column.
    pub education: Vec<Category<u64>>,
}

/// Mean sales of the rows with one intensity, in or out of the target bracket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SalesCell {
    pub intensity: f64,
    pub in_bracket: bool,
    pub count: u64,
    pub mean_sales: f64,
}

/// An ordinary least-squares line `y = intercept + slope·x`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub n: u64,
    pub slope: f64,
    pub intercept: f64,
}

impl Fit {
    pub fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// Sales by intensity and target bracket.
#[derive(Clone, Debug)]
pub struct SalesStats {
    /// Distinct customer_ids (rows, without that column).
    pub customers: u64,
    /// Ages of those customers.
    pub ages: AgeHistogram,
    /// By intensity, out of the bracket before in.
    pub cells: Vec<SalesCell>,
    pub fit_in: Option<Fit>,
    pub fit_out: Option<Fit>,
    /// Rows without a number for intensity or sales, or a flag for in_target_bracket.
    pub skipped: u64,
}

#[derive(Clone, Debug)]
pub enum Detail {
    Customers(CustomerStats),
    People(PeopleStats),
    Sales(SalesStats),
    Generic,
}

/// The statistics of one section.
#[derive(Clone, Debug)]
pub struct SectionStats {
    pub name: String,
    pub query: String,
    pub kind: Kind,
    pub rows: u64,
    pub columns: Vec<ColumnStats>,
    /// Customers (by customer_id) and people (by person_id) only.
    pub duplicates: Option<Duplicates>,
    pub detail: Detail,
}

#[derive(Debug, Default)]
struct CustomersAcc {
    age: usize,
    gender: usize,
    balance: usize,
    address: Option<usize>,
    customers: u64,
    ages: AgeHistogram,
    genders: Groups<u64>,
    balances: Vec<f64>,
    missing_address: u64,
}

impl CustomersAcc {
    fn push(&mut self, row: &Row) {
        self.customers += 1;
        self.ages.add(row.get(self.age));
        *self.genders.slot(row.get(self.gender)) += 1;
        if let Some(b) = number(row.get(self.balance)) {
            self.balances.push(b);
        }
        if let Some(a) = self.address {
            self.missing_address += u64::from(row.get(a) == Value::Null);
        }
    }

    fn finish(mut self) -> CustomerStats {
        let b = &mut self.balances;
        b.sort_unstable_by(f64::total_cmp);
        let n = b.len();
        let balance = Spread::of_sorted(b);
        let total = balance.map_or(0.0, |s| s.total);
        let share = |sum: f64| if total != 0.0 { sum / total } else { 0.0 };
        let top = if n == 0 {
            0
        } else {
            synth_core::pareto::top_count(n as u64).max(1) as usize
        };
        let richest = b.iter().rev();
        let mut lorenz = Vec::with_capacity(LORENZ_POINTS + 1);
        let (mut taken, mut sum) = (0usize, 0.0);
        let mut rest = richest.clone();
        for k in 0..=LORENZ_POINTS {
            let m = (k * n + LORENZ_POINTS / 2) / LORENZ_POINTS;
            sum += rest.by_ref().take(m - taken).sum::<f64>();
            taken = m;
            lorenz.push((rate(m as u64, n as u64), share(sum)));
        }
        if total != 0.0 {
            lorenz[LORENZ_POINTS] = (1.0, 1.0); // not 1 ± rounding
        }
        let nulls = self.genders.null.unwrap_or(0);
        CustomerStats {
            customers: self.customers,
            ages: self.ages,
            genders: self.genders.finish(&["female", "male"]),
            missing_gender: nulls,
            missing_address: self.address.map(|_| self.missing_address),
            balance,
            top20_count: top as u64,
            top20_share: share(richest.take(top).sum()),
            lorenz,
        }
    }
}

#[derive(Debug, Default)]
struct PeopleAcc {
    age: usize,
    gender: Option<usize>,
    marital: usize,
    children: usize,
    income: usize,
    education: Option<usize>,
    people: u64,
    ages: AgeHistogram,
    genders: Groups<u64>,
    statuses: Groups<BandCounts>,
    children_by_band: [Summary; BANDS],
    children_by_status: Groups<Summary>,
    incomes: [Vec<f64>; BANDS],
    levels: Groups<u64>,
}

impl PeopleAcc {
    fn push(&mut self, row: &Row) {
        self.people += 1;
        let age = row.get(self.age);
        self.ages.add(age);
        let band = whole(age).and_then(age_band);
        if let Some(g) = self.gender {
            *self.genders.slot(row.get(g)) += 1;
        }
        let status = row.get(self.marital);
        let counts = self.statuses.slot(status);
        counts.total += 1;
        if let Some(b) = band {
            counts.by_band[b] += 1;
        }
        if let Some(k) = number(row.get(self.children)) {
            if let Some(b) = band {
                self.children_by_band[b].add(k);
            }
            self.children_by_status.slot(status).add(k);
        }
        if let (Some(b), Some(x)) = (band, number(row.get(self.income))) {
            self.incomes[b].push(x);
        }
        if let Some(e) = self.education {
            *self.levels.slot(row.get(e)) += 1;
        }
    }

    fn finish(self) -> PeopleStats {
        const STATUSES: [&str; 4] = ["single", "married", "divorced", "widowed"];
        PeopleStats {
            people: self.people,
            ages: self.ages,
            genders: self.genders.finish(&["female", "male"]),
            marital: self.statuses.finish(&STATUSES),
            children_by_band: self.children_by_band.to_vec(),
            children_by_status: self.children_by_status.finish(&STATUSES),
            income_by_band: self.incomes.into_iter().map(Spread::of).collect(),
            education: self.levels.finish(&synth_core::popdata::EDUCATION_LABELS),
        }
    }
}

/// Running least squares of y on x (Welford's updates).
#[derive(Clone, Copy, Debug, Default)]
struct Ols {
    n: u64,
    mx: f64,
    my: f64,
    sxx: f64,
    sxy: f64,
}

impl Ols {
    fn add(&mut self, x: f64, y: f64) {
        self.n += 1;
        let dx = x - self.mx;
        self.mx += dx / self.n as f64;
        self.my += (y - self.my) / self.n as f64;
        self.sxx += dx * (x - self.mx);
        self.sxy += dx * (y - self.my);
    }

    fn fit(&self) -> Option<Fit> {
        (self.n >= 2 && self.sxx > 0.0).then(|| {
            let slope = self.sxy / self.sxx;
            Fit {
                n: self.n,
                slope,
                intercept: self.my - slope * self.mx,
            }
        })
    }
}

#[derive(Debug, Default)]
struct SalesAcc {
    age: usize,
    bracket: usize,
    intensity: usize,
    sales: usize,
    customers: u64,
    ages: AgeHistogram,
    /// By (intensity bits, in bracket).
    cells: HashMap<(u64, bool), Summary>,
    /// Out of the bracket, in the bracket.
    fits: [Ols; 2],
    skipped: u64,
}

impl SalesAcc {
    fn push(&mut self, row: &Row, first: bool) {
        if first {
            self.customers += 1;
            self.ages.add(row.get(self.age));
        }
        let x = number(row.get(self.intensity));
        let y = number(row.get(self.sales));
        let (Some(x), Some(b), Some(y)) = (x, flag(row.get(self.bracket)), y) else {
            self.skipped += 1;
            return;
        };
        let key = ((x + 0.0).to_bits(), b);
        if self.cells.len() < MAX_SALES_CELLS || self.cells.contains_key(&key) {
            self.cells.entry(key).or_default().add(y);
        }
        self.fits[usize::from(b)].add(x, y);
    }

    fn finish(self) -> SalesStats {
        let mut cells: Vec<SalesCell> = self
            .cells
            .into_iter()
            .map(|((bits, in_bracket), s)| SalesCell {
                intensity: f64::from_bits(bits),
                in_bracket,
                count: s.count,
                mean_sales: s.mean,
            })
            .collect();
        cells.sort_by(|a, b| {
            a.intensity
                .total_cmp(&b.intensity)
                .then(a.in_bracket.cmp(&b.in_bracket))
        });
        SalesStats {
            customers: self.customers,
            ages: self.ages,
            cells,
            fit_in: self.fits[1].fit(),
            fit_out: self.fits[0].fit(),
            skipped: self.skipped,
        }
    }
}

#[derive(Debug)]
enum DetailAcc {
    Customers(CustomersAcc),
    People(Box<PeopleAcc>),
    Sales(SalesAcc),
    Generic,
}

/// The report's [`RowSink`]: statistics of one section, gathered as the rows stream by.
#[derive(Debug)]
pub struct Profile {
    name: String,
    query: String,
    kind: Kind,
    row: Row,
    rows: u64,
    columns: Vec<ColumnStats>,
    /// The id column of customers, people and sales.
    seen: Option<Seen>,
    detail: DetailAcc,
}

impl Profile {
    /// A profile of the section `section`; its kind is detected when the columns arrive.
    pub fn new(section: &str, query: &str) -> Profile {
        Profile {
            name: section.to_string(),
            query: query.to_string(),
            kind: Kind::Generic,
            row: Row::new(),
            rows: 0,
            columns: Vec::new(),
            seen: None,
            detail: DetailAcc::Generic,
        }
    }

    #[cfg(test)]
    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn finish(self) -> SectionStats {
        let duplicates = match (&self.seen, self.kind) {
            (Some(s), Kind::Customers | Kind::People) => Some(Duplicates {
                key: self.columns[s.col].name.clone(),
                distinct: s.keys.len() as u64,
                rows: s.repeats,
            }),
            _ => None,
        };
        SectionStats {
            name: self.name,
            query: self.query,
            kind: self.kind,
            rows: self.rows,
            columns: self.columns,
            duplicates,
            detail: match self.detail {
                DetailAcc::Customers(c) => Detail::Customers(c.finish()),
                DetailAcc::People(p) => Detail::People(p.finish()),
                DetailAcc::Sales(s) => Detail::Sales(s.finish()),
                DetailAcc::Generic => Detail::Generic,
            },
        }
    }
}

impl RowSink for Profile {
    fn columns(&mut self, cols: Vec<ColumnInfo>) -> Result<(), String> {
        self.kind = Kind::detect(&cols);
        let find = |name: &str| cols.iter().position(|c| c.name.eq_ignore_ascii_case(name));
        // Kind::detect found every column that `col` is asked for.
        let col = |name: &str| find(name).expect("a column of the detected kind");
        let (key, detail) = match self.kind {
            Kind::Customers => (
                find("customer_id"),
                DetailAcc::Customers(CustomersAcc {
                    age: col("age"),
                    gender: col("gender"),
                    balance: col("account_balance"),
                    address: find("address"),
                    ..CustomersAcc::default()
                }),
            ),
            Kind::People => (
                find("person_id"),
                DetailAcc::People(Box::new(PeopleAcc {
                    age: col("age"),
                    gender: find("gender"),
                    marital: col("marital_status"),
                    children: col("number_of_children"),
                    income: col("annual_income"),
                    education: find("education"),
                    ..PeopleAcc::default()
                })),
            ),
            Kind::Sales => (
                find("customer_id"),
                DetailAcc::Sales(SalesAcc {
                    age: col("age"),
                    bracket: col("in_target_bracket"),
                    intensity: col("intensity"),
                    sales: col("sales"),
                    ..SalesAcc::default()
                }),
            ),
            Kind::Generic => (None, DetailAcc::Generic),
        };
        self.seen = key.map(|col| Seen {
            col,
            keys: HashSet::new(),
            repeats: 0,
        });
        self.detail = detail;
        self.columns = cols
            .into_iter()
            .map(|c| ColumnStats {
                name: c.name,
                ty: c.ty,
                nulls: 0,
                numeric: None,
            })
            .collect();
        Ok(())
    }

    fn row_buf(&mut self) -> &mut Row {
        self.row.clear();
        &mut self.row
    }

    fn push(&mut self) -> Result<(), String> {
        let row = &self.row;
        if row.len() != self.columns.len() {
            return Err(format!(
                "report: a row of {} values for {} columns",
                row.len(),
                self.columns.len()
            ));
        }
        self.rows += 1;
        for (i, c) in self.columns.iter_mut().enumerate() {
            let v = row.get(i);
            if v == Value::Null {
                c.nulls += 1;
            } else if let Some(x) = number(v) {
                c.numeric.get_or_insert_with(Summary::default).add(x);
            }
        }
        let first = match &mut self.seen {
            Some(s) => s.first(row.get(s.col)),
            None => true,
        };
        match &mut self.detail {
            DetailAcc::Customers(c) if first => c.push(row),
            DetailAcc::People(p) if first => p.push(row),
            DetailAcc::Sales(s) => s.push(row, first),
            _ => {}
        }
        Ok(())
    }
}
