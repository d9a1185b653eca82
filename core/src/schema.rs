//! What a table looks like to the engine adapters: columns with logical types, parameters
//! with defaults, and a reusable row buffer that the generators write into.

use crate::date::Date;
use crate::error::{Error, Result};

/// Logical column types; each adapter maps them to its engine's types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LType {
    /// 64-bit integer (Postgres bigint, SQLite INTEGER).
    Int64,
    /// 32-bit integer (Postgres integer).
    Int32,
    /// 16-bit integer (Postgres smallint).
    Int16,
    Text,
    /// Calendar date (Postgres date, SQLite ISO-8601 TEXT).
    Date,
    /// Money with 2 decimals, held as integer cents (Postgres numeric(12,2), SQLite REAL).
    Money,
    Float64,
    Bool,
    /// A JSON object as text (Postgres jsonb, SQLite TEXT).
    Json,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: LType,
    pub nullable: bool,
    pub doc: &'static str,
}

/// A parameter's type, as the adapters accept it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PType {
    Int,
    Float,
    Date,
    /// A list of numbers (Postgres float8[], SQLite text such as '0,0.5,1' or '[0,0.5,1]').
    FloatList,
    Text,
}

/// A parameter's default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Default {
    Required,
    Int(i64),
    Float(f64),
    Date(Date),
    FloatList(&'static [f64]),
    Text(&'static str),
    /// NULL means "not given" (e.g. `count`: to the end of the table).
    Null,
}

#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub ty: PType,
    pub default: Default,
    pub doc: &'static str,
}

/// An argument value as an adapter received it.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Not given: the parameter's default applies.
    Absent,
    Null,
    Int(i64),
    Float(f64),
    Date(Date),
    FloatList(Vec<f64>),
    Text(String),
}

/// Typed access to a call's arguments, in parameter order.
pub struct Args<'a> {
    params: &'static [Param],
    values: &'a [Arg],
}

impl<'a> Args<'a> {
    pub fn new(params: &'static [Param], values: &'a [Arg]) -> Result<Self> {
        if values.len() > params.len() {
            return Err(Error::Usage(format!(
                "too many arguments: {} given, at most {} ({})",
                values.len(),
                params.len(),
                params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
            )));
        }
        Ok(Args { params, values })
    }

    fn get(&self, name: &'static str) -> (&'static Param, Arg) {
        let idx = self
            .params
            .iter()
            .position(|p| p.name == name)
            .expect("known parameter");
        let p = &self.params[idx];
        let v = self.values.get(idx).cloned().unwrap_or(Arg::Absent);
        let v = match v {
            Arg::Absent => match p.default {
                Default::Required => Arg::Absent,
                Default::Int(i) => Arg::Int(i),
                Default::Float(f) => Arg::Float(f),
                Default::Date(d) => Arg::Date(d),
                Default::FloatList(l) => Arg::FloatList(l.to_vec()),
                Default::Text(t) => Arg::Text(t.to_string()),
                Default::Null => Arg::Null,
            },
            v => v,
        };
        (p, v)
    }

    /// Whether the call has a parameter of this name.
    pub fn has(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name)
    }

    /// The argument as given, its default applied.
    pub fn raw(&self, name: &'static str) -> Arg {
        self.get(name).1
    }

    /// A text argument; NULL is an error.
    pub fn text(&self, name: &'static str) -> Result<String> {
        match self.get(name).1 {
            Arg::Text(s) => Ok(s),
            Arg::Null => Err(Error::NullArgument { arg: name }),
            Arg::Absent => Err(Error::Usage(format!("missing required argument {name}"))),
            other => Err(Error::invalid(name, "a text", describe(&other))),
        }
    }

    /// An integer argument; NULL is an error.
    pub fn int(&self, name: &'static str) -> Result<i64> {
        match self.get(name).1 {
            Arg::Int(i) => Ok(i),
            Arg::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Ok(f as i64),
            Arg::Null => Err(Error::NullArgument { arg: name }),
            Arg::Absent => Err(Error::Usage(format!("missing required argument {name}"))),
            other => Err(Error::invalid(name, "an integer", describe(&other))),
        }
    }

    /// An integer argument where NULL (or absence) means `None`.
    pub fn opt_int(&self, name: &'static str) -> Result<Option<i64>> {
        match self.get(name).1 {
            Arg::Null | Arg::Absent => Ok(None),
            _ => self.int(name).map(Some),
        }
    }

    pub fn float(&self, name: &'static str) -> Result<f64> {
        match self.get(name).1 {
            Arg::Float(f) => Ok(f),
            Arg::Int(i) => Ok(i as f64),
            Arg::Null => Err(Error::NullArgument { arg: name }),
            Arg::Absent => Err(Error::Usage(format!("missing required argument {name}"))),
            other => Err(Error::invalid(name, "a number", describe(&other))),
        }
    }

    /// A rate in [0, 1].
    pub fn rate(&self, name: &'static str) -> Result<f64> {
        let f = self.float(name)?;
        if !(0.0..=1.0).contains(&f) {
            return Err(Error::invalid(name, "a rate between 0 and 1", fmt_f64(f)));
        }
        Ok(f)
    }

    /// A finite number (NaN and infinities are errors).
    pub fn finite(&self, name: &'static str) -> Result<f64> {
        let f = self.float(name)?;
        if !f.is_finite() {
            return Err(Error::invalid(name, "a finite number", fmt_f64(f)));
        }
        Ok(f)
    }

    /// A non-empty list of finite numbers.
    pub fn float_list(&self, name: &'static str) -> Result<Vec<f64>> {
        match self.get(name).1 {
            Arg::FloatList(l) => {
                if l.is_empty() {
                    return Err(Error::invalid(
                        name,
                        "a non-empty list of numbers",
                        "an empty list",
                    ));
                }
                if let Some(bad) = l.iter().find(|f| !f.is_finite()) {
                    return Err(Error::invalid(
                        name,
                        "a list of finite numbers",
                        fmt_f64(*bad),
                    ));
                }
                Ok(l)
            }
            Arg::Float(f) => Ok(vec![f]),
            Arg::Int(i) => Ok(vec![i as f64]),
            Arg::Null => Err(Error::NullArgument { arg: name }),
            Arg::Absent => Err(Error::Usage(format!("missing required argument {name}"))),
            other => Err(Error::invalid(name, "a list of numbers", describe(&other))),
        }
    }

    /// A date between 1900-01-01 and 2500-12-31 (generated dates stay printable as YYYY-MM-DD).
    pub fn date(&self, name: &'static str) -> Result<Date> {
        match self.get(name).1 {
            Arg::Date(d) if (Date(-25567)..=Date(193_943)).contains(&d) => Ok(d),
            Arg::Date(d) => Err(Error::invalid(
                name,
                "a date between 1900-01-01 and 2500-12-31",
                d,
            )),
            Arg::Null => Err(Error::NullArgument { arg: name }),
            Arg::Absent => Err(Error::Usage(format!("missing required argument {name}"))),
            other => Err(Error::invalid(
                name,
                "a date (YYYY-MM-DD)",
                describe(&other),
            )),
        }
    }
}

fn describe(a: &Arg) -> String {
    match a {
        Arg::Int(i) => i.to_string(),
        Arg::Float(f) => fmt_f64(*f),
        Arg::Date(d) => d.to_string(),
        Arg::FloatList(l) => format!("{l:?}"),
        Arg::Text(t) => format!("{t:?}"),
        Arg::Null => "NULL".into(),
        Arg::Absent => "nothing".into(),
    }
}

fn fmt_f64(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else {
        f.to_string()
    }
}

/// Parses a list of numbers written as `0,0.5,1`, `[0, 0.5, 1]` or `{0,0.5,1}`.
pub fn parse_float_list(s: &str) -> Option<Vec<f64>> {
    let t = s.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .or_else(|| t.strip_prefix('{').and_then(|x| x.strip_suffix('}')))
        .unwrap_or(t);
    if t.trim().is_empty() {
        return Some(Vec::new());
    }
    t.split(',').map(|x| x.trim().parse::<f64>().ok()).collect()
}

/// One cell of a row buffer.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Money(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    Text(u32, u32),
    /// Text that lives as long as the program (reference data): not copied.
    Static(&'static str),
}

/// A borrowed value of one cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    /// Integer cents.
    Money(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    Text(&'a str),
}

/// A reusable row: generators push cells in column order; text shares one growing buffer,
/// so producing a row allocates nothing once the buffers have grown.
#[derive(Clone, Debug, Default)]
pub struct Row {
    text: String,
    cells: Vec<Cell>,
}

impl Row {
    pub fn new() -> Self {
        Row::default()
    }

    #[inline]
    pub fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    #[inline]
    pub fn null(&mut self) {
        self.cells.push(Cell::Null);
    }

    #[inline]
    pub fn int(&mut self, v: i64) {
        self.cells.push(Cell::Int(v));
    }

    #[inline]
    pub fn money(&mut self, cents: i64) {
        self.cells.push(Cell::Money(cents));
    }

    #[inline]
    pub fn float(&mut self, v: f64) {
        self.cells.push(Cell::Float(v));
    }

    #[inline]
    pub fn bool(&mut self, v: bool) {
        self.cells.push(Cell::Bool(v));
    }

    #[inline]
    pub fn date(&mut self, d: Date) {
        self.cells.push(Cell::Date(d));
    }

    #[inline]
    pub fn text(&mut self, s: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.cells.push(Cell::Text(start, self.text.len() as u32));
    }

    /// A text cell borrowing a `'static` string (reference data, labels): no copy.
    #[inline]
    pub fn text_static(&mut self, s: &'static str) {
        self.cells.push(Cell::Static(s));
    }

    /// A text cell written in place by `f`.
    #[inline]
    pub fn text_with(&mut self, f: impl FnOnce(&mut String)) {
        let start = self.text.len() as u32;
        f(&mut self.text);
        self.cells.push(Cell::Text(start, self.text.len() as u32));
    }

    /// A text cell or NULL.
    #[inline]
    pub fn opt_text(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> Value<'_> {
        match self.cells[i] {
            Cell::Null => Value::Null,
            Cell::Int(v) => Value::Int(v),
            Cell::Money(v) => Value::Money(v),
            Cell::Float(v) => Value::Float(v),
            Cell::Bool(v) => Value::Bool(v),
            Cell::Date(v) => Value::Date(v),
            Cell::Text(a, b) => Value::Text(&self.text[a as usize..b as usize]),
            Cell::Static(s) => Value::Text(s),
        }
    }

    pub fn values(&self) -> impl Iterator<Item = Value<'_>> {
        (0..self.cells.len()).map(|i| self.get(i))
    }
}

/// Writes integer cents as `-123.45`.
pub fn write_money(cents: i64, out: &mut String) {
    let mut b = itoa_buf();
    if cents < 0 {
        out.push('-');
    }
    let a = cents.unsigned_abs();
    out.push_str(fmt_u64(a / 100, &mut b));
    out.push('.');
    let c = (a % 100) as u8;
    out.push((b'0' + c / 10) as char);
    out.push((b'0' + c % 10) as char);
}

fn itoa_buf() -> [u8; 20] {
    [0; 20]
}

/// Formats an unsigned integer into `buf` without allocating.
#[inline]
pub fn fmt_u64(mut v: u64, buf: &mut [u8; 20]) -> &str {
    // Two digits per division, from a table of "00".."99".
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869\
707172737475767778798081828384858687888990919293949596979899";
    let mut i = buf.len();
    while v >= 100 {
        let p = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[p..p + 2]);
    }
    if v >= 10 {
        let p = v as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[p..p + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + v as u8;
    }
    // SAFETY: ASCII digits only.
    unsafe { std::str::from_utf8_unchecked(&buf[i..]) }
}

#[inline]
pub fn write_i64(v: i64, out: &mut String) {
    let mut b = itoa_buf();
    if v < 0 {
        out.push('-');
    }
    out.push_str(fmt_u64(v.unsigned_abs(), &mut b));
}

/// A finite float as the shortest text that reads back to it: plain digits from 1e-4 to below
/// 1e16 (`0.1`, `40.7128`, `1234567`), else with an exponent (`1e-300`, `1.5e300`), as
/// Python's `repr` chooses.
pub fn write_f64(f: f64, out: &mut String) {
    use std::fmt::Write;
    let a = f.abs();
    let _ = if a == 0.0 || (1e-4..1e16).contains(&a) {
        write!(out, "{f}")
    } else {
        write!(out, "{f:e}")
    };
}

/// The canonical text of a value: what every engine's output must equal when compared as CSV.
pub fn write_value(v: Value<'_>, out: &mut String) {
    match v {
        Value::Null => {}
        Value::Int(i) => write_i64(i, out),
        Value::Money(c) => write_money(c, out),
        Value::Float(f) if f.is_finite() => write_f64(f, out),
        Value::Float(f) => out.push_str(non_finite(f)),
        Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Value::Date(d) => d.write(out),
        Value::Text(s) => out.push_str(s),
    }
}

/// `Infinity`, `-Infinity` or `NaN`: PostgreSQL's text for a non-finite float, which its own
/// COPY, Python's `float` and pandas read back (Rust's `inf` is read by none of them). The
/// generators never make one; a user's query through the seeder can (SQLite's `9e999`).
pub fn non_finite(f: f64) -> &'static str {
    if f.is_nan() {
        "NaN"
    } else if f > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Appends one CSV record (RFC 4180; NULL is an empty field, an empty string is `""`, as
/// PostgreSQL's `COPY ... CSV` writes them) and a `\n`.
pub fn write_csv_row(row: &Row, out: &mut String) {
    for i in 0..row.len() {
        if i > 0 {
            out.push(',');
        }
        match row.get(i) {
            Value::Text(s) => write_csv_text(s, out),
            v => write_value(v, out),
        }
    }
    out.push('\n');
}

pub fn write_csv_text(s: &str, out: &mut String) {
    if s.is_empty() || needs_csv_quotes(s.as_bytes()) {
        out.push('"');
        let mut parts = s.split('"');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            out.push_str("\"\"");
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Whether a CSV field holds `,`, `"`, `\n` or `\r`. Eight bytes at a time (a SWAR zero-byte
/// test per delimiter, exact as a yes/no answer): the byte-by-byte scan was a fifth of the
/// customers table's CSV time.
#[inline]
fn needs_csv_quotes(s: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    #[inline(always)]
    fn zero_byte(v: u64) -> u64 {
        v.wrapping_sub(LO) & !v & HI
    }
    let mut chunks = s.chunks_exact(8);
    let mut hit = 0u64;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        hit |= zero_byte(w ^ (LO * b',' as u64))
            | zero_byte(w ^ (LO * b'"' as u64))
            | zero_byte(w ^ (LO * b'\n' as u64))
            | zero_byte(w ^ (LO * b'\r' as u64));
    }
    hit != 0
        || chunks
            .remainder()
            .iter()
            .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

pub fn write_csv_header(cols: &[Column], out: &mut String) {
    for (i, c) in cols.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(c.name);
    }
    out.push('\n');
}

#[cfg(test)]
mod fmt_tests {
    #[test]
    fn floats_are_shortest_round_trip_text() {
        let text = |f: f64| {
            let mut s = String::new();
            super::write_f64(f, &mut s);
            assert_eq!(s.parse::<f64>().unwrap(), f, "{s} reads back");
            s
        };
        assert_eq!(text(0.1), "0.1");
        assert_eq!(text(-40.7128), "-40.7128");
        assert_eq!(text(1234567.0), "1234567");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(0.0001), "0.0001");
        assert_eq!(text(0.00001), "1e-5");
        assert_eq!(text(1e-300), "1e-300");
        assert_eq!(text(1.5e300), "1.5e300");
        assert_eq!(text(9.5e15), "9500000000000000");
        assert_eq!(text(1e16), "1e16");
        assert_eq!(text(f64::MIN_POSITIVE), "2.2250738585072014e-308");
    }

    /// The eight-bytes-at-a-time scan and the quoting agree with the plain definition (RFC 4180
    /// quoting of `,` `"` `\n` `\r`, quotes doubled) for every delimiter at every position of
    /// strings of every length up to 40, among ASCII and multi-byte text.
    #[test]
    fn csv_text_quotes_exactly_when_needed() {
        fn plain(s: &str) -> String {
            if s.is_empty() || s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        }
        let fillers = ["a", "é", "Z", "0", "+", "\u{2c}\u{301}"];
        for len in 0..40 {
            for f in fillers {
                let base: String = std::iter::repeat_n(f, len).collect();
                let mut cases = vec![base.clone()];
                let chars: Vec<char> = base.chars().collect();
                for at in 0..=chars.len() {
                    for d in [',', '"', '\n', '\r', '-', '+', '\u{80}'] {
                        let mut c = chars.clone();
                        c.insert(at, d);
                        cases.push(c.into_iter().collect());
                    }
                }
                for s in cases {
                    let mut out = String::new();
                    super::write_csv_text(&s, &mut out);
                    assert_eq!(out, plain(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn fmt_u64_writes_every_number_as_std_does() {
        let mut buf = [0u8; 20];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let edge = [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            10_000,
            u64::MAX,
            u64::MAX / 10,
        ];
        for v in edge.into_iter().chain((0..100_000).map(|k| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> (k % 64)
        })) {
            assert_eq!(super::fmt_u64(v, &mut buf), v.to_string());
        }
    }
}
