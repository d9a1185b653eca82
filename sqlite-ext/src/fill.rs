//! `synth_fill(table, n [, seed])`: fills a table of the current database with `n` realistic,
//! constraint-valid rows and returns `n`.
//!
//! The schema is read from the database's own CREATE TABLE and CREATE INDEX statements
//! (`sqlite_master`) with synth's DDL reader; foreign keys pick among the rows their parent
//! tables hold; rows already in the table come first (see `synth_ddl::indb`). Everything runs
//! in one savepoint: an error leaves the database as it was.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use synth_ddl::indb::{fill_table, Db};
use synth_ddl::{quoted_ident, read_ddl, SqlDialect};

/// A connection as the in-database fill reads and writes it.
pub struct SqliteDb<'a>(pub &'a Connection);

fn text(e: rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m,
        e => e.to_string(),
    }
}

impl Db for SqliteDb<'_> {
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
        let mut st = self.0.prepare(sql).map_err(text)?;
        let n = st.column_count();
        let mut rows = st.query([]).map_err(text)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(text)? {
            let mut v = Vec::with_capacity(n);
            for i in 0..n {
                v.push(match r.get_ref(i).map_err(text)? {
                    ValueRef::Null => None,
                    ValueRef::Integer(i) => Some(i.to_string()),
                    ValueRef::Real(f) => Some(f.to_string()),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Some(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            out.push(v);
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.0.execute_batch(sql).map_err(text)
    }
}

/// Fills `table` on `conn` with `n` rows of seed `seed`, in one savepoint.
pub fn fill(conn: &Connection, table: &str, n: i64, seed: i64) -> Result<u64, String> {
    // `main.users` names the main database's table (the only one filled), unless a table is
    // called `main.users` itself.
    let exists = |name: &str| {
        conn.query_row(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
            [name],
            |_| Ok(()),
        )
        .is_ok()
    };
    let table = match table.split_once('.') {
        Some((db, t)) if db.eq_ignore_ascii_case("main") && !exists(table) => t,
        _ => table,
    };
    if table.to_ascii_lowercase().starts_with("sqlite_") {
        return Err(format!("{table} is one of SQLite's internal tables"));
    }
    let ddl_sql: Vec<String> = {
        let mut st = conn
            .prepare(
                "SELECT sql FROM main.sqlite_master WHERE type IN ('table', 'index')
                   AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
            )
            .map_err(text)?;
        let v = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(text)?
            .collect::<Result<_, _>>()
            .map_err(text)?;
        v
    };
    let kind: Option<String> = conn
        .query_row(
            "SELECT type FROM main.sqlite_master WHERE name = ?1 COLLATE NOCASE",
            [table],
            |r| r.get(0),
        )
        .ok();
    if kind.as_deref().is_some_and(|k| k != "table") {
        return Err(format!("{table} is not a table"));
    }
    if ddl_sql.is_empty() {
        return Err(format!(
            "there is no table {table}: the database has no tables"
        ));
    }
    let ddl = read_ddl(
        &[("the database schema".to_string(), ddl_sql.join(";\n") + ";")],
        SqlDialect::Sqlite,
    )?;
    conn.execute_batch("SAVEPOINT synth_fill").map_err(text)?;
    let r = fill_table(
        &mut SqliteDb(conn),
        &ddl,
        SqlDialect::Sqlite,
        &quoted_ident,
        table,
        n,
        seed,
    );
    let end = match r {
        Ok(_) => "RELEASE synth_fill",
        Err(_) => "ROLLBACK TO synth_fill; RELEASE synth_fill",
    };
    conn.execute_batch(end).map_err(text)?;
    r
}
