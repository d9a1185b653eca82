//! seeder: the synth command line.

mod demo;
mod engine;
mod export;
mod fill;
mod format;
mod generate;
mod interrupt;
mod output;
mod pipeline;
mod quality;
mod report;
mod safety;
mod types;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Write rows [first, first+count) of a table (or shard i/K) as CSV, ndjson or Parquet.
    Generate(generate::GenerateArgs),
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
    /// Fill a schema of your own (from its DDL) with realistic, constraint-valid rows.
    ///
    /// Tables are filled parents first; primary keys, UNIQUE, NOT NULL, foreign keys and
    /// CHECKs hold by construction. Into SQLite in one transaction, or as INSERT statements.
    #[command(after_help = "Examples:\n  \
        seeder fill --schema db/schema.sql --rows users=1000,orders=5000 --seed 42 --db sqlite:test.db\n  \
        seeder fill --schema db/migrations --rows users=100 --per orders.user_id=0..20 --only -o seed.sql --dialect postgres\n  \
        seeder fill --schema schema.sql --rows users=10 --map users.nickname=first_name -o -")]
    Fill(fill::FillArgs),
    /// Write an exploratory report of query results: one self-contained HTML file with
    /// statistics, SVG plots and the checks, or the same statistics as JSON.
    Report(quality::ReportArgs),
    /// Write the seed's deliverables: DIR/customers.db, DIR/sales.xlsx, DIR/report.html and a
    /// summary.
    Demo {
        /// Directory for the files (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        #[arg(long, default_value_t = 42, allow_hyphen_values = true)]
        seed: i64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    interrupt::install();
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
        Cmd::Report(args) => quality::report(&args).map(|sections| {
            // The report is written either way; a failed check is said on stderr.
            let checks = sections.iter().flat_map(|s| &s.checks);
            let failed = checks.clone().filter(|c| !c.passed).count();
            if failed > 0 {
                eprintln!(
                    "seeder: report written; {failed} of {} checks failed (see its check tables)",
                    checks.count()
                );
            }
        }),
        Cmd::Demo { out, force, seed } => demo::demo(&out, force, seed),
        Cmd::Tables => {
            for t in synth_core::TABLES {
                let cols: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
                println!("{} ({}): {}", t.name, t.function, cols.join(", "));
            }
            Ok(())
        }
        Cmd::Generate(args) => generate::generate(&args),
        Cmd::Fill(args) => fill::fill(&args),
    }
}
