//! The PostgreSQL engine (synchronous `postgres` crate, no TLS).
//!
//! Each query runs in its own transaction, READ ONLY unless `--allow-write` (a second guard
//! after the parser's check: Postgres itself refuses writes, `nextval` included). Rows are
//! pulled through a portal [`FETCH`] rows at a time, so memory stays flat.
//!
//! Types come from the column types: int2/int4/int8, float4/float8, numeric (money when its
//! scale is 2 or the name is a synth money column, else float64), text/varchar/bpchar/name,
//! date, bool. Anything else is refused with a hint to cast it.

use super::{Engine, RowSink};
use crate::safety::Dialect;
use crate::types::{core_type, dedupe_names, is_int, ColumnInfo};
use postgres::types::{FromSql, Kind, Type};
use postgres::{Client, NoTls};
use synth_core::{Date, LType, Row};

/// Rows per round trip.
const FETCH: i32 = 4096;

pub struct Pg {
    client: Client,
}

/// A PostgreSQL error as one line: message, detail and hint.
pub fn error_text(e: postgres::Error) -> String {
    err(e)
}

fn err(e: postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = db.message().to_string();
            if let Some(d) = db.detail() {
                s.push_str(&format!(" ({d})"));
            }
            if let Some(h) = db.hint() {
                s.push_str(&format!("; hint: {h}"));
            } else if let Some(ext) = extension_of_type(db.message()) {
                s.push_str(&format!(
                    "; hint: the type comes from an extension: CREATE EXTENSION {ext}"
                ));
            }
            s
        }
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(inner) = src {
                let m = inner.to_string();
                if !s.contains(&m) {
                    s.push_str(&format!(": {m}"));
                }
                src = inner.source();
            }
            s
        }
    }
}

/// The extension that provides the type a `type "x" does not exist` error names, for the
/// contrib types schemas use most.
fn extension_of_type(message: &str) -> Option<&'static str> {
    let ty = message.strip_prefix("type \"")?.split('"').next()?;
    Some(match ty {
        "citext" => "citext",
        "hstore" => "hstore",
        "ltree" | "lquery" | "ltxtquery" => "ltree",
        "cube" => "cube",
        "earth" => "earthdistance",
        "isbn" | "isbn13" | "ean13" | "issn" | "ismn" | "upc" => "isn",
        "vector" | "halfvec" | "sparsevec" => "vector",
        "geometry" | "geography" => "postgis",
        _ => return None,
    })
}

/// A connection to `url`; the error names the server without its password.
pub fn client(url: &str) -> Result<Client, String> {
    Client::connect(url, NoTls)
        .map_err(|e| format!("cannot connect to {}: {}", super::redact(url), err(e)))
}

impl Pg {
    pub fn connect(url: &str) -> Result<Pg, String> {
        Ok(Pg {
            client: client(url)?,
        })
    }
}

/// How a column is read from Postgres.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Src {
    I16,
    I32,
    I64,
    F32,
    F64,
    Numeric,
    Text,
    Date,
    Bool,
}

fn source(t: &Type) -> Option<Src> {
    Some(match *t {
        Type::INT2 => Src::I16,
        Type::INT4 => Src::I32,
        Type::INT8 => Src::I64,
        Type::FLOAT4 => Src::F32,
        Type::FLOAT8 => Src::F64,
        Type::NUMERIC => Src::Numeric,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => Src::Text,
        Type::DATE => Src::Date,
        Type::BOOL => Src::Bool,
        _ => match t.kind() {
            Kind::Domain(inner) => return source(inner),
            _ if t.name() == "citext" => Src::Text,
            _ => return None,
        },
    })
}

/// The logical type of a column of Postgres type `src` (typmod for numeric's scale).
fn logical(name: &str, src: Src, typmod: i32) -> LType {
    let fits = |t: LType| match t {
        LType::Int64 | LType::Int32 | LType::Int16 => matches!(src, Src::I16 | Src::I32 | Src::I64),
        LType::Money | LType::Float64 => {
            matches!(
                src,
                Src::I16 | Src::I32 | Src::I64 | Src::F32 | Src::F64 | Src::Numeric
            )
        }
        LType::Text | LType::Json => src == Src::Text,
        LType::Date => src == Src::Date,
        LType::Bool => src == Src::Bool,
    };
    if let Some(t) = core_type(name).filter(|t| fits(*t)) {
        if !is_int(t) {
            return t;
        }
    }
    match src {
        Src::I16 => LType::Int16,
        Src::I32 => LType::Int32,
        Src::I64 => LType::Int64,
        Src::F32 | Src::F64 => LType::Float64,
        // numeric(p, s) has typmod ((p << 16) | s) + 4.
        Src::Numeric if typmod >= 4 && ((typmod - 4) & 0xffff) == 2 => LType::Money,
        Src::Numeric => LType::Float64,
        Src::Text => LType::Text,
        Src::Date => LType::Date,
        Src::Bool => LType::Bool,
    }
}

/// A numeric as exact decimal text (binary wire format: ndigits, weight, sign, dscale,
/// then base-10000 digits).
struct Numeric(String);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let rd = |i: usize| -> Result<i16, Box<dyn std::error::Error + Sync + Send>> {
            raw.get(i..i + 2)
                .map(|b| i16::from_be_bytes([b[0], b[1]]))
                .ok_or_else(|| "truncated numeric".into())
        };
        let ndigits = rd(0)? as usize;
        let weight = rd(2)? as i32;
        let sign = rd(4)? as u16;
        let dscale = rd(6)? as u16 as i32;
        match sign {
            0xC000 => return Ok(Numeric("NaN".into())),
            0xD000 => return Ok(Numeric("inf".into())),
            0xF000 => return Ok(Numeric("-inf".into())),
            _ => {}
        }
        let digits: Vec<i16> = (0..ndigits)
            .map(|i| rd(8 + 2 * i))
            .collect::<Result<_, _>>()?;
        let mut s = String::new();
        if sign == 0x4000 {
            s.push('-');
        }
        // Integer part: groups with exponent weight..=0.
        if weight < 0 {
            s.push('0');
        } else {
            for e in 0..=weight {
                let d = digits.get(e as usize).copied().unwrap_or(0);
                if e == 0 {
                    s.push_str(&d.to_string());
                } else {
                    s.push_str(&format!("{d:04}"));
                }
            }
        }
        if dscale > 0 {
            s.push('.');
            let mut frac = String::new();
            let mut e = weight + 1;
            while (frac.len() as i32) < dscale {
                let d = if e < 0 {
                    0
                } else {
                    digits.get(e as usize).copied().unwrap_or(0)
                };
                frac.push_str(&format!("{d:04}"));
                e += 1;
            }
            frac.truncate(dscale as usize);
            s.push_str(&frac);
        }
        Ok(Numeric(s))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// Decimal text → integer cents, rounded half away from zero.
fn decimal_cents(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut c: i64 = if int.is_empty() {
        0
    } else {
        int.parse::<i64>().ok()?
    };
    c = c.checked_mul(100)?;
    let f = frac.as_bytes();
    let digit = |i: usize| f.get(i).map_or(0, |b| (b - b'0') as i64);
    c += digit(0) * 10 + digit(1);
    if digit(2) >= 5 {
        c += 1;
    }
    Some(if neg { -c } else { c })
}

/// A date: days since 2000-01-01 on the wire.
struct PgDate(i32);

impl<'a> FromSql<'a> for PgDate {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let b: [u8; 4] = raw.try_into().map_err(|_| "bad date")?;
        let d = i32::from_be_bytes(b);
        if d == i32::MAX || d == i32::MIN {
            return Err("infinite dates cannot be exported".into());
        }
        Ok(PgDate(d + 10_957))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::DATE || matches!(ty.kind(), Kind::Domain(t) if *t == Type::DATE)
    }
}

fn read(r: &postgres::Row, i: usize, src: Src, ty: LType, out: &mut Row) -> Result<(), String> {
    let e = |e: postgres::Error| err(e);
    macro_rules! get {
        ($t:ty) => {
            r.try_get::<_, Option<$t>>(i).map_err(e)?
        };
    }
    // Integers and floats as f64 or i64, whatever the target.
    let num = |out: &mut Row, v: Option<f64>, exact: Option<i64>| -> Result<(), String> {
        match (ty, v) {
            (_, None) => out.null(),
            (LType::Money, Some(f)) => match exact {
                Some(i) => out.money(i.checked_mul(100).ok_or("money out of range")?),
                None => out.money(crate::types::cents(f).ok_or("money out of range")?),
            },
            (LType::Int64 | LType::Int32 | LType::Int16, Some(_)) => {
                out.int(exact.unwrap_or_default())
            }
            (_, Some(f)) => out.float(f),
        }
        Ok(())
    };
    match src {
        Src::I16 => {
            let v = get!(i16);
            num(out, v.map(f64::from), v.map(i64::from))?
        }
        Src::I32 => {
            let v = get!(i32);
            num(out, v.map(f64::from), v.map(i64::from))?
        }
        Src::I64 => {
            let v = get!(i64);
            num(out, v.map(|x| x as f64), v)?
        }
        Src::F32 => {
            let v = get!(f32);
            num(out, v.map(f64::from), None)?
        }
        Src::F64 => {
            let v = get!(f64);
            num(out, v, None)?
        }
        Src::Numeric => match get!(Numeric) {
            None => out.null(),
            Some(Numeric(s)) => match ty {
                LType::Money => out.money(
                    decimal_cents(&s).ok_or_else(|| format!("numeric {s} does not fit money"))?,
                ),
                _ => out.float(s.parse::<f64>().unwrap_or(f64::NAN)),
            },
        },
        Src::Text => match get!(&str) {
            None => out.null(),
            Some(s) => out.text(s),
        },
        Src::Date => match get!(PgDate) {
            None => out.null(),
            Some(PgDate(d)) => out.date(Date(d)),
        },
        Src::Bool => match get!(bool) {
            None => out.null(),
            Some(b) => out.bool(b),
        },
    }
    Ok(())
}

impl Engine for Pg {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn check(&mut self, sql: &str) -> Result<bool, String> {
        let mut tx = self
            .client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(err)?;
        let stmt = tx.prepare(sql).map_err(err)?;
        Ok(!stmt.columns().is_empty())
    }

    fn run(&mut self, sql: &str, allow_write: bool, sink: &mut dyn RowSink) -> Result<u64, String> {
        let mut tx = self
            .client
            .build_transaction()
            .read_only(!allow_write)
            .start()
            .map_err(err)?;
        let stmt = tx.prepare(sql).map_err(err)?;
        if stmt.columns().is_empty() {
            return Err("the statement returns no columns: nothing to export".into());
        }
        let names = dedupe_names(stmt.columns().iter().map(|c| c.name().to_string()));
        let mut srcs = Vec::new();
        let mut cols = Vec::new();
        for (c, name) in stmt.columns().iter().zip(names) {
            let src = source(c.type_()).ok_or_else(|| {
                format!(
                    "column {name:?} has PostgreSQL type {}, which seeder does not export; cast it in the query (e.g. {name}::text)",
                    c.type_().name()
                )
            })?;
            cols.push(ColumnInfo {
                ty: logical(&name, src, c.type_modifier()),
                name,
            });
            srcs.push(src);
        }
        sink.columns(cols.clone())?;
        let portal = tx.bind(&stmt, &[]).map_err(err)?;
        let mut count = 0u64;
        loop {
            let rows = tx.query_portal(&portal, FETCH).map_err(err)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                count += 1;
                let out = sink.row_buf();
                for (i, (src, c)) in srcs.iter().zip(&cols).enumerate() {
                    read(r, i, *src, c.ty, out)
                        .map_err(|e| format!("column {:?}, row {count}: {e}", c.name))?;
                }
                sink.push()?;
            }
        }
        drop(portal);
        tx.commit().map_err(err)?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_text_and_cents() {
        // 1234.565 as numeric: weight 0, digits [1234, 5650], dscale 3.
        let mut raw = Vec::new();
        for v in [2i16, 0, 0, 3, 1234, 5650] {
            raw.extend_from_slice(&v.to_be_bytes());
        }
        let Numeric(s) = Numeric::from_sql(&Type::NUMERIC, &raw).unwrap();
        assert_eq!(s, "1234.565");
        assert_eq!(decimal_cents(&s), Some(123457));
        // -0.05: weight -1, digits [500], dscale 2.
        let mut raw = Vec::new();
        for v in [1i16, -1, 0x4000, 2, 500] {
            raw.extend_from_slice(&v.to_be_bytes());
        }
        let Numeric(s) = Numeric::from_sql(&Type::NUMERIC, &raw).unwrap();
        assert_eq!(s, "-0.05");
        assert_eq!(decimal_cents(&s), Some(-5));
        // 120000: weight 1, digits [12], dscale 0.
        let mut raw = Vec::new();
        for v in [1i16, 1, 0, 0, 12] {
            raw.extend_from_slice(&v.to_be_bytes());
        }
        let Numeric(s) = Numeric::from_sql(&Type::NUMERIC, &raw).unwrap();
        assert_eq!(s, "120000");
        assert_eq!(decimal_cents("12.3"), Some(1230));
    }

    #[test]
    fn types() {
        let numeric_12_2 = ((12 << 16) | 2) + 4;
        assert_eq!(logical("x", Src::Numeric, numeric_12_2), LType::Money);
        assert_eq!(logical("x", Src::Numeric, -1), LType::Float64);
        if synth_core::find("sales").is_some() {
            assert_eq!(logical("sales", Src::Numeric, -1), LType::Money);
        }
        assert_eq!(logical("account_balance", Src::F64, -1), LType::Money);
        assert_eq!(logical("age", Src::I16, -1), LType::Int16);
        assert_eq!(logical("age", Src::Text, -1), LType::Text);
        assert_eq!(logical("in_target_bracket", Src::Bool, -1), LType::Bool);
    }
}

#[cfg(test)]
mod type_hints {
    #[test]
    fn missing_contrib_types_name_their_extension() {
        use super::extension_of_type as ext;
        assert_eq!(ext("type \"citext\" does not exist"), Some("citext"));
        assert_eq!(ext("type \"ltree\" does not exist"), Some("ltree"));
        assert_eq!(ext("type \"money2\" does not exist"), None);
        assert_eq!(ext("relation \"citext\" does not exist"), None);
    }
}
