//! The SQLite engine: in memory or a file, with every synth table function registered.
//!
//! SQLite's types are per value, so a column is typed from its name (synth's tables), its
//! declared type and the first non-NULL value among up to [`LOOKAHEAD`] rows that are held
//! back for the purpose (see `types.rs`). Later values are converted to that type; a value
//! that does not fit (text in an integer column) stops the export with the row and column.

use super::{Engine, RowSink};
use crate::safety::Dialect;
use crate::types::{
    self, cents, core_type, date_like_name, dedupe_names, sqlite_decltype, ColumnInfo,
};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OpenFlags};
use synth_core::{Date, LType, Row};

/// Rows read ahead to find a first non-NULL value of every column.
pub const LOOKAHEAD: usize = 1000;
/// Rows read ahead to type a column named like money (all of them whole cents: money).
const MONEY_LOOKAHEAD: usize = 100;

pub struct Sqlite {
    conn: Connection,
}

fn err(e: rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg,
        rusqlite::Error::ModuleError(msg) => msg,
        other => other.to_string(),
    }
}

/// A statement that does not prepare; PostgreSQL's named arguments (`seed => 7`), which SQLite
/// has no syntax for, get a hint at what SQLite takes instead.
fn prepare_err(sql: &str, e: rusqlite::Error) -> String {
    let msg = err(e);
    if sql.contains("=>") && msg.contains("syntax error") {
        format!(
            "{msg} (SQLite has no named arguments: pass them by position, \
             synth_customers(1000, 7, 0.1, 0.1, 0.1), or as constraints, \
             SELECT * FROM synth_customers(1000) WHERE duplicates = 0.1)"
        )
    } else {
        msg
    }
}

impl Sqlite {
    pub fn memory() -> Result<Sqlite, String> {
        let conn = Connection::open_in_memory().map_err(err)?;
        synth::register(&conn).map_err(|e| format!("registering synth functions: {}", err(e)))?;
        Ok(Sqlite { conn })
    }

    /// An existing database file (read-only unless `allow_write`).
    pub fn file(path: &str, allow_write: bool) -> Result<Sqlite, String> {
        if !std::path::Path::new(path).is_file() {
            return Err(format!("sqlite database {path:?} does not exist"));
        }
        let flags = if allow_write {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| format!("opening {path:?}: {}", err(e)))?;
        // Reading the schema here turns "not a database" into an error at open.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
            .map_err(|e| format!("opening {path:?}: {}", err(e)))?;
        synth::register(&conn).map_err(|e| format!("registering synth functions: {}", err(e)))?;
        Ok(Sqlite { conn })
    }
}

/// Does a first value fit a candidate type?
fn fits(t: LType, v: Option<&SqlValue>) -> bool {
    let Some(v) = v else { return true };
    match (t, v) {
        (LType::Int64 | LType::Int32 | LType::Int16, SqlValue::Integer(_)) => true,
        (LType::Float64, SqlValue::Integer(_) | SqlValue::Real(_)) => true,
        (LType::Money, SqlValue::Integer(i)) => i.checked_mul(100).is_some(),
        (LType::Money, SqlValue::Real(f)) => exact_cents(*f).is_some(),
        (LType::Bool, SqlValue::Integer(i)) => *i == 0 || *i == 1,
        (LType::Date, SqlValue::Text(s)) => Date::parse(s).is_some(),
        (LType::Text, SqlValue::Text(_) | SqlValue::Integer(_) | SqlValue::Real(_)) => true,
        _ => false,
    }
}

/// A REAL that is a whole number of cents, as integer cents (the synth functions' money:
/// cents / 100.0, which parses back to the same cents exactly).
fn exact_cents(f: f64) -> Option<i64> {
    cents(f).filter(|&c| c as f64 / 100.0 == f)
}

/// The column's type from its name, declared type and values read ahead: `sample` is the first
/// non-NULL value, `values` all those read ahead (a money name needs every one in whole cents).
fn infer<'a>(
    name: &str,
    decl: Option<&str>,
    sample: Option<&SqlValue>,
    mut values: impl Iterator<Item = &'a SqlValue>,
) -> LType {
    let by_name = core_type(name).filter(|t| {
        fits(*t, sample)
            && (*t != LType::Money || values.all(|v| fits(*t, Some(v)) || *v == SqlValue::Null))
    });
    if let Some(t) = by_name {
        // All integers leave SQLite as 64-bit.
        return if types::is_int(t) { LType::Int64 } else { t };
    }
    if date_like_name(name) && matches!(sample, Some(SqlValue::Text(s)) if Date::parse(s).is_some())
    {
        return LType::Date;
    }
    if let Some(t) = decl.and_then(sqlite_decltype).filter(|t| fits(*t, sample)) {
        return t;
    }
    match sample {
        Some(SqlValue::Integer(_)) => LType::Int64,
        Some(SqlValue::Real(_)) => LType::Float64,
        _ => LType::Text,
    }
}

fn owned(v: ValueRef<'_>) -> SqlValue {
    match v {
        ValueRef::Null => SqlValue::Null,
        ValueRef::Integer(i) => SqlValue::Integer(i),
        ValueRef::Real(f) => SqlValue::Real(f),
        ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
    }
}

fn describe(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => format!("integer {i}"),
        ValueRef::Real(f) => format!("real {f}"),
        ValueRef::Text(t) => {
            let s = String::from_utf8_lossy(t);
            let short: String = s.chars().take(40).collect();
            format!("text '{short}'")
        }
        ValueRef::Blob(b) => format!("a {}-byte blob", b.len()),
    }
}

/// Appends `v` converted to `ty` to `row`.
#[inline]
fn push(row: &mut Row, ty: LType, v: ValueRef<'_>) -> Result<(), ()> {
    match (ty, v) {
        (_, ValueRef::Null) => row.null(),
        (LType::Text, ValueRef::Text(t)) => match std::str::from_utf8(t) {
            Ok(s) => row.text(s),
            Err(_) => row.text(&String::from_utf8_lossy(t)),
        },
        (LType::Int64 | LType::Int32 | LType::Int16, ValueRef::Integer(i)) => row.int(i),
        (LType::Int64 | LType::Int32 | LType::Int16, ValueRef::Real(f))
            if f.fract() == 0.0 && f.abs() < 9.0e18 =>
        {
            row.int(f as i64)
        }
        (LType::Float64, ValueRef::Real(f)) => row.float(f),
        (LType::Float64, ValueRef::Integer(i)) => row.float(i as f64),
        (LType::Money, ValueRef::Real(f)) => row.money(exact_cents(f).ok_or(())?),
        (LType::Money, ValueRef::Integer(i)) => row.money(i.checked_mul(100).ok_or(())?),
        (LType::Bool, ValueRef::Integer(i)) => row.bool(i != 0),
        (LType::Bool, ValueRef::Text(t)) => match t {
            b"true" | b"t" | b"TRUE" => row.bool(true),
            b"false" | b"f" | b"FALSE" => row.bool(false),
            _ => return Err(()),
        },
        (LType::Date, ValueRef::Text(t)) => row.date(
            std::str::from_utf8(t)
                .ok()
                .and_then(Date::parse)
                .ok_or(())?,
        ),
        (LType::Text, ValueRef::Integer(i)) => {
            row.text_with(|s| synth_core::schema::write_i64(i, s))
        }
        (LType::Text, ValueRef::Real(f)) => row.text_with(|s| {
            use std::fmt::Write;
            let _ = write!(s, "{f}");
        }),
        _ => return Err(()),
    }
    Ok(())
}

fn mismatch(col: &ColumnInfo, rownum: u64, v: ValueRef<'_>) -> String {
    format!(
        "column {:?}, row {}: {} does not fit the column's type {} (typed from earlier values; CAST the column in SQL to choose its type)",
        col.name,
        rownum,
        describe(v),
        types::type_name(col.ty)
    )
}

impl Engine for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn check(&mut self, sql: &str) -> Result<bool, String> {
        let stmt = self.conn.prepare(sql).map_err(|e| prepare_err(sql, e))?;
        Ok(stmt.readonly() && stmt.column_count() > 0)
    }

    fn run(&mut self, sql: &str, allow_write: bool, sink: &mut dyn RowSink) -> Result<u64, String> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| prepare_err(sql, e))?;
        if !allow_write && !stmt.readonly() {
            return Err(
                "the query would write to the database; pass --allow-write to run it".into(),
            );
        }
        let n = stmt.column_count();
        if n == 0 {
            return Err("the statement returns no columns: nothing to export".into());
        }
        let names = dedupe_names(stmt.column_names().into_iter().map(str::to_string));
        let decls: Vec<Option<String>> = stmt
            .columns()
            .iter()
            .map(|c| c.decl_type().map(str::to_string))
            .collect();
        let mut rows = stmt.raw_query();

        // Read ahead until every column has shown a non-NULL value (or LOOKAHEAD rows).
        let mut held: Vec<Vec<SqlValue>> = Vec::new();
        let mut sample: Vec<Option<SqlValue>> = vec![None; n];
        let mut exhausted = false;
        // Money by name is checked on more rows than the first: a computed `x * 0.1 AS sales`
        // is a float, not cents.
        let money_named = names.iter().any(|n| core_type(n) == Some(LType::Money));
        let enough = |held: usize, sample: &[Option<SqlValue>]| {
            sample.iter().all(Option::is_some) && (!money_named || held >= MONEY_LOOKAHEAD)
        };
        while held.len() < LOOKAHEAD && !enough(held.len(), &sample) {
            match rows.next().map_err(err)? {
                None => {
                    exhausted = true;
                    break;
                }
                Some(r) => {
                    let vals: Vec<SqlValue> = (0..n).map(|i| owned(r.get_ref_unwrap(i))).collect();
                    for (s, v) in sample.iter_mut().zip(&vals) {
                        if s.is_none() && *v != SqlValue::Null {
                            *s = Some(v.clone());
                        }
                    }
                    held.push(vals);
                }
            }
        }
        let cols: Vec<ColumnInfo> = (0..n)
            .map(|i| ColumnInfo {
                name: names[i].clone(),
                ty: infer(
                    &names[i],
                    decls[i].as_deref(),
                    sample[i].as_ref(),
                    held.iter().map(|r| &r[i]),
                ),
            })
            .collect();
        sink.columns(cols.clone())?;

        let mut count = 0u64;
        for vals in &held {
            count += 1;
            let row = sink.row_buf();
            for (c, v) in cols.iter().zip(vals) {
                let v = ValueRef::from(v);
                push(row, c.ty, v).map_err(|_| mismatch(c, count, v))?;
            }
            sink.push()?;
        }
        drop(held);
        if !exhausted {
            while let Some(r) = rows.next().map_err(err)? {
                count += 1;
                let row = sink.row_buf();
                for (i, c) in cols.iter().enumerate() {
                    let v = r.get_ref_unwrap(i);
                    push(row, c.ty, v).map_err(|_| mismatch(c, count, v))?;
                }
                sink.push()?;
            }
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer1(name: &str, decl: Option<&str>, sample: Option<&SqlValue>) -> LType {
        infer(name, decl, sample, sample.into_iter())
    }

    #[test]
    fn inference() {
        let i = |n: i64| Some(SqlValue::Integer(n));
        let t = |s: &str| Some(SqlValue::Text(s.into()));
        assert_eq!(
            infer1("account_balance", None, Some(&SqlValue::Real(1.5))),
            LType::Money
        );
        if synth_core::find("sales").is_some() {
            assert_eq!(
                infer1("in_target_bracket", None, i(1).as_ref()),
                LType::Bool
            );
        }
        assert_eq!(infer1("age", Some("INTEGER"), i(30).as_ref()), LType::Int64);
        assert_eq!(
            infer1("credit_card_expiry", Some("TEXT"), t("2027-01-31").as_ref()),
            LType::Date
        );
        assert_eq!(
            infer1("signup_date", None, t("2027-01-31").as_ref()),
            LType::Date
        );
        assert_eq!(infer1("signup_date", None, t("soon").as_ref()), LType::Text);
        assert_eq!(
            infer1("d", Some("DATE"), t("2027-01-31").as_ref()),
            LType::Date
        );
        assert_eq!(
            infer1("d", Some("DATE"), t("2027-01-31 10:00").as_ref()),
            LType::Text
        );
        assert_eq!(
            infer1("x", None, Some(&SqlValue::Real(1.0))),
            LType::Float64
        );
        assert_eq!(infer1("x", None, None), LType::Text);
        // Money by name only when every value read ahead is whole cents.
        let r = |f: f64| SqlValue::Real(f);
        let vals = [r(14.64), SqlValue::Null, r(0.1)];
        assert_eq!(
            infer("sales", None, Some(&vals[0]), vals.iter()),
            LType::Money
        );
        let vals = [r(14.64), r(1.2345)];
        assert_eq!(
            infer("sales", None, Some(&vals[0]), vals.iter()),
            LType::Float64
        );
        assert_eq!(infer1("amount", None, Some(&r(0.333))), LType::Float64);
        assert_eq!(exact_cents(1234.56), Some(123456));
        assert_eq!(exact_cents(0.333), None);
        // A synth name with a value of another kind falls back to the value.
        assert_eq!(infer1("age", None, t("old").as_ref()), LType::Text);
    }
}
