//! Every table that generates rows: consecutive slices, at uneven boundaries, concatenate to the
//! bytes of the one-call output, over several n and seeds. Boundaries fall inside runs of
//! duplicate customers, between the two adults of a couple, and inside a customer's sales.

use synth_core::{Arg, TableDef, TABLES};

fn csv(def: &TableDef, args: &[Arg]) -> Vec<u8> {
    let mut src = def.open_args(args).unwrap();
    let mut out = Vec::new();
    synth_core::write_csv(def.columns, src.as_mut(), &mut out).unwrap();
    out
}

/// The CSV body (header dropped).
fn body(bytes: Vec<u8>) -> Vec<u8> {
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes[at..].to_vec()
}

/// The arguments for (n, seed) plus the table's own extras, then the slice.
fn call(
    def: &TableDef,
    n: i64,
    seed: i64,
    extra: &[(&str, Arg)],
    slice: Option<(u64, u64)>,
) -> Vec<Arg> {
    let mut args = vec![Arg::Absent; def.params.len()];
    args[0] = Arg::Int(n);
    args[1] = Arg::Int(seed);
    for (name, v) in extra {
        let i = def.params.iter().position(|p| p.name == *name).unwrap();
        args[i] = v.clone();
    }
    if let Some((first, count)) = slice {
        let k = args.len();
        args[k - 2] = Arg::Int(first as i64);
        args[k - 1] = Arg::Int(count as i64);
    }
    args
}

fn generating_tables() -> Vec<&'static TableDef> {
    let t: Vec<_> = TABLES.iter().filter(|t| t.slices()).collect();
    assert!(t.len() >= 3, "customers, sales and people at least");
    t
}

/// Extra arguments that make slicing harder for a table.
fn extras(def: &TableDef) -> Vec<Vec<(&'static str, Arg)>> {
    let mut v = vec![vec![]];
    if def.params.iter().any(|p| p.name == "duplicates") {
        v.push(vec![("duplicates", Arg::Float(0.37))]);
        v.push(vec![
            ("duplicates", Arg::Float(1.0)),
            ("missing_gender", Arg::Float(0.5)),
        ]);
    }
    v
}

#[test]
fn consecutive_slices_are_the_full_table() {
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |m: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % m.max(1)
    };
    for def in generating_tables() {
        for extra in extras(def) {
            for (n, seed) in [(1i64, 3i64), (17, 42), (1000, 7), (2049, 123_456_789)] {
                let full = csv(def, &call(def, n, seed, &extra, None));
                let units = def
                    .open_args(&call(def, n, seed, &extra, None))
                    .unwrap()
                    .slice_units();
                // Cuts: 0, a few random points (some adjacent, splitting pairs and duplicates), the end.
                let mut cuts = vec![0, units];
                for _ in 0..6 {
                    cuts.push(next(units + 1));
                }
                cuts.push(1.min(units));
                cuts.sort_unstable();
                let mut joined = Vec::new();
                for w in cuts.windows(2) {
                    joined.extend(body(csv(
                        def,
                        &call(def, n, seed, &extra, Some((w[0], w[1] - w[0]))),
                    )));
                }
                assert_eq!(
                    String::from_utf8(joined).unwrap(),
                    String::from_utf8(body(full)).unwrap(),
                    "{} n={n} seed={seed} extra={extra:?} cuts={cuts:?}",
                    def.name
                );
                // Past the end: empty, like OFFSET.
                assert!(body(csv(def, &call(def, n, seed, &extra, Some((units, 5))))).is_empty());
            }
        }
    }
}

#[test]
fn a_slice_skips_rather_than_generates() {
    // Rows near the end of a billion-row table come at once: the slice is addressed, not reached.
    for def in generating_tables() {
        let n = 1_000_000_000;
        let units = def
            .open_args(&call(def, n, 1, &[], None))
            .unwrap()
            .slice_units();
        let start = std::time::Instant::now();
        let tail = body(csv(def, &call(def, n, 1, &[], Some((units - 3, 3)))));
        assert!(!tail.is_empty(), "{}", def.name);
        // Not a timing assertion of speed, only of not walking a billion rows (which takes minutes).
        assert!(
            start.elapsed().as_secs() < 20,
            "{}: {:?}",
            def.name,
            start.elapsed()
        );
    }
}
