//! Helpers for the CLI tests: run the built binary, check one-line errors, read files back.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_seeder");

pub fn seeder(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run seeder")
}

pub fn seeder_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run seeder")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs seeder and expects success.
pub fn ok(args: &[&str]) -> Output {
    let o = seeder(args);
    assert!(o.status.success(), "seeder {args:?} failed: {}", stderr(&o));
    o
}

/// Expects failure with exactly one stderr line `seeder: ...` containing every `needle`.
pub fn fails(args: &[&str], needles: &[&str]) -> String {
    let o = seeder(args);
    let err = stderr(&o);
    assert!(
        !o.status.success(),
        "seeder {args:?} should fail; stderr: {err}"
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "seeder {args:?}: expected one stderr line, got {err:?}"
    );
    assert!(lines[0].starts_with("seeder: "), "{err:?}");
    for n in needles {
        assert!(
            err.contains(n),
            "seeder {args:?}: stderr {err:?} lacks {n:?}"
        );
    }
    err
}

/// The path of a sample schema under tests/schemas/.
pub fn schema(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(rel)
        .display()
        .to_string()
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("seeder-test-")
        .tempdir()
        .expect("tempdir")
}

pub fn p(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

pub fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The directory holds exactly these names (no leftover temporary files).
pub fn assert_dir_has(dir: &Path, names: &[&str]) {
    let mut got: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    got.sort();
    let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "files in {}", dir.display());
}

/// 1970-based days of a date → Excel serial.
pub fn excel_serial(y: i32, m: u32, d: u32) -> f64 {
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as f64 + 25_569.0
}

/// Whether the sales table has landed in the core.
pub fn has_sales() -> bool {
    // synth_sales has landed in the core: its tests are mandatory.
    assert!(
        synth_core::find("sales").is_some(),
        "synth_sales is missing from the core"
    );
    true
}
