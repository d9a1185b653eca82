//! seeder: the synth command line.

mod demo;
mod engine;
mod export;
mod format;
mod output;
mod pipeline;
mod quality;
mod report;
mod safety;
mod types;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use synth_core::{Arg, Slice};

#[derive(Parser)]
#[command(
    name = "seeder",
    version,
    about = "Realistic, seeded synthetic data: generate and export"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write rows [first, first+count) of a table as CSV (with its header) to stdout.
    Generate {
        /// Table name, e.g. `customers`.
        table: String,
        /// Rows of the full table (n).
        #[arg(long)]
        rows: i64,
        #[arg(long, default_value_t = 42)]
        seed: i64,
        /// First output row of the slice (0-based).
        #[arg(long, default_value_t = 0)]
        first: i64,
        /// Rows in the slice (default: to the end).
        #[arg(long)]
        count: Option<i64>,
        /// Shard `i/K`: the i-th of K equal slices (overrides --first/--count).
        #[arg(long)]
        shard: Option<String>,
    },
    /// List the tables and their columns.
    Tables,
    /// Run SQL and write the result to a file: xlsx, csv, json, ndjson, parquet, sql, sqlite.
    ///
    /// Queries run on an embedded SQLite with every synth function registered, unless --db
    /// names a SQLite file or a PostgreSQL server (with the synth extension installed).
    /// Queries must be read-only unless --allow-write.
    #[command(after_help = "Examples:\n  \
        seeder export -q 'SELECT * FROM synth_customers(10000, 42)' -o customers.xlsx\n  \
        seeder export -q 'synth_customers(1000000, 7)' -o customers.parquet\n  \
        seeder export -q 'young=SELECT * FROM synth_customers(1000, 1) WHERE age < 30' \\\n    \
        -q 'old=SELECT * FROM synth_customers(1000, 1) WHERE age >= 60' -o ages.xlsx\n  \
        seeder export -q 'SELECT * FROM synth_customers(100, 42)' -o - --format sql --dialect postgres --table customers")]
    Export(export::ExportArgs),
    /// Check a table or query against the rules of a customers, people or sales table.
    ///
    /// One line per rule (PASS/FAIL, observed, expected); exit status 1 when a rule fails.
    #[command(after_help = "Examples:\n  \
        seeder check -q customers --db sqlite:demo-out/customers.db --missing-gender 0.1\n  \
        seeder check -q 'SELECT * FROM synth_people(5000, 7)'\n  \
        seeder check -q public.sales --kind sales --db postgres://localhost/app")]
    Check(quality::CheckArgs),
    /// Write an exploratory report of query results: one self-contained HTML file with
    /// statistics, SVG plots and the checks, or the same statistics as JSON.
    Report(quality::ReportArgs),
    /// Write the seed's deliverables: DIR/customers.db, DIR/sales.xlsx and a summary.
    Demo {
        /// Directory for the files (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        #[arg(long, default_value_t = 42)]
        seed: i64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seeder: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.cmd {
        Cmd::Export(args) => export::export(&args).map(|_| ()),
        Cmd::Check(args) => quality::check(&args),
        Cmd::Report(args) => quality::report(&args).map(|_| ()),
        Cmd::Demo { out, force, seed } => demo::demo(&out, force, seed),
        Cmd::Tables => {
            for t in synth_core::TABLES {
                let cols: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
                println!("{} ({}): {}", t.name, t.function, cols.join(", "));
            }
            Ok(())
        }
        Cmd::Generate {
            table,
            rows,
            seed,
            first,
            count,
            shard,
        } => {
            let def = synth_core::find(&table).ok_or_else(|| {
                let names: Vec<&str> = synth_core::TABLES.iter().map(|t| t.name).collect();
                format!("unknown table {table:?}; known: {}", names.join(", "))
            })?;
            // Open once to learn the full size, then slice it.
            let (first, count) = match shard {
                Some(s) => {
                    let total = def
                        .open_args(&[Arg::Int(rows), Arg::Int(seed)])
                        .map_err(|e| e.to_string())?
                        .remaining();
                    let slice = shard_slice(&s, total)?;
                    (slice.first as i64, Some(slice.count as i64))
                }
                None => (first, count),
            };
            let mut args = vec![Arg::Int(rows), Arg::Int(seed)];
            args.resize(def.params.len(), Arg::Absent);
            let n = def.params.len();
            args[n - 2] = Arg::Int(first);
            args[n - 1] = count.map_or(Arg::Null, Arg::Int);
            let mut src = def.open_args(&args).map_err(|e| e.to_string())?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            match synth_core::write_csv(def.columns, src.as_mut(), &mut out)
                .and_then(|_| out.flush())
            {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(format!("writing stdout: {e}")),
            }
        }
    }
}

/// `i/K` → the i-th of K contiguous slices of `total` rows.
fn shard_slice(s: &str, total: u64) -> Result<Slice, String> {
    let bad = || format!("--shard must be i/K with 0 <= i < K, got {s:?}");
    let (i, k) = s.split_once('/').ok_or_else(bad)?;
    let (i, k): (u64, u64) = (
        i.trim().parse().map_err(|_| bad())?,
        k.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || i >= k {
        return Err(bad());
    }
    let at = |x: u64| ((x as u128 * total as u128) / k as u128) as u64;
    Ok(Slice {
        first: at(i),
        count: at(i + 1) - at(i),
    })
}
