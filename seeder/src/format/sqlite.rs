//! SQLite output: one table per query in a new database file. Declared types keep the
//! logical types readable: INTEGER, REAL (money and floats), TEXT, DATE ('YYYY-MM-DD' text)
//! and BOOLEAN (0/1). The file is built under the temporary name with the journal off (the
//! rename is what makes it appear whole) and one transaction per table.

use super::sql::{quote_ident, sql_type};
use super::Writer;
use crate::safety::Dialect;
use crate::types::ColumnInfo;
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::Connection;
use std::path::Path;
use synth_core::{Row, Value};

pub struct SqliteWriter {
    conn: Connection,
    table: Option<String>,
    insert: String,
    names: Vec<String>,
    date: String,
}

fn err(e: rusqlite::Error) -> String {
    format!("writing sqlite output: {e}")
}

impl SqliteWriter {
    pub fn new(path: &Path, table: Option<String>) -> Result<SqliteWriter, String> {
        let conn = Connection::open(path).map_err(err)?;
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(err)?;
        Ok(SqliteWriter {
            conn,
            table,
            insert: String::new(),
            names: Vec::new(),
            date: String::new(),
        })
    }
}

impl Writer for SqliteWriter {
    fn begin(&mut self, name: &str, cols: &[ColumnInfo]) -> Result<(), String> {
        let table = self.table.clone().unwrap_or_else(|| name.to_string());
        if self.names.iter().any(|n| n.eq_ignore_ascii_case(&table)) {
            return Err(format!(
                "two queries write table {table:?}; name them with --query NAME=SQL"
            ));
        }
        self.names.push(table.clone());
        let mut create = String::from("CREATE TABLE ");
        quote_ident(&table, &mut create);
        create.push_str(" (");
        let mut ins = String::from("INSERT INTO ");
        quote_ident(&table, &mut ins);
        ins.push_str(" VALUES (");
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                create.push_str(", ");
                ins.push_str(", ");
            }
            quote_ident(&c.name, &mut create);
            create.push(' ');
            create.push_str(sql_type(c.ty, Dialect::Sqlite));
            ins.push('?');
        }
        create.push(')');
        ins.push(')');
        self.conn
            .execute_batch(&format!("BEGIN; {create};"))
            .map_err(err)?;
        self.insert = ins;
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), String> {
        let mut stmt = self.conn.prepare_cached(&self.insert).map_err(err)?;
        for i in 0..row.len() {
            let v = match row.get(i) {
                Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
                Value::Int(v) => ToSqlOutput::Owned(SqlValue::Integer(v)),
                Value::Money(c) => ToSqlOutput::Owned(SqlValue::Real(c as f64 / 100.0)),
                Value::Float(f) => ToSqlOutput::Owned(SqlValue::Real(f)),
                Value::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(b as i64)),
                Value::Date(d) => {
                    self.date.clear();
                    d.write(&mut self.date);
                    ToSqlOutput::Owned(SqlValue::Text(self.date.clone()))
                }
                Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            };
            stmt.raw_bind_parameter(i + 1, v).map_err(err)?;
        }
        stmt.raw_execute().map_err(err)?;
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.conn.execute_batch("COMMIT").map_err(err)
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        self.conn.close().map_err(|(_, e)| err(e))
    }
}
