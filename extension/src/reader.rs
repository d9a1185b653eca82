//! How a check reads a user's table inside PostgreSQL: one read-only cursor through SPI,
//! fetched in batches, each value copied out and freed at once, so memory stays flat however
//! large the table is. The query runs with the caller's privileges.

use pgrx::pg_sys;
use std::ffi::{CStr, CString};
use synth_core::checks::{QueryRunner, QuerySink};
use synth_core::{Date, Error, Value};

const BATCH: std::ffi::c_long = 4096;

/// Days between 1970-01-01 (the core's epoch) and 2000-01-01 (Postgres's).
const PG_EPOCH_OFFSET_DAYS: i32 = 10_957;

pub struct SpiReader;

enum Cell {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(Date),
    Text(String),
}

impl QueryRunner for SpiReader {
    fn run(&mut self, sql: &str, sink: &mut dyn QuerySink) -> synth_core::Result<()> {
        let c_sql = CString::new(sql)
            .map_err(|_| Error::invalid("source", "text without NUL bytes", "a NUL byte"))?;
        pgrx::spi::Spi::connect(|_client| unsafe {
            // Errors raised by Postgres here (no such table, a syntax error, several
            // statements, a data-modifying query) unwind as Postgres errors with their own
            // SQLSTATE.
            let plan = pg_sys::SPI_prepare(c_sql.as_ptr(), 0, std::ptr::null_mut());
            if plan.is_null() {
                return Err(Error::Usage(format!("cannot prepare {sql}")));
            }
            let portal = pg_sys::SPI_cursor_open(
                std::ptr::null(),
                plan,
                std::ptr::null_mut(),
                std::ptr::null(),
                true, // read only
            );
            let mut names_sent = false;
            let mut row: Vec<Cell> = Vec::new();
            loop {
                pg_sys::SPI_cursor_fetch(portal, true, BATCH);
                let tt = pg_sys::SPI_tuptable;
                let n = pg_sys::SPI_processed as usize;
                if tt.is_null() {
                    break;
                }
                let tupdesc = (*tt).tupdesc;
                let natts = (*tupdesc).natts;
                if !names_sent {
                    let names: Vec<String> = (1..=natts)
                        .map(|c| {
                            let p = pg_sys::SPI_fname(tupdesc, c);
                            let s = CStr::from_ptr(p).to_string_lossy().into_owned();
                            pg_sys::pfree(p.cast());
                            s
                        })
                        .collect();
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    sink.columns(&refs)?;
                    names_sent = true;
                }
                for r in 0..n {
                    let tup = *(*tt).vals.add(r);
                    row.clear();
                    for c in 1..=natts {
                        row.push(cell(tup, tupdesc, c));
                    }
                    let vals: Vec<Value<'_>> = row
                        .iter()
                        .map(|c| match c {
                            Cell::Null => Value::Null,
                            Cell::Int(i) => Value::Int(*i),
                            Cell::Float(f) => Value::Float(*f),
                            Cell::Bool(b) => Value::Bool(*b),
                            Cell::Date(d) => Value::Date(*d),
                            Cell::Text(s) => Value::Text(s),
                        })
                        .collect();
                    sink.row(&vals)?;
                }
                pg_sys::SPI_freetuptable(tt);
                if n == 0 {
                    break;
                }
            }
            pg_sys::SPI_cursor_close(portal);
            Ok(())
        })
    }
}

/// Column `c` of a tuple through its type's output function; `None` for NULL.
///
/// # Safety
/// `tup` and `tupdesc` come from the current SPI result, `c` is 1-based and in range.
pub unsafe fn value_text(
    tup: pg_sys::HeapTuple,
    tupdesc: pg_sys::TupleDesc,
    c: i32,
) -> Option<String> {
    unsafe {
        let p = pg_sys::SPI_getvalue(tup, tupdesc, c);
        if p.is_null() {
            return None;
        }
        let s = CStr::from_ptr(p).to_string_lossy().into_owned();
        pg_sys::pfree(p.cast());
        Some(s)
    }
}

/// One value: dates in binary (independent of DateStyle), everything else through its type's
/// output function (numeric keeps its digits, uuid its canonical text).
unsafe fn cell(tup: pg_sys::HeapTuple, tupdesc: pg_sys::TupleDesc, c: i32) -> Cell {
    unsafe {
        let oid = pg_sys::SPI_gettypeid(tupdesc, c);
        if oid == pg_sys::DATEOID {
            let mut isnull = false;
            let d = pg_sys::SPI_getbinval(tup, tupdesc, c, &mut isnull);
            if isnull {
                return Cell::Null;
            }
            let days = d.value() as i32;
            if days == i32::MIN || days == i32::MAX {
                return Cell::Null; // ±infinity: no calendar date
            }
            return Cell::Date(Date(days + PG_EPOCH_OFFSET_DAYS));
        }
        let Some(s) = value_text(tup, tupdesc, c) else {
            return Cell::Null;
        };
        match oid {
            pg_sys::INT2OID | pg_sys::INT4OID | pg_sys::INT8OID => {
                s.parse().map(Cell::Int).unwrap_or(Cell::Text(s))
            }
            pg_sys::FLOAT4OID | pg_sys::FLOAT8OID | pg_sys::NUMERICOID => {
                s.parse().map(Cell::Float).unwrap_or(Cell::Text(s))
            }
            pg_sys::BOOLOID => Cell::Bool(s == "t"),
            _ => Cell::Text(s),
        }
    }
}
