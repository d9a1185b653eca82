//! JSON: an array of objects (`json`) or one object per line (`ndjson`). Keys are the column
//! names; NULL is `null`, money a number with two decimals, dates "YYYY-MM-DD", booleans
//! true/false, non-finite floats `null`.

use super::{write_float, Out, Writer};
use crate::types::ColumnInfo;
use std::io::Write;
use synth_core::schema::{write_i64, write_money};
use synth_core::{Row, Value};

pub struct JsonWriter {
    out: Out,
    lines: bool,
    /// `"name":` for each column, escaped once.
    keys: Vec<String>,
    buf: String,
    rows: u64,
    begun: bool,
}

impl JsonWriter {
    pub fn new(w: Box<dyn Write + Send>, lines: bool) -> JsonWriter {
        JsonWriter {
            out: Out::new(w),
            lines,
            keys: Vec::new(),
            buf: String::with_capacity(1 << 12),
            rows: 0,
            begun: false,
        }
    }
}

fn json_str(s: &str, out: &mut String) {
    // serde_json's escaping, appended in place.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

#[inline]
fn json_text(s: &str, out: &mut String) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        json_str(s, out);
    }
}

impl Writer for JsonWriter {
    fn begin(&mut self, _name: &str, cols: &[ColumnInfo]) -> Result<(), String> {
        if self.begun {
            return Err(format!(
                "a {} file holds one query",
                if self.lines { "ndjson" } else { "json" }
            ));
        }
        self.begun = true;
        self.keys = cols
            .iter()
            .map(|c| {
                let mut k = String::new();
                json_str(&c.name, &mut k);
                k.push(':');
                k
            })
            .collect();
        if !self.lines {
            self.out.put(b"[")?;
        }
        Ok(())
    }

    #[inline]
    fn row(&mut self, row: &Row) -> Result<(), String> {
        let b = &mut self.buf;
        b.clear();
        if !self.lines {
            b.push_str(if self.rows == 0 { "\n" } else { ",\n" });
        }
        b.push('{');
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                b.push(',');
            }
            b.push_str(key);
            match row.get(i) {
                Value::Null => b.push_str("null"),
                Value::Int(v) => write_i64(v, b),
                Value::Money(c) => write_money(c, b),
                Value::Float(f) if f.is_finite() => write_float(f, b),
                Value::Float(_) => b.push_str("null"),
                Value::Bool(v) => b.push_str(if v { "true" } else { "false" }),
                Value::Date(d) => {
                    b.push('"');
                    d.write(b);
                    b.push('"');
                }
                Value::Text(s) => json_text(s, b),
            }
        }
        b.push('}');
        if self.lines {
            b.push('\n');
        }
        self.rows += 1;
        self.out.put(self.buf.as_bytes())
    }

    fn end(&mut self) -> Result<(), String> {
        if !self.lines {
            self.out
                .put(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.out.flush()
    }
}
