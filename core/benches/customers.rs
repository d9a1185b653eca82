//! `cargo bench -p synth-core --bench customers`: customers generated per second on one core,
//! every column formatted as CSV text (what the seeder writes), median of 7 runs.
//! `SYNTH_BENCH_NO_CSV=1`: generation only (what the database adapters pay).

use std::time::Instant;
use synth_core::schema::write_csv_row;
use synth_core::tables::customers::{Customers, CustomersOpts};
use synth_core::{Row, RowSource, Slice};

fn run(n: u64, seed: i64) -> (f64, usize) {
    let t = Customers::new(CustomersOpts::new(n, seed)).unwrap();
    let mut c = t.cursor(Slice::ALL);
    let mut row = Row::new();
    let mut buf = String::with_capacity(1 << 20);
    let mut bytes = 0;
    let csv = std::env::var_os("SYNTH_BENCH_NO_CSV").is_none();
    let start = Instant::now();
    while c.next_row(&mut row) {
        if csv {
            write_csv_row(&row, &mut buf);
        }
        if buf.len() > 1 << 19 {
            bytes += buf.len();
            buf.clear();
        }
    }
    bytes += buf.len();
    (start.elapsed().as_secs_f64(), bytes)
}

fn main() {
    let n: u64 = std::env::var("SYNTH_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let _ = synth_core::data::data(); // parse the embedded tables once, outside the timing
    let mut rates = Vec::new();
    for seed in 0..7 {
        let (secs, bytes) = run(n, seed);
        rates.push(n as f64 / secs);
        eprintln!(
            "run {seed}: {:.0} rows/s ({:.1} MB of CSV)",
            n as f64 / secs,
            bytes as f64 / 1e6
        );
    }
    rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "customers: median {:.0} rows/s on one core (n = {n}, 7 runs, all 16 columns as CSV)",
        rates[3]
    );
}
