//! Ctrl-C (SIGINT), SIGTERM and SIGHUP: remove what the command was still writing (a
//! temporary output file, a database file it created), say so, and exit with status 130.
//!
//! A database that existed before is left to its own transaction: SQLite rolls the unfinished
//! transaction back from its journal when the file is next opened, PostgreSQL when the
//! connection drops.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler (once, at start).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let paths = match PARTIAL.lock() {
            Ok(mut p) => std::mem::take(&mut *p),
            Err(p) => std::mem::take(&mut *p.into_inner()),
        };
        for p in &paths {
            remove_with_journal(p);
        }
        eprintln!("seeder: interrupted; nothing was written");
        std::process::exit(130);
    });
}

/// Removes `path` (a file with its SQLite journal, if any, or a directory with its contents).
pub fn remove_with_journal(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
        return;
    }
    let _ = std::fs::remove_file(path);
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(journal);
}

/// `path` is being written and is removed if the command is interrupted.
pub fn track(path: &Path) {
    if let Ok(mut p) = PARTIAL.lock() {
        p.push(path.to_path_buf());
    }
}

/// `path` is complete (or already removed): an interruption leaves it.
pub fn untrack(path: &Path) {
    if let Ok(mut p) = PARTIAL.lock() {
        p.retain(|q| q != path);
    }
}
