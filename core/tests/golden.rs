//! Every generating table has a golden file, `tests/golden/<table>_n<N>_seed42.csv`, that its
//! output must reproduce byte for byte in every release (DESIGN principle: deterministic across
//! releases). `SYNTH_BLESS=1 cargo test -p synth-core --test golden` writes the missing ones
//! (n = 30); an existing file is never rewritten by the test: change it by hand, deliberately.

use synth_core::{Arg, TABLES};

#[test]
fn every_table_reproduces_its_golden_file() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");
    let files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let bless = std::env::var_os("SYNTH_BLESS").is_some();
    for def in TABLES.iter().filter(|t| t.slices()) {
        let prefix = format!("{}_n", def.name);
        let golden = files
            .iter()
            .find(|f| f.starts_with(&prefix) && f.ends_with("_seed42.csv"));
        let (name, n) = match golden {
            Some(f) => {
                let n: i64 = f[prefix.len()..f.len() - "_seed42.csv".len()]
                    .parse()
                    .unwrap();
                (f.clone(), n)
            }
            None if bless => {
                // Transactions are ~500 rows a person: a small n keeps the file small.
                let n = if def.name == "transactions" { 4 } else { 30 };
                (format!("{}_n{n}_seed42.csv", def.name), n)
            }
            None => panic!(
                "{} has no golden file in tests/golden (SYNTH_BLESS=1 writes one)",
                def.name
            ),
        };
        let mut src = def.open_args(&[Arg::Int(n), Arg::Int(42)]).unwrap();
        let mut out = Vec::new();
        synth_core::write_csv(def.columns, src.as_mut(), &mut out).unwrap();
        let path = format!("{dir}/{name}");
        if golden.is_none() {
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let want = std::fs::read(&path).unwrap();
        assert!(
            out == want,
            "{}: output differs from {name}: the rows of a release must not change",
            def.name
        );
    }
}
