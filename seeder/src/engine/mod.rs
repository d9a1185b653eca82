//! Query engines: an embedded SQLite with every synth function registered (the default), a
//! SQLite file, or a PostgreSQL server with the synth extension. Each one streams typed rows
//! into a [`RowSink`]; none holds a result in memory.

pub mod postgres;
pub mod sqlite;

use crate::safety::Dialect;
use crate::types::ColumnInfo;
use synth_core::Row;

/// Where an engine's rows go: column types first, then one row at a time, written in place.
pub trait RowSink {
    fn columns(&mut self, cols: Vec<ColumnInfo>) -> Result<(), String>;
    /// A cleared buffer for the next row.
    fn row_buf(&mut self) -> &mut Row;
    /// The row in the buffer is complete.
    fn push(&mut self) -> Result<(), String>;
}

pub trait Engine: Send {
    fn dialect(&self) -> Dialect;
    /// Prepares `sql` without running it: `Err` is the engine's own message for bad SQL;
    /// `Ok(true)` when the engine itself vouches that it only reads and returns rows
    /// (SQLite: `sqlite3_stmt_readonly`; Postgres: it returns columns, and runs READ ONLY).
    fn check(&mut self, sql: &str) -> Result<bool, String>;
    /// Runs one query and streams its rows into `sink`; returns the row count.
    fn run(&mut self, sql: &str, allow_write: bool, sink: &mut dyn RowSink) -> Result<u64, String>;
}

/// Opens the engine named by `--db`: none (in-memory SQLite), `sqlite:PATH`, or a
/// `postgres://` / `postgresql://` URL.
pub fn open(db: Option<&str>, allow_write: bool) -> Result<Box<dyn Engine>, String> {
    match db {
        None => Ok(Box::new(sqlite::Sqlite::memory()?)),
        Some(d) if d.starts_with("postgres://") || d.starts_with("postgresql://") => {
            Ok(Box::new(postgres::Pg::connect(d)?))
        }
        Some(d) if d.starts_with("sqlite:") => {
            let path = d.trim_start_matches("sqlite:").trim_start_matches("//");
            if path.is_empty() {
                return Err("--db sqlite:PATH needs a path".into());
            }
            if path == ":memory:" {
                return Ok(Box::new(sqlite::Sqlite::memory()?));
            }
            Ok(Box::new(sqlite::Sqlite::file(path, allow_write)?))
        }
        Some(d) => Err(format!(
            "--db {d:?}: expected sqlite:PATH or a postgres://user@host/db URL"
        )),
    }
}

/// A URL without its password, for messages: the user information up to the host's `@`
/// and any `password=` parameter are masked.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // The authority ends at the path or the parameters; a password may hold an '@'.
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((auth, host)) => match auth.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{auth}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, params)) => {
            let params: Vec<String> = params
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            format!("{path}?{}", params.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            super::redact("postgres://u:top@secret@h/db?sslmode=disable&password=hunter2"),
            "postgres://u:***@h/db?sslmode=disable&password=***"
        );
        assert_eq!(
            super::redact("postgres://u@h?password=x&host=/tmp"),
            "postgres://u@h?password=***&host=/tmp"
        );
        assert_eq!(super::redact("postgres:///app"), "postgres:///app");
    }
}
