//! SQL: `CREATE TABLE IF NOT EXISTS` and batched multi-row `INSERT` statements in one
//! transaction, quoted for PostgreSQL or SQLite. Identifiers are double-quoted (embedded `"`
//! doubled), strings single-quoted (embedded `'` doubled); dates are quoted 'YYYY-MM-DD',
//! money is a plain decimal with two places, booleans TRUE/FALSE (postgres) or 1/0 (sqlite).

use super::{write_float, Out, Writer};
use crate::safety::Dialect;
use crate::types::ColumnInfo;
use std::io::Write;
use synth_core::schema::{write_i64, write_money};
use synth_core::{LType, Row, Value};

/// Rows per INSERT statement.
pub const BATCH: usize = 500;

pub struct SqlWriter {
    out: Out,
    dialect: Dialect,
    table: Option<String>,
    /// `INSERT INTO "t" ("a", "b") VALUES` for the current result set.
    insert: String,
    in_batch: usize,
    buf: String,
    started: bool,
    names: Vec<String>,
}

pub use synth_ddl::{quote_ident, quote_str};

pub fn sql_type(t: LType, d: Dialect) -> &'static str {
    match (d, t) {
        (Dialect::Postgres, LType::Int64) => "bigint",
        (Dialect::Postgres, LType::Int32) => "integer",
        (Dialect::Postgres, LType::Int16) => "smallint",
        (Dialect::Postgres, LType::Text) => "text",
        (Dialect::Postgres, LType::Date) => "date",
        (Dialect::Postgres, LType::Money) => "numeric(18,2)",
        (Dialect::Postgres, LType::Float64) => "double precision",
        (Dialect::Postgres, LType::Bool) => "boolean",
        (Dialect::Postgres, LType::Json) => "jsonb",
        (Dialect::Sqlite, LType::Int64 | LType::Int32 | LType::Int16) => "INTEGER",
        (Dialect::Sqlite, LType::Text | LType::Json) => "TEXT",
        (Dialect::Sqlite, LType::Date) => "DATE",
        (Dialect::Sqlite, LType::Money | LType::Float64) => "REAL",
        (Dialect::Sqlite, LType::Bool) => "BOOLEAN",
    }
}

impl SqlWriter {
    pub fn new(w: Box<dyn Write + Send>, dialect: Dialect, table: Option<String>) -> SqlWriter {
        SqlWriter {
            out: Out::new(w),
            dialect,
            table,
            insert: String::new(),
            in_batch: 0,
            buf: String::with_capacity(1 << 12),
            started: false,
            names: Vec::new(),
        }
    }

    fn close_batch(&mut self) -> Result<(), String> {
        if self.in_batch > 0 {
            self.in_batch = 0;
            self.out.put(b";\n")?;
        }
        Ok(())
    }
}

impl Writer for SqlWriter {
    fn begin(&mut self, name: &str, cols: &[ColumnInfo]) -> Result<(), String> {
        let table = self.table.clone().unwrap_or_else(|| name.to_string());
        if self.names.iter().any(|n| n.eq_ignore_ascii_case(&table)) {
            return Err(format!(
                "two queries write table {table:?}; name them with --query NAME=SQL"
            ));
        }
        self.names.push(table.clone());
        let b = &mut self.buf;
        b.clear();
        if !self.started {
            b.push_str(&format!(
                "-- seeder {}: INSERT statements for {}\nBEGIN;\n",
                synth_core::VERSION,
                self.dialect.name()
            ));
            self.started = true;
        }
        b.push_str("CREATE TABLE IF NOT EXISTS ");
        quote_ident(&table, b);
        b.push_str(" (");
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                b.push_str(", ");
            }
            quote_ident(&c.name, b);
            b.push(' ');
            b.push_str(sql_type(c.ty, self.dialect));
        }
        b.push_str(");\n");
        self.out.put(self.buf.as_bytes())?;
        let mut ins = String::from("INSERT INTO ");
        quote_ident(&table, &mut ins);
        ins.push_str(" (");
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                ins.push_str(", ");
            }
            quote_ident(&c.name, &mut ins);
        }
        ins.push_str(") VALUES\n");
        self.insert = ins;
        self.in_batch = 0;
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), String> {
        let b = &mut self.buf;
        b.clear();
        if self.in_batch == 0 {
            b.push_str(&self.insert);
        } else {
            b.push_str(",\n");
        }
        b.push('(');
        for i in 0..row.len() {
            if i > 0 {
                b.push_str(", ");
            }
            match row.get(i) {
                Value::Null => b.push_str("NULL"),
                Value::Int(v) => write_i64(v, b),
                Value::Money(c) => write_money(c, b),
                Value::Float(f) if f.is_finite() => write_float(f, b),
                Value::Float(f) => match self.dialect {
                    Dialect::Postgres => {
                        b.push('\'');
                        b.push_str(super::non_finite(f));
                        b.push('\'');
                    }
                    Dialect::Sqlite => b.push_str(if f.is_nan() {
                        "NULL"
                    } else if f > 0.0 {
                        "9e999"
                    } else {
                        "-9e999"
                    }),
                },
                Value::Bool(v) => b.push_str(match (self.dialect, v) {
                    (Dialect::Postgres, true) => "TRUE",
                    (Dialect::Postgres, false) => "FALSE",
                    (Dialect::Sqlite, true) => "1",
                    (Dialect::Sqlite, false) => "0",
                }),
                Value::Date(d) => {
                    b.push('\'');
                    match self.dialect {
                        Dialect::Postgres => d.write_pg(b),
                        Dialect::Sqlite => d.write(b),
                    }
                    b.push('\'');
                }
                Value::Text(s) => quote_str(s, b),
            }
        }
        b.push(')');
        self.out.put(self.buf.as_bytes())?;
        self.in_batch += 1;
        if self.in_batch == BATCH {
            self.close_batch()?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.close_batch()
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        if self.started {
            self.out.put(b"COMMIT;\n")?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let mut s = String::new();
        quote_ident("we\"ird", &mut s);
        s.push(' ');
        quote_str("O'Brien", &mut s);
        assert_eq!(s, "\"we\"\"ird\" 'O''Brien'");
    }
}
