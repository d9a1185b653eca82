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
    config(url, &|k| std::env::var(k).ok())?
        .connect(NoTls)
        .map_err(|e| format!("cannot connect to {}: {}", super::redact(url), err(e)))
}

/// The connection settings of a `postgres://` URL, with what the URL leaves out filled in as
/// libpq (psql) does: `PGHOST` or the Unix socket directory and then localhost, `PGPORT`,
/// `PGUSER` or the login name, `PGDATABASE`, and the password from `PGPASSWORD` or the
/// password file (`PGPASSFILE`, default `~/.pgpass`). So `postgres:///app` works as `psql app`.
pub fn config(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<postgres::Config, String> {
    let mut c: postgres::Config = url
        .parse()
        .map_err(|e| format!("--db {}: {e}", super::redact(url)))?;
    let env = |k: &str| env(k).filter(|v| !v.is_empty());
    if c.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(hosts) => {
                for h in hosts.split(',') {
                    if h.starts_with('/') {
                        c.host_path(h);
                    } else {
                        c.host(h);
                    }
                }
            }
            None => {
                // Debian's libpq looks in /var/run/postgresql; then TCP on localhost.
                if std::path::Path::new("/var/run/postgresql").is_dir() {
                    c.host_path("/var/run/postgresql");
                }
                c.host("localhost");
            }
        }
    }
    if c.get_ports().is_empty() {
        if let Some(p) = env("PGPORT") {
            let p = p
                .parse::<u16>()
                .map_err(|_| format!("PGPORT={p:?} is not a port number"))?;
            c.port(p);
        }
    }
    if c.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
            .or_else(login_name)
            .ok_or("--db: the URL names no user and PGUSER is not set")?;
        c.user(&user);
    }
    if c.get_dbname().is_none() {
        if let Some(d) = env("PGDATABASE") {
            c.dbname(&d);
        }
    }
    if c.get_password().is_none() {
        let from_file = || {
            let file = env("PGPASSFILE").or_else(|| env("HOME").map(|h| format!("{h}/.pgpass")))?;
            let text = std::fs::read_to_string(file).ok()?;
            pgpass_lookup(&text, &c)
        };
        if let Some(pw) = env("PGPASSWORD").or_else(from_file) {
            c.password(pw);
        }
    }
    Ok(c)
}

/// The name of the user running this process, from /etc/passwd.
fn login_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    std::fs::read_to_string("/etc/passwd")
        .ok()?
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[2].parse::<u32>().ok() == Some(uid))
        .map(|f| f[0].to_string())
}

/// The password of the first line of a libpq password file (`host:port:db:user:password`,
/// `*` matching anything, `\:` and `\\` escaped) that matches the first host of `c`.
fn pgpass_lookup(text: &str, c: &postgres::Config) -> Option<String> {
    use postgres::config::Host;
    let host = match c.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        Host::Unix(_) => "localhost".to_string(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432).to_string();
    let user = c.get_user().unwrap_or_default();
    let db = c.get_dbname().unwrap_or(user);
    let want = [host.as_str(), port.as_str(), db, user];
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut fields = vec![String::new()];
        let mut chars = line.chars();
        while let Some(ch) = chars.next() {
            match ch {
                '\\' => fields.last_mut()?.extend(chars.next()),
                ':' if fields.len() < 5 => fields.push(String::new()),
                _ => fields.last_mut()?.push(ch),
            }
        }
        if fields.len() == 5
            && fields[..4]
                .iter()
                .zip(want)
                .all(|(f, w)| f == "*" || f == w)
        {
            return fields.pop();
        }
    }
    None
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
    // numeric(p, s) has typmod ((p << 16) | s) + 4; money is 64-bit cents, so p ≤ 18.
    let cents_typmod = typmod >= 4 && ((typmod - 4) & 0xffff) == 2 && ((typmod - 4) >> 16) <= 18;
    if let Some(t) = core_type(name).filter(|t| fits(*t)) {
        // A declared type says more than a name: money by name only for an unconstrained
        // numeric (whose values are then checked: see `Pg::run`).
        let declared = matches!(src, Src::I16 | Src::I32 | Src::I64 | Src::F32 | Src::F64)
            || (src == Src::Numeric && typmod != -1 && !cents_typmod);
        if !(is_int(t) || t == LType::Money && declared) {
            return t;
        }
    }
    match src {
        Src::I16 => LType::Int16,
        Src::I32 => LType::Int32,
        Src::I64 => LType::Int64,
        Src::F32 | Src::F64 => LType::Float64,
        Src::Numeric if cents_typmod => LType::Money,
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

/// Decimal text → integer cents, when it has no digits past the cents (else `None`).
fn exact_cents(s: &str) -> Option<i64> {
    let frac = s.split_once('.').map_or("", |(_, f)| f);
    if frac.len() > 2 && frac[2..].bytes().any(|b| b != b'0') {
        return None;
    }
    decimal_cents(s)
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
            // The double nearest the real's shortest text (what PostgreSQL prints: 2.555,
            // not 2.555000066757202).
            let v = get!(f32).map(|x| x.to_string().parse::<f64>().unwrap_or(f64::from(x)));
            num(out, v, None)?
        }
        Src::F64 => {
            let v = get!(f64);
            num(out, v, None)?
        }
        Src::Numeric => match get!(Numeric) {
            None => out.null(),
            Some(Numeric(s)) => match ty {
                LType::Money => out.money(exact_cents(&s).ok_or_else(|| {
                    format!(
                        "numeric {s} is not a whole number of cents within ±92,233,720,368,547,758.07 (the column is money, typed from its name and first rows); cast it in the query (e.g. ::float8 or ::text)"
                    )
                })?),
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
        let portal = tx.bind(&stmt, &[]).map_err(err)?;
        let mut rows = tx.query_portal(&portal, FETCH).map_err(err)?;
        // An unconstrained numeric that is money by its name stays money only if its first rows
        // are whole cents (a user's `amount numeric` may hold more decimals: float then).
        for (i, (c, col)) in stmt.columns().iter().zip(&mut cols).enumerate() {
            if col.ty == LType::Money && c.type_modifier() == -1 {
                let whole_cents = rows
                    .iter()
                    .all(|r| match r.try_get::<_, Option<Numeric>>(i) {
                        Ok(Some(Numeric(s))) => exact_cents(&s).is_some(),
                        _ => true,
                    });
                if !whole_cents {
                    col.ty = LType::Float64;
                }
            }
        }
        sink.columns(cols.clone())?;
        let mut count = 0u64;
        loop {
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
            rows = tx.query_portal(&portal, FETCH).map_err(err)?;
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
    fn libpq_defaults_fill_what_the_url_leaves_out() {
        use postgres::config::Host;
        let env = |k: &str| match k {
            "PGUSER" => Some("alice".to_string()),
            "PGPASSWORD" => Some("pw".to_string()),
            "PGPORT" => Some("5499".to_string()),
            _ => None,
        };
        let c = config("postgres:///app", &env).unwrap();
        assert_eq!(c.get_user(), Some("alice"));
        assert_eq!(c.get_dbname(), Some("app"));
        assert_eq!(c.get_password(), Some(&b"pw"[..]));
        assert_eq!(c.get_ports(), [5499]);
        assert_eq!(
            c.get_hosts().last(),
            Some(&Host::Tcp("localhost".to_string()))
        );
        // What the URL says wins.
        let c = config("postgres://bob:s@db.example:6000/x", &env).unwrap();
        assert_eq!(c.get_user(), Some("bob"));
        assert_eq!(c.get_password(), Some(&b"s"[..]));
        assert_eq!(c.get_hosts(), [Host::Tcp("db.example".to_string())]);
        assert_eq!(c.get_ports(), [6000]);
        // The password file: first matching line, wildcards and escapes.
        let text = "# comment\nother:*:*:*:no\ndb.example:5432:*:carol:pa\\:ss\\\\\n";
        let c = config("postgres://carol@db.example/x", &|_| None).unwrap();
        assert_eq!(pgpass_lookup(text, &c), Some("pa:ss\\".to_string()));
        let c = config("postgres://dave@db.example/x", &|_| None).unwrap();
        assert_eq!(pgpass_lookup(text, &c), None);
        assert!(config("postgres:///x", &|k| (k == "PGPORT").then(|| "abc".into())).is_err());
    }

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
        assert_eq!(exact_cents("12.3400"), Some(1234));
        assert_eq!(exact_cents("-0.05"), Some(-5));
        assert_eq!(exact_cents("1.2345"), None);
        assert_eq!(exact_cents("123456789012345678.90"), None);
    }

    #[test]
    fn types() {
        let numeric_12_2 = ((12 << 16) | 2) + 4;
        assert_eq!(logical("x", Src::Numeric, numeric_12_2), LType::Money);
        assert_eq!(logical("x", Src::Numeric, -1), LType::Float64);
        if synth_core::find("sales").is_some() {
            assert_eq!(logical("sales", Src::Numeric, -1), LType::Money);
        }
        // A declared type other than numeric(p ≤ 18, 2) or plain numeric wins over the name.
        assert_eq!(logical("account_balance", Src::F64, -1), LType::Float64);
        let numeric_12_4 = ((12 << 16) | 4) + 4;
        let numeric_20_2 = ((20 << 16) | 2) + 4;
        assert_eq!(
            logical("amount", Src::Numeric, numeric_12_4),
            LType::Float64
        );
        assert_eq!(
            logical("amount", Src::Numeric, numeric_20_2),
            LType::Float64
        );
        assert_eq!(logical("x", Src::Numeric, numeric_20_2), LType::Float64);
        assert_eq!(logical("amount", Src::Numeric, numeric_12_2), LType::Money);
        assert_eq!(logical("amount", Src::I32, -1), LType::Int32);
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
