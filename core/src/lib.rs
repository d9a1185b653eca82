//! synth-core: realistic, seeded synthetic data, row-addressable and streaming.
//!
//! Row `i` of a table is a pure function of `(seed, table, i)` and, where a population-level
//! property needs it, of `n` (see `DESIGN.md`). The engine adapters (Postgres, SQLite, the
//! seeder) read tables through [`tables::TABLES`] and stream [`schema::Row`]s.

pub mod ahead;
pub mod alias;
pub mod checks;
pub mod data;
pub mod date;
pub mod error;
pub mod fields;
pub mod fill;
pub mod healthdata;
pub mod pareto;
pub mod popdata;
pub mod rng;
pub mod schema;
pub mod tables;

pub use date::Date;
pub use error::{Error, Result};
pub use schema::{Arg, Column, LType, Row, Value};
pub use tables::{find, Open, RowSource, Slice, TableDef, TABLES};

/// The library version, as `synth_version()` reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Writes a whole stream as CSV (header first) to `out`, flushing every 64 KiB.
pub fn write_csv(
    columns: &[Column],
    src: &mut dyn RowSource,
    out: &mut dyn std::io::Write,
) -> std::io::Result<u64> {
    let mut buf = String::with_capacity(1 << 17);
    schema::write_csv_header(columns, &mut buf);
    let mut row = Row::new();
    let mut rows = 0u64;
    while src.next_row(&mut row) {
        schema::write_csv_row(&row, &mut buf);
        rows += 1;
        if buf.len() >= 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())?;
    Ok(rows)
}
