//! Output formats, one file each. A [`Writer`] receives one or more result sets (one per
//! `--query`), each as `begin`, rows, `end`, and then `finish` once.

pub mod csv;
pub mod json;
pub mod parquet;
pub mod sql;
pub mod sqlite;
pub mod xlsx;

use crate::pipeline::Progress;
use crate::safety::Dialect;
use crate::types::ColumnInfo;
use std::io::Write;
use std::path::Path;
use synth_core::Row;

pub trait Writer {
    /// Starts result set `name` with these columns.
    fn begin(&mut self, name: &str, cols: &[ColumnInfo]) -> Result<(), String>;
    fn row(&mut self, row: &Row) -> Result<(), String>;
    /// Ends the current result set.
    fn end(&mut self) -> Result<(), String>;
    /// Completes the file (flushes, closes, writes the workbook).
    fn finish(self: Box<Self>) -> Result<(), String>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
    Ndjson,
    Parquet,
    Sql,
    Sqlite,
}

pub const NAMES: &str = "xlsx, csv, json, ndjson, parquet, sql, sqlite";

impl Format {
    pub fn parse(s: &str) -> Result<Format, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "xlsx" | "excel" => Format::Xlsx,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "ndjson" | "jsonl" => Format::Ndjson,
            "parquet" | "pq" => Format::Parquet,
            "sql" => Format::Sql,
            "sqlite" | "sqlite3" | "db" => Format::Sqlite,
            _ => return Err(format!("unknown format {s:?} (known: {NAMES})")),
        })
    }

    /// From the output's extension.
    pub fn from_path(p: &Path) -> Result<Format, String> {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .ok_or_else(|| {
                format!(
                    "cannot tell the format of {} from its name; pass --format ({NAMES})",
                    p.display()
                )
            })?;
        Format::parse(&ext).map_err(|_| {
            format!(
                "unknown format {ext:?} for {}; pass --format ({NAMES})",
                p.display()
            )
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Parquet => "parquet",
            Format::Sql => "sql",
            Format::Sqlite => "sqlite",
        }
    }

    /// Formats whose file holds several result sets.
    pub fn multi(self) -> bool {
        matches!(self, Format::Xlsx | Format::Sql | Format::Sqlite)
    }

    /// Formats that can stream to stdout (`--output -`).
    pub fn text(self) -> bool {
        matches!(
            self,
            Format::Csv | Format::Json | Format::Ndjson | Format::Sql
        )
    }
}

/// A chart of mean `y` by `x`, one series per value of `split` (xlsx only).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub y: String,
    pub x: String,
    pub split: Option<String>,
}

impl ChartSpec {
    pub const DEFAULT: &'static str = "sales:intensity:in_target_bracket";

    /// `Y:X[:SPLIT]`.
    pub fn parse(s: &str) -> Result<ChartSpec, String> {
        let parts: Vec<&str> = s.split(':').map(str::trim).collect();
        match parts.as_slice() {
            [y, x] if !y.is_empty() && !x.is_empty() => Ok(ChartSpec {
                y: y.to_string(),
                x: x.to_string(),
                split: None,
            }),
            [y, x, sp] if !y.is_empty() && !x.is_empty() && !sp.is_empty() => Ok(ChartSpec {
                y: y.to_string(),
                x: x.to_string(),
                split: Some(sp.to_string()),
            }),
            _ => Err(format!(
                "--chart {s:?}: expected Y:X or Y:X:SPLIT, e.g. {}",
                Self::DEFAULT
            )),
        }
    }
}

pub struct Options {
    /// Table name for sql and sqlite output (one query only).
    pub table: Option<String>,
    pub dialect: Dialect,
    pub chart: Option<ChartSpec>,
    pub progress: Progress,
}

/// Opens a writer on `path` (the temporary file), or on stdout when `path` is None.
pub fn create(
    format: Format,
    path: Option<&Path>,
    opts: Options,
) -> Result<Box<dyn Writer>, String> {
    let sink = || -> Result<Box<dyn Write + Send>, String> {
        Ok(match path {
            Some(p) => Box::new(
                std::fs::File::create(p).map_err(|e| format!("creating {}: {e}", p.display()))?,
            ),
            None => Box::new(std::io::stdout()),
        })
    };
    Ok(match format {
        Format::Csv => Box::new(csv::CsvWriter::new(sink()?)),
        Format::Json => Box::new(json::JsonWriter::new(sink()?, false)),
        Format::Ndjson => Box::new(json::JsonWriter::new(sink()?, true)),
        Format::Sql => Box::new(sql::SqlWriter::new(sink()?, opts.dialect, opts.table)),
        Format::Parquet => Box::new(parquet::ParquetWriter::new(sink()?)),
        Format::Sqlite => Box::new(sqlite::SqliteWriter::new(
            path.ok_or("sqlite output needs a file")?,
            opts.table,
        )?),
        Format::Xlsx => Box::new(xlsx::XlsxWriter::new(
            path.ok_or("xlsx output needs a file")?,
            opts.chart,
            opts.progress,
        )?),
    })
}

/// Buffered output that reports write errors with context.
pub struct Out {
    w: std::io::BufWriter<Box<dyn Write + Send>>,
}

impl Out {
    pub fn new(w: Box<dyn Write + Send>) -> Out {
        Out {
            w: std::io::BufWriter::with_capacity(1 << 17, w),
        }
    }

    #[inline]
    pub fn put(&mut self, s: &[u8]) -> Result<(), String> {
        self.w.write_all(s).map_err(io_err)
    }

    pub fn flush(&mut self) -> Result<(), String> {
        self.w.flush().map_err(io_err)
    }
}

/// The reader of stdout went away (`seeder export ... -o - | head`): not an error.
pub const BROKEN_PIPE: &str = "output closed (broken pipe)";

fn io_err(e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        BROKEN_PIPE.into()
    } else {
        format!("writing output: {e}")
    }
}

/// Float text as the core writes it (shortest round-trip, an exponent only below 1e-4 or from
/// 1e16; the non-finite values as PostgreSQL spells them, `Infinity`, `-Infinity`, `NaN`).
#[inline]
pub fn write_float(f: f64, out: &mut String) {
    synth_core::schema::write_value(synth_core::Value::Float(f), out);
}

pub use synth_core::schema::non_finite;
