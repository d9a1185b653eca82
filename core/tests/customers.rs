//! Statistical and exactness tests of `synth_customers`, over many seeds.

mod common;

use std::collections::{HashMap, HashSet};
use synth_core::data::{data, ETHNICITIES};
use synth_core::fields::luhn_valid;
use synth_core::pareto;
use synth_core::schema::{write_csv_header, write_csv_row};
use synth_core::tables::customers::{rate_count, Customers, CustomersOpts, COLUMNS, MAX_ROWS};
use synth_core::{Arg, Date, Error, Row, RowSource, Slice, Value};

const SEEDS: std::ops::Range<i64> = 1..21;

/// All output rows as owned strings per column (None = NULL).
fn rows(t: &Customers, s: Slice) -> Vec<Vec<Option<String>>> {
    let mut c = t.cursor(s);
    let mut row = Row::new();
    let mut out = Vec::new();
    while c.next_row(&mut row) {
        out.push(
            row.values()
                .map(|v| match v {
                    Value::Null => None,
                    v => {
                        let mut s = String::new();
                        synth_core::schema::write_value(v, &mut s);
                        Some(s)
                    }
                })
                .collect(),
        );
    }
    out
}

fn col(name: &str) -> usize {
    COLUMNS.iter().position(|c| c.name == name).unwrap()
}

fn opts(n: u64, seed: i64) -> CustomersOpts {
    CustomersOpts::new(n, seed)
}

fn top20_share(balances: &mut [f64]) -> f64 {
    balances.sort_by(|a, b| b.partial_cmp(a).unwrap());
    let top = pareto::top_count(balances.len() as u64) as usize;
    balances[..top].iter().sum::<f64>() / balances.iter().sum::<f64>()
}

#[test]
fn top_20_percent_hold_80_percent_at_every_n_and_seed() {
    let b = col("account_balance");
    for n in [1000u64, 1001, 1234, 4999, 20_000] {
        for seed in SEEDS {
            let t = Customers::new(opts(n, seed)).unwrap();
            let mut bal: Vec<f64> = rows(&t, Slice::ALL)
                .iter()
                .map(|r| r[b].as_ref().unwrap().parse().unwrap())
                .collect();
            let share = top20_share(&mut bal);
            assert!(
                (share - 0.80).abs() <= 0.01,
                "n={n} seed={seed}: top-20% share {share}"
            );
            assert!(
                bal.iter().all(|&x| x >= 10.0),
                "minimum balance is the Pareto scale"
            );
        }
    }
}

#[test]
fn top_20_share_holds_for_large_n_from_the_quantile_function() {
    // Too many rows to materialise in a test: evaluate the same balance function per rank.
    for n in [100_000u64, 1_000_000, 10_000_000] {
        let t = Customers::new(opts(n, 3)).unwrap();
        let bal = pareto::Balances::new(n, 10.0);
        let mut top = 0.0;
        let mut total = 0.0;
        let k = pareto::top_count(n);
        for rank in 0..n {
            let c = bal.cents(rank, 0.5) as f64;
            total += c;
            if rank < k {
                top += c;
            }
        }
        assert!((top / total - 0.8).abs() < 0.005, "n={n}: {}", top / total);
        assert!(t.balance_alpha() < pareto::alpha_infinity());
    }
    // The richest balance at the largest n still fits numeric(12,2).
    let richest = pareto::Balances::new(MAX_ROWS, 10.0).cents(0, 0.5);
    assert!(richest < 1_000_000_000_000, "{richest}");
}

#[test]
fn missing_values_are_exact() {
    let (g, a, c, s, z) = (
        col("gender"),
        col("address"),
        col("city"),
        col("state"),
        col("zip"),
    );
    // Every n and rate pair over all 20 seeds (offset per n, so 80 distinct seeds in all).
    for (i, n) in [1000u64, 999, 10, 7777].into_iter().enumerate() {
        for seed in SEEDS {
            for (mg, ma) in [(0.1, 0.1), (0.0, 1.0), (0.333, 0.05), (1.0, 0.0)] {
                let mut o = opts(n, seed + i as i64);
                o.missing_gender = mg;
                o.missing_address = ma;
                let r = rows(&Customers::new(o).unwrap(), Slice::ALL);
                assert_eq!(r.len() as u64, n);
                let ng = r.iter().filter(|r| r[g].is_none()).count() as u64;
                let na = r.iter().filter(|r| r[a].is_none()).count() as u64;
                assert_eq!(ng, rate_count(mg, n), "gender n={n} rate={mg}");
                assert_eq!(na, rate_count(ma, n), "address n={n} rate={ma}");
                for row in &r {
                    let nulls = [a, c, s, z].iter().filter(|&&k| row[k].is_none()).count();
                    assert!(
                        nulls == 0 || nulls == 4,
                        "address, city, state, zip are NULL together"
                    );
                }
            }
        }
    }
}

#[test]
fn duplicates_are_exact_copies_at_spread_positions() {
    for n in [1000u64, 2500, 3001] {
        for seed in SEEDS {
            let mut o = opts(n, seed);
            o.duplicates = 0.1;
            let t = Customers::new(o).unwrap();
            let r = rows(&t, Slice::ALL);
            let d = rate_count(0.1, n);
            assert_eq!(r.len() as u64, n + d);
            let originals = rows(&Customers::new(opts(n, seed)).unwrap(), Slice::ALL);
            // Every row equals the original with its id; ids cover 1..n.
            let mut counts: HashMap<i64, usize> = HashMap::new();
            let mut dup_positions = Vec::new();
            let mut next_original = 1;
            for (pos, row) in r.iter().enumerate() {
                let id: i64 = row[0].as_ref().unwrap().parse().unwrap();
                assert_eq!(row, &originals[(id - 1) as usize]);
                *counts.entry(id).or_default() += 1;
                // Originals keep their order; anything else is a copy.
                if id == next_original {
                    next_original += 1;
                } else {
                    dup_positions.push(pos);
                }
            }
            assert_eq!(next_original as u64, n + 1);
            assert_eq!(counts.len() as u64, n);
            assert_eq!(counts.values().map(|c| c - 1).sum::<usize>() as u64, d);
            // Copies are spread over the table, not bunched at one end.
            let mean = dup_positions.iter().sum::<usize>() as f64 / dup_positions.len() as f64;
            assert!(
                (mean / r.len() as f64 - 0.5).abs() < 0.1,
                "copies spread evenly"
            );
        }
    }
}

#[test]
fn slices_concatenate_to_the_full_table() {
    for (n, dup) in [(1000u64, 0.0), (3000, 0.1), (2049, 0.37), (5000, 1.0)] {
        let mut o = opts(n, 11);
        o.duplicates = dup;
        let t = Customers::new(o).unwrap();
        let full = rows(&t, Slice::ALL);
        let total = full.len() as u64;
        for cuts in [
            vec![0, 1, 1023, 1024, 1025, 2000],
            vec![0, 7, 13, 600, 1999, 2048, 2049, 3001],
        ] {
            let mut cuts: Vec<u64> = cuts.into_iter().filter(|&c| c < total).collect();
            cuts.push(total);
            let mut joined = Vec::new();
            for w in cuts.windows(2) {
                joined.extend(rows(
                    &t,
                    Slice {
                        first: w[0],
                        count: w[1] - w[0],
                    },
                ));
            }
            assert_eq!(joined, full, "n={n} dup={dup}");
        }
        assert!(rows(
            &t,
            Slice {
                first: total,
                count: 10
            }
        )
        .is_empty());
        assert_eq!(
            rows(
                &t,
                Slice {
                    first: total - 3,
                    count: 10
                }
            )
            .len(),
            3
        );
    }
}

#[test]
fn emails_unique_cards_valid_expiry_in_window() {
    let (e, cc, ex) = (
        col("email"),
        col("credit_card_number"),
        col("credit_card_expiry"),
    );
    for seed in SEEDS {
        let mut o = opts(20_000, seed);
        o.as_of = Date::parse("2025-06-15").unwrap();
        let r = rows(&Customers::new(o).unwrap(), Slice::ALL);
        let emails: HashSet<&str> = r.iter().map(|r| r[e].as_deref().unwrap()).collect();
        assert_eq!(emails.len(), r.len(), "emails unique");
        for row in &r {
            let email = row[e].as_deref().unwrap();
            let first = row[1].as_deref().unwrap().to_ascii_lowercase();
            let last = row[2].as_deref().unwrap().to_ascii_lowercase();
            let local = email.split('@').next().unwrap();
            assert!(
                local
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .all(|c| first.contains(c) || last.contains(c)),
                "{email} from {first} {last}"
            );
            assert!(luhn_valid(row[cc].as_deref().unwrap()));
            let d = Date::parse(row[ex].as_deref().unwrap()).unwrap();
            let (y, m, day) = d.ymd();
            assert_eq!(day, synth_core::date::days_in_month(y, m), "month end");
            assert!(
                d >= Date::parse("2026-06-15").unwrap() && d <= Date::parse("2030-06-30").unwrap(),
                "{d}"
            );
        }
    }
}

#[test]
fn zip_city_state_agree_and_first_names_match_gender() {
    let d = data();
    let zips: HashMap<&str, (&str, &str)> =
        d.zips.iter().map(|z| (z.zip, (z.city, z.state))).collect();
    let female: HashSet<&str> = d.first_by_gender[0].iter().map(|s| s.as_str()).collect();
    let male: HashSet<&str> = d.first_by_gender[1].iter().map(|s| s.as_str()).collect();
    let (g, c, s, z) = (col("gender"), col("city"), col("state"), col("zip"));
    for seed in SEEDS {
        for row in rows(&Customers::new(opts(5000, seed)).unwrap(), Slice::ALL) {
            if let Some(zip) = &row[z] {
                let (city, state) = zips[zip.as_str()];
                assert_eq!(
                    (row[c].as_deref().unwrap(), row[s].as_deref().unwrap()),
                    (city, state)
                );
            }
            let first = row[1].as_deref().unwrap();
            match row[g].as_deref() {
                Some("female") => assert!(female.contains(first), "{first} is not a female name"),
                Some("male") => assert!(male.contains(first), "{first} is not a male name"),
                None => {}
                other => panic!("gender {other:?}"),
            }
        }
    }
}

#[test]
fn ages_follow_the_us_adult_distribution() {
    let a = col("age");
    let mut counts = [0u64; 91];
    let mut n = 0;
    for seed in SEEDS {
        for row in rows(&Customers::new(opts(10_000, seed)).unwrap(), Slice::ALL) {
            let age: usize = row[a].as_ref().unwrap().parse().unwrap();
            assert!((18..=90).contains(&age));
            counts[age] += 1;
            n += 1;
        }
    }
    for (lo, hi) in common::AGE_BANDS {
        let got = counts[lo..=hi].iter().sum::<u64>() as f64 / n as f64;
        let want = common::census_age_share(lo, hi);
        assert!(
            (got - want).abs() < 0.006,
            "ages {lo}-{hi}: {got:.4} vs census {want:.4}"
        );
    }
}

#[test]
fn surnames_follow_the_ethnicity_of_the_zip() {
    // Share of customers with a predominantly Hispanic surname, in mostly-Hispanic ZIPs vs
    // mostly non-Hispanic ZIPs.
    let d = data();
    let hisp_zip: HashMap<&str, f64> = d
        .zips
        .iter()
        .map(|z| (z.zip, z.race_cum[5] - z.race_cum[4]))
        .collect();
    let hisp_name = common::hispanic_surnames();
    assert_eq!(ETHNICITIES[5], "hispanic");
    let z = col("zip");
    let (mut hi, mut hi_n, mut lo, mut lo_n) = (0, 0, 0, 0);
    for seed in SEEDS.take(5) {
        let mut o = opts(20_000, seed);
        o.missing_address = 0.0;
        for row in rows(&Customers::new(o).unwrap(), Slice::ALL) {
            let share = hisp_zip[row[z].as_deref().unwrap()];
            let is_h = hisp_name.contains(row[2].as_deref().unwrap()) as u32;
            if share > 0.7 {
                hi += is_h;
                hi_n += 1;
            } else if share < 0.1 {
                lo += is_h;
                lo_n += 1;
            }
        }
    }
    let (ph, pl) = (hi as f64 / hi_n as f64, lo as f64 / lo_n as f64);
    assert!(
        ph > 0.6 && pl < 0.1 && hi_n > 1000,
        "hispanic-surname share {ph:.3} in hispanic ZIPs vs {pl:.3} elsewhere"
    );
}

#[test]
fn row_i_does_not_depend_on_n_except_population_columns() {
    let population_cols = [
        col("gender"),
        col("address"),
        col("city"),
        col("state"),
        col("zip"),
        col("account_balance"),
    ];
    for seed in SEEDS.take(5) {
        let small = rows(&Customers::new(opts(500, seed)).unwrap(), Slice::ALL);
        let large = rows(
            &Customers::new(opts(50_000, seed)).unwrap(),
            Slice {
                first: 0,
                count: 500,
            },
        );
        for (a, b) in small.iter().zip(&large) {
            for k in 0..COLUMNS.len() {
                if !population_cols.contains(&k) {
                    assert_eq!(a[k], b[k], "column {}", COLUMNS[k].name);
                }
            }
        }
    }
    // ... and rows differ across seeds.
    let a = rows(&Customers::new(opts(50, 1)).unwrap(), Slice::ALL);
    let b = rows(&Customers::new(opts(50, 2)).unwrap(), Slice::ALL);
    assert!(a.iter().zip(&b).filter(|(x, y)| x[4] == y[4]).count() < 3);
}

#[test]
fn golden_file_pins_seed_42() {
    let def = synth_core::find("synth_customers").unwrap();
    let mut src = def.open_args(&[Arg::Int(100), Arg::Int(42)]).unwrap();
    let mut out = Vec::new();
    synth_core::write_csv(def.columns, src.as_mut(), &mut out).unwrap();
    let golden = include_str!("../../tests/golden/customers_n100_seed42.csv");
    assert_eq!(String::from_utf8(out).unwrap(), golden);
    // The CSV helpers agree with write_csv.
    let mut s = String::new();
    write_csv_header(def.columns, &mut s);
    let mut row = Row::new();
    let mut args = vec![Arg::Int(100), Arg::Int(42)];
    args.resize(def.params.len() - 1, Arg::Absent);
    args.push(Arg::Int(1)); // count: the first row only
    let mut src = def.open_args(&args).unwrap();
    assert!(src.next_row(&mut row));
    write_csv_row(&row, &mut s);
    assert!(golden.starts_with(&s));
}

#[test]
fn bad_arguments_are_typed_errors() {
    let def = synth_core::find("customers").unwrap();
    let err = |args: &[Arg]| def.open_args(args).err().expect("an error");
    let e = err(&[Arg::Int(-1)]);
    assert_eq!(e.sqlstate(), "22023");
    assert!(e.to_string().contains("argument n:"), "{e}");
    let e = err(&[Arg::Int(10), Arg::Int(1), Arg::Float(1.5)]);
    assert_eq!(e.sqlstate(), "22023");
    assert!(
        e.to_string().contains("missing_gender") && e.to_string().contains("1.5"),
        "{e}"
    );
    let e = err(&[
        Arg::Int(10),
        Arg::Int(1),
        Arg::Float(0.1),
        Arg::Float(f64::NAN),
    ]);
    assert!(
        e.to_string().contains("missing_address") && e.to_string().contains("NaN"),
        "{e}"
    );
    let e = err(&[Arg::Int(10), Arg::Null]);
    assert_eq!(e, Error::NullArgument { arg: "seed" });
    assert_eq!(e.sqlstate(), "22004");
    let e = err(&[Arg::Int(MAX_ROWS as i64 + 1)]);
    assert_eq!(e.sqlstate(), "54000");
    let e = err(&[
        Arg::Int(10),
        Arg::Int(1),
        Arg::Absent,
        Arg::Absent,
        Arg::Float(-0.1),
    ]);
    assert!(e.to_string().contains("duplicates"), "{e}");
    let e = err(&[
        Arg::Int(10),
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Int(-1),
    ]);
    assert!(e.to_string().contains("first"), "{e}");
    let mut nine = vec![Arg::Int(1); 9];
    nine[0] = Arg::Int(10);
    assert!(err(&nine).to_string().contains("too many arguments"));
    // n = 0 is an empty table, not an error.
    assert_eq!(def.open_args(&[Arg::Int(0)]).unwrap().remaining(), 0);
}

#[test]
fn dates_outside_1900_2500_are_errors() {
    let def = synth_core::find("customers").unwrap();
    let mut args = vec![
        Arg::Int(10),
        Arg::Int(1),
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
    ];
    for (d, ok) in [
        ("1899-12-31", false),
        ("1900-01-01", true),
        ("2500-12-31", true),
        ("2501-01-01", false),
    ] {
        args.truncate(5);
        args.push(Arg::Date(Date::parse(d).unwrap()));
        let r = def.open_args(&args);
        assert_eq!(r.is_ok(), ok, "{d}");
        if let Err(e) = r {
            assert!(
                e.to_string().contains("as_of") && e.sqlstate() == "22023",
                "{e}"
            );
        }
    }
}

/// First names follow real frequencies: P(first | ethnicity, sex) ∝ the 1990 Census frequency
/// within the sex × P(ethnicity | first), so the commonest names of the Census are the
/// commonest here, at about their Census share, while distinctive names stay with their
/// ethnicity.
#[test]
fn first_names_follow_census_frequencies() {
    let (f, g) = (col("first_name"), col("gender"));
    let mut count: HashMap<(String, String), f64> = HashMap::new();
    let mut by_sex: HashMap<String, f64> = HashMap::new();
    for seed in SEEDS.take(5) {
        let mut o = opts(40_000, seed);
        o.missing_gender = 0.0;
        for row in rows(&Customers::new(o).unwrap(), Slice::ALL) {
            let sex = row[g].clone().unwrap();
            *count
                .entry((sex.clone(), row[f].clone().unwrap()))
                .or_default() += 1.0;
            *by_sex.entry(sex).or_default() += 1.0;
        }
    }
    let share = |sex: &str, name: &str| {
        count
            .get(&(sex.into(), name.into()))
            .copied()
            .unwrap_or(0.0)
            / by_sex[sex]
    };
    let mut shares = Vec::new();
    // Census 1990 shares within the sex; the generated share is lower by the Hispanic, Asian
    // and other customers, whose names differ, and higher by the Census names missing from the
    // race table (3,022 of 5,494 names kept): between 0.6 and 1.3 of the Census share.
    for (sex, name, census) in [
        ("male", "James", 0.03318),
        ("male", "John", 0.03271),
        ("male", "Robert", 0.03143),
        ("male", "Michael", 0.02629),
        ("female", "Mary", 0.02629),
        ("female", "Patricia", 0.01073),
        ("female", "Linda", 0.01035),
    ] {
        let s = share(sex, name);
        shares.push(format!("{name} {s:.4}"));
        assert!(
            (0.6 * census..1.3 * census).contains(&s),
            "{name}: {s:.4} of {sex} customers (Census 1990: {census})"
        );
    }
    eprintln!("first-name shares: {}", shares.join(", "));
    // A distinctive name keeps its ethnicity's weight but not more: Jermaine is rare overall.
    assert!(
        share("male", "Jermaine") < 0.002,
        "{}",
        share("male", "Jermaine")
    );
}
