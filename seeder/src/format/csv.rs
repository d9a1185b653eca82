//! CSV (RFC 4180) as PostgreSQL's `COPY ... CSV HEADER` and `seeder generate` write it: a
//! header line, `\n` line ends, fields quoted only when needed, NULL as an empty field and an
//! empty string as `""`, money with two decimals, dates as YYYY-MM-DD, booleans true/false.

use super::{Out, Writer};
use crate::types::ColumnInfo;
use std::io::Write;
use synth_core::schema::{write_csv_text, write_value};
use synth_core::{Row, Value};

pub struct CsvWriter {
    out: Out,
    buf: String,
    begun: bool,
}

impl CsvWriter {
    pub fn new(w: Box<dyn Write + Send>) -> CsvWriter {
        CsvWriter {
            out: Out::new(w),
            buf: String::with_capacity(1 << 12),
            begun: false,
        }
    }
}

impl Writer for CsvWriter {
    fn begin(&mut self, _name: &str, cols: &[ColumnInfo]) -> Result<(), String> {
        if self.begun {
            return Err("a csv file holds one query".into());
        }
        self.begun = true;
        self.buf.clear();
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            write_csv_text(&c.name, &mut self.buf);
        }
        self.buf.push('\n');
        self.out.put(self.buf.as_bytes())
    }

    #[inline]
    fn row(&mut self, row: &Row) -> Result<(), String> {
        self.buf.clear();
        for i in 0..row.len() {
            if i > 0 {
                self.buf.push(',');
            }
            match row.get(i) {
                Value::Text(s) => write_csv_text(s, &mut self.buf),
                v => write_value(v, &mut self.buf),
            }
        }
        self.buf.push('\n');
        self.out.put(self.buf.as_bytes())
    }

    fn end(&mut self) -> Result<(), String> {
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.out.flush()
    }
}
