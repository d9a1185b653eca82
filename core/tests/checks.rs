//! The quality checks pass on generated data over many seeds and fail on damaged data.

use synth_core::checks::{CustomerChecker, CustomerExpectations};
use synth_core::tables::customers::{Customers, CustomersOpts};
use synth_core::{Arg, Row, RowSource, Slice, Value};

fn rows(n: u64, seed: i64, dup: f64) -> (Vec<Row>, CustomerExpectations) {
    let mut o = CustomersOpts::new(n, seed);
    o.duplicates = dup;
    let exp = CustomerExpectations {
        missing_gender: 0.1,
        missing_address: 0.1,
        duplicates: dup,
        as_of: o.as_of,
    };
    let t = Customers::new(o).unwrap();
    let mut c = t.cursor(Slice::ALL);
    let mut out = Vec::new();
    let mut r = Row::new();
    while c.next_row(&mut r) {
        out.push(r.clone());
    }
    (out, exp)
}

/// Runs the checker, letting `damage` rewrite each row's values first.
fn check(
    rows: &[Row],
    exp: CustomerExpectations,
    damage: &dyn Fn(usize, &mut Vec<Value<'_>>),
) -> Vec<(String, bool, String)> {
    let mut c = CustomerChecker::new(exp);
    for (i, r) in rows.iter().enumerate() {
        let mut v: Vec<Value> = r.values().collect();
        damage(i, &mut v);
        c.push(&v);
    }
    c.finish()
        .into_iter()
        .map(|r| (r.rule.to_string(), r.passed, r.observed))
        .collect()
}

fn failed(res: &[(String, bool, String)]) -> Vec<&str> {
    res.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect()
}

#[test]
fn generated_data_passes_over_many_seeds() {
    for seed in 1..16 {
        for (n, dup) in [(1000, 0.0), (2500, 0.1), (7001, 0.25)] {
            let (r, exp) = rows(n, seed, dup);
            let res = check(&r, exp, &|_, _| {});
            assert!(failed(&res).is_empty(), "seed {seed} n {n}: {res:?}");
            assert_eq!(res.len(), 9);
        }
    }
}

#[test]
fn damaged_data_fails_with_a_reason() {
    let (r, exp) = rows(3000, 5, 0.1);
    // Balances replaced by uniform values.
    let res = check(&r, exp.clone(), &|i, v| {
        v[15] = Value::Money(1000 + (i as i64 * 7919) % 100_000)
    });
    assert_eq!(
        failed(&res),
        vec!["top_20_percent_balance_share"],
        "{res:?}"
    );
    // Duplicated emails.
    let res = check(&r, exp.clone(), &|i, v| {
        if i % 100 == 0 {
            v[4] = Value::Text("same@example.com")
        }
    });
    assert_eq!(failed(&res), vec!["emails_unique"]);
    // A wrong ZIP.
    let res = check(&r, exp.clone(), &|i, v| {
        if i == 10 && v[9] != Value::Null {
            v[9] = Value::Text("99999")
        }
    });
    assert_eq!(failed(&res), vec!["zip_city_state_agree"], "{res:?}");
    // One more missing gender than asked for, a bad card, an age out of range.
    let res = check(&r, exp.clone(), &|i, v| {
        if i == 0 {
            v[3] = Value::Null;
            v[11] = Value::Text("4111111111111112");
            v[10] = Value::Int(17);
        }
    });
    let f = failed(&res);
    assert!(
        f.contains(&"credit_cards_luhn_valid") && f.contains(&"age_in_18_90"),
        "{f:?}"
    );
    // Rows deleted: the duplicate rate no longer matches.
    let res = check(&r[..2000], exp, &|_, _| {});
    assert!(failed(&res).contains(&"duplicate_rate"));
}

#[test]
fn table_function_form() {
    let def = synth_core::find("synth_check_customers").unwrap();
    let mut src = def
        .open_args(&[
            Arg::Int(2000),
            Arg::Int(3),
            Arg::Float(0.2),
            Arg::Float(0.05),
            Arg::Float(0.1),
        ])
        .unwrap();
    let mut row = Row::new();
    let mut n = 0;
    while src.next_row(&mut row) {
        assert_eq!(
            row.get(3),
            Value::Bool(true),
            "{:?}",
            row.values().collect::<Vec<_>>()
        );
        n += 1;
    }
    assert_eq!(n, 9);
}
