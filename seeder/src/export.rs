//! `seeder export`: run queries on an engine and write their results to one file.

use crate::engine::{self, Engine};
use crate::format::{self, ChartSpec, Format, Options};
use crate::output::Output;
use crate::pipeline::{self, Progress};
use crate::safety::{self, Dialect, Parsed};
use std::path::PathBuf;

/// The `export` command's arguments (also built by `demo`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ExportArgs {
    /// SQL to run, or NAME=SQL to name its sheet/table. Repeat for several sheets (xlsx)
    /// or tables (sql, sqlite). A bare `synth_customers(100, 42)` means SELECT * FROM it.
    #[arg(
        long = "query",
        short = 'q',
        required = true,
        value_name = "SQL|NAME=SQL"
    )]
    pub queries: Vec<String>,
    /// Output file (`-`: stdout, for csv, json, ndjson and sql).
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// xlsx, csv, json, ndjson, parquet, sql or sqlite (default: from the output's extension).
    #[arg(long, short = 'f')]
    pub format: Option<String>,
    /// sqlite:PATH or postgres://user@host/db (default: an in-memory SQLite).
    #[arg(long)]
    pub db: Option<String>,
    /// Overwrite the output if it exists.
    #[arg(long)]
    pub force: bool,
    /// Allow queries that write (INSERT, CREATE, ...).
    #[arg(long)]
    pub allow_write: bool,
    /// Table name for sql and sqlite output (default: the query's name).
    #[arg(long)]
    pub table: Option<String>,
    /// SQL dialect for sql output: postgres or sqlite (default: the engine's).
    #[arg(long)]
    pub dialect: Option<String>,
    /// xlsx: a chart of mean Y by X, one line per SPLIT value.
    #[arg(long, value_name = "Y:X[:SPLIT]", num_args = 0..=1,
          default_missing_value = crate::format::ChartSpec::DEFAULT)]
    pub chart: Option<String>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// One query to run.
pub(crate) struct Job {
    /// `NAME` from `NAME=SQL`.
    pub explicit: Option<String>,
    pub sql: String,
    /// Its result set's name (sheet, table).
    pub name: String,
}

/// Splits `NAME=SQL`; a name is a word of letters, digits, `_`, `-` or `.` right before `=`.
fn split_named(q: &str) -> (Option<String>, String) {
    if let Some((name, sql)) = q.split_once('=') {
        let ok = !name.is_empty()
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if ok && !sql.trim().is_empty() {
            return (Some(name.to_string()), sql.to_string());
        }
    }
    (None, q.to_string())
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    match s.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
        "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
        _ => Err(format!("unknown --dialect {s:?} (known: postgres, sqlite)")),
    }
}

/// What an export wrote: (result set name, rows) per query.
pub type Written = Vec<(String, u64)>;

pub fn export(a: &ExportArgs) -> Result<Written, String> {
    let to_stdout = a.output.as_os_str() == "-";
    let format = match (&a.format, to_stdout) {
        (Some(f), _) => Format::parse(f)?,
        (None, true) => return Err(format!("--output - needs --format ({})", format::NAMES)),
        (None, false) => Format::from_path(&a.output)?,
    };
    if to_stdout && !format.text() {
        return Err(format!(
            "{} output cannot go to stdout; name a file with --output",
            format.name()
        ));
    }
    if a.queries.is_empty() {
        return Err("give at least one --query".into());
    }
    if a.queries.len() > 1 && !format.multi() {
        return Err(format!(
            "a {} file holds one query, {} given (xlsx, sql and sqlite hold several)",
            format.name(),
            a.queries.len()
        ));
    }
    if a.table.is_some() && !matches!(format, Format::Sql | Format::Sqlite) {
        return Err("--table applies to sql and sqlite output".into());
    }
    if a.table.is_some() && a.queries.len() > 1 {
        return Err(
            "--table names the table of a single query; with several, use --query NAME=SQL".into(),
        );
    }
    if a.dialect.is_some() && format != Format::Sql {
        return Err("--dialect applies to sql output".into());
    }
    let chart = match &a.chart {
        Some(_) if format != Format::Xlsx => return Err("--chart applies to xlsx output".into()),
        Some(s) => Some(ChartSpec::parse(s)?),
        None => None,
    };

    let dialect = a.dialect.as_deref().map(parse_dialect).transpose()?;

    // Refuse an existing output before touching any database.
    let out = if to_stdout {
        None
    } else {
        Some(Output::new(&a.output, a.force)?)
    };
    let mut engine = engine::open(a.db.as_deref(), a.allow_write)?;

    let jobs = plan(&a.queries, engine.as_mut(), a.allow_write)?;
    let dialect = dialect.unwrap_or(engine.dialect());
    let progress = Progress::new(a.quiet);
    let mut writer = format::create(
        format,
        out.as_ref().map(|o| o.tmp()),
        Options {
            table: a.table.clone(),
            dialect,
            chart,
            progress: progress.clone(),
        },
    )
    .map_err(|e| format!("{}: {e}", a.output.display()))?;
    let many = jobs.len() > 1;
    let mut written = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let n = match pipeline::run(
            engine.as_mut(),
            &job.sql,
            a.allow_write,
            &job.name,
            writer.as_mut(),
            &progress,
        ) {
            Ok(n) => n,
            Err(e) if to_stdout && e == format::BROKEN_PIPE => {
                progress.finish();
                return Ok(written);
            }
            Err(e) => {
                progress.finish();
                return Err(label(job, i, many, &e));
            }
        };
        written.push((job.name.clone(), n));
    }
    progress.saving(&a.output.display().to_string());
    match writer.finish() {
        Err(e) if to_stdout && e == format::BROKEN_PIPE => {}
        r => r.inspect_err(|_| progress.finish())?,
    }
    progress.finish();
    if let Some(o) = out {
        o.commit()?;
    }
    Ok(written)
}

fn label(job: &Job, i: usize, many: bool, e: &str) -> String {
    match (&job.explicit, many) {
        (Some(n), _) => format!("query {n}: {e}"),
        (None, true) => format!("query {}: {e}", i + 1),
        (None, false) => e.to_string(),
    }
}

/// Parses and checks every query before anything runs, and names the result sets.
pub(crate) fn plan(
    queries: &[String],
    engine: &mut dyn Engine,
    allow_write: bool,
) -> Result<Vec<Job>, String> {
    let many = queries.len() > 1;
    let mut jobs: Vec<Job> = Vec::new();
    for (i, q) in queries.iter().enumerate() {
        let (explicit, sql) = split_named(q);
        let sql = safety::expand_shorthand(&sql);
        let mut job = Job {
            explicit,
            sql,
            name: String::new(),
        };
        let relation = match safety::classify(&job.sql, engine.dialect()) {
            Parsed::ReadOnly { relation } => relation,
            Parsed::Write { what, relation } => {
                if !allow_write {
                    return Err(label(
                        &job,
                        i,
                        many,
                        &format!(
                            "refusing to run {what}: seeder runs read-only queries (SELECT, WITH ... SELECT, VALUES) unless --allow-write"
                        ),
                    ));
                }
                relation
            }
            Parsed::NotOne(msg) => return Err(label(&job, i, many, &msg)),
            Parsed::Unparsed(msg) => {
                // SQL the parser cannot read: the engine decides. Bad SQL gets the engine's
                // message; a SELECT/WITH/VALUES the engine vouches for as read-only runs (and
                // Postgres runs it READ ONLY anyway); anything else needs --allow-write.
                let vouched = engine
                    .check(&job.sql)
                    .map_err(|e| label(&job, i, many, &e))?;
                let query_like = matches!(
                    safety::first_keyword(&job.sql).as_str(),
                    "SELECT" | "WITH" | "VALUES"
                );
                if !(allow_write || (vouched && query_like)) {
                    return Err(label(
                        &job,
                        i,
                        many,
                        &format!(
                            "cannot check that the query is read-only (SQL parser: {msg}); pass --allow-write to run it anyway"
                        ),
                    ));
                }
                None
            }
        };
        let base = job.explicit.clone().or(relation).unwrap_or_else(|| {
            if many {
                format!("query{}", i + 1)
            } else {
                "query".into()
            }
        });
        let mut name = base.clone();
        let mut k = 2;
        while jobs.iter().any(|j| j.name.eq_ignore_ascii_case(&name)) {
            name = format!("{base}_{k}");
            k += 1;
        }
        job.name = name;
        jobs.push(job);
    }
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_queries() {
        assert_eq!(
            split_named("sales=SELECT 1"),
            (Some("sales".into()), "SELECT 1".into())
        );
        assert_eq!(
            split_named("SELECT a=1 FROM t"),
            (None, "SELECT a=1 FROM t".into())
        );
        assert_eq!(split_named("x=  "), (None, "x=  ".into()));
        assert_eq!(
            split_named("by-age=SELECT 1"),
            (Some("by-age".into()), "SELECT 1".into())
        );
    }
}
