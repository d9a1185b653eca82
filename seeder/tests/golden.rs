//! The seeder gives the core's rows for every table: `generate` and an `export` through the
//! embedded SQLite both reproduce each golden file of `tests/golden` (the core's pinned output)
//! byte for byte, so health, finance and family tables are covered as well as customers.

mod common;
use common::*;

fn golden_files() -> Vec<(String, String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix("_seed42.csv") else {
            continue;
        };
        let (table, n) = stem.rsplit_once("_n").unwrap();
        out.push((format!("{dir}/{name}"), table.to_string(), n.to_string()));
    }
    out.sort();
    out
}

#[test]
fn generate_and_export_reproduce_every_golden_file() {
    let files = golden_files();
    assert!(files.len() >= 12, "golden files: {}", files.len());
    let d = tmp();
    for (path, table, n) in files {
        let want = std::fs::read(&path).unwrap();
        let gen = ok(&["generate", &table, "--rows", &n, "--seed", "42"]);
        assert!(
            gen.stdout == want,
            "seeder generate {table} --rows {n} differs from {path}"
        );
        let out = p(d.path(), &format!("{table}.csv"));
        let q = format!("SELECT * FROM synth_{table}({n}, 42)");
        ok(&["export", "-q", &q, "-o", s(&out)]);
        let got = std::fs::read(&out).unwrap();
        assert!(got == want, "seeder export of {q} differs from {path}");
    }
}
