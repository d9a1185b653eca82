//! `seeder fill`: parse a user's DDL (PostgreSQL or SQLite dialect) into the core's
//! [`Schema`], compile a [`Plan`] and insert its rows into SQLite in one transaction, or write
//! them as INSERT statements for the dialect.
//!
//! The DDL is split into statements on the tokens (strings, comments, `$$` bodies and trigger
//! bodies stay whole); CREATE TABLE, CREATE [UNIQUE] INDEX, ALTER TABLE ADD COLUMN/CONSTRAINT,
//! CREATE TYPE … AS ENUM, CREATE DOMAIN and DROP TABLE are read, everything else (views,
//! functions, triggers, inserts, comments, grants) is skipped with a note.

use crate::output::Output;
use clap::Args;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use std::io::Write;
use std::path::{Path, PathBuf};
use synth::fill::SqliteDb;
use synth_core::fill::{FillOptions, FillValue, Plan, Rule};
use synth_ddl::indb::{held, Db};
use synth_ddl::{
    insert_head, insert_statements, quote_ident, quoted_ident, read_ddl, Ddl, SqlDialect,
};

#[derive(Args, Debug, Clone)]
pub struct FillArgs {
    /// DDL file, or a folder of migrations (*.sql, applied in name order). Repeatable, in order.
    #[arg(long, required = true)]
    schema: Vec<PathBuf>,
    /// Row counts: users=1000,orders=5000 (repeatable). Other tables get 100 rows, or none with --only.
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    rows: Vec<String>,
    /// Any 64-bit integer (default: the --config file's, else 42).
    #[arg(long, allow_hyphen_values = true)]
    seed: Option<i64>,
    /// A TOML file of options: seed, only, [rows], [map.TABLE], [per.TABLE] (see docs/fill.md).
    /// Options on the command line add to it and win over it.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Target database: sqlite:PATH or postgres://... (tables created when absent; one
    /// transaction).
    #[arg(long)]
    db: Option<String>,
    /// Write INSERT statements to FILE (or - for stdout) instead of a database.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// SQL dialect of the DDL and of --output: postgres or sqlite (default: the --db engine's,
    /// else sqlite).
    #[arg(long)]
    dialect: Option<String>,
    /// Override a column's rule: table.column=RULE (e.g. users.nickname=first_name).
    #[arg(long)]
    map: Vec<String>,
    /// Children per parent through a foreign key: table.column=LO..HI (decides that table's count).
    #[arg(long)]
    per: Vec<String>,
    /// Fill only the tables named in --rows (others get 0 rows).
    #[arg(long)]
    only: bool,
    /// Add rows to tables that hold some: new keys and unique values after theirs, foreign keys
    /// of tables not filled pointing at their rows (needs --db).
    #[arg(long)]
    append: bool,
    /// Overwrite an existing --output file.
    #[arg(long)]
    force: bool,
    /// No notes on stderr.
    #[arg(long)]
    quiet: bool,
}

/// The files of `--schema` arguments in order (a folder gives its *.sql files by name).
fn schema_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(a)
                .map_err(|e| format!("{}: {e}", a.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("sql")))
                .collect();
            v.sort();
            if v.is_empty() {
                return Err(format!("{}: the folder has no .sql files", a.display()));
            }
            out.extend(v);
        } else if a.is_file() {
            out.push(a.clone());
        } else {
            return Err(format!("--schema {}: no such file or folder", a.display()));
        }
    }
    Ok(out)
}

/// The `--config` file: the command line's options in TOML.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Config {
    seed: Option<i64>,
    #[serde(default)]
    only: bool,
    #[serde(default)]
    rows: std::collections::BTreeMap<String, i64>,
    /// table → column → rule
    #[serde(default)]
    map: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// table → column → "lo..hi"
    #[serde(default)]
    per: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

/// The command line with the `--config` file's options in front of its own.
fn with_config(a: &FillArgs) -> Result<FillArgs, String> {
    let mut out = a.clone();
    let Some(path) = &a.config else {
        return Ok(out);
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let c: Config = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let line = text[..s.start].matches('\n').count() + 1;
                let col = s.start - text[..s.start].rfind('\n').map_or(0, |p| p + 1) + 1;
                format!(":{line}:{col}")
            })
            .unwrap_or_default();
        format!("{}{at}: {}", path.display(), e.message())
    })?;
    out.seed = a.seed.or(c.seed);
    out.only = a.only || c.only;
    let mut rows: Vec<String> = c.rows.iter().map(|(t, n)| format!("{t}={n}")).collect();
    rows.extend(a.rows.iter().cloned());
    out.rows = rows;
    let pairs =
        |m: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>| {
            m.iter()
                .flat_map(|(t, cols)| cols.iter().map(move |(c, v)| format!("{t}.{c}={v}")))
                .collect::<Vec<String>>()
        };
    // The first rule found for a column applies: the command line's first.
    out.map = a.map.iter().cloned().chain(pairs(&c.map)).collect();
    let cli_per: Vec<&str> = a
        .per
        .iter()
        .filter_map(|p| p.split_once('.'))
        .map(|p| p.0)
        .collect();
    out.per = a
        .per
        .iter()
        .cloned()
        .chain(
            pairs(&c.per)
                .into_iter()
                .filter(|p| !cli_per.iter().any(|t| p.starts_with(&format!("{t}.")))),
        )
        .collect();
    Ok(out)
}

fn parse_options(a: &FillArgs, deferred: bool) -> Result<FillOptions, String> {
    let mut o = FillOptions {
        seed: a.seed.unwrap_or(42),
        only: a.only,
        deferred_fks: deferred,
        ..FillOptions::default()
    };
    for r in &a.rows {
        let r = r.trim();
        if r.is_empty() {
            continue;
        }
        let (t, n) = r
            .split_once('=')
            .ok_or_else(|| format!("--rows {r}: expected TABLE=COUNT"))?;
        let n: i64 = n
            .trim()
            .parse()
            .map_err(|_| format!("--rows {r}: the count is not a whole number"))?;
        o.rows.push((t.trim().to_string(), n));
    }
    for m in &a.map {
        let (tc, rule) = m
            .split_once('=')
            .ok_or_else(|| format!("--map {m}: expected TABLE.COLUMN=RULE"))?;
        let (t, c) = tc
            .rsplit_once('.')
            .ok_or_else(|| format!("--map {m}: expected TABLE.COLUMN=RULE"))?;
        let rule = Rule::parse(rule).ok_or_else(|| {
            format!(
                "--map {m}: unknown rule {rule}; rules: {}",
                Rule::names().join(", ")
            )
        })?;
        o.map.push((t.to_string(), c.to_string(), rule));
    }
    for p in &a.per {
        let bad = || format!("--per {p}: expected TABLE.COLUMN=LO..HI (e.g. orders.user_id=0..20)");
        let (tc, range) = p.split_once('=').ok_or_else(bad)?;
        let (t, c) = tc.rsplit_once('.').ok_or_else(bad)?;
        let (lo, hi) = range.split_once("..").ok_or_else(bad)?;
        let lo: u64 = lo.trim().parse().map_err(|_| bad())?;
        let hi: u64 = hi.trim().parse().map_err(|_| bad())?;
        o.per.push((t.to_string(), c.to_string(), lo, hi));
    }
    Ok(o)
}

/// Runs `seeder fill`.
pub fn fill(a: &FillArgs) -> Result<(), String> {
    let a = &with_config(a)?;
    let dialect = match (a.dialect.as_deref(), a.db.as_deref()) {
        (Some("postgres" | "postgresql" | "pg"), _) => SqlDialect::Postgres,
        (Some("sqlite"), _) => SqlDialect::Sqlite,
        (Some(d), _) => return Err(format!("--dialect {d}: expected postgres or sqlite")),
        (None, Some(db)) if db.starts_with("postgres") => SqlDialect::Postgres,
        _ => SqlDialect::Sqlite,
    };
    let target = match (&a.db, &a.output) {
        (Some(_), Some(_)) => return Err("give either --db or --output, not both".into()),
        (None, None) => return Err("give --db sqlite:PATH or --output FILE".into()),
        (Some(db), None) => {
            if db.starts_with("postgres://") || db.starts_with("postgresql://") {
                if dialect != SqlDialect::Postgres {
                    return Err(
                        "--db postgres:// reads PostgreSQL DDL: drop --dialect sqlite".into(),
                    );
                }
                Target::Postgres(db.clone())
            } else {
                let path = db
                    .strip_prefix("sqlite:")
                    .ok_or_else(|| format!("--db {db}: expected sqlite:PATH or postgres://..."))?
                    .trim_start_matches("//");
                if path.is_empty() {
                    return Err("--db sqlite:PATH needs a path".into());
                }
                Target::Sqlite(path.to_string())
            }
        }
        (None, Some(out)) => Target::Sql(out.clone()),
    };
    let files = schema_files(&a.schema)?;
    let mut sources = Vec::with_capacity(files.len());
    for f in &files {
        let sql = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        sources.push((f.display().to_string(), sql));
    }
    let ddl = read_ddl(&sources, dialect)?;
    // SQLite checks foreign keys at COMMIT when asked (`PRAGMA defer_foreign_keys`), so tables
    // in a cycle can be filled completely. PostgreSQL output cannot assume DEFERRABLE keys.
    // A PostgreSQL database gets the same: the cycle's foreign keys are made deferrable for the
    // transaction (and restored before commit).
    let deferred = dialect == SqlDialect::Sqlite || matches!(target, Target::Postgres(_));
    let opts = parse_options(a, deferred)?;
    if a.append && matches!(target, Target::Sql(_)) {
        return Err("--append reads the rows a database holds: give --db".into());
    }
    // With --append the plan needs what the database holds: it is compiled in the transaction.
    let plan = match a.append {
        false => Some(Plan::new(&ddl.schema, &opts).map_err(|e| e.0)?),
        true => None,
    };
    let (counts, notes) = match &target {
        Target::Sqlite(path) => fill_sqlite(path, &ddl, plan.as_ref(), &opts)?,
        Target::Sql(out) => {
            let plan = plan.as_ref().expect("compiled without --append");
            (write_sql(out, a.force, plan, dialect)?, plan.notes.clone())
        }
        Target::Postgres(url) => fill_postgres(url, &ddl, plan.as_ref(), &opts)?,
    };
    if !a.quiet {
        for n in ddl.notes.iter().chain(notes.iter()) {
            eprintln!("seeder: note: {n}");
        }
        let total: u64 = counts.iter().map(|c| c.1).sum();
        eprintln!(
            "seeder: filled {} tables, {total} rows: {}",
            counts.len(),
            counts
                .iter()
                .map(|(t, n)| format!("{t}={n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

enum Target {
    Sqlite(String),
    Sql(PathBuf),
    Postgres(String),
}

/// Inserts every table's rows into a PostgreSQL database in one transaction: tables missing
/// from the search path are created from the DDL first (with its enum types, domains and
/// sequences); a NOT NULL foreign-key cycle is filled with its constraints deferred to the end
/// of the transaction. Any error rolls everything back.
fn fill_postgres(
    url: &str,
    ddl: &Ddl,
    plan: Option<&Plan>,
    opts: &FillOptions,
) -> Result<Filled, String> {
    let pg = crate::engine::postgres::error_text;
    let mut client = crate::engine::postgres::client(url)?;
    let mut tx = client.transaction().map_err(pg)?;
    let existing: Vec<String> = tx
        .query(
            "SELECT lower(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (current_schemas(false))",
            &[],
        )
        .map_err(pg)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let creating = ddl
        .schema
        .tables
        .iter()
        .any(|t| !existing.contains(&t.name.to_lowercase()));
    for s in ddl.stmts.iter().filter(|s| s.postgres) {
        match &s.table {
            Some(t) if existing.contains(t) => {}
            Some(t) => tx
                .batch_execute(&s.text)
                .map_err(|e| format!("creating table {t}: {}", pg(e)))?,
            // Types, domains and sequences: created along with the tables, unless they exist.
            None if creating => {
                tx.batch_execute("SAVEPOINT synth_ddl").map_err(pg)?;
                if let Err(e) = tx.batch_execute(&s.text) {
                    let dup = [
                        &postgres::error::SqlState::DUPLICATE_OBJECT,
                        &postgres::error::SqlState::DUPLICATE_TABLE,
                    ];
                    if !e.code().is_some_and(|c| dup.contains(&c)) {
                        return Err(format!("running {}: {}", first_line(&s.text), pg(e)));
                    }
                    tx.batch_execute("ROLLBACK TO SAVEPOINT synth_ddl")
                        .map_err(pg)?;
                }
            }
            None => {}
        }
    }
    let again = match plan {
        Some(_) => None,
        None => Some(appended(
            &mut PgDb(&mut tx),
            ddl,
            opts,
            SqlDialect::Postgres,
        )?),
    };
    let plan = plan.or(again.as_ref()).expect("a plan");
    // The foreign keys of the filled tables that cannot be deferred, deferrable meanwhile.
    let mut altered: Vec<(String, String)> = Vec::new();
    if plan.needs_deferred {
        let names: Vec<String> = plan.tables.iter().map(|t| t.name.clone()).collect();
        let rows = tx
            .query(
                "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c
                  WHERE c.contype = 'f' AND NOT c.condeferrable
                    AND c.conrelid IN (SELECT to_regclass(quote_ident(x)) FROM unnest($1::text[]) x)",
                &[&names],
            )
            .map_err(pg)?;
        for r in rows {
            let (rel, con): (String, String) = (r.get(0), r.get(1));
            let q = quoted_ident(&con);
            tx.batch_execute(&format!(
                "ALTER TABLE {rel} ALTER CONSTRAINT {q} DEFERRABLE"
            ))
            .map_err(|e| format!("making {con} on {rel} deferrable for the cycle: {}", pg(e)))?;
            altered.push((rel, q));
        }
        tx.batch_execute("SET CONSTRAINTS ALL DEFERRED")
            .map_err(pg)?;
    }
    let counts = insert_statements(
        plan,
        SqlDialect::Postgres,
        &quoted_ident,
        &mut |sql: &str| {
            tx.batch_execute(sql).map_err(|e| {
                let what = sql.strip_prefix("INSERT INTO ").unwrap_or(sql);
                format!("{}: {}", first_line(what), pg(e))
            })
        },
    )?;
    if plan.needs_deferred {
        tx.batch_execute("SET CONSTRAINTS ALL IMMEDIATE")
            .map_err(|e| format!("checking the foreign keys of the cycle: {}", pg(e)))?;
        for (rel, con) in &altered {
            tx.batch_execute(&format!(
                "ALTER TABLE {rel} ALTER CONSTRAINT {con} NOT DEFERRABLE"
            ))
            .map_err(pg)?;
        }
    }
    tx.commit().map_err(|e| format!("at commit: {}", pg(e)))?;
    Ok((counts, plan.notes.clone()))
}

/// With `--append`: the plan compiled again with what the database holds (row counts, largest
/// values, the keys of parents that get no rows).
fn appended(db: &mut dyn Db, ddl: &Ddl, opts: &FillOptions, d: SqlDialect) -> Result<Plan, String> {
    // The tables that get rows: named with a count above 0, given by --per, or not named
    // (without --only).
    let filled = |t: &str| {
        let named = opts.rows.iter().find(|r| r.0.eq_ignore_ascii_case(t));
        opts.per.iter().any(|p| p.0.eq_ignore_ascii_case(t))
            || named.map_or(!opts.only, |r| r.1 > 0)
    };
    let mut o = opts.clone();
    o.existing = held(db, &ddl.schema, d, &quoted_ident, &filled)?;
    Plan::new(&ddl.schema, &o).map_err(|e| e.0)
}

/// Each table's row count, and the plan's notes.
type Filled = (Vec<(String, u64)>, Vec<String>);

/// A PostgreSQL transaction as the in-database fill reads it (values as text).
struct PgDb<'a, 'b>(&'a mut postgres::Transaction<'b>);

impl Db for PgDb<'_, '_> {
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
        let msgs = self
            .0
            .simple_query(sql)
            .map_err(crate::engine::postgres::error_text)?;
        Ok(msgs
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => {
                    Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                }
                _ => None,
            })
            .collect())
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.0
            .batch_execute(sql)
            .map_err(crate::engine::postgres::error_text)
    }
}

fn first_line(sql: &str) -> &str {
    sql.lines().next().unwrap_or("")
}

fn sqlite_err(e: rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m,
        e => e.to_string(),
    }
}

fn bind(v: &FillValue) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        FillValue::Null | FillValue::Default => V::Null,
        FillValue::Int(i) => V::Integer(*i),
        FillValue::Float(f) => V::Real(*f),
        FillValue::Numeric { units, scale } => {
            if *scale == 0 {
                V::Integer(*units)
            } else {
                V::Real(*units as f64 / 10f64.powi(*scale as i32))
            }
        }
        FillValue::Bool(b) => V::Integer(*b as i64),
        FillValue::Bytes(b) => V::Blob(b.clone()),
        other => V::Text(other.text().unwrap_or_default()),
    }
}

/// Inserts every table's rows into a SQLite file in one transaction, creating missing tables
/// from the DDL first. Any error rolls everything back.
fn fill_sqlite(
    path: &str,
    ddl: &Ddl,
    plan: Option<&Plan>,
    opts: &FillOptions,
) -> Result<Filled, String> {
    let is_uri = path.starts_with("file:");
    let existed = is_uri || Path::new(path).exists();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !existed {
        crate::interrupt::track(Path::new(path));
    }
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|e| format!("--db sqlite:{path}: {}", sqlite_err(e)))?;
    let result = fill_conn(&mut conn, ddl, plan, opts).map_err(|e| format!("sqlite:{path}: {e}"));
    drop(conn);
    if result.is_err() && !existed {
        crate::interrupt::remove_with_journal(Path::new(path));
    }
    crate::interrupt::untrack(Path::new(path));
    result
}

fn fill_conn(
    conn: &mut Connection,
    ddl: &Ddl,
    plan: Option<&Plan>,
    opts: &FillOptions,
) -> Result<Filled, String> {
    conn.execute_batch("PRAGMA foreign_keys = ON")
        .map_err(sqlite_err)?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sqlite_err)?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")
        .map_err(sqlite_err)?;
    let existing: Vec<String> = {
        let mut st = tx
            .prepare("SELECT lower(name) FROM sqlite_master WHERE type = 'table'")
            .map_err(sqlite_err)?;
        let v = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(sqlite_err)?
            .collect::<Result<_, _>>()
            .map_err(sqlite_err)?;
        v
    };
    for s in &ddl.stmts {
        let Some(t) = &s.table else { continue };
        if s.executable && !existing.contains(t) {
            tx.execute_batch(&s.text)
                .map_err(|e| format!("creating table {t}: {}", sqlite_err(e)))?;
        }
    }
    let again = match plan {
        Some(_) => None,
        None => Some(appended(&mut SqliteDb(&tx), ddl, opts, SqlDialect::Sqlite)?),
    };
    let plan = plan.or(again.as_ref()).expect("a plan");
    let mut counts = Vec::new();
    let mut row = Vec::new();
    for &t in &plan.order {
        let tp = &plan.tables[t];
        counts.push((tp.name.clone(), tp.n));
        if tp.n == 0 {
            continue;
        }
        let cols: Vec<usize> = (0..tp.columns.len())
            .filter(|&c| !tp.columns[c].omitted())
            .collect();
        let mut sql = insert_head(tp, &cols, &quoted_ident(&tp.name));
        sql.push_str(" VALUES (");
        sql.push_str(&vec!["?"; cols.len()].join(", "));
        sql.push(')');
        let mut count_sql = String::from("SELECT count(*) FROM ");
        quote_ident(&tp.name, &mut count_sql);
        let held: i64 = tx
            .query_row(&count_sql, [], |r| r.get(0))
            .map_err(|e| format!("table {}: {}", tp.name, sqlite_err(e)))?;
        let hint = if held > 0 && again.is_none() {
            format!(
                " ({} already holds {held} rows: add --append to add rows after them)",
                tp.name
            )
        } else {
            String::new()
        };
        let mut st = tx
            .prepare(&sql)
            .map_err(|e| format!("table {}: {}", tp.name, sqlite_err(e)))?;
        for j in 0..tp.n {
            plan.row(t, j, &mut row);
            st.execute(params_from_iter(cols.iter().map(|&c| bind(&row[c]))))
                .map_err(|e| {
                    format!("table {}, row {}: {}{hint}", tp.name, j + 1, sqlite_err(e))
                })?;
        }
    }
    tx.commit()
        .map_err(|e| format!("at commit: {}", sqlite_err(e)))?;
    Ok((counts, plan.notes.clone()))
}

/// Writes the rows as INSERT statements (500 rows each) in one transaction.
fn write_sql(
    out: &Path,
    force: bool,
    plan: &Plan,
    d: SqlDialect,
) -> Result<Vec<(String, u64)>, String> {
    let to_stdout = out.as_os_str() == "-";
    let guard = if to_stdout {
        None
    } else {
        Some(Output::new(out, force)?)
    };
    let w: Box<dyn Write> = match &guard {
        None => Box::new(std::io::stdout().lock()),
        Some(g) => Box::new(
            std::fs::File::create(g.tmp()).map_err(|e| format!("{}: {e}", g.tmp().display()))?,
        ),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 17, w);
    let io = |e: std::io::Error| format!("writing {}: {e}", out.display());
    writeln!(
        w,
        "-- seeder {} fill: INSERT statements for {}\nBEGIN;",
        synth_core::VERSION,
        match d {
            SqlDialect::Sqlite => "sqlite",
            SqlDialect::Postgres => "postgres",
        }
    )
    .map_err(io)?;
    if d == SqlDialect::Sqlite {
        writeln!(w, "PRAGMA defer_foreign_keys = ON;").map_err(io)?;
    }
    let counts = insert_statements(plan, d, &quoted_ident, &mut |sql: &str| {
        w.write_all(sql.as_bytes()).map_err(io)
    })?;
    writeln!(w, "COMMIT;").map_err(io)?;
    w.flush().map_err(io)?;
    drop(w);
    if let Some(g) = guard {
        g.commit()?;
    }
    Ok(counts)
}
