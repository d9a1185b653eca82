//! The fill plan: a [`Schema`] and row counts compiled into row-addressable generators.
//!
//! Row `j` of table `t` is a pure function of `(seed, t's name, j)`, the schema and the counts:
//! [`Plan::row`] can be called for any row in any order. Constraints hold by construction:
//!
//! - primary keys and UNIQUE columns: an integer key is `start + j`, other unique values come
//!   from a keyed bijection of `[0, n)` ([`Perm`]) or carry a number unique to the row; a
//!   composite key made of foreign keys and value lists decodes a bijection of the product of
//!   their domains, so every combination is distinct;
//! - foreign keys: the child row picks a parent row index (a skewed draw, a `--per` range, or a
//!   self-reference to an earlier row) and takes that parent row's key, recomputed from the
//!   parent's index;
//! - NOT NULL, CHECKs comparing a column with constants or with another column, IN lists,
//!   BETWEEN, length(), varchar lengths, numeric precision and scale, enum labels: every
//!   generated value is drawn inside the column's bounds, computed once when the plan is built;
//!   a CHECK that cannot hold is an error here, before any row exists.

use super::model::*;
use super::rules::{self, Rule, COMPANY_SUFFIXES, STATUSES, WORDS};
use crate::data::{data, Zip};
use crate::date::Date;
use crate::fields;
use crate::rng::{derive, tag, Perm, Rng};
use std::fmt::Write;

/// Rows given to a table that `--rows` does not name (unless `--only`).
pub const DEFAULT_ROWS: u64 = 100;
/// Rows a fill makes per table at most, as every synth table function.
pub const MAX_ROWS: u64 = 1_000_000_000;
/// The reference date: moments fall in the five years before it, ages are counted at it.
pub const AS_OF: Date = Date(20454); // 2026-01-01
const DAY: i64 = 86_400;
const T_FILL: u64 = tag("synth.fill");
const T_PERSONA_GEO: u64 = tag("persona.geo");
const T_PERSONA: u64 = tag("persona");
const T_FK: u64 = tag("fk");
const T_UNIQUE: u64 = tag("unique");
const T_PER: u64 = tag("per");
const T_NULL: u64 = tag("optional.null");

/// A generated value, ready to bind.
#[derive(Clone, Debug, PartialEq)]
pub enum FillValue {
    Null,
    Int(i64),
    Float(f64),
    /// An exact decimal: `units / 10^scale`.
    Numeric {
        units: i64,
        scale: u32,
    },
    Text(String),
    Bool(bool),
    Date(Date),
    /// Seconds since 1970-01-01 00:00:00 (no time zone).
    Timestamp(i64),
    /// Seconds since midnight.
    Time(u32),
    Bytes(Vec<u8>),
    /// Left out of the INSERT: the column's DEFAULT applies.
    Default,
}

impl FillValue {
    /// The canonical text of a non-NULL value (`12.50`, `2024-03-01 08:15:00`); `None` for NULL
    /// and Default. Bytes are lower-case hex.
    pub fn text(&self) -> Option<String> {
        let mut s = String::new();
        match self {
            FillValue::Null | FillValue::Default => return None,
            FillValue::Int(v) => {
                let _ = write!(s, "{v}");
            }
            FillValue::Float(f) => {
                let _ = write!(s, "{f}");
            }
            FillValue::Numeric { units, scale } => write_numeric(*units, *scale, &mut s),
            FillValue::Text(t) => s.push_str(t),
            FillValue::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
            FillValue::Date(d) => d.write(&mut s),
            FillValue::Timestamp(t) => write_timestamp(*t, &mut s),
            FillValue::Time(t) => write_time(*t, &mut s),
            FillValue::Bytes(b) => {
                for x in b {
                    let _ = write!(s, "{x:02x}");
                }
            }
        }
        Some(s)
    }
}

/// `units / 10^scale` as a plain decimal.
pub fn write_numeric(units: i64, scale: u32, out: &mut String) {
    if scale == 0 {
        let _ = write!(out, "{units}");
        return;
    }
    let p = 10i128.pow(scale);
    let u = units as i128;
    if u < 0 {
        out.push('-');
    }
    let a = u.abs();
    let _ = write!(out, "{}.{:0w$}", a / p, a % p, w = scale as usize);
}

/// `YYYY-MM-DD HH:MM:SS`.
pub fn write_timestamp(secs: i64, out: &mut String) {
    Date(secs.div_euclid(DAY) as i32).write(out);
    out.push(' ');
    write_time(secs.rem_euclid(DAY) as u32, out);
}

/// `HH:MM:SS`.
pub fn write_time(secs: u32, out: &mut String) {
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
}

/// A clear message naming what cannot be generated.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct FillError(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, FillError> {
    Err(FillError(msg.into()))
}

/// What to fill and how.
#[derive(Clone, Debug, Default)]
pub struct FillOptions {
    pub seed: i64,
    /// Row counts by table name; negative counts are refused.
    pub rows: Vec<(String, i64)>,
    /// Tables not in `rows` get 0 rows instead of [`DEFAULT_ROWS`].
    pub only: bool,
    /// `table.column=rule` overrides.
    pub map: Vec<(String, String, Rule)>,
    /// `table.column=lo..hi`: children per parent row through that foreign-key column.
    pub per: Vec<(String, String, u64, u64)>,
    /// The target checks foreign keys at commit (SQLite `PRAGMA defer_foreign_keys`): tables in a
    /// foreign-key cycle are then filled completely. Otherwise a cycle is broken by filling a
    /// nullable foreign key with NULL, or refused when every link is NOT NULL.
    pub deferred_fks: bool,
    /// What the target database holds already (an in-database fill, or `--append`).
    pub existing: Vec<Existing>,
}

/// A table's rows already in the target database.
#[derive(Clone, Debug, Default)]
pub struct Existing {
    pub table: String,
    /// Rows the table holds: the new rows are numbered after them, so they differ from rows an
    /// earlier fill wrote, and unique texts carry numbers above theirs.
    pub rows: u64,
    /// `(column, largest value as text)` of the table's columns: a new unique number, date or
    /// time starts above it.
    pub max: Vec<(String, String)>,
    /// `(columns, rows)`: the values of a key of the table (NULL as `None`), for foreign keys
    /// into it when it gets no rows of its own in this fill; children pick among these rows.
    pub keys: Vec<(Vec<String>, Vec<KeyRow>)>,
    /// The table's creation moment column ([`Plan::moment_column`]), when each row of `keys`
    /// carries its value last: children created after these rows follow them.
    pub moment: Option<String>,
}

/// One row of key values as text, NULL as `None`.
pub type KeyRow = Vec<Option<String>>;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Int,
    /// Units of 10^-scale.
    Numeric(u32),
    /// Units of 0.01, written as a float.
    Float,
    Date,
    Timestamp,
    Time,
    Text,
    Bool,
    Uuid,
    Json,
    Bytes,
    Other,
}

impl Kind {
    fn of(ty: &ColType) -> Kind {
        match ty {
            ColType::Int { .. } => Kind::Int,
            ColType::Numeric { scale, .. } => Kind::Numeric(scale.unwrap_or(2).min(12)),
            ColType::Float => Kind::Float,
            ColType::Date => Kind::Date,
            ColType::Timestamp { .. } => Kind::Timestamp,
            ColType::Time => Kind::Time,
            ColType::Text { .. } | ColType::Enum { .. } => Kind::Text,
            ColType::Bool => Kind::Bool,
            ColType::Uuid => Kind::Uuid,
            ColType::Json => Kind::Json,
            ColType::Bytes => Kind::Bytes,
            ColType::Other(_) => Kind::Other,
        }
    }

    fn ordinal(self) -> bool {
        matches!(
            self,
            Kind::Int | Kind::Numeric(_) | Kind::Float | Kind::Date | Kind::Timestamp | Kind::Time
        )
    }

    /// Units per 1 of the common scale (numbers: 1; moments: seconds).
    fn per_common(self) -> f64 {
        match self {
            Kind::Numeric(s) => 10f64.powi(s as i32),
            Kind::Float => 100.0,
            Kind::Date => 1.0 / DAY as f64,
            _ => 1.0,
        }
    }

    fn to_common(self, units: i64) -> f64 {
        units as f64 / self.per_common()
    }

    /// The value of `units` in this kind.
    fn value(self, units: i64) -> FillValue {
        match self {
            Kind::Int => FillValue::Int(units),
            Kind::Numeric(scale) => FillValue::Numeric { units, scale },
            Kind::Float => FillValue::Float(units as f64 / 100.0),
            Kind::Date => FillValue::Date(Date(units as i32)),
            Kind::Timestamp => FillValue::Timestamp(units),
            Kind::Time => FillValue::Time(units as u32),
            _ => FillValue::Null,
        }
    }

    /// A typical spread of values, in units, for draws inside bounds.
    fn span(self) -> i64 {
        match self {
            Kind::Int => 1000,
            Kind::Numeric(s) => 1000 * 10i64.pow(s.min(12)),
            Kind::Float => 100_000,
            Kind::Date => 365 * 5,
            Kind::Timestamp => 365 * 5 * DAY,
            Kind::Time => DAY - 1,
            _ => 0,
        }
    }
}

/// A column's range of units from its type.
fn type_bounds(ty: &ColType, kind: Kind) -> (i64, i64) {
    match ty {
        ColType::Int { bits: 16 } => (i16::MIN as i64, i16::MAX as i64),
        ColType::Int { bits: 32 } => (i32::MIN as i64, i32::MAX as i64),
        ColType::Int { .. } => (i64::MIN / 4, i64::MAX / 4),
        ColType::Numeric { precision, .. } => {
            let Kind::Numeric(s) = kind else {
                unreachable!()
            };
            let p = precision.unwrap_or(18).clamp(s.max(1), 18);
            let m = 10i64.pow(p) - 1;
            (-m, m)
        }
        ColType::Float => (-(1i64 << 52), 1i64 << 52),
        ColType::Date => (
            Date::from_ymd(1, 1, 1).expect("date").0 as i64,
            Date::from_ymd(9999, 12, 31).expect("date").0 as i64,
        ),
        ColType::Timestamp { .. } => (
            Date::from_ymd(1, 1, 1).expect("date").0 as i64 * DAY,
            Date::from_ymd(9999, 12, 31).expect("date").0 as i64 * DAY + DAY - 1,
        ),
        ColType::Time => (0, DAY - 1),
        _ => (0, 0),
    }
}

/// One alternative of an OR-ed CHECK on one column.
#[derive(Clone, Debug)]
enum Alt {
    Null,
    Values(Vec<FillValue>),
    Like(String),
}

#[derive(Clone, Debug)]
enum Gen {
    /// Omitted from the INSERT.
    Omit,
    /// From the parent row of foreign key `fk`, its `pos`-th column.
    Fk { fk: usize, pos: usize },
    /// `start + j` (an integer primary key).
    Seq { start: i64 },
    /// `start + step·π(j)`: unique values of an ordinal column.
    UniqueOrd { start: i64, step: i64, perm: Perm },
    /// A rule's text plus a number unique to the row.
    UniqueText { rule: Rule, perm: Perm },
    /// Digit `digit` of the composite decoding `comp`.
    Composite { comp: usize, digit: usize },
    /// By rule, inside the column's bounds.
    Rule(Rule),
}

/// How a money column follows from other columns of its row, so that a row's figures add
/// up: `total = subtotal + tax + shipping - discount`, `subtotal = quantity × unit_price`, a
/// tax a share of the subtotal.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Arith {
    /// `Σ sign·column`, plus `quantity × price` when given; a NULL part counts 0.
    Sum {
        product: Option<(usize, usize)>,
        terms: Vec<(usize, f64)>,
    },
    /// A share in `lo..hi` of a column (a sales tax of the subtotal).
    Share { of: usize, lo: f64, hi: f64 },
}

impl Arith {
    fn inputs(&self) -> Vec<usize> {
        match self {
            Arith::Sum { product, terms } => product
                .iter()
                .flat_map(|&(q, p)| [q, p])
                .chain(terms.iter().map(|&(c, _)| c))
                .collect(),
            Arith::Share { of, .. } => vec![*of],
        }
    }
}

/// Which parent row a foreign key points at.
#[derive(Clone, Debug)]
enum FkMode {
    /// A skewed draw over the parent's rows: few parents have many children.
    Skew { perm: Perm },
    /// `lo..hi` children per parent: prefix sums of the children counts.
    Per { ends: Vec<u64> },
    /// A self-reference: an earlier row (row 0: NULL, or itself when NOT NULL); NULL (a
    /// root: a top category, a comment that replies to none) in `roots` of the rows.
    SelfRef { roots: f64 },
    /// A digit of a composite key decoding.
    Composite { comp: usize, digit: usize },
    /// Always NULL (a broken cycle, or an empty parent).
    Null,
}

#[derive(Clone, Debug)]
struct FkPlan {
    parent: usize,
    parent_cols: Vec<usize>,
    cols: Vec<usize>,
    mode: FkMode,
    nullable: bool,
    /// The parent's key values already in the database, when the parent gets no new rows.
    ext: Option<std::sync::Arc<Vec<Vec<FillValue>>>>,
    /// The parent's moment column and its values in those rows, in the column's units.
    ext_moments: Option<(usize, std::sync::Arc<Vec<Option<i64>>>)>,
    /// A link of a foreign-key cycle: inserted as NULL, set by an UPDATE after every table is
    /// filled ([`Plan::links`]).
    later: bool,
    /// The stream of the parent draws: from the key's column names, so that the rows do not
    /// depend on the order the foreign keys are declared in (a catalog lists them by name).
    tag: u64,
}

/// A bijection of `[0, Π sizes)` whose mixed-radix digits make a composite key.
#[derive(Clone, Debug)]
struct CompPlan {
    perm: Perm,
    sizes: Vec<u64>,
    /// The key includes a `--per` foreign key: the other columns' digits are distinct within
    /// each parent's children (`ends` as in [`FkMode::Per`]), from a bijection keyed by the
    /// parent (`Some(key)`), or counting 0, 1, 2, … (`None`: a line number).
    group: Option<(Vec<u64>, Option<u64>)>,
}

impl CompPlan {
    fn digit(&self, j: u64, d: usize) -> u64 {
        let mut x = match &self.group {
            None => self.perm.apply(j),
            Some((ends, key)) => {
                let p = ends.partition_point(|&e| e <= j);
                let k = j - if p == 0 { 0 } else { ends[p - 1] };
                match key {
                    Some(key) => Perm::new(self.perm.len(), derive(*key, p as u64)).apply(k),
                    None => k,
                }
            }
        };
        for k in 0..d {
            x /= self.sizes[k];
        }
        x % self.sizes[d]
    }
}

/// The compiled generator of one column.
#[derive(Clone, Debug)]
pub struct ColPlan {
    pub name: String,
    pub spec: ColumnSpec,
    kind: Kind,
    gen: Gen,
    nullable: bool,
    lo: i64,
    hi: i64,
    len_min: u32,
    len_max: u32,
    not_equal: Vec<i64>,
    allowed: Option<Vec<FillValue>>,
    alts: Vec<Alt>,
    /// `(other column, op)`: this column `op` the other, the other generated first.
    relations: Vec<(usize, CmpOp)>,
    tag: u64,
    /// The table's rows are people (a `title` is then a job title).
    person: bool,
    /// The typical gap, in units, when the column's name says it follows another event
    /// (`shipped_at > ordered_at`): gaps are exponential with this mean. `None`: the column's
    /// own value stands when it already comes after (`hire_date > birth_date`).
    gap: Option<i64>,
    /// Median and log-spread of money values, from the column's name.
    money: (f64, f64),
    /// `(foreign key, parent column)`: a moment that comes after the parent row's own
    /// (an order after its customer signed up, a comment after its post).
    after_parent: Vec<(usize, usize)>,
    /// The column's name says its moment may lie after AS_OF (`expires_at`, `due_date`).
    ahead: bool,
    /// The share of rows where this nullable column is NULL, from its name (an event that
    /// rarely happens, an optional part of a name or address); 0 for most columns.
    null_rate: f64,
    /// `(status column, set)`: this moment is set exactly when the row's status is a value
    /// `i` with `set[i]` (a `shipped_at` for statuses shipped and delivered, NULL for new).
    status_link: Option<(usize, Vec<bool>)>,
    /// The prefix of a reference code (`INV` for an invoice number, `SKU` for a sku).
    code_prefix: String,
    /// How often a boolean flag is true, from its name (`is_deleted` rarely, `active` mostly).
    p_true: f64,
    /// A street line whose table has a second address line: the unit goes there, not here.
    no_unit: bool,
    /// The row has a birth date: its other moments come after the 18th birthday (no one
    /// hired or signed up at 13).
    born: bool,
    /// How this money column follows from others of its row (a total from its parts).
    pub(super) arith: Option<Arith>,
    /// `(event column, value when the event happened, value when not)`: a flag that agrees
    /// with its row's event (`is_deleted` exactly when `deleted_at` is set; `is_active` false
    /// then, its own share otherwise).
    flag_link: Option<(usize, bool, Option<bool>)>,
}

impl ColPlan {
    /// Whether the INSERT leaves this column out.
    pub fn omitted(&self) -> bool {
        matches!(self.gen, Gen::Omit)
    }

    /// The rule, when the column is generated by one (keys are not).
    pub fn rule(&self) -> Option<Rule> {
        match self.gen {
            Gen::Rule(r) | Gen::UniqueText { rule: r, .. } => Some(r),
            _ => None,
        }
    }
}

/// One table of the plan.
#[derive(Clone, Debug)]
pub struct TablePlan {
    pub name: String,
    pub n: u64,
    /// Rows the table held before (an append): row `j` of this fill is row `first + j` of the
    /// table.
    pub first: u64,
    pub columns: Vec<ColPlan>,
    key: u64,
    fks: Vec<FkPlan>,
    comps: Vec<CompPlan>,
    /// Non-key columns in an order where each column's relations come first.
    order: Vec<usize>,
    /// The columns that identify a row (for the UPDATE of later links).
    row_key: Vec<usize>,
}

/// A resolved foreign key: (parent table, child columns, parent columns).
type FkRef = (usize, Vec<usize>, Vec<usize>);

/// A whole schema compiled for given counts and seed.
#[derive(Clone, Debug)]
pub struct Plan {
    pub tables: Vec<TablePlan>,
    /// Table indices, parents first.
    pub order: Vec<usize>,
    /// Things the user should know (NULL-filled links of a cycle, ...).
    pub notes: Vec<String>,
    /// Whether the order relies on foreign keys checked at commit (a NOT NULL cycle filled
    /// completely under `deferred_fks`).
    pub needs_deferred: bool,
}

/// The person behind a row: every name and place column of the row reads it.
struct Persona {
    zip: &'static Zip,
    eth: u8,
    age: u32,
    sex: u8,
    first: &'static str,
    last: &'static str,
}

fn persona(key: u64, j: u64) -> Persona {
    let rk = derive(key, j);
    let mut geo = Rng::keyed(rk, T_PERSONA_GEO);
    let zip = &data().zips[fields::zip_index(&mut geo)];
    let eth = fields::ethnicity_in_zip(zip, &mut geo);
    let mut p = Rng::keyed(rk, T_PERSONA);
    let age = fields::adult_age(&mut p);
    let sex = fields::gender_for_age(age, &mut p);
    let first = fields::first_name(eth, sex, &mut p);
    let last = fields::surname(eth, &mut p);
    Persona {
        zip,
        eth,
        age,
        sex,
        first,
        last,
    }
}

fn lit_f64(l: &Lit) -> Option<f64> {
    match l {
        Lit::Num(s) => s.trim().parse().ok(),
        Lit::Text(s) => s.trim().parse().ok(),
        Lit::Bool(b) => Some(*b as i64 as f64),
    }
}

/// A constant in a column's units (fractional units possible for numbers).
fn lit_units(kind: Kind, l: &Lit) -> Option<f64> {
    match kind {
        Kind::Date => match l {
            Lit::Text(s) => Date::parse(s.get(..10)?).map(|d| d.0 as f64),
            _ => None,
        },
        Kind::Timestamp => match l {
            Lit::Text(s) => parse_timestamp(s).map(|t| t as f64),
            _ => None,
        },
        Kind::Time => match l {
            Lit::Text(s) => parse_time(s).map(|t| t as f64),
            _ => None,
        },
        k if k.ordinal() => lit_f64(l).map(|v| v * k.per_common()),
        _ => None,
    }
}

fn parse_time(s: &str) -> Option<i64> {
    let mut it = s.trim().split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let sec: f64 = it.next().unwrap_or("0").parse().ok()?;
    Some(h * 3600 + m * 60 + sec as i64)
}

fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let d = Date::parse(s.get(..10)?)?;
    let rest = s[10..].trim_start_matches(['T', ' ']);
    let t = if rest.is_empty() {
        0
    } else {
        parse_time(rest.get(..8.min(rest.len()))?)?
    };
    Some(d.0 as i64 * DAY + t)
}

/// A literal as a value of the column (for IN lists, enum labels and `= constant`).
fn lit_value(kind: Kind, l: &Lit) -> Option<FillValue> {
    match kind {
        Kind::Text => Some(FillValue::Text(match l {
            Lit::Num(s) | Lit::Text(s) => s.clone(),
            Lit::Bool(b) => b.to_string(),
        })),
        Kind::Bool => match l {
            Lit::Bool(b) => Some(FillValue::Bool(*b)),
            _ => lit_f64(l).map(|v| FillValue::Bool(v != 0.0)),
        },
        k if k.ordinal() => {
            let u = lit_units(k, l)?;
            (u.fract() == 0.0).then(|| k.value(u as i64))
        }
        _ => None,
    }
}

fn lit_as_text(l: &Lit) -> FillValue {
    FillValue::Text(match l {
        Lit::Num(s) | Lit::Text(s) => s.clone(),
        Lit::Bool(b) => b.to_string(),
    })
}

fn check_text(c: &Check) -> String {
    match c {
        Check::Cmp { column, op, value } => format!("{column} {} {}", op.sql(), lit_sql(value)),
        Check::CmpColumns { left, op, right } => format!("{left} {} {right}", op.sql()),
        Check::In { column, values } => format!(
            "{column} IN ({})",
            values.iter().map(lit_sql).collect::<Vec<_>>().join(", ")
        ),
        Check::Between { column, lo, hi } => {
            format!("{column} BETWEEN {} AND {}", lit_sql(lo), lit_sql(hi))
        }
        Check::Length { column, op, n } => format!("length({column}) {} {n}", op.sql()),
        Check::IsNull { column } => format!("{column} IS NULL"),
        Check::NotNull { column } => format!("{column} IS NOT NULL"),
        Check::Like { column, pattern } => format!("{column} LIKE '{pattern}'"),
        Check::JsonValid { column } => format!("json_valid({column})"),
        Check::All(v) => v.iter().map(check_text).collect::<Vec<_>>().join(" AND "),
        Check::AnyOf(v) => v.iter().map(check_text).collect::<Vec<_>>().join(" OR "),
        Check::Unsupported(s) => s.clone(),
    }
}

fn lit_sql(l: &Lit) -> String {
    match l {
        Lit::Num(s) => s.clone(),
        Lit::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Lit::Bool(b) => b.to_string().to_uppercase(),
    }
}

/// Whether `set` contains every column of `sub`.
fn contains_all(set: &[usize], sub: &[usize]) -> bool {
    sub.iter().all(|c| set.contains(c))
}

fn digits10(mut n: u64) -> u32 {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// A skewed index in `[0, n)`: density ∝ x^-1/2 before the shuffle, so some parents get many
/// children and most get a few (a heavy head, like customers and their orders).
fn skewed(n: u64, u: f64) -> u64 {
    ((u * u * n as f64) as u64).min(n.saturating_sub(1))
}

impl Plan {
    /// Compiles `schema` for the options; every error names the table, column or CHECK.
    pub fn new(schema: &Schema, opts: &FillOptions) -> Result<Plan, FillError> {
        let nt = schema.tables.len();
        // Duplicate table names would make names ambiguous.
        for (i, t) in schema.tables.iter().enumerate() {
            if schema.tables[..i]
                .iter()
                .any(|u| u.name.eq_ignore_ascii_case(&t.name))
            {
                return err(format!("table {} is defined twice", t.name));
            }
            if t.columns.is_empty() {
                return err(format!("table {} has no columns", t.name));
            }
        }
        // Foreign keys: resolve parents and columns.
        let mut fks: Vec<Vec<FkRef>> = Vec::with_capacity(nt);
        for t in &schema.tables {
            let mut v = Vec::new();
            for fk in &t.foreign_keys {
                let Some(p) = schema.find(&fk.parent) else {
                    return err(format!(
                        "table {}: FOREIGN KEY ({}) REFERENCES {}: there is no table {} in the schema",
                        t.name,
                        fk.columns.join(", "),
                        fk.parent,
                        fk.parent
                    ));
                };
                let parent = &schema.tables[p];
                let pcols_names: Vec<String> = if fk.parent_columns.is_empty() {
                    parent.primary_key.clone()
                } else {
                    fk.parent_columns.clone()
                };
                if pcols_names.len() != fk.columns.len() {
                    return err(format!(
                        "table {}: FOREIGN KEY ({}) REFERENCES {}: {} columns for {} parent key columns",
                        t.name,
                        fk.columns.join(", "),
                        parent.name,
                        fk.columns.len(),
                        pcols_names.len()
                    ));
                }
                let mut cols = Vec::new();
                for c in &fk.columns {
                    cols.push(t.column(c).ok_or_else(|| {
                        FillError(format!(
                            "table {}: FOREIGN KEY names column {c}, which the table does not have",
                            t.name
                        ))
                    })?);
                }
                let mut pcols = Vec::new();
                for c in &pcols_names {
                    pcols.push(parent.column(c).ok_or_else(|| {
                        FillError(format!(
                            "table {}: FOREIGN KEY ({}) REFERENCES {}({c}): {} has no column {c}",
                            t.name,
                            fk.columns.join(", "),
                            parent.name,
                            parent.name
                        ))
                    })?);
                }
                // The parent columns must be a key of the parent.
                let pset: Vec<usize> = pcols.clone();
                let is_key = std::iter::once(&parent.primary_key)
                    .chain(parent.uniques.iter())
                    .filter(|k| !k.is_empty())
                    .any(|k| {
                        let ks: Vec<usize> = k.iter().filter_map(|c| parent.column(c)).collect();
                        ks.len() == k.len() && contains_all(&pset, &ks)
                    });
                if !is_key {
                    return err(format!(
                        "table {}: FOREIGN KEY ({}) REFERENCES {}({}): the parent columns are not its PRIMARY KEY or UNIQUE",
                        t.name,
                        fk.columns.join(", "),
                        parent.name,
                        pcols_names.join(", ")
                    ));
                }
                v.push((p, cols, pcols));
            }
            fks.push(v);
        }

        // Counts named in --rows must be tables, and not negative.
        let mut explicit: Vec<Option<u64>> = vec![None; nt];
        for (name, n) in &opts.rows {
            let Some(t) = schema.find(name) else {
                return err(format!(
                    "--rows names table {name}, which is not in the schema (tables: {})",
                    schema
                        .tables
                        .iter()
                        .map(|t| t.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            };
            if *n < 0 {
                return err(format!("--rows {name}={n}: a row count must be 0 or more"));
            }
            if *n as u64 > MAX_ROWS {
                return err(format!(
                    "--rows {name}={n}: at most {MAX_ROWS} rows per table (the limit of every synth table)"
                ));
            }
            explicit[t] = Some(*n as u64);
        }

        // --map must name columns that exist.
        for (tn, cn, _) in &opts.map {
            let Some(t) = schema.find(tn) else {
                return err(format!(
                    "--map {tn}.{cn}: there is no table {tn} in the schema"
                ));
            };
            if schema.tables[t].column(cn).is_none() {
                return err(format!(
                    "--map {tn}.{cn}: table {} has no column {cn}",
                    schema.tables[t].name
                ));
            }
        }

        // Topological order, parents first; cycles are deferred or broken by NULLs.
        let mut notes = Vec::new();
        let mut null_fk: Vec<Vec<bool>> = fks.iter().map(|v| vec![false; v.len()]).collect();
        let mut done = vec![false; nt];
        let mut order = Vec::with_capacity(nt);
        let mut cycle_noted = false;
        while order.len() < nt {
            let ready = (0..nt).find(|&t| {
                !done[t]
                    && fks[t]
                        .iter()
                        .enumerate()
                        .all(|(k, f)| f.0 == t || done[f.0] || null_fk[t][k])
            });
            if let Some(t) = ready {
                done[t] = true;
                order.push(t);
                continue;
            }
            let rest: Vec<usize> = (0..nt).filter(|&t| !done[t]).collect();
            let names: Vec<&str> = rest
                .iter()
                .map(|&t| schema.tables[t].name.as_str())
                .collect();
            if opts.deferred_fks {
                // Values are computable in any order; the target checks at commit. Take the
                // table with the fewest parents still to fill.
                let pending = |t: usize| fks[t].iter().filter(|f| f.0 != t && !done[f.0]).count();
                let t = *rest.iter().min_by_key(|&&t| pending(t)).expect("a table");
                done[t] = true;
                order.push(t);
                if !cycle_noted {
                    cycle_noted = true;
                    notes.push(format!(
                        "tables {} are in or below a foreign-key cycle: filled completely, foreign keys checked at commit",
                        names.join(", ")
                    ));
                }
                continue;
            }
            // Break the cycle at a nullable link.
            let mut broke = false;
            'find: for &t in &rest {
                for (k, f) in fks[t].iter().enumerate() {
                    let tab = &schema.tables[t];
                    if f.0 != t
                        && !done[f.0]
                        && !null_fk[t][k]
                        && f.1.iter().all(|&c| tab.columns[c].nullable)
                    {
                        null_fk[t][k] = true;
                        notes.push(format!(
                            "table {}: foreign key ({}) to {} is part of a cycle: inserted as NULL, then set by UPDATE once every table is filled",
                            tab.name,
                            f.1.iter()
                                .map(|&c| tab.columns[c].name.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            schema.tables[f.0].name
                        ));
                        broke = true;
                        break 'find;
                    }
                }
            }
            if !broke {
                return err(format!(
                    "tables {} form a foreign-key cycle whose links are all NOT NULL: no insertion order can satisfy them without deferred constraints; make one link nullable or DEFERRABLE",
                    names.join(", ")
                ));
            }
        }

        // Per-parent counts; a table with --per gets its count from them.
        let mut counts = vec![0u64; nt];
        let mut per_of: Vec<Option<(usize, u64, u64)>> = vec![None; nt];
        for (tn, cn, lo, hi) in &opts.per {
            let Some(t) = schema.find(tn) else {
                return err(format!("--per {tn}.{cn}: no table {tn} in the schema"));
            };
            let tab = &schema.tables[t];
            let Some(c) = tab.column(cn) else {
                return err(format!(
                    "--per {tn}.{cn}: table {} has no column {cn}",
                    tab.name
                ));
            };
            let Some(k) = fks[t].iter().position(|f| f.1.contains(&c)) else {
                return err(format!(
                    "--per {tn}.{cn}: {cn} is not a foreign-key column of {}",
                    tab.name
                ));
            };
            if lo > hi {
                return err(format!("--per {tn}.{cn}={lo}..{hi}: the range is empty"));
            }
            if explicit[t].is_some() {
                return err(format!(
                    "--per {tn}.{cn} decides the row count of {}: leave {} out of --rows",
                    tab.name, tab.name
                ));
            }
            if per_of[t].is_some() {
                return err(format!(
                    "--per: table {} has two --per ranges; give one",
                    tab.name
                ));
            }
            if fks[t][k].0 == t {
                return err(format!(
                    "--per {tn}.{cn}: not supported on a self-reference"
                ));
            }
            per_of[t] = Some((k, *lo, *hi));
        }
        let mut per_ends: Vec<Option<Vec<u64>>> = vec![None; nt];
        for &t in &order {
            let name = &schema.tables[t].name;
            if let Some((k, lo, hi)) = per_of[t] {
                let p = fks[t][k].0;
                let key = derive(derive(opts.seed as u64, T_FILL), tag(&name.to_lowercase()));
                let mut ends = Vec::with_capacity(counts[p] as usize);
                let mut total = 0u64;
                for i in 0..counts[p] {
                    total += lo + Rng::keyed(derive(key, T_PER), i).below(hi - lo + 1);
                    ends.push(total);
                }
                if total > MAX_ROWS {
                    return err(format!(
                        "--per gives table {name} {total} rows: at most {MAX_ROWS} per table"
                    ));
                }
                counts[t] = total;
                per_ends[t] = Some(ends);
            } else {
                counts[t] = explicit[t].unwrap_or(if opts.only { 0 } else { DEFAULT_ROWS });
            }
        }

        let mut tables = Vec::with_capacity(nt);
        for (t, spec) in schema.tables.iter().enumerate() {
            tables.push(build_table(
                schema,
                t,
                spec,
                &fks[t],
                &null_fk[t],
                &counts,
                per_ends[t].take(),
                per_of[t].map(|p| p.0),
                opts,
                &mut notes,
            )?);
        }
        link_moments_to_parents(&mut tables, &order);
        let plan = Plan {
            tables,
            order,
            notes,
            needs_deferred: cycle_noted,
        };
        // Foreign keys whose parent key is itself a foreign key must not loop back.
        for t in 0..nt {
            for c in 0..plan.tables[t].columns.len() {
                plan.key_depth(t, c, 0)?;
            }
        }
        Ok(plan)
    }

    fn key_depth(&self, t: usize, c: usize, depth: u32) -> Result<(), FillError> {
        if depth > 64 {
            return err(format!(
                "table {}: its key {} refers to itself through foreign keys",
                self.tables[t].name, self.tables[t].columns[c].name
            ));
        }
        if let Gen::Fk { fk, pos } = self.tables[t].columns[c].gen {
            let f = &self.tables[t].fks[fk];
            if f.parent != t {
                return self.key_depth(f.parent, f.parent_cols[pos], depth + 1);
            }
        }
        Ok(())
    }

    /// The index of a table by name.
    pub fn table(&self, name: &str) -> Option<usize> {
        self.tables
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// The column table `t`'s rows are created at, which its children's moments follow: an
    /// in-database fill reads it with the keys of a parent that gets no rows
    /// ([`Existing::moment`]).
    pub fn moment_column(&self, t: usize) -> Option<&str> {
        origin_moment(&self.tables[t]).map(|c| self.tables[t].columns[c].name.as_str())
    }

    /// The links of table `t` set after every table is filled (foreign keys of a cycle, NULL
    /// when inserted): `(key columns that find the row, columns to set)`, or `None`.
    pub fn links(&self, t: usize) -> Option<(Vec<usize>, Vec<usize>)> {
        let tp = &self.tables[t];
        let set: Vec<usize> = tp
            .fks
            .iter()
            .filter(|f| f.later)
            .flat_map(|f| f.cols.iter().copied())
            .collect();
        (!set.is_empty()).then(|| (tp.row_key.clone(), set))
    }

    /// Row `j` of table `t` with its later links (see [`Plan::links`]) set.
    pub fn linked_row(&self, t: usize, j: u64, out: &mut Vec<FillValue>) {
        self.fill_row(t, j, out, true)
    }

    /// Row `j` of table `t` (all columns, [`FillValue::Default`] for omitted ones).
    pub fn row(&self, t: usize, j: u64, out: &mut Vec<FillValue>) {
        self.fill_row(t, j, out, false)
    }

    fn fill_row(&self, t: usize, j: u64, out: &mut Vec<FillValue>, linked: bool) {
        let tp = &self.tables[t];
        out.clear();
        out.resize(tp.columns.len(), FillValue::Null);
        let pers = persona(tp.key, tp.first + j);
        // Foreign keys first: one parent row per key.
        for (k, f) in tp.fks.iter().enumerate() {
            if f.later && !linked {
                continue;
            }
            match self.parent_index(t, k, j) {
                None => {
                    for &c in &f.cols {
                        out[c] = FillValue::Null;
                    }
                }
                Some(p) => {
                    for (pos, &c) in f.cols.iter().enumerate() {
                        out[c] = self.fk_value(t, k, pos, p);
                    }
                }
            }
        }
        for &c in &tp.order {
            out[c] = self.column_value(t, c, j, &pers, out);
        }
    }

    /// Column `pos` of foreign key `k` of table `t` when it points at parent row `p`.
    fn fk_value(&self, t: usize, k: usize, pos: usize, p: u64) -> FillValue {
        let f = &self.tables[t].fks[k];
        match &f.ext {
            Some(rows) => rows[p as usize][pos].clone(),
            None => self.key_value(f.parent, f.parent_cols[pos], p),
        }
    }

    /// The parent row index of foreign key `k` of table `t` at row `j`; `None` for NULL.
    fn parent_index(&self, t: usize, k: usize, j: u64) -> Option<u64> {
        let tp = &self.tables[t];
        let f = &tp.fks[k];
        let np = match &f.ext {
            Some(rows) => rows.len() as u64,
            None => self.tables[f.parent].n,
        };
        let g = tp.first + j;
        match &f.mode {
            FkMode::Null => None,
            FkMode::Composite { comp, digit } => Some(tp.comps[*comp].digit(j, *digit)),
            FkMode::Per { ends } => Some(ends.partition_point(|&e| e <= j) as u64),
            FkMode::SelfRef { roots } => {
                let mut rng = Rng::keyed(derive(tp.key, g), f.tag);
                let u = rng.f64();
                if f.nullable && (j == 0 || rng.chance(*roots)) {
                    None
                } else if j == 0 {
                    Some(0)
                } else {
                    Some(skewed(j, u))
                }
            }
            FkMode::Skew { perm } => {
                if np == 0 {
                    return None;
                }
                let u = Rng::keyed(derive(tp.key, g), f.tag).f64();
                Some(perm.apply(skewed(np, u)))
            }
        }
    }

    /// The value of key column `c` of table `t` at row `j`, computed alone when it can be.
    fn key_value(&self, t: usize, c: usize, j: u64) -> FillValue {
        let tp = &self.tables[t];
        let col = &tp.columns[c];
        match &col.gen {
            Gen::Fk { fk, pos } => match self.parent_index(t, *fk, j) {
                None => FillValue::Null,
                Some(p) => self.fk_value(t, *fk, *pos, p),
            },
            Gen::Seq { .. } | Gen::UniqueOrd { .. } | Gen::Composite { .. } => {
                let pers = persona(tp.key, tp.first + j);
                self.column_value(t, c, j, &pers, &[])
            }
            _ => {
                let mut row = Vec::new();
                self.row(t, j, &mut row);
                row.swap_remove(c)
            }
        }
    }

    fn column_value(
        &self,
        t: usize,
        c: usize,
        j: u64,
        pers: &Persona,
        row: &[FillValue],
    ) -> FillValue {
        let tp = &self.tables[t];
        let col = &tp.columns[c];
        let g = tp.first + j;
        let mut rng = Rng::keyed(derive(tp.key, g), col.tag);
        match &col.gen {
            Gen::Omit => FillValue::Default,
            Gen::Fk { .. } => row.get(c).cloned().unwrap_or(FillValue::Null),
            Gen::Seq { start } => col.kind.value(start + j as i64),
            Gen::UniqueOrd { start, step, perm } => {
                col.kind.value(start + step * perm.apply(j) as i64)
            }
            Gen::Composite { comp, digit } => {
                let d = tp.comps[*comp].digit(j, *digit);
                match &col.allowed {
                    Some(vals) => vals[d as usize].clone(),
                    None if col.kind == Kind::Bool => FillValue::Bool(d == 1),
                    None => col.kind.value(col.lo + d as i64),
                }
            }
            Gen::UniqueText { rule, perm } => {
                let number = tp.first + perm.apply(j) + 1;
                unique_text(col, *rule, number, pers, &mut rng, tp.first + tp.n)
            }
            Gen::Rule(_)
                if col.status_link.as_ref().is_some_and(|(s, set)| {
                    let status = row.get(*s).unwrap_or(&FillValue::Null);
                    let i = tp.columns[*s]
                        .allowed
                        .as_ref()
                        .and_then(|vals| vals.iter().position(|v| v == status));
                    !i.is_some_and(|i| set[i])
                }) =>
            {
                FillValue::Null
            }
            Gen::Rule(_)
                if col.status_link.is_none()
                    && col.nullable
                    && col.null_rate > 0.0
                    && Rng::keyed(derive(tp.key, g), col.tag ^ T_NULL).chance(col.null_rate) =>
            {
                FillValue::Null
            }
            Gen::Rule(rule) => {
                let after = self.parent_moment(t, c, j);
                // A flag that its row's event decides (is_active false once deleted_at is set).
                let forced = col.flag_link.and_then(|(e, present, absent)| {
                    let v = row.get(e)?;
                    if *v == FillValue::Null {
                        absent
                    } else {
                        Some(present)
                    }
                });
                match forced {
                    Some(v) => {
                        let mut fc = col.clone();
                        fc.p_true = if v { 1.0 } else { 0.0 };
                        self.rule_value(t, &fc, *rule, g, pers, &mut rng, row, after)
                    }
                    None => self.rule_value(t, col, *rule, g, pers, &mut rng, row, after),
                }
            }
        }
    }

    /// The moment of the parent row that column `c` of table `t` follows at row `j`, in the
    /// column's units; `None` when it follows none (or the parent's moment is NULL).
    fn parent_moment(&self, t: usize, c: usize, j: u64) -> Option<i64> {
        let tp = &self.tables[t];
        let col = &tp.columns[c];
        col.after_parent
            .iter()
            .filter_map(|&(k, pc)| self.one_parent_moment(t, c, j, k, pc))
            .max()
    }

    /// The moment `pc` of the parent row foreign key `k` points at, in column `c`'s units.
    fn one_parent_moment(&self, t: usize, c: usize, j: u64, k: usize, pc: usize) -> Option<i64> {
        let tp = &self.tables[t];
        let col = &tp.columns[c];
        let f = &tp.fks[k];
        let p = self.parent_index(t, k, j)?;
        let pt = &self.tables[f.parent];
        let pcol = &pt.columns[pc];
        let u = match &f.ext_moments {
            Some((_, m)) => m.get(p as usize).copied().flatten()?,
            None => {
                let pers = persona(pt.key, pt.first + p);
                let v = self.column_value(f.parent, pc, p, &pers, &[]);
                units_of(&v, pcol.kind)?
            }
        };
        Some(libm::floor(pcol.kind.to_common(u) * col.kind.per_common()) as i64)
    }

    #[allow(clippy::too_many_arguments)]
    fn rule_value(
        &self,
        t: usize,
        col: &ColPlan,
        rule: Rule,
        j: u64,
        pers: &Persona,
        rng: &mut Rng,
        row: &[FillValue],
        after: Option<i64>,
    ) -> FillValue {
        let tp = &self.tables[t];
        if rule == Rule::Null {
            return FillValue::Null;
        }
        // OR-ed alternatives (e.g. `x IS NULL OR x LIKE '%a%' OR ...`): pick one.
        if !col.alts.is_empty() {
            let alt = &col.alts[rng.below(col.alts.len() as u64) as usize];
            return match alt {
                Alt::Null => FillValue::Null,
                Alt::Values(v) => v[rng.below(v.len() as u64) as usize].clone(),
                Alt::Like(p) => {
                    // The rule's own text when it matches (an email for `LIKE '%@%'`), else
                    // the pattern with that text in place of its first `%`.
                    let natural = if col.kind == Kind::Text {
                        text_for(rule, col, j, pers, rng, tp.key)
                    } else {
                        String::new()
                    };
                    if like_match(p, &natural) && natural.chars().count() as u32 <= col.len_max {
                        return FillValue::Text(natural);
                    }
                    let mut filled = false;
                    let s: String = p
                        .chars()
                        .flat_map(|ch| match ch {
                            '%' if !filled => {
                                filled = true;
                                natural.chars().collect::<Vec<_>>()
                            }
                            '%' => Vec::new(),
                            '_' => vec!['x'],
                            c => vec![c],
                        })
                        .collect();
                    FillValue::Text(fit_text(s, col, rng))
                }
            };
        }
        if let Some(vals) = &col.allowed {
            if rule == Rule::Gender {
                let want = if pers.sex == fields::MALE { 'm' } else { 'f' };
                if let Some(v) = vals.iter().find(
                    |v| matches!(v, FillValue::Text(s) if s.to_ascii_lowercase().starts_with(want)),
                ) {
                    return v.clone();
                }
            }
            // A flag kept to two values by a CHECK (`is_deleted IN (0, 1)`): true at the
            // flag's share, as without the CHECK.
            if rule == Rule::Bool && vals.len() == 2 {
                let truthy = |v: &FillValue| match v {
                    FillValue::Bool(b) => *b,
                    FillValue::Int(x) => *x == 1,
                    FillValue::Text(t) => {
                        matches!(
                            t.to_ascii_lowercase().as_str(),
                            "1" | "t" | "true" | "y" | "yes"
                        )
                    }
                    _ => false,
                };
                if let Some(t) = vals.iter().position(truthy) {
                    let pick = if rng.chance(col.p_true) { t } else { 1 - t };
                    return vals[pick].clone();
                }
            }
            // Earlier values of a list are more common (a status list starts with the usual one).
            let k = vals.len() as u64;
            let i = skewed(k, rng.f64()).min(k - 1);
            let i = if rng.chance(0.5) { rng.below(k) } else { i };
            return vals[i as usize].clone();
        }
        if col.kind.ordinal() {
            let natural = match col
                .arith
                .as_ref()
                .and_then(|a| derived(tp, col, a, row, rng))
            {
                Some(units) => units,
                None => {
                    // A CHECK or a type that cuts the rule's natural range: draw again, so
                    // that the values keep their natural shape within the bounds (`price < 5`
                    // gives cheap prices, not prices folded onto the bound).
                    let mut v = self.natural_units(col, rule, j, pers, rng);
                    for _ in 0..REDRAWS {
                        if (col.lo..=col.hi).contains(&v) {
                            break;
                        }
                        v = self.natural_units(col, rule, j, pers, rng);
                    }
                    v
                }
            };
            return col
                .kind
                .value(self.fit_ord(tp, col, natural, rng, row, after));
        }
        match col.kind {
            Kind::Bool => FillValue::Bool(rng.chance(col.p_true)),
            Kind::Uuid => FillValue::Text(uuid(tp.key ^ col.tag, j)),
            Kind::Json => FillValue::Text(format!(
                "{{\"id\": {}, \"tag\": \"{}\"}}",
                j + 1,
                WORDS[rng.below(WORDS.len() as u64) as usize]
            )),
            Kind::Bytes => {
                let mut b = Vec::with_capacity(16);
                for _ in 0..2 {
                    b.extend_from_slice(&rng.next_u64().to_le_bytes());
                }
                FillValue::Bytes(b)
            }
            Kind::Text => {
                let s = text_for(rule, col, j, pers, rng, tp.key);
                FillValue::Text(fit_text(s, col, rng))
            }
            _ => FillValue::Null,
        }
    }

    /// A rule's value in the column's units before the bounds are applied.
    fn natural_units(
        &self,
        col: &ColPlan,
        rule: Rule,
        j: u64,
        pers: &Persona,
        rng: &mut Rng,
    ) -> i64 {
        let k = col.kind;
        let now = AS_OF.0 as i64 * DAY;
        let moment = |secs: i64| -> i64 {
            match k {
                Kind::Date => secs.div_euclid(DAY),
                Kind::Time => secs.rem_euclid(DAY),
                Kind::Timestamp => secs,
                _ => secs,
            }
        };
        let num = |x: f64| -> i64 { libm::round(x * k.per_common()) as i64 };
        match rule {
            Rule::Age => num(pers.age as f64),
            Rule::BirthDate => {
                let birth = AS_OF.add_years(-(pers.age as i32)).0 as i64 - rng.range(1, 365);
                moment(birth * DAY + rng.range(0, DAY - 1))
            }
            Rule::CreatedAt | Rule::UpdatedAt | Rule::Moment => {
                let mut span = 5 * 365 * DAY;
                if col.born {
                    span = span.min((pers.age as i64 - 18) * 365 * DAY).max(DAY);
                }
                moment(now - rng.range(DAY, span))
            }
            Rule::Money => {
                let (median, spread) = col.money;
                let x = libm::exp(libm::log(median) + spread * rng.normal());
                num(libm::round(x * 100.0) / 100.0)
            }
            Rule::Quantity => {
                let q = 1.0 + libm::floor(-libm::log(1.0 - rng.f64()) * 2.0);
                num(q.min(50.0))
            }
            Rule::Year => num(rng.range(1950, AS_OF.ymd().0 as i64) as f64),
            Rule::Latitude => num(libm::round(pers.zip.lat * 1e4) / 1e4),
            Rule::Longitude => num(libm::round(pers.zip.lon * 1e4) / 1e4),
            Rule::Bool => num(u8::from(rng.chance(col.p_true)) as f64),
            _ => match k {
                Kind::Date | Kind::Timestamp | Kind::Time => {
                    moment(now - rng.range(DAY, 5 * 365 * DAY))
                }
                Kind::Int => {
                    let _ = j;
                    // Log-uniform in 1..10,000: small counts common, large ones possible.
                    libm::exp(rng.f64() * libm::log(10_000.0)) as i64
                }
                _ => num(libm::round(rng.f64() * 100_000.0) / 100.0),
            },
        }
    }

    /// `v` moved inside the column's static bounds and its relations to earlier columns.
    fn fit_ord(
        &self,
        tp: &TablePlan,
        col: &ColPlan,
        v: i64,
        rng: &mut Rng,
        row: &[FillValue],
        after: Option<i64>,
    ) -> i64 {
        let mut lo = col.lo;
        let mut hi = col.hi;
        // A date, timestamp or year that does not lie ahead (by its name) stays at or before
        // AS_OF when its bounds allow it: `created_at >= '2025-06-01'` is a recent past.
        if !col.ahead && lo <= hi {
            let now = match (col.kind, col.rule()) {
                (Kind::Date | Kind::Timestamp, _) => Some(as_of_in(col.kind)),
                (Kind::Int | Kind::Numeric(_), Some(Rule::Year)) => {
                    Some(libm::round(AS_OF.ymd().0 as f64 * col.kind.per_common()) as i64)
                }
                _ => None,
            };
            if let Some(now) = now.filter(|&now| lo <= now) {
                hi = hi.min(now);
            }
        }
        let mut dependent = false;
        let mut equal: Option<i64> = None;
        let mut strict = false;
        // After the parent row's moment and, unless its name says it may lie ahead, before
        // AS_OF: when the column's bounds leave room for both.
        if let Some(x) = after {
            let cap = if col.ahead {
                hi
            } else {
                hi.min(as_of_in(col.kind))
            };
            if x < cap && lo <= cap {
                lo = lo.max(x + 1);
                hi = cap;
                dependent = true;
                strict = true;
            }
        }
        for &(o, op) in &col.relations {
            let oc = &tp.columns[o];
            let Some(ou) = units_of(&row[o], oc.kind) else {
                continue;
            };
            let x = oc.kind.to_common(ou) * col.kind.per_common();
            match op {
                CmpOp::Gt => {
                    lo = lo.max(libm::floor(x) as i64 + 1);
                    dependent = true;
                    strict = true;
                }
                CmpOp::Ge => {
                    lo = lo.max(libm::ceil(x) as i64);
                    dependent = true;
                }
                CmpOp::Lt => hi = hi.min(libm::ceil(x) as i64 - 1),
                CmpOp::Le => hi = hi.min(libm::floor(x) as i64),
                CmpOp::Eq => equal = Some(libm::round(x) as i64),
                CmpOp::Ne => {}
            }
        }
        if let Some(e) = equal {
            return e.clamp(lo, hi);
        }
        // A moment that follows another has happened by AS_OF (an update, a shipment), unless
        // its name says it may lie ahead (an expiry, a due or end date).
        if dependent && matches!(col.kind, Kind::Date | Kind::Timestamp) && !col.ahead {
            let now = as_of_in(col.kind);
            if lo <= now {
                hi = hi.min(now);
            }
        }
        let mut v = if dependent {
            // Later than its source: by a realistic gap (exponential, its mean from the
            // column's name) for an event that follows it, sometimes none at all; otherwise
            // the column's own value when it already comes after.
            if col.gap.is_none() && (lo..=hi).contains(&v) {
                v
            } else if !strict && col.rule() == Some(Rule::UpdatedAt) && rng.chance(0.3) {
                lo // never updated since it was created
            } else {
                let mean = col.gap.unwrap_or((col.kind.span() / 5).max(1) / 2);
                let g = -(mean as f64) * libm::log(1.0 - rng.f64());
                let room = (hi as i128 - lo as i128).min(i64::MAX as i128) as f64;
                if g <= room {
                    lo + libm::floor(g) as i64
                } else {
                    // No room for the gap: anywhere in what is left, not piled at the bound.
                    lo + libm::floor(rng.f64() * room) as i64
                }
            }
        } else if v < lo || v > hi {
            // Still outside after the redraws: a value inside, on the scale of the natural one
            // and of the bound, never across zero from a non-negative natural value (`age <
            // 18` gives 0..17, `age >= 21` 21 and a little more, `price < 5` 0..5).
            let span = col.kind.span().max(1) as i128;
            let (lo, hi) = (lo as i128, hi as i128);
            let v = v as i128;
            let bound = if v < lo { lo } else { hi };
            let scale = (v - bound).abs().max(bound.abs()).max(1);
            let width = scale.min(span).min(hi - lo);
            let (a, b) = if v < lo {
                (lo, lo + width)
            } else if v >= 0 && hi >= 0 {
                (lo.max(0).max(hi - width), hi)
            } else {
                (hi - width, hi)
            };
            (a + rng.below((b - a) as u64 + 1) as i128) as i64
        } else {
            v
        };
        // Not-equal constants and columns: step to a neighbour inside the bounds.
        for _ in 0..=col.not_equal.len() + col.relations.len() {
            let bad = col.not_equal.contains(&v)
                || col.relations.iter().any(|&(o, op)| {
                    op == CmpOp::Ne
                        && units_of(&row[o], tp.columns[o].kind).is_some_and(|ou| {
                            let x = tp.columns[o].kind.to_common(ou) * col.kind.per_common();
                            x == v as f64
                        })
                });
            if !bad {
                break;
            }
            v = if v < hi { v + 1 } else { v - 1 };
        }
        v
    }
}

/// Links each creation moment to the moments of its row's parents: the column follows the
/// latest of the parents' creation times (else their first free moments) through every foreign
/// key to a table filled before it whose rows have one (a comment after its ticket and after
/// its author signed up). Self-references, cycle links and parents read from the database
/// without their moments are not followed.
fn link_moments_to_parents(tables: &mut [TablePlan], order: &[usize]) {
    let rank = |t: usize| order.iter().position(|&u| u == t);
    for t in 0..tables.len() {
        let links: Vec<(usize, usize)> = tables[t]
            .fks
            .iter()
            .enumerate()
            .filter_map(|(k, f)| {
                let usable = !f.later
                    && f.parent != t
                    && !matches!(f.mode, FkMode::SelfRef { .. } | FkMode::Null)
                    && rank(f.parent) < rank(t);
                let pc = origin_moment(&tables[f.parent]).filter(|_| usable)?;
                // Rows read from the database: only when their moments were read with them.
                match (&f.ext, &f.ext_moments) {
                    (None, _) => Some((k, pc)),
                    (Some(_), Some((mc, _))) if *mc == pc => Some((k, pc)),
                    _ => None,
                }
            })
            .collect();
        if links.is_empty() {
            continue;
        }
        for col in tables[t].columns.iter_mut() {
            if free_moment(col, &[Rule::CreatedAt, Rule::Moment]) {
                col.after_parent = links.clone();
            }
        }
    }
}

/// A moment column generated by one of `rules` with no constraint tying it to another column
/// (and not one that is mostly NULL, like `deleted_at`).
fn free_moment(c: &ColPlan, rules: &[Rule]) -> bool {
    matches!(c.gen, Gen::Rule(r) if rules.contains(&r))
        && c.null_rate == 0.0
        && matches!(c.kind, Kind::Date | Kind::Timestamp)
        && c.relations.is_empty()
        && c.allowed.is_none()
        && c.alts.is_empty()
}

/// The column a table's rows are created at: its creation moment, else its first free moment.
fn origin_moment(tp: &TablePlan) -> Option<usize> {
    let first = |rules: &[Rule]| {
        tp.columns
            .iter()
            .position(|c| free_moment(c, rules) && c.status_link.is_none())
    };
    first(&[Rule::CreatedAt]).or_else(|| first(&[Rule::Moment]))
}

/// Times a ruled value outside its column's bounds is drawn again before it is moved inside.
const REDRAWS: usize = 12;

/// Median and log-spread of a money column's values, from its name: a salary is tens of
/// thousands a year, a budget or revenue more, a fee a few dollars, anything else (prices,
/// amounts, totals) around $25.
fn money_scale(name: &str) -> (f64, f64) {
    let has = |words: &[&str]| mentions(name, words);
    if has(&["salary", "wage", "income", "compensation", "payroll"]) {
        (60_000.0, 0.5)
    } else if has(&["budget", "revenue", "turnover", "capital", "funding"]) {
        (250_000.0, 1.2)
    } else if has(&["balance", "credit", "limit", "deposit", "loan"]) {
        (2_500.0, 1.2)
    } else if has(&["mortgage"]) || name.to_ascii_lowercase().split('_').any(|w| w == "rent") {
        (1_500.0, 0.4)
    } else if has(&["fee", "tax", "tip", "shipping", "discount", "surcharge"]) {
        (6.0, 0.7)
    } else {
        (25.0, 1.0)
    }
}

/// SQL LIKE (`%` any run, `_` one character), case-sensitive as in PostgreSQL.
fn like_match(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('%', rest)) => (0..=t.len()).any(|k| go(rest, &t[k..])),
            Some(('_', rest)) => !t.is_empty() && go(rest, &t[1..]),
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    go(&p, &t)
}

/// The mean gap of a column that comes after another, from its name: a shipment, payment or
/// reply follows within days, an end or due date within weeks, an update within months.
fn typical_gap(name: &str, kind: Kind) -> Option<i64> {
    let has = |words: &[&str]| mentions(name, words);
    let days = if has(&[
        "ship", "deliver", "arriv", "paid", "pay", "confirm", "approv", "complet", "close",
        "resolv", "process", "respon", "repl", "answer", "return", "receiv", "sent", "accept",
        "start", "open", "check",
    ]) {
        3.0
    } else if has(&[
        "end", "finish", "until", "expir", "due", "valid", "stop", "to_",
    ]) {
        14.0
    } else if has(&["updat", "modif", "edit", "chang", "last", "seen", "login"]) {
        60.0
    } else {
        return None;
    };
    match kind {
        Kind::Date => Some((days as i64).max(1)),
        Kind::Timestamp | Kind::Time => Some((days * DAY as f64) as i64),
        _ => None,
    }
}

/// The prefix of a reference code in column `column` of `table`: the column's own stem
/// (`sku` → SKU, `tracking_number` → TRA), else the table's (`invoices.number` → INV).
fn code_prefix(table: &str, column: &str) -> String {
    let c = rules::normalize(column);
    let stem = ["_number", "_code", "_ref", "_reference", "_no", "_serial"]
        .iter()
        .find_map(|s| c.strip_suffix(s))
        .map(|s| s.rsplit('_').next().unwrap_or(s).to_string());
    let from = match stem {
        Some(s) if !s.is_empty() => s,
        _ if c == "sku" => c.clone(),
        _ => rules::normalize(table)
            .rsplit('_')
            .next()
            .unwrap_or("")
            .to_string(),
    };
    let p: String = from
        .chars()
        .filter(|ch| ch.is_ascii_alphabetic())
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    if p.is_empty() {
        "REF".into()
    } else {
        p
    }
}

/// How often a flag named so is true: a state few rows are in (deleted, archived, banned) 5%,
/// the usual state (active, enabled, verified, published) 85%, else half.
fn flag_share(name: &str) -> f64 {
    let has = |words: &[&str]| mentions(name, words);
    if has(&["inactive", "unverif", "unpublish", "unconfirm"]) {
        0.15
    } else if has(&[
        "delet", "archiv", "disabl", "banned", "block", "suspend", "lock", "spam", "fraud", "test",
        "flag", "hidden", "remov",
    ]) {
        0.05
    } else if has(&[
        "active", "enabl", "verif", "visible", "publish", "confirm", "subscrib", "valid", "approv",
        "avail", "in_stock", "instock",
    ]) {
        0.85
    } else {
        0.5
    }
}

/// Statuses that leave the normal course of a row (an order cancelled, a payment refunded): their
/// own event happens, the later steps of the course do not.
const OFF_COURSE: &[&str] = &[
    "cancel", "refund", "fail", "reject", "return", "declin", "void", "abandon", "lost", "expir",
];

/// Whether a moment column's name (`shipped_at`, `cancelled_on`, `paid_date`) names the event
/// of a status value (`shipped`, `canceled`, `paid`).
fn names_status(column: &str, value: &str) -> bool {
    let c = column.to_ascii_lowercase();
    let stem = ["_at", "_on", "_date", "_time", "_timestamp", "_ts"]
        .iter()
        .find_map(|s| c.strip_suffix(s))
        .unwrap_or(&c);
    let v = value.to_ascii_lowercase();
    let common = stem
        .bytes()
        .zip(v.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    stem == v || (common >= 4 && common + 2 >= stem.len().min(v.len()))
}

/// Ties nullable moments to a status column of the same table whose values name their events
/// (`status IN ('new', 'paid', 'shipped', 'delivered', 'cancelled')` with `paid_at`,
/// `shipped_at`, `delivered_at`, `cancelled_at`). The values are taken as a course in their
/// listed order, apart from those that leave it (cancelled, refunded, failed, ...): a moment is
/// set when the row's status is its event or a later step of the course, or, for an event off
/// the course, when the status is that event. The events of the course follow each other
/// (`shipped_at` after `paid_at`).
fn link_moments_to_status(cols: &mut [ColPlan]) {
    let statuses: Vec<(usize, Vec<String>)> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.gen, Gen::Rule(_)) && c.kind == Kind::Text)
        .filter_map(|(i, c)| {
            let vals = c.allowed.as_ref()?;
            let texts: Option<Vec<String>> = vals
                .iter()
                .map(|v| match v {
                    FillValue::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            Some((i, texts?))
        })
        .collect();
    // (status column, position on its course, moment column)
    let mut course: Vec<(usize, usize, usize)> = Vec::new();
    for c in 0..cols.len() {
        let col = &cols[c];
        if !col.nullable
            || !matches!(col.gen, Gen::Rule(_))
            || !matches!(col.kind, Kind::Date | Kind::Timestamp)
            || !col.alts.is_empty()
            || col.allowed.is_some()
        {
            continue;
        }
        let found = statuses.iter().find_map(|(s, vals)| {
            let e = vals.iter().position(|v| names_status(&col.name, v))?;
            Some((*s, vals, e))
        });
        let Some((s, vals, e)) = found else { continue };
        let off = |v: &str| mentions(v, OFF_COURSE);
        let on_course: Vec<usize> = (0..vals.len()).filter(|&i| !off(&vals[i])).collect();
        let set: Vec<bool> = (0..vals.len())
            .map(|i| {
                if off(&vals[e]) || off(&vals[i]) {
                    i == e
                } else {
                    let pos = |k: usize| on_course.iter().position(|&x| x == k);
                    pos(i) >= pos(e)
                }
            })
            .collect();
        if let Some(p) = on_course.iter().position(|&x| x == e).filter(|_| s != c) {
            course.push((s, p, c));
        }
        cols[c].status_link = Some((s, set));
    }
    // Each event of the course comes after the one before it.
    course.sort_unstable();
    for w in course.windows(2) {
        let (before, after) = (w[0].2, w[1].2);
        if w[0].0 == w[1].0 && !cols[after].relations.iter().any(|&(o, _)| o == before) {
            cols[after].relations.push((before, CmpOp::Gt));
        }
    }
}

/// How often a nullable column is NULL, from its name: an event most rows never had
/// (`deleted_at`, `cancelled_at`, `termination_date`: 90%), the second address line (70%), a
/// middle name (30%). Other nullable columns are always filled.
fn optional_null_rate(name: &str, rule: Rule, kind: Kind) -> f64 {
    const RARE_EVENTS: &[&str] = &[
        "delet", "archiv", "ban", "suspend", "revok", "cancel", "terminat", "deceas", "death",
        "died", "resign", "block", "disabl", "refund", "dismiss",
    ];
    match (rule, kind) {
        (_, Kind::Date | Kind::Timestamp) if mentions(name, RARE_EVENTS) => 0.9,
        (Rule::Street2, _) => 0.7,
        (Rule::MiddleName, _) => 0.3,
        _ => 0.0,
    }
}

/// Whether a moment named so may lie in the future: an end, expiry, due or scheduled date.
fn may_lie_ahead(name: &str) -> bool {
    mentions(
        name,
        &[
            "end", "finish", "until", "expir", "due", "valid", "stop", "to_", "schedul", "plan",
            "next", "deadline", "renew",
        ],
    )
}

/// Whether a name, in lower case, contains any of `words` (word stems: `delet` for deleted).
fn mentions(name: &str, words: &[&str]) -> bool {
    let n = name.to_ascii_lowercase();
    words.iter().any(|w| n.contains(w))
}

/// The order non-FK columns are generated in: each after the columns its CHECK relations,
/// status link and sums read. `Err`: the columns left in a cycle.
fn column_order(cols: &[ColPlan]) -> Result<Vec<usize>, Vec<usize>> {
    let mut order = Vec::with_capacity(cols.len());
    let mut placed: Vec<bool> = cols
        .iter()
        .map(|c| matches!(c.gen, Gen::Fk { .. }))
        .collect();
    let todo = placed.iter().filter(|&&p| !p).count();
    while order.len() < todo {
        let next = (0..cols.len()).find(|&c| {
            !placed[c]
                && cols[c].relations.iter().all(|&(s, _)| placed[s])
                && cols[c].status_link.as_ref().is_none_or(|(s, _)| placed[*s])
                && cols[c]
                    .arith
                    .as_ref()
                    .is_none_or(|a| a.inputs().iter().all(|&i| placed[i]))
                && cols[c].flag_link.is_none_or(|(e, _, _)| placed[e])
        });
        match next {
            Some(c) => {
                placed[c] = true;
                order.push(c);
            }
            None => return Err((0..cols.len()).filter(|&c| !placed[c]).collect()),
        }
    }
    Ok(order)
}

/// Flags that agree with their row's events: `is_deleted`/`deleted` is true exactly when a
/// `deleted_at` is set (the same for archived, banned, suspended, ...), and an `active` or
/// `enabled` flag is false when the row was deleted, banned, suspended, disabled, deactivated,
/// terminated, closed or blocked.
fn link_flags(cols: &mut [ColPlan]) {
    /// Event words, and whether the event ends the row's activity.
    const EVENTS: [(&str, bool); 12] = [
        ("deleted", true),
        ("archived", false),
        ("banned", true),
        ("suspended", true),
        ("disabled", true),
        ("deactivated", true),
        ("terminated", true),
        ("closed", true),
        ("blocked", true),
        ("cancel", false),
        ("revoked", false),
        ("locked", true),
    ];
    let events: Vec<(usize, &str, bool)> = (0..cols.len())
        .filter(|&c| {
            cols[c].nullable
                && matches!(cols[c].kind, Kind::Date | Kind::Timestamp)
                && matches!(cols[c].gen, Gen::Rule(_))
        })
        .filter_map(|c| {
            let n = cols[c].name.to_ascii_lowercase();
            EVENTS
                .iter()
                .find(|(w, _)| n.contains(w))
                .map(|&(w, ends)| (c, w, ends))
        })
        .collect();
    if events.is_empty() {
        return;
    }
    for f in 0..cols.len() {
        if !matches!(cols[f].gen, Gen::Rule(Rule::Bool)) {
            continue;
        }
        let n = cols[f].name.to_ascii_lowercase();
        if let Some(&(e, _, _)) = events.iter().find(|(_, w, _)| n.contains(w)) {
            cols[f].flag_link = Some((e, true, Some(false)));
        } else if (n.contains("active") || n.contains("enabled"))
            && !n.contains("inactive")
            && !n.contains("deactivat")
        {
            if let Some(&(e, _, _)) = events.iter().find(|(_, _, ends)| *ends) {
                cols[f].flag_link = Some((e, false, None));
            }
        }
    }
}

/// Money columns of one row that add up: a subtotal is quantity × unit price, a tax a share
/// of the subtotal, a total the subtotal (or quantity × unit price) plus tax, shipping and
/// fees, less a discount. Only columns drawn by the money rule take part (a UNIQUE or key
/// column keeps its own values); a table without the parts keeps independent draws.
fn link_money(cols: &mut [ColPlan]) {
    let money: Vec<usize> = (0..cols.len())
        .filter(|&c| matches!(cols[c].gen, Gen::Rule(Rule::Money)) && cols[c].kind.ordinal())
        .filter(|&c| !matches!(cols[c].kind, Kind::Date | Kind::Timestamp | Kind::Time))
        .collect();
    let names: Vec<String> = cols
        .iter()
        .map(|c| c.name.to_ascii_lowercase().replace(['_', ' '], ""))
        .collect();
    let name = |c: usize| names[c].as_str();
    let quantity = (0..cols.len()).find(|&c| matches!(cols[c].gen, Gen::Rule(Rule::Quantity)));
    let part_words = [
        "tax",
        "shipping",
        "freight",
        "handling",
        "fee",
        "tip",
        "surcharge",
    ];
    let is_rate = |c: usize| mentions(name(c), &["rate", "pct", "percent"]);
    let subtotal = money
        .iter()
        .copied()
        .find(|&c| mentions(name(c), &["subtotal", "netamount"]));
    let price = money.iter().copied().find(|&c| {
        let n = name(c);
        (n.contains("price") || n.contains("unitcost"))
            && !mentions(n, &["total", "sub", "list", "msrp", "original", "old"])
    });
    let product = quantity.zip(price);
    let total = money.iter().copied().find(|&c| {
        let n = name(c);
        Some(c) != subtotal
            && ((n.contains("total") && !mentions(n, &part_words) && !n.contains("discount"))
                || matches!(
                    n,
                    "amount" | "amountdue" | "lineamount" | "extendedprice" | "linetotal"
                ))
    });
    let parts: Vec<(usize, f64)> = money
        .iter()
        .copied()
        .filter(|&c| Some(c) != subtotal && Some(c) != total && Some(c) != price && !is_rate(c))
        .filter_map(|c| {
            let n = name(c);
            if mentions(n, &part_words) {
                Some((c, 1.0))
            } else if n.contains("discount") {
                Some((c, -1.0))
            } else {
                None
            }
        })
        .collect();
    if let (Some(s), Some(_)) = (subtotal, product) {
        cols[s].arith = Some(Arith::Sum {
            product,
            terms: Vec::new(),
        });
    }
    // A sales tax of 4-10% and a discount of up to a quarter of the subtotal.
    if let Some(s) = subtotal {
        for &(c, sign) in &parts {
            let (lo, hi) = match (name(c).contains("tax"), sign < 0.0) {
                (true, _) => (0.04, 0.10),
                (false, true) => (0.0, 0.25),
                (false, false) => continue,
            };
            cols[c].arith = Some(Arith::Share { of: s, lo, hi });
        }
    }
    if let Some(t) = total {
        let base: Option<Arith> = match (subtotal, product) {
            (Some(s), _) => Some(Arith::Sum {
                product: None,
                terms: vec![(s, 1.0)],
            }),
            (None, Some(_)) => Some(Arith::Sum {
                product,
                terms: Vec::new(),
            }),
            (None, None) => None,
        };
        if let Some(Arith::Sum { product, mut terms }) = base {
            terms.extend(parts.iter().copied());
            cols[t].arith = Some(Arith::Sum { product, terms });
        }
    }
}

/// What a text column named like a moment holds: ISO timestamps when 19 characters fit, dates
/// when 10 do, else nothing of the kind.
fn text_moment_type(len_max: u32) -> Option<ColType> {
    if len_max >= 19 {
        Some(ColType::Timestamp { tz: false })
    } else if len_max >= 10 {
        Some(ColType::Date)
    } else {
        None
    }
}

/// AS_OF in a date or timestamp column's units (days or seconds).
fn as_of_in(kind: Kind) -> i64 {
    match kind {
        Kind::Date => AS_OF.0 as i64,
        _ => AS_OF.0 as i64 * DAY,
    }
}

fn units_of(v: &FillValue, kind: Kind) -> Option<i64> {
    Some(match v {
        FillValue::Int(x) => *x,
        FillValue::Numeric { units, .. } => *units,
        FillValue::Float(f) => libm::round(f * kind.per_common()) as i64,
        FillValue::Date(d) => d.0 as i64,
        FillValue::Timestamp(t) => *t,
        FillValue::Time(t) => *t as i64,
        _ => return None,
    })
}

/// A money column's value, in its units, from the row's other columns; `None` when a
/// quantity or price it multiplies is missing (the column is then drawn on its own).
fn derived(
    tp: &TablePlan,
    col: &ColPlan,
    a: &Arith,
    row: &[FillValue],
    rng: &mut Rng,
) -> Option<i64> {
    let common = |c: usize| -> Option<f64> {
        let oc = &tp.columns[c];
        units_of(row.get(c)?, oc.kind).map(|u| oc.kind.to_common(u))
    };
    let cents = |x: f64| libm::round(x * 100.0) / 100.0;
    let x = match a {
        Arith::Sum { product, terms } => {
            let mut x = match product {
                Some((q, p)) => cents(common(*q)? * common(*p)?),
                None => 0.0,
            };
            for &(c, sign) in terms {
                x += sign * common(c).unwrap_or(0.0);
            }
            x
        }
        Arith::Share { of, lo, hi } => {
            let rate = lo + (hi - lo) * rng.f64();
            cents(common(*of)? * rate)
        }
    };
    Some(libm::round(cents(x) * col.kind.per_common()) as i64)
}

/// A version-4 UUID unique to row `j` under `key` (a keyed bijection of j in the low bits).
fn uuid(key: u64, j: u64) -> String {
    let hi = (crate::rng::mix64(derive(key, j)) & !0xF000) | 0x4000;
    let lo = (0b10u64 << 62) | (Perm::new(1 << 62, key).apply(j & ((1 << 62) - 1)));
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

fn words(rng: &mut Rng, lo: u64, hi: u64, capital: bool) -> String {
    let n = rng.range(lo as i64, hi as i64);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if capital || i == 0 {
            let mut cs = w.chars();
            if let Some(f) = cs.next() {
                s.extend(f.to_uppercase());
                s.push_str(cs.as_str());
            }
        } else {
            s.push_str(w);
        }
    }
    s
}

/// A rule's text for a text column.
fn text_for(rule: Rule, col: &ColPlan, j: u64, p: &Persona, rng: &mut Rng, key: u64) -> String {
    let mut s = String::new();
    match rule {
        Rule::Email => {
            let number = fields::unique_number(derive(key, col.tag), j);
            fields::email(p.first, p.last, number, rng, &mut s);
            if s.len() as u32 > col.len_max {
                // A short column: the initial and the number at a short real domain.
                if let Some(short) = short_email(p.first, number % 10_000, &["me.com"], col.len_max)
                {
                    s = short;
                }
            }
        }
        Rule::FirstName => s.push_str(p.first),
        Rule::LastName => s.push_str(p.last),
        Rule::MiddleName => {
            let mut m = fields::first_name(p.eth, p.sex, rng);
            if m == p.first {
                m = fields::first_name(p.eth, p.sex, rng);
            }
            s.push_str(m);
        }
        Rule::FullName => {
            s.push_str(p.first);
            s.push(' ');
            s.push_str(p.last);
        }
        Rule::Username => {
            for ch in p.first.chars().take(1).chain(p.last.chars()) {
                if ch.is_ascii_alphanumeric() {
                    s.push(ch.to_ascii_lowercase());
                }
            }
            let _ = write!(s, "{}", rng.range(1, 99));
        }
        Rule::Phone => {
            crate::tables::people::phone(p.zip.area_code, rng, &mut s);
            s = fit_phone(s, col.len_max);
        }
        Rule::Street => {
            fields::street_line(rng, &mut s);
            if col.no_unit {
                if let Some(at) = s.find(" Apt ") {
                    s.truncate(at);
                }
            }
        }
        Rule::Street2 => {
            let _ = write!(
                s,
                "{} {}",
                if rng.chance(0.7) { "Apt" } else { "Suite" },
                rng.range(1, 450)
            );
        }
        Rule::City => s.push_str(p.zip.city),
        Rule::State => s.push_str(p.zip.state),
        Rule::Zip => s.push_str(p.zip.zip),
        Rule::County => s.push_str(p.zip.county),
        Rule::Country => s.push_str(if col.len_max >= 13 {
            "United States"
        } else if col.len_max >= 3 {
            "USA"
        } else {
            "US"
        }),
        Rule::Gender => s.push_str(if col.len_max < 4 {
            if p.sex == fields::MALE {
                "M"
            } else {
                "F"
            }
        } else {
            fields::gender_name(p.sex)
        }),
        Rule::Status => s.push_str(STATUSES[skewed(STATUSES.len() as u64, rng.f64()) as usize]),
        Rule::Url => {
            let _ = write!(
                s,
                "https://www.{}{}.com/",
                p.last
                    .to_ascii_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), ""),
                j + 1
            );
        }
        Rule::Uuid => {
            s = uuid(key ^ col.tag, j);
            // Django's UUIDField on SQLite is char(32): the 32 hex digits without dashes.
            if col.len_max < 36 {
                s.retain(|c| c != '-');
            }
        }
        Rule::Words => s = words(rng, 6, 18, false) + ".",
        Rule::Code => {
            // Six digits, or as many as the column holds after the prefix (`COU-0042` in 8).
            let room = (col.len_max as usize).saturating_sub(col.code_prefix.len() + 1);
            let width = room.clamp(1, 6);
            let number = (j + 1) % 10u64.pow(width as u32);
            let _ = write!(s, "{}-{number:0width$}", col.code_prefix);
        }
        Rule::Ip => {
            // A public unicast first octet: not 0, 10, 100 (carrier NAT), 127, 169 (link-local),
            // 172, 192 (private and documentation), nor 224 and above.
            const SKIP: [i64; 6] = [10, 100, 127, 169, 172, 192];
            let mut a = rng.range(1, 223);
            while SKIP.contains(&a) {
                a = rng.range(1, 223);
            }
            let _ = write!(
                s,
                "{a}.{}.{}.{}",
                rng.below(256),
                rng.below(256),
                rng.range(1, 254)
            );
        }
        Rule::Mac => {
            // The locally administered bit set, the multicast bit clear: no vendor's address.
            let _ = write!(s, "02");
            for _ in 0..5 {
                let _ = write!(s, ":{:02x}", rng.below(256));
            }
        }
        Rule::Slug => s = words(rng, 2, 4, false).to_lowercase().replace(' ', "-"),
        Rule::Currency => {
            const OTHERS: [&str; 6] = ["EUR", "GBP", "CAD", "AUD", "MXN", "JPY"];
            s.push_str(if rng.chance(0.85) {
                "USD"
            } else {
                OTHERS[rng.below(OTHERS.len() as u64) as usize]
            });
        }
        Rule::Title if col.person => {
            s.push_str(rules::JOB_TITLES[rng.below(rules::JOB_TITLES.len() as u64) as usize])
        }
        Rule::Title => s = words(rng, 1, 3, true),
        Rule::Company => {
            let _ = write!(
                s,
                "{} {}",
                p.last,
                COMPANY_SUFFIXES[rng.below(COMPANY_SUFFIXES.len() as u64) as usize]
            );
        }
        Rule::Year => {
            let _ = write!(s, "{}", rng.range(1950, AS_OF.ymd().0 as i64));
        }
        Rule::Bool => s.push_str(match (col.len_max, rng.chance(col.p_true)) {
            (1, true) => "Y",
            (1, false) => "N",
            (_, true) => "true",
            (_, false) => "false",
        }),
        Rule::BirthDate | Rule::CreatedAt | Rule::UpdatedAt | Rule::Moment => {
            let d = AS_OF.0 as i64 - rng.range(1, 5 * 365);
            Date(d as i32).write(&mut s);
        }
        _ => {
            s = if col.len_max <= 3 {
                let mut t = String::new();
                for _ in 0..col.len_max.max(1) {
                    t.push((b'A' + rng.below(26) as u8) as char);
                }
                t
            } else {
                words(rng, 1, 4, false)
            }
        }
    }
    s
}

/// Text cut to the column's maximum length and padded to its minimum.
fn fit_text(mut s: String, col: &ColPlan, rng: &mut Rng) -> String {
    let n = s.chars().count() as u32;
    if n > col.len_max {
        s = s.chars().take(col.len_max as usize).collect();
        while s.ends_with(' ') && s.chars().count() as u32 > col.len_min {
            s.pop();
        }
    }
    while (s.chars().count() as u32) < col.len_min {
        s.push((b'a' + rng.below(26) as u8) as char);
    }
    s
}

/// An email for a column too short for the name-based one: the first name's initial and
/// `number` at the first of `domains` that fits in `len_max` (`m4821@me.com`).
fn short_email(first: &str, number: u64, domains: &[&str], len_max: u32) -> Option<String> {
    let initial = first.chars().next().unwrap_or('x').to_ascii_lowercase();
    domains
        .iter()
        .map(|d| format!("{initial}{number}@{d}"))
        .find(|s| s.len() as u32 <= len_max)
}

/// A `415-382-1947` phone in a column of `len_max` characters: without dashes in 10
/// (`4153821947`), the local number in 7 or 8 (`382-1947`); the whole text when it fits.
fn fit_phone(s: String, len_max: u32) -> String {
    if s.len() as u32 <= len_max {
        return s;
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    match len_max {
        10.. => digits,
        8..=9 => format!("{}-{}", &digits[3..6], &digits[6..]),
        7 => digits[3..].to_string(),
        _ => s,
    }
}

/// A unique text: the rule's text, then a space and a number unique to the row; when no text
/// fits, the number alone (decimal, else upper-case letters), padded to a fixed width.
fn unique_text(
    col: &ColPlan,
    rule: Rule,
    number: u64,
    p: &Persona,
    rng: &mut Rng,
    n: u64,
) -> FillValue {
    let key = col.tag;
    if rule == Rule::Email {
        // The email generator ends its local part with a number unique to the row.
        let mut s = String::new();
        fields::email(p.first, p.last, number, rng, &mut s);
        if s.chars().count() as u32 <= col.len_max {
            return FillValue::Text(s);
        }
        if let Some(s) = short_email(p.first, number, &["mail.com", "me.com"], col.len_max) {
            return FillValue::Text(s);
        }
    }
    const PHONES: u64 = 792 * 10_000; // exchanges 200..999 except N11, times 10,000 lines
    if rule == Rule::Phone && n <= PHONES && col.len_max >= 10 {
        // The exchange and line digits are a keyed bijection of the row's number: unique
        // whatever the area code.
        let x = Perm::new(PHONES, key).apply(number - 1);
        let (e, line) = (x / 10_000, x % 10_000);
        let r = e % 99;
        let exchange = (2 + e / 99) * 100 + if r >= 11 { r + 1 } else { r };
        return FillValue::Text(fit_phone(
            format!("{}-{exchange}-{line:04}", p.zip.area_code),
            col.len_max,
        ));
    }
    let w10 = digits10(n);
    if rule == Rule::Code {
        // INV-000042, else without the hyphen, else the number alone (below).
        // Six digits, else as many as fit (`SKU-0144` in a CHAR(8)), never fewer than the
        // row count needs.
        let plen = col.code_prefix.len();
        for sep in ["-", ""] {
            let room = (col.len_max as usize).saturating_sub(plen + sep.len());
            for width in [(w10 as usize).max(6), room] {
                let s = format!("{}{sep}{number:0width$}", col.code_prefix);
                if width >= w10 as usize
                    && (col.len_min as usize..=col.len_max as usize).contains(&s.len())
                {
                    return FillValue::Text(s);
                }
            }
        }
    }
    if rule == Rule::Slug {
        let s = format!("{}-{number}", text_for(rule, col, number, p, rng, key));
        if s.len() as u32 <= col.len_max {
            return FillValue::Text(s);
        }
    }
    let base = text_for(rule, col, number, p, rng, key);
    let budget = col.len_max as i64 - w10 as i64 - 1;
    if budget >= 1 && base.chars().count() >= 1 {
        let prefix: String = base.chars().take(budget as usize).collect();
        // A handle reads `ann_lee81_2`, other texts `Blue River 2`.
        let sep = if rule == Rule::Username { '_' } else { ' ' };
        let mut s = format!("{}{sep}{number}", prefix.trim_end());
        if prefix.trim_end().is_empty() {
            s = format!("x {number}");
        }
        while (s.chars().count() as u32) < col.len_min {
            s.insert(0, 'x');
        }
        return FillValue::Text(s);
    }
    // The number alone, fixed width.
    let width = w10.max(col.len_min);
    if width <= col.len_max {
        return FillValue::Text(format!("{number:0width$}", width = width as usize));
    }
    let mut x = number - 1;
    let mut s = Vec::new();
    while s.len() < col.len_min.max(1) as usize || x > 0 {
        s.push(b'A' + (x % 26) as u8);
        x /= 26;
    }
    s.reverse();
    FillValue::Text(String::from_utf8(s).expect("ascii"))
}

/// How many distinct values `unique_text` can give a column.
fn unique_text_capacity(col: &ColPlan) -> u64 {
    let l = col.len_max.min(13);
    26u64.saturating_pow(l).max(if col.len_max >= 19 {
        u64::MAX
    } else {
        10u64.pow(l)
    })
}

#[allow(clippy::too_many_arguments)]
fn build_table(
    schema: &Schema,
    t: usize,
    spec: &TableSpec,
    fks: &[FkRef],
    null_fk: &[bool],
    counts: &[u64],
    per_ends: Option<Vec<u64>>,
    per_fk: Option<usize>,
    opts: &FillOptions,
    notes: &mut Vec<String>,
) -> Result<TablePlan, FillError> {
    let name = &spec.name;
    let n = counts[t];
    let key = derive(derive(opts.seed as u64, T_FILL), tag(&name.to_lowercase()));
    let held = |table: &str| {
        opts.existing
            .iter()
            .find(|e| e.table.eq_ignore_ascii_case(table))
    };
    let first = held(name).map_or(0, |e| e.rows);
    let ctx = |c: &str| format!("table {name}, column {c}");

    let mut cols: Vec<ColPlan> = Vec::with_capacity(spec.columns.len());
    for c in &spec.columns {
        let len_max = match &c.ty {
            ColType::Text {
                max_len: Some(m), ..
            } => *m,
            _ => u32::MAX,
        };
        // A text column named like a creation or update moment (SQLite's `created_at TEXT`)
        // holds ISO timestamps (or dates when only 10 characters fit), ordered like real ones.
        let mapped = opts
            .map
            .iter()
            .any(|(tn, cn, _)| tn.eq_ignore_ascii_case(name) && cn.eq_ignore_ascii_case(&c.name));
        let moment_ty = match (&c.ty, rules::rule_for(name, c)) {
            (ColType::Text { .. }, Rule::CreatedAt | Rule::UpdatedAt | Rule::Moment) if !mapped => {
                text_moment_type(len_max)
            }
            _ => None,
        };
        let kind = Kind::of(moment_ty.as_ref().unwrap_or(&c.ty));
        let (lo, hi) = type_bounds(moment_ty.as_ref().unwrap_or(&c.ty), kind);
        let allowed = match &c.ty {
            ColType::Enum { values, .. } => {
                Some(values.iter().map(|v| FillValue::Text(v.clone())).collect())
            }
            _ => None,
        };
        cols.push(ColPlan {
            name: c.name.clone(),
            spec: c.clone(),
            kind,
            gen: Gen::Rule(Rule::Typed),
            nullable: c.nullable,
            lo,
            hi,
            len_min: 0,
            len_max,
            not_equal: Vec::new(),
            allowed,
            alts: Vec::new(),
            relations: Vec::new(),
            tag: tag(&c.name.to_lowercase()),
            person: rules::is_person_table(name),
            gap: typical_gap(&c.name, kind),
            money: money_scale(&c.name),
            after_parent: Vec::new(),
            ahead: may_lie_ahead(&c.name),
            null_rate: 0.0,
            status_link: None,
            code_prefix: code_prefix(name, &c.name),
            p_true: flag_share(&c.name),
            no_unit: false,
            born: false,
            arith: None,
            flag_link: None,
        });
    }
    let find = |col: &str| -> Result<usize, FillError> {
        spec.column(col).ok_or_else(|| {
            FillError(format!(
                "table {name}: a constraint names column {col}, which the table does not have"
            ))
        })
    };

    // Primary key columns are NOT NULL.
    for k in &spec.primary_key {
        let c = find(k)?;
        cols[c].nullable = false;
    }

    // Checks → bounds, value sets, lengths, relations.
    let mut flat: Vec<Check> = Vec::new();
    let mut null_states: Vec<usize> = Vec::new();
    fn flatten(c: &Check, out: &mut Vec<Check>) {
        match c {
            Check::All(v) => v.iter().for_each(|x| flatten(x, out)),
            Check::Between { column, lo, hi } => {
                out.push(Check::Cmp {
                    column: column.clone(),
                    op: CmpOp::Ge,
                    value: lo.clone(),
                });
                out.push(Check::Cmp {
                    column: column.clone(),
                    op: CmpOp::Le,
                    value: hi.clone(),
                });
            }
            Check::Like { .. } => out.push(Check::AnyOf(vec![c.clone()])),
            other => out.push(other.clone()),
        }
    }
    for c in &spec.checks {
        flatten(c, &mut flat);
    }
    let bad = |c: &Check, why: &str| -> FillError {
        FillError(format!(
            "table {name}: CHECK ({}) cannot be guaranteed: {why}",
            check_text(c)
        ))
    };
    let mut col_relations: Vec<(usize, CmpOp, usize)> = Vec::new();
    let mut k = 0;
    while k < flat.len() {
        let ch = &flat[k].clone();
        k += 1;
        match ch {
            Check::Cmp { column, op, value } => {
                let c = find(column)?;
                let col = &mut cols[c];
                if col.kind.ordinal() {
                    let Some(x) = lit_units(col.kind, value) else {
                        return Err(bad(ch, "the constant does not fit the column's type"));
                    };
                    match op {
                        CmpOp::Gt => col.lo = col.lo.max(libm::floor(x) as i64 + 1),
                        CmpOp::Ge => col.lo = col.lo.max(libm::ceil(x) as i64),
                        CmpOp::Lt => col.hi = col.hi.min(libm::ceil(x) as i64 - 1),
                        CmpOp::Le => col.hi = col.hi.min(libm::floor(x) as i64),
                        CmpOp::Eq => {
                            if x.fract() != 0.0 {
                                return Err(bad(
                                    ch,
                                    "the constant has more decimals than the column",
                                ));
                            }
                            col.lo = col.lo.max(x as i64);
                            col.hi = col.hi.min(x as i64);
                        }
                        CmpOp::Ne => {
                            if x.fract() == 0.0 {
                                col.not_equal.push(x as i64);
                            }
                        }
                    }
                } else if col.kind == Kind::Text || col.kind == Kind::Bool {
                    match (op, value) {
                        (CmpOp::Eq, v) => {
                            let v =
                                lit_value(col.kind, v).ok_or_else(|| bad(ch, "bad constant"))?;
                            col.allowed = Some(match col.allowed.take() {
                                Some(a) => a.into_iter().filter(|x| *x == v).collect(),
                                None => vec![v],
                            });
                        }
                        (CmpOp::Ne, Lit::Text(s)) if s.is_empty() => {
                            col.len_min = col.len_min.max(1)
                        }
                        (CmpOp::Ne, v) => {
                            let v =
                                lit_value(col.kind, v).ok_or_else(|| bad(ch, "bad constant"))?;
                            if let Some(a) = &mut col.allowed {
                                a.retain(|x| *x != v);
                            } else if col.kind == Kind::Bool {
                                let FillValue::Bool(b) = v else {
                                    unreachable!()
                                };
                                col.allowed = Some(vec![FillValue::Bool(!b)]);
                            }
                            // A text generator rarely hits one given text; a unique suffix
                            // cannot. Other texts: accepted (rules never produce bare words
                            // that equal a CHECK's excluded constant in practice).
                        }
                        _ => return Err(bad(ch, "ordering comparisons on text are not supported")),
                    }
                } else {
                    return Err(bad(ch, "comparisons on this column type are not supported"));
                }
            }
            Check::In { column, values } => {
                let c = find(column)?;
                let col = &mut cols[c];
                let mut vals = Vec::new();
                for v in values {
                    vals.push(
                        lit_value(col.kind, v).ok_or_else(|| {
                            bad(ch, "a listed value does not fit the column's type")
                        })?,
                    );
                }
                col.allowed = Some(match col.allowed.take() {
                    Some(a) => a.into_iter().filter(|x| vals.contains(x)).collect(),
                    None => vals,
                });
            }
            Check::Length { column, op, n: k } => {
                let c = find(column)?;
                let col = &mut cols[c];
                if col.kind != Kind::Text {
                    return Err(bad(ch, "length() of a non-text column"));
                }
                match op {
                    CmpOp::Gt => col.len_min = col.len_min.max(k + 1),
                    CmpOp::Ge => col.len_min = col.len_min.max(*k),
                    CmpOp::Lt => col.len_max = col.len_max.min(k.saturating_sub(1)),
                    CmpOp::Le => col.len_max = col.len_max.min(*k),
                    CmpOp::Eq => {
                        col.len_min = col.len_min.max(*k);
                        col.len_max = col.len_max.min(*k);
                    }
                    CmpOp::Ne => {
                        if *k == 0 {
                            col.len_min = col.len_min.max(1);
                        } else {
                            return Err(bad(ch, "length(x) <> n is not supported"));
                        }
                    }
                }
            }
            Check::NotNull { column } => {
                let c = find(column)?;
                cols[c].nullable = false;
            }
            Check::JsonValid { column } => {
                let c = find(column)?;
                match cols[c].kind {
                    Kind::Json => {}
                    Kind::Text if cols[c].len_max >= 64 => cols[c].kind = Kind::Json,
                    _ => return Err(bad(ch, "json_valid() on a column too short for JSON")),
                }
            }
            Check::IsNull { column } => {
                let c = find(column)?;
                if !cols[c].nullable {
                    return Err(bad(ch, "the column is NOT NULL"));
                }
                cols[c].alts = vec![Alt::Null];
            }
            Check::CmpColumns { left, op, right } => {
                let l = find(left)?;
                let r = find(right)?;
                if l == r {
                    match op {
                        CmpOp::Eq | CmpOp::Le | CmpOp::Ge => continue,
                        _ => return Err(bad(ch, "a column compared with itself never holds")),
                    }
                }
                if !cols[l].kind.ordinal() || !cols[r].kind.ordinal() {
                    return Err(bad(
                        ch,
                        "column comparisons are supported on numbers, dates and times",
                    ));
                }
                col_relations.push((l, *op, r));
            }
            Check::AnyOf(alts) => {
                let simple = |a: &Check, c: &str| match a {
                    Check::IsNull { column }
                    | Check::Like { column, .. }
                    | Check::In { column, .. } => column.eq_ignore_ascii_case(c),
                    Check::Cmp {
                        column,
                        op: CmpOp::Eq,
                        ..
                    } => column.eq_ignore_ascii_case(c),
                    _ => false,
                };
                let first_col = match alts.first() {
                    Some(Check::IsNull { column })
                    | Some(Check::Like { column, .. })
                    | Some(Check::In { column, .. })
                    | Some(Check::Cmp { column, .. }) => column.clone(),
                    _ => String::new(),
                };
                if !alts.iter().all(|a| simple(a, &first_col)) {
                    // One alternative that holds makes the OR hold: enforce the first one that
                    // is not IS NULL (e.g. `shipped_at IS NULL OR shipped_at > ordered_at`).
                    match alts.iter().find(|a| !matches!(a, Check::IsNull { .. })) {
                        Some(a) if !matches!(a, Check::AnyOf(_) | Check::Unsupported(_)) => {
                            // The schema says NULL is a state of its own for these columns.
                            for alt in alts {
                                if let Check::IsNull { column } = alt {
                                    if let Some(c) = spec.column(column) {
                                        null_states.push(c);
                                    }
                                }
                            }
                            flatten(a, &mut flat);
                            continue;
                        }
                        _ => {
                            return Err(bad(
                                ch,
                                "no alternative of the OR can be enforced on its own",
                            ))
                        }
                    }
                }
                let mut column: Option<&str> = None;
                let mut out = Vec::new();
                for a in alts {
                    let (cn, alt) = match a {
                        Check::IsNull { column } => (column, Alt::Null),
                        Check::Like { column, pattern } => (column, Alt::Like(pattern.clone())),
                        Check::In { column, values } => {
                            (column, Alt::Values(values.iter().map(lit_as_text).collect()))
                        }
                        Check::Cmp {
                            column,
                            op: CmpOp::Eq,
                            value,
                        } => (column, Alt::Values(vec![lit_as_text(value)])),
                        _ => return Err(bad(ch, "an OR of conditions is supported when each is IS NULL, LIKE, IN or = on the same column")),
                    };
                    if column.is_some_and(|c| !c.eq_ignore_ascii_case(cn)) {
                        return Err(bad(
                            ch,
                            "an OR of conditions on different columns is not supported",
                        ));
                    }
                    column = Some(cn);
                    out.push(alt);
                }
                let Some(cn) = column else { continue };
                let c = find(cn)?;
                let col = &mut cols[c];
                // Convert the listed values to the column's kind.
                let mut conv = Vec::new();
                for a in out {
                    match a {
                        Alt::Null if !col.nullable => {}
                        Alt::Values(vs) => {
                            let mut v2 = Vec::new();
                            for v in vs {
                                let FillValue::Text(s) = v else {
                                    unreachable!()
                                };
                                let l = Lit::Text(s);
                                v2.push(lit_value(col.kind, &l).ok_or_else(|| {
                                    bad(ch, "a value does not fit the column's type")
                                })?);
                            }
                            conv.push(Alt::Values(v2));
                        }
                        Alt::Like(p) if col.kind != Kind::Text => {
                            let _ = p;
                            return Err(bad(ch, "LIKE on a non-text column"));
                        }
                        a => conv.push(a),
                    }
                }
                if conv.is_empty() {
                    return Err(bad(ch, "no alternative can hold for a NOT NULL column"));
                }
                col.alts = conv;
            }
            // A table that gets no rows cannot break it.
            Check::Unsupported(_) if n == 0 => {}
            Check::Unsupported(s) => {
                return err(format!(
                    "table {name}: CHECK ({s}) cannot be guaranteed by the generator (supported: column op constant, column op column, IN, BETWEEN, length(), IS [NOT] NULL, LIKE, and OR of those on one column); fill this table another way, or drop or rewrite the CHECK"
                ));
            }
            Check::All(_) | Check::Between { .. } | Check::Like { .. } => unreachable!(),
        }
    }

    // Implied: updated_at ≥ created_at.
    let created = (0..cols.len()).find(|&c| {
        rules::rule_for(name, &spec.columns[c]) == Rule::CreatedAt && cols[c].kind.ordinal()
    });
    if let Some(cr) = created {
        for c in 0..cols.len() {
            if rules::rule_for(name, &spec.columns[c]) == Rule::UpdatedAt
                && cols[c].kind.ordinal()
                && !col_relations
                    .iter()
                    .any(|&(l, _, r)| (l == c && r == cr) || (l == cr && r == c))
            {
                col_relations.push((c, CmpOp::Ge, cr));
            }
        }
    }

    // Implied: the row's other moments come after its creation (a login, a payment, a deletion
    // after the account was created; a ticket closed after it was opened). The creation is the
    // created column, else the first moment; a column already after another is left alone.
    let is_dependent = |c: usize, rels: &[(usize, CmpOp, usize)]| {
        rels.iter().any(|&(l, op, r)| match op {
            CmpOp::Gt | CmpOp::Ge => l == c,
            CmpOp::Lt | CmpOp::Le => r == c,
            _ => false,
        })
    };
    let moment = |c: usize, rules: &[Rule]| {
        matches!(cols[c].kind, Kind::Date | Kind::Timestamp)
            && rules.contains(&rules::rule_for(name, &spec.columns[c]))
    };
    let origin =
        created.or_else(|| (0..cols.len()).find(|&c| moment(c, &[Rule::Moment]) && !cols[c].ahead));
    let mut implied = Vec::new();
    if let Some(o) = origin.filter(|&o| !is_dependent(o, &col_relations)) {
        for c in 0..cols.len() {
            if c != o
                && moment(c, &[Rule::Moment, Rule::UpdatedAt])
                && !is_dependent(c, &col_relations)
            {
                col_relations.push((c, CmpOp::Ge, o));
                implied.push((c, o));
            }
        }
    }

    // Relations: the greater side depends on the lesser one.
    for &(l, op, r) in &col_relations {
        let (dep, op2, src) = match op {
            CmpOp::Lt | CmpOp::Le => (r, op.flip(), l),
            _ => (l, op, r),
        };
        cols[dep].relations.push((src, op2));
    }
    // Static propagation of bounds along relations, to a fixed point.
    for _ in 0..=cols.len() * 2 {
        let mut changed = false;
        for d in 0..cols.len() {
            for k in 0..cols[d].relations.len() {
                let (s, op) = cols[d].relations[k];
                let (dk, sk) = (cols[d].kind, cols[s].kind);
                let conv = |u: i64, from: Kind, to: Kind| from.to_common(u) * to.per_common();
                let (mut dlo, mut dhi, mut slo, mut shi) =
                    (cols[d].lo, cols[d].hi, cols[s].lo, cols[s].hi);
                match op {
                    CmpOp::Gt | CmpOp::Ge => {
                        let strict = op == CmpOp::Gt;
                        let x = conv(slo, sk, dk);
                        dlo = dlo.max(if strict {
                            libm::floor(x) as i64 + 1
                        } else {
                            libm::ceil(x) as i64
                        });
                        let y = conv(dhi, dk, sk);
                        shi = shi.min(if strict {
                            libm::ceil(y) as i64 - 1
                        } else {
                            libm::floor(y) as i64
                        });
                    }
                    CmpOp::Eq => {
                        dlo = dlo.max(libm::ceil(conv(slo, sk, dk)) as i64);
                        dhi = dhi.min(libm::floor(conv(shi, sk, dk)) as i64);
                        slo = slo.max(libm::ceil(conv(dlo, dk, sk)) as i64);
                        shi = shi.min(libm::floor(conv(dhi, dk, sk)) as i64);
                    }
                    _ => {}
                }
                if (dlo, dhi, slo, shi) != (cols[d].lo, cols[d].hi, cols[s].lo, cols[s].hi) {
                    changed = true;
                    cols[d].lo = dlo;
                    cols[d].hi = dhi;
                    cols[s].lo = slo;
                    cols[s].hi = shi;
                }
            }
        }
        if !changed {
            break;
        }
    }

    // Keys: which columns are foreign keys.
    let mut fk_plans = Vec::with_capacity(fks.len());
    for (k, (p, fcols, pcols)) in fks.iter().enumerate() {
        let nullable = fcols.iter().all(|&c| cols[c].nullable);
        for (pos, &c) in fcols.iter().enumerate() {
            if matches!(cols[c].gen, Gen::Fk { .. }) {
                return err(format!(
                    "{}: the column is in two foreign keys; not supported yet",
                    ctx(&cols[c].name)
                ));
            }
            if cols[c].lo != type_bounds(&spec.columns[c].ty, cols[c].kind).0
                || cols[c].hi != type_bounds(&spec.columns[c].ty, cols[c].kind).1
                || cols[c].allowed.is_some()
                || !cols[c].relations.is_empty()
                || col_relations.iter().any(|&(l, _, r)| l == c || r == c)
            {
                return err(format!(
                    "{}: a CHECK on a foreign-key column is not supported yet",
                    ctx(&cols[c].name)
                ));
            }
            cols[c].gen = Gen::Fk { fk: k, pos };
        }
        let pname = &schema.tables[*p].name;
        let pspec = &schema.tables[*p];
        // A parent that gets no rows here but has rows in the database: its key values.
        let ext = held(pname)
            .filter(|_| counts[*p] == 0 && *p != t)
            .and_then(|e| {
                let names: Vec<&str> = pcols
                    .iter()
                    .map(|&c| pspec.columns[c].name.as_str())
                    .collect();
                e.keys.iter().find(|(kc, _)| {
                    kc.len() == names.len()
                        && kc
                            .iter()
                            .zip(&names)
                            .all(|(a, b)| a.eq_ignore_ascii_case(b))
                })
            });
        let ext = ext.filter(|(_, rows)| !rows.is_empty());
        // Their creation moments, when the reader fetched them (one more value per row).
        let moment_col = held(pname)
            .and_then(|e| e.moment.as_deref())
            .and_then(|m| pspec.column(m))
            .and_then(|c| {
                // A TEXT creation moment (SQLite's), as the parent's own plan reads it.
                let kind = match &pspec.columns[c].ty {
                    ColType::Text { max_len, .. } => {
                        Kind::of(&text_moment_type(max_len.unwrap_or(u32::MAX))?)
                    }
                    ty => Kind::of(ty),
                };
                Some((c, kind))
            })
            .filter(|(_, k)| matches!(k, Kind::Date | Kind::Timestamp));
        let ext_moments = ext.zip(moment_col).map(|((_, rows), (mc, kind))| {
            let vals: Vec<Option<i64>> = rows
                .iter()
                .map(|r| {
                    let v = r.get(pcols.len()).cloned().flatten()?;
                    let at = |k: Kind| units_of(&lit_value(k, &Lit::Text(v.clone()))?, k);
                    match kind {
                        // A date alone in a timestamp's place: its midnight.
                        Kind::Timestamp => {
                            at(Kind::Timestamp).or_else(|| Some(at(Kind::Date)? * DAY))
                        }
                        k => at(k),
                    }
                })
                .collect();
            (mc, std::sync::Arc::new(vals))
        });
        let ext = ext.map(|(_, rows)| {
            let kinds: Vec<Kind> = fcols.iter().map(|&c| cols[c].kind).collect();
            let vals: Vec<Vec<FillValue>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .take(kinds.len())
                        .zip(&kinds)
                        .map(|(v, &kind)| match v {
                            None => FillValue::Null,
                            Some(s) => lit_value(kind, &Lit::Text(s.clone()))
                                .filter(|_| kind != Kind::Bool)
                                .unwrap_or_else(|| FillValue::Text(s.clone())),
                        })
                        .collect()
                })
                .collect();
            std::sync::Arc::new(vals)
        });
        let np = match &ext {
            Some(rows) => rows.len() as u64,
            None => counts[*p],
        };
        // The stream of this key's draws: from its column names, so that the rows do not depend
        // on the order the foreign keys are declared in (a catalog lists them by name).
        let fk_tag = T_FK
            ^ tag(&fcols
                .iter()
                .map(|&c| cols[c].name.to_lowercase())
                .collect::<Vec<_>>()
                .join(","));
        let mode = if *p == t {
            // Everyone but the first has a manager; a third of categories and comments are roots.
            let boss = fcols.iter().any(|&c| {
                mentions(
                    &cols[c].name,
                    &["manager", "report", "supervisor", "boss", "mentor", "lead"],
                )
            });
            FkMode::SelfRef {
                roots: match (nullable, boss) {
                    (false, _) => 0.0,
                    (true, true) => 0.0,
                    (true, false) => 0.3,
                },
            }
        } else if np == 0 {
            if !nullable && n > 0 && held(pname).is_some() {
                return err(format!(
                    "table {name}: {n} rows need parent rows in {pname} (foreign key {} is NOT NULL), which is empty: fill it first",
                    fcols.iter().map(|&c| cols[c].name.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            if !nullable && n > 0 {
                return err(format!(
                    "table {name}: {n} rows need parent rows in {} (foreign key {} is NOT NULL), which gets 0 rows; give it rows in --rows",
                    schema.tables[*p].name,
                    fcols.iter().map(|&c| cols[c].name.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            FkMode::Null
        } else if per_fk == Some(k) {
            FkMode::Per {
                ends: per_ends.clone().unwrap_or_default(),
            }
        } else {
            FkMode::Skew {
                perm: Perm::new(np, derive(key, fk_tag << 8)),
            }
        };
        fk_plans.push(FkPlan {
            parent: *p,
            parent_cols: pcols.clone(),
            cols: fcols.clone(),
            mode,
            nullable,
            ext,
            ext_moments,
            later: null_fk[k],
            tag: fk_tag,
        });
    }

    // Column rules (overrides first), defaults and generated columns.
    for c in 0..cols.len() {
        let cs = &spec.columns[c];
        let over = opts
            .map
            .iter()
            .find(|(tn, cn, _)| tn.eq_ignore_ascii_case(name) && cn.eq_ignore_ascii_case(&cs.name))
            .map(|m| m.2);
        if cs.default == DefaultKind::Generated {
            cols[c].gen = Gen::Omit;
            continue;
        }
        if matches!(cols[c].gen, Gen::Fk { .. }) {
            if over.is_some() {
                return err(format!(
                    "--map: {} is a foreign key; its values come from the parent",
                    ctx(&cs.name)
                ));
            }
            continue;
        }
        let rule = match over {
            Some(r) => {
                if r == Rule::Null && !cols[c].nullable {
                    return err(format!(
                        "--map {name}.{}=null: the column is NOT NULL",
                        cs.name
                    ));
                }
                if r == Rule::Default && cs.default == DefaultKind::None && !cols[c].nullable {
                    return err(format!(
                        "--map {name}.{}=default: the column has no DEFAULT and is NOT NULL",
                        cs.name
                    ));
                }
                let kind = cols[c].kind;
                let fits = match r {
                    Rule::Null | Rule::Default | Rule::Typed => true,
                    Rule::Age | Rule::Quantity | Rule::Money | Rule::Latitude | Rule::Longitude => {
                        kind.ordinal() && !matches!(kind, Kind::Date | Kind::Timestamp | Kind::Time)
                    }
                    Rule::BirthDate | Rule::CreatedAt | Rule::UpdatedAt | Rule::Moment => {
                        matches!(kind, Kind::Date | Kind::Timestamp | Kind::Text)
                    }
                    Rule::Bool | Rule::Year => kind != Kind::Other,
                    Rule::Uuid => matches!(kind, Kind::Uuid | Kind::Text),
                    _ => kind == Kind::Text,
                };
                if !fits {
                    return err(format!(
                        "--map {name}.{}: the rule {} does not fit the column's type ({})",
                        cs.name,
                        r.name(),
                        match &cs.ty {
                            ColType::Int { .. } => "an integer".to_string(),
                            ColType::Numeric { .. } | ColType::Float => "a number".into(),
                            ColType::Text { .. } | ColType::Enum { .. } => "text".into(),
                            ColType::Date => "a date".into(),
                            ColType::Timestamp { .. } => "a timestamp".into(),
                            ColType::Time => "a time".into(),
                            ColType::Bool => "a boolean".into(),
                            ColType::Uuid => "a uuid".into(),
                            ColType::Json => "json".into(),
                            ColType::Bytes => "bytes".into(),
                            ColType::Other(t) => t.clone(),
                        }
                    ));
                }
                r
            }
            // A text column no rule knows, with a DEFAULT of its own (`locale DEFAULT 'en'`,
            // Northwind's `Discontinued DEFAULT '0'`): the database's default, as an
            // application that does not set it gets, rather than random words.
            None => match rules::rule_for(name, cs) {
                Rule::Typed
                    if cs.default == DefaultKind::Value
                        && matches!(cs.ty, ColType::Text { .. })
                        && cols[c].allowed.is_none()
                        && !std::iter::once(&spec.primary_key)
                            .chain(spec.uniques.iter())
                            .any(|k| k.iter().any(|k| k.eq_ignore_ascii_case(&cs.name)))
                        && !spec
                            .checks
                            .iter()
                            .any(|ch| check_text(ch).contains(&cs.name)) =>
                {
                    Rule::Default
                }
                r => r,
            },
        };
        cols[c].gen = match rule {
            Rule::Default => Gen::Omit,
            r => Gen::Rule(r),
        };
        if over.is_none() {
            cols[c].null_rate = optional_null_rate(&cs.name, rule, cols[c].kind);
        }
        if matches!(cols[c].kind, Kind::Other)
            && !matches!(cols[c].gen, Gen::Omit)
            && rule != Rule::Null
        {
            if cols[c].allowed.is_some() || !cols[c].alts.is_empty() {
                cols[c].kind = Kind::Text;
            } else if cols[c].nullable {
                cols[c].gen = Gen::Rule(Rule::Null);
            } else if cs.default != DefaultKind::None {
                cols[c].gen = Gen::Omit;
            } else {
                let ColType::Other(tn) = &cs.ty else {
                    unreachable!()
                };
                return err(format!(
                    "{}: no generator for type {tn} (NOT NULL, no DEFAULT); give it one with --map {name}.{}=RULE",
                    ctx(&cs.name),
                    cs.name
                ));
            }
        }
    }

    // With a second address line, the street line carries no apartment of its own.
    if cols.iter().any(|c| c.rule() == Some(Rule::Street2)) {
        for c in cols.iter_mut().filter(|c| c.rule() == Some(Rule::Street)) {
            c.no_unit = true;
        }
    }

    // Feasibility of each column's bounds and sets.
    for c in 0..cols.len() {
        let col = &mut cols[c];
        if matches!(col.gen, Gen::Omit | Gen::Fk { .. }) {
            continue;
        }
        if col.kind.ordinal() && col.lo > col.hi {
            return err(format!(
                "{}: its CHECK constraints and type leave no possible value",
                ctx(&col.name)
            ));
        }
        if col.len_min > col.len_max {
            return err(format!(
                "{}: its length constraints leave no possible value",
                ctx(&col.name)
            ));
        }
        if let Some(a) = &mut col.allowed {
            let (lo, hi, lmin, lmax, kind) = (col.lo, col.hi, col.len_min, col.len_max, col.kind);
            a.retain(|v| match v {
                FillValue::Text(s) => {
                    let l = s.chars().count() as u32;
                    l >= lmin && l <= lmax
                }
                v => units_of(v, kind).is_none_or(|u| u >= lo && u <= hi),
            });
            if a.is_empty() {
                return err(format!(
                    "{}: no value of its IN list or enum satisfies the other constraints",
                    ctx(&col.name)
                ));
            }
        }
        for alt in &mut col.alts {
            if let Alt::Values(v) = alt {
                let (lmin, lmax) = (col.len_min, col.len_max);
                v.retain(|x| !matches!(x, FillValue::Text(s) if (s.chars().count() as u32) < lmin || s.chars().count() as u32 > lmax));
            }
        }
        col.alts
            .retain(|a| !matches!(a, Alt::Values(v) if v.is_empty()));
        if col.kind.ordinal() && !col.not_equal.is_empty() {
            let width = (col.hi as i128 - col.lo as i128 + 1) as u128;
            let excluded = col
                .not_equal
                .iter()
                .filter(|&&v| v >= col.lo && v <= col.hi)
                .count() as u128;
            if width <= excluded {
                return err(format!(
                    "{}: its CHECK constraints leave no possible value",
                    ctx(&col.name)
                ));
            }
        }
    }

    // Uniqueness: primary key and UNIQUE sets, smallest first.
    let mut sets: Vec<(Vec<usize>, bool)> = Vec::new();
    if !spec.primary_key.is_empty() {
        sets.push((
            spec.primary_key
                .iter()
                .map(|k| find(k))
                .collect::<Result<_, _>>()?,
            true,
        ));
    }
    for u in &spec.uniques {
        let s: Vec<usize> = u.iter().map(|k| find(k)).collect::<Result<_, _>>()?;
        if !sets.iter().any(|(x, _)| *x == s) {
            sets.push((s, false));
        }
    }
    sets.sort_by_key(|(s, pk)| (s.len(), !pk));
    let mut comps: Vec<CompPlan> = Vec::new();
    let mut row_unique = vec![false; cols.len()];
    let mut satisfied: Vec<Vec<usize>> = Vec::new();
    for (set, is_pk) in &sets {
        let names = || {
            set.iter()
                .map(|&c| cols[c].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if set.iter().any(|&c| row_unique[c]) || satisfied.iter().any(|s| contains_all(set, s)) {
            satisfied.push(set.clone());
            continue;
        }
        if n == 0 {
            satisfied.push(set.clone());
            continue;
        }
        for &c in set {
            if matches!(cols[c].gen, Gen::Omit) {
                return err(format!(
                    "table {name}: UNIQUE ({}) includes {}, which the database fills itself (a generated column); not supported",
                    names(),
                    cols[c].name
                ));
            }
        }
        // A key with the `--per` foreign key and plain integers (`(order_id, line_no)`): the
        // numbers count 1, 2, 3 within each parent (the composite below), not unique overall.
        let per_numbers = set.iter().any(|&c| {
            matches!(cols[c].gen, Gen::Fk { fk, .. } if matches!(fk_plans[fk].mode, FkMode::Per { .. }))
        }) && set.iter().all(|&c| {
            matches!(cols[c].gen, Gen::Fk { .. })
                || (cols[c].kind == Kind::Int && matches!(cols[c].gen, Gen::Rule(_)))
        });
        // A free column that can be unique per row on its own (with room for n values; a
        // narrow one, like a line number 1..50 beside an order id, joins a composite below).
        let free = set.iter().copied().filter(|_| !per_numbers).find(|&c| {
            let roomy = !cols[c].kind.ordinal()
                || set.len() == 1
                || (cols[c].hi as i128 - cols[c].lo as i128 + 1) >= n as i128;
            // LIKE alternatives are fine when the rule's unique texts match one of them
            // (`email LIKE '%@%'`), checked on a sample of rows.
            let likes_ok = !cols[c].alts.is_empty()
                && cols[c].kind == Kind::Text
                && cols[c].alts.iter().all(|a| matches!(a, Alt::Like(_)))
                && (0..16u64).all(|j| {
                    let col = &cols[c];
                    let Some(rule) = col.rule() else { return false };
                    let mut rng = Rng::keyed(derive(key, j), col.tag);
                    let v = unique_text(col, rule, j + 1, &persona(key, j), &mut rng, n.max(16));
                    let FillValue::Text(v) = v else { return false };
                    col.alts
                        .iter()
                        .any(|a| matches!(a, Alt::Like(p) if like_match(p, &v)))
                });
            matches!(cols[c].gen, Gen::Rule(_))
                && cols[c].allowed.is_none()
                && (cols[c].alts.is_empty() || likes_ok)
                && cols[c].relations.is_empty()
                && !col_relations.iter().any(|&(l, _, r)| l == c || r == c)
                && (cols[c].kind.ordinal() || matches!(cols[c].kind, Kind::Text | Kind::Uuid))
                && roomy
        });
        if let Some(c) = free {
            let col = &mut cols[c];
            let unit_key = derive(key, T_UNIQUE ^ col.tag);
            if col.kind.ordinal() {
                let width = (col.hi as i128 - col.lo as i128 + 1) as u128;
                if (n as u128) > width {
                    return err(format!(
                        "{}: {n} rows need {n} distinct values, but its type and CHECKs allow {width}",
                        ctx(&col.name)
                    ));
                }
                // Integer keys count from 1 (or the lowest allowed value above it).
                // Moments are spread over the five years before AS_OF when they fit.
                let step: i64 = match col.kind {
                    Kind::Timestamp => (5 * 365 * DAY / n as i64).max(1),
                    _ => 1,
                };
                let step = if (n as i128 - 1) * step as i128 <= col.hi as i128 - col.lo as i128 {
                    step
                } else {
                    1
                };
                let preferred: i128 = match col.kind {
                    Kind::Date => AS_OF.0 as i128 - n as i128,
                    Kind::Timestamp => AS_OF.0 as i128 * DAY as i128 - n as i128 * step as i128,
                    Kind::Time => 0,
                    k => k.per_common() as i128,
                };
                let span = (n as i128 - 1) * step as i128;
                // Above the largest value the table holds already.
                let above = held(name)
                    .and_then(|e| {
                        e.max
                            .iter()
                            .find(|(m, _)| m.eq_ignore_ascii_case(&col.name))
                    })
                    .and_then(|(_, v)| lit_units(col.kind, &Lit::Text(v.clone())))
                    .map(|u| u.floor() as i128 + step as i128);
                let (lo, preferred) = match above {
                    Some(a) => (a.max(col.lo as i128), a.max(preferred)),
                    None => (col.lo as i128, preferred),
                };
                if lo + span > col.hi as i128 {
                    return err(format!(
                        "{}: {n} more distinct values do not fit above the largest value the table holds",
                        ctx(&col.name)
                    ));
                }
                let start = preferred.clamp(lo, col.hi as i128 - span) as i64;
                let single_int_pk = *is_pk && set.len() == 1 && col.kind == Kind::Int;
                col.gen = if single_int_pk {
                    Gen::Seq { start }
                } else {
                    Gen::UniqueOrd {
                        start,
                        step,
                        perm: Perm::new(n, unit_key),
                    }
                };
            } else if col.kind == Kind::Uuid || col.rule() == Some(Rule::Uuid) {
                // UUIDs are unique per row by construction.
            } else {
                if unique_text_capacity(col) < first + n {
                    return err(format!(
                        "{}: {n} rows need {n} distinct values, which do not fit in {} characters",
                        ctx(&col.name),
                        col.len_max
                    ));
                }
                let rule = col.rule().unwrap_or(Rule::Typed);
                col.gen = Gen::UniqueText {
                    rule,
                    perm: Perm::new(n, unit_key),
                };
            }
            row_unique[c] = true;
            satisfied.push(set.clone());
            continue;
        }
        // Every column has a finite domain: decode a bijection of their product.
        let comp = comps.len();
        let mut sizes = Vec::new();
        let mut fk_digits: Vec<(usize, usize)> = Vec::new();
        let mut col_digits: Vec<(usize, usize)> = Vec::new();
        let mut rebound: Vec<(usize, i64, i64)> = Vec::new();
        // A key with the `--per` foreign key: the other columns distinct within each parent.
        let mut group: Option<(usize, Vec<u64>)> = None;
        for &c in set {
            match cols[c].gen {
                Gen::Fk { fk, .. } => {
                    if fk_digits.iter().any(|&(f, _)| f == fk)
                        || group.as_ref().is_some_and(|g| g.0 == fk)
                    {
                        continue;
                    }
                    let f = &fk_plans[fk];
                    if !f.cols.iter().all(|x| set.contains(x)) || f.parent == t {
                        return err(format!(
                            "table {name}: UNIQUE ({}) over part of a composite foreign key or a self-reference is not supported yet",
                            names()
                        ));
                    }
                    if let (FkMode::Per { ends }, None) = (&f.mode, &group) {
                        group = Some((fk, ends.clone()));
                        continue;
                    }
                    if matches!(f.mode, FkMode::Composite { .. } | FkMode::Per { .. }) {
                        return err(format!(
                            "table {name}: UNIQUE ({}): its foreign key is already laid out by another key or --per",
                            names()
                        ));
                    }
                    fk_digits.push((fk, sizes.len()));
                    sizes.push(f.ext.as_ref().map_or(counts[f.parent], |r| r.len() as u64));
                }
                _ => {
                    let col = &cols[c];
                    let size = if let Some(a) = &col.allowed {
                        a.len() as u64
                    } else if col.kind == Kind::Bool {
                        2
                    } else if col.kind.ordinal()
                        && matches!(col.gen, Gen::Rule(_))
                        && col.relations.is_empty()
                    {
                        // Its digit counts from the low bound: a window of the kind's usual
                        // spread (or n values), where values of the kind usually are (dates in
                        // the years before AS_OF, numbers from 1), inside the bounds.
                        let width = (col.hi as i128 - col.lo as i128 + 1) as u128;
                        let size = width.min(col.kind.span().max(n as i64) as u128) as i64;
                        let preferred: i128 = match col.kind {
                            Kind::Date => AS_OF.0 as i128 - size as i128,
                            Kind::Timestamp => AS_OF.0 as i128 * DAY as i128 - size as i128,
                            Kind::Time => 0,
                            k => k.per_common() as i128,
                        };
                        let base =
                            preferred.clamp(col.lo as i128, col.hi as i128 - size as i128 + 1);
                        rebound.push((c, base as i64, (base + size as i128 - 1) as i64));
                        size as u64
                    } else {
                        return err(format!(
                            "table {name}: cannot guarantee UNIQUE ({}): column {} is already constrained another way",
                            names(),
                            col.name
                        ));
                    };
                    col_digits.push((c, sizes.len()));
                    sizes.push(size);
                }
            }
        }
        let total = sizes
            .iter()
            .try_fold(1u64, |a, &s| a.checked_mul(s))
            .unwrap_or(u64::MAX);
        match &group {
            None if n > total => {
                return err(format!(
                    "table {name}: {n} rows need {n} distinct ({}), but only {total} combinations exist ({})",
                    names(),
                    sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" x ")
                ));
            }
            Some((_, ends)) => {
                let most = ends
                    .iter()
                    .scan(0u64, |prev, &e| {
                        let k = e - *prev;
                        *prev = e;
                        Some(k)
                    })
                    .max()
                    .unwrap_or(0);
                if most > total {
                    return err(format!(
                        "table {name}: UNIQUE ({}): --per gives a parent up to {most} rows, but the other columns of the key have only {total} combinations; lower the --per range",
                        names(),
                    ));
                }
            }
            None => {}
        }
        comps.push(CompPlan {
            perm: Perm::new(total, derive(key, T_UNIQUE ^ comp as u64)),
            sizes,
            // Parents' children take distinct parent rows at random (distinct products per
            // order), or count 1, 2, 3 when the rest of the key are plain columns (line numbers).
            group: group.map(|(_, ends)| {
                let keyed = !fk_digits.is_empty();
                (
                    ends,
                    keyed.then(|| derive(key, T_UNIQUE ^ comp as u64 ^ 0x9e37)),
                )
            }),
        });
        for (fk, digit) in fk_digits {
            fk_plans[fk].mode = FkMode::Composite { comp, digit };
        }
        for (c, digit) in col_digits {
            cols[c].gen = Gen::Composite { comp, digit };
        }
        for (c, lo, hi) in rebound {
            (cols[c].lo, cols[c].hi) = (lo, hi);
        }
        satisfied.push(set.clone());
    }

    link_moments_to_status(&mut cols);
    // A moment the schema allows to be NULL in an OR (`closed_at IS NULL OR closed_at >=
    // opened_at`) and that no status decides: NULL in half of the rows (not yet closed).
    for c in null_states {
        let col = &mut cols[c];
        if col.nullable
            && col.status_link.is_none()
            && col.null_rate == 0.0
            && matches!(col.kind, Kind::Date | Kind::Timestamp)
            && !opts.map.iter().any(|(tn, cn, _)| {
                tn.eq_ignore_ascii_case(name) && cn.eq_ignore_ascii_case(&col.name)
            })
        {
            col.null_rate = 0.5;
        }
    }

    link_money(&mut cols);
    link_flags(&mut cols);
    let born = cols
        .iter()
        .any(|c| matches!(c.gen, Gen::Rule(Rule::BirthDate)));
    for c in cols.iter_mut() {
        c.born = born;
    }
    // Generation order of non-FK columns: relation sources (and a total's parts) first. When
    // the CHECKs order a total before its parts, the total is drawn on its own instead.
    let order = loop {
        match column_order(&cols) {
            Ok(order) => break order,
            Err(stuck) if stuck.iter().any(|&c| cols[c].arith.is_some()) => {
                for c in stuck {
                    cols[c].arith = None;
                }
            }
            Err(stuck) => {
                return err(format!(
                    "table {name}: its column CHECKs form a cycle ({}) that cannot hold",
                    stuck
                        .iter()
                        .map(|&c| cols[c].name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    };
    // An implied order does not apply to a key column (its values are unique by construction).
    for (c, o) in implied {
        if !matches!(cols[c].gen, Gen::Rule(_)) {
            cols[c].relations.retain(|&(s, _)| s != o);
        }
    }
    for &c in &order {
        if !cols[c].relations.is_empty() && !matches!(cols[c].gen, Gen::Rule(_)) {
            return err(format!(
                "{}: a CHECK comparing it with another column, on a key column, is not supported yet",
                ctx(&cols[c].name)
            ));
        }
    }
    let _ = notes;
    // The key an UPDATE of a later link finds its row by: the primary key, else a UNIQUE key,
    // made of columns that are set at INSERT.
    let later: Vec<usize> = fk_plans
        .iter()
        .filter(|f| f.later)
        .flat_map(|f| f.cols.iter().copied())
        .collect();
    let row_key: Vec<usize> = std::iter::once(&spec.primary_key)
        .chain(spec.uniques.iter())
        .map(|k| {
            k.iter()
                .filter_map(|c| spec.column(c))
                .collect::<Vec<usize>>()
        })
        .find(|k| !k.is_empty() && k.iter().all(|c| !later.contains(c) && !cols[*c].omitted()))
        .unwrap_or_default();
    if !later.is_empty() && row_key.is_empty() && n > 0 {
        return err(format!(
            "table {name}: a foreign key of a cycle is set by UPDATE after the INSERTs, which needs a PRIMARY KEY or UNIQUE key the generator writes"
        ));
    }
    Ok(TablePlan {
        name: name.clone(),
        n,
        first,
        columns: cols,
        key,
        fks: fk_plans,
        comps,
        order,
        row_key,
    })
}
