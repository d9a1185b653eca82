//! `seeder generate`: one slice (or shard) of a table, for any scheduler.

use crate::export::{self, ExportArgs};
use crate::output::Output;
use std::io::Write;
use std::path::PathBuf;
use synth_core::date::Date;
use synth_core::schema::{parse_float_list, PType};
use synth_core::{Arg, Slice, TableDef};

/// The `generate` command's arguments.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    seeder generate customers --rows 1000000 --seed 42 --shard 0/4 > part0.csv\n  \
    seeder generate people --rows 5000000 --first 1000000 --count 1000000 -o people-1.parquet\n  \
    seeder generate sales --rows 10000 --shard 2/3 -f ndjson -o -\n\n\
    Shards 0..K-1 concatenated (headers aside) are the full table, byte for byte. Tables that\n\
    depend on another (sales) slice by their parent's rows (customers).")]
pub struct GenerateArgs {
    /// Table name, e.g. `customers` (see `seeder tables`).
    pub table: String,
    /// Rows of the full table (n).
    #[arg(long, allow_hyphen_values = true)]
    pub rows: i64,
    #[arg(long, default_value_t = 42, allow_hyphen_values = true)]
    pub seed: i64,
    /// First row of the slice (0-based; for sales, the first customer).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub first: i64,
    /// Rows in the slice (default: to the end).
    #[arg(long)]
    pub count: Option<i64>,
    /// Shard `i/K`: the i-th of K contiguous, equal slices (instead of --first/--count).
    #[arg(long, conflicts_with_all = ["first", "count"])]
    pub shard: Option<String>,
    /// Output file (`-`: stdout).
    #[arg(long, short = 'o', default_value = "-")]
    pub output: PathBuf,
    /// csv, ndjson or parquet (default: from the output's extension; csv for stdout).
    /// Parquet to stdout is written to a temporary file first (its footer comes last).
    #[arg(long, short = 'f')]
    pub format: Option<String>,
    /// Another argument of the table function, e.g. `--set duplicates=0.1`,
    /// `--set as_of=2025-06-30`, `--set intensities=0,0.5,1`. Repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Overwrite the output if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The call's arguments: n, seed, the `--set` ones, the slice.
fn call_args(
    def: &TableDef,
    a: &GenerateArgs,
    first: i64,
    count: Option<i64>,
) -> Result<Vec<Arg>, String> {
    if a.rows < 0 {
        return Err(format!("--rows {}: a row count must be 0 or more", a.rows));
    }
    let mut args = vec![Arg::Absent; def.params.len()];
    args[0] = Arg::Int(a.rows);
    args[1] = Arg::Int(a.seed);
    for s in &a.set {
        let (name, value) = s
            .split_once('=')
            .ok_or_else(|| format!("--set takes NAME=VALUE, got {s:?}"))?;
        let name = name.trim();
        let settable = &def.params[2..def.params.len() - 2];
        let Some(i) = settable.iter().position(|p| p.name == name).map(|i| i + 2) else {
            let names: Vec<&str> = settable.iter().map(|p| p.name).collect();
            return Err(format!(
                "{} has no argument {name:?} to --set (it has: {}; n, seed, first and count have their own flags)",
                def.function,
                names.join(", ")
            ));
        };
        let v = value.trim();
        let bad = |what: &str| format!("--set {name}: expected {what}, got {v:?}");
        args[i] = match def.params[i].ty {
            PType::Int => Arg::Int(v.parse().map_err(|_| bad("an integer"))?),
            PType::Float => Arg::Float(v.parse().map_err(|_| bad("a number"))?),
            PType::Date => Arg::Date(Date::parse(v).ok_or_else(|| bad("a date YYYY-MM-DD"))?),
            PType::FloatList => Arg::FloatList(
                parse_float_list(v).ok_or_else(|| bad("a list of numbers such as 0,0.5,1"))?,
            ),
            PType::Text => Arg::Text(v.to_string()),
        };
    }
    let n = args.len();
    args[n - 2] = Arg::Int(first);
    args[n - 1] = count.map_or(Arg::Null, Arg::Int);
    Ok(args)
}

/// An argument as a SQLite literal (the embedded engine converts text to dates and lists).
fn literal(a: &Arg) -> Option<String> {
    Some(match a {
        Arg::Absent => return None,
        Arg::Null => "NULL".into(),
        Arg::Int(i) => i.to_string(),
        Arg::Float(f) => format!("{f:?}"),
        Arg::Date(d) => format!("'{d}'"),
        Arg::FloatList(l) => {
            let items: Vec<String> = l.iter().map(|f| format!("{f:?}")).collect();
            format!("'{}'", items.join(","))
        }
        Arg::Text(t) => format!("'{}'", t.replace('\'', "''")),
    })
}

fn table(name: &str) -> Result<&'static TableDef, String> {
    synth_core::find(name)
        .filter(|t| t.slices())
        .ok_or_else(|| {
            let names: Vec<&str> = synth_core::TABLES
                .iter()
                .filter(|t| t.slices())
                .map(|t| t.name)
                .collect();
            format!("unknown table {name:?}; known: {}", names.join(", "))
        })
}

pub fn generate(a: &GenerateArgs) -> Result<(), String> {
    let def = table(&a.table)?;
    let slice = match &a.shard {
        Some(s) => {
            // What a slice counts over the whole table (rows, or the parent's rows).
            let units = def
                .open_args(&call_args(def, a, 0, None)?)
                .map_err(|e| e.to_string())?
                .slice_units();
            Some(shard_slice(s, units)?)
        }
        None => None,
    };
    let (first, count) = match slice {
        Some(s) => (s.first as i64, Some(s.count as i64)),
        None => (a.first, a.count),
    };
    let to_stdout = a.output.as_os_str() == "-";
    let format = match &a.format {
        Some(f) => f.to_ascii_lowercase(),
        None if to_stdout => "csv".into(),
        None => a
            .output
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase(),
    };
    match format.as_str() {
        "csv" => {}
        "ndjson" | "parquet" => {
            let args = call_args(def, a, first, count)?;
            let filters: Vec<String> = def
                .params
                .iter()
                .zip(&args)
                .skip(2)
                .filter_map(|(p, v)| literal(v).map(|l| format!("{} = {l}", p.name)))
                .collect();
            let sql = format!(
                "{}=SELECT * FROM {}({}, {}) WHERE {}",
                def.name,
                def.function,
                a.rows,
                a.seed,
                filters.join(" AND ")
            );
            // Parquet is written to a file (its footer comes last); for stdout, a temporary one.
            let tmp = match (format.as_str(), to_stdout) {
                ("parquet", true) => Some(tempfile::tempdir().map_err(|e| e.to_string())?),
                _ => None,
            };
            let output = match &tmp {
                Some(d) => d.path().join("shard.parquet"),
                None => a.output.clone(),
            };
            export::export(&ExportArgs {
                queries: vec![sql],
                output: output.clone(),
                format: Some(format),
                force: a.force,
                quiet: true,
                ..ExportArgs::default()
            })?;
            if tmp.is_some() {
                let mut f = std::fs::File::open(&output).map_err(|e| e.to_string())?;
                crate::output::to_stdout(|out| std::io::copy(&mut f, out).map(|_| ()))?;
            }
            return Ok(());
        }
        "" => {
            return Err(format!(
                "cannot tell the format of {} from its name; pass --format (csv, ndjson, parquet)",
                a.output.display()
            ))
        }
        f => return Err(format!("generate writes csv, ndjson or parquet, not {f:?}")),
    }
    // CSV straight from the core: the bytes of the golden files.
    let args = call_args(def, a, first, count)?;
    let mut src = def.open_args(&args).map_err(|e| e.to_string())?;
    if to_stdout {
        return crate::output::to_stdout(|out| {
            synth_core::write_csv(def.columns, src.as_mut(), out).map(|_| ())
        });
    }
    let out = Output::new(&a.output, a.force)?;
    let file =
        std::fs::File::create(out.tmp()).map_err(|e| format!("{}: {e}", a.output.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
    synth_core::write_csv(def.columns, src.as_mut(), &mut w)
        .and_then(|_| w.flush())
        .map_err(|e| format!("{}: {e}", a.output.display()))?;
    drop(w);
    out.commit()
}

/// `i/K` → the i-th of K contiguous slices of `total` units.
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

#[cfg(test)]
mod tests {
    use super::shard_slice;

    #[test]
    fn shards_tile_the_table() {
        for total in [0u64, 1, 7, 100, 1001] {
            for k in 1..=7u64 {
                let mut next = 0;
                for i in 0..k {
                    let s = shard_slice(&format!("{i}/{k}"), total).unwrap();
                    assert_eq!(s.first, next);
                    assert!(s.count.abs_diff(total / k) <= 1);
                    next += s.count;
                }
                assert_eq!(next, total);
            }
        }
        for bad in ["3/3", "1", "a/2", "0/0", "-1/2"] {
            assert!(shard_slice(bad, 10).is_err(), "{bad}");
        }
    }
}
