//! The sales model: OLS recovers every coefficient; the scalar form equals the table form.

use synth_core::schema::{Arg, Args};
use synth_core::tables::sales::{self, SCALAR_PARAMS};
use synth_core::{Row, Value};

struct Obs {
    id: i64,
    age: i64,
    bracket: bool,
    balance: f64,
    intensity: f64,
    sales: f64,
}

fn table(args: &[Arg]) -> Vec<Obs> {
    let def = synth_core::find("synth_sales").unwrap();
    let mut src = def.open_args(args).unwrap();
    let mut row = Row::new();
    let mut out = Vec::new();
    while src.next_row(&mut row) {
        let f = |i| match row.get(i) {
            Value::Int(v) => v as f64,
            Value::Money(c) => c as f64 / 100.0,
            Value::Float(f) => f,
            Value::Bool(b) => b as i64 as f64,
            v => panic!("{v:?}"),
        };
        out.push(Obs {
            id: f(0) as i64,
            age: f(1) as i64,
            bracket: f(2) == 1.0,
            balance: f(3),
            intensity: f(4),
            sales: f(5),
        });
    }
    out
}

/// Ordinary least squares by the normal equations (Gauss-Jordan with partial pivoting).
fn ols(x: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let k = x[0].len();
    let mut a = vec![vec![0.0; k + 1]; k];
    for (xi, yi) in x.iter().zip(y) {
        for r in 0..k {
            for c in 0..k {
                a[r][c] += xi[r] * xi[c];
            }
            a[r][k] += xi[r] * yi;
        }
    }
    for col in 0..k {
        let p = (col..k)
            .max_by(|&i, &j| a[i][col].abs().partial_cmp(&a[j][col].abs()).unwrap())
            .unwrap();
        a.swap(col, p);
        for r in 0..k {
            if r != col {
                let f = a[r][col] / a[col][col];
                for c in col..=k {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
    }
    (0..k).map(|r| a[r][k] / a[r][r]).collect()
}

#[test]
fn ols_recovers_every_coefficient_and_sigma() {
    // (b0, b_age, b_balance, b_campaign, sigma) with gamma known: defaults and a second set.
    let sets: [(f64, f64, f64, f64, f64); 2] =
        [(25.0, 8.0, 0.02, 40.0, 7.5), (100.0, -3.0, 0.5, 12.0, 20.0)];
    for (si, &(b0, b_age, b_bal, b_camp, sigma)) in sets.iter().enumerate() {
        for seed in 1..6 {
            let args = [
                Arg::Int(10_000),
                Arg::Int(seed),
                Arg::Absent,
                Arg::Float(b0),
                Arg::Float(b_age),
                Arg::Float(0.3),
                Arg::Float(b_bal),
                Arg::Float(b_camp),
                Arg::Float(sigma),
            ];
            let obs = table(&args);
            assert_eq!(obs.len(), 50_000);
            let x: Vec<Vec<f64>> = obs
                .iter()
                .map(|o| {
                    vec![
                        1.0,
                        (o.age as f64).powf(0.3),
                        o.balance,
                        o.intensity * o.bracket as i64 as f64,
                    ]
                })
                .collect();
            let y: Vec<f64> = obs.iter().map(|o| o.sales).collect();
            let b = ols(&x, &y);
            let resid: Vec<f64> = x
                .iter()
                .zip(&y)
                .map(|(xi, yi)| yi - xi.iter().zip(&b).map(|(a, c)| a * c).sum::<f64>())
                .collect();
            let sd = (resid.iter().map(|r| r * r).sum::<f64>() / (resid.len() - 4) as f64).sqrt();
            let s = sigma / 7.5;
            let ctx = format!("set {si} seed {seed}: {b:?}, sd {sd}");
            assert!((b[0] - b0).abs() < 2.5 * s, "b0 {ctx}");
            assert!((b[1] - b_age).abs() < 0.8 * s, "b_age {ctx}");
            assert!((b[2] - b_bal).abs() < 0.002 * s, "b_balance {ctx}");
            assert!((b[3] - b_camp).abs() < 1.0 * s, "b_campaign {ctx}");
            assert!((sd / sigma - 1.0).abs() < 0.05, "sigma {ctx}");
        }
    }
}

#[test]
fn rows_match_customers_and_the_scalar_form() {
    let obs = table(&[
        Arg::Int(500),
        Arg::Int(9),
        Arg::FloatList(vec![0.0, 0.5, 1.0]),
    ]);
    assert_eq!(obs.len(), 1500);
    // Same ages and balances as synth_customers(500, 9).
    let c = synth_core::tables::customers::Customers::new(
        synth_core::tables::customers::CustomersOpts::new(500, 9),
    )
    .unwrap();
    for o in &obs {
        let i = (o.id - 1) as u64;
        assert_eq!(o.age, c.age_of(i) as i64);
        assert_eq!((o.balance * 100.0).round() as i64, c.balance_cents_of(i));
        assert_eq!(o.bracket, (25..=35).contains(&o.age));
        let vals = [
            Arg::Int(o.age),
            Arg::Float(o.balance),
            Arg::Float(o.intensity),
            Arg::Int(9),
            Arg::Int(o.id),
        ];
        let cents = sales::sale(&Args::new(SCALAR_PARAMS, &vals).unwrap()).unwrap();
        assert_eq!(cents, (o.sales * 100.0).round() as i64);
    }
    // The bracket matters: mean sales rise with intensity inside it, not outside.
    let mean = |inb: bool, x: f64| {
        let v: Vec<f64> = obs
            .iter()
            .filter(|o| o.bracket == inb && o.intensity == x)
            .map(|o| o.sales)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(mean(true, 1.0) - mean(true, 0.0) > 30.0);
    assert!((mean(false, 1.0) - mean(false, 0.0)).abs() < 3.0);
}

#[test]
fn slices_count_customers() {
    let full = table(&[Arg::Int(300), Arg::Int(2)]);
    let mut joined = Vec::new();
    for (a, b) in [(0, 7), (7, 150), (157, 1000)] {
        let mut args = vec![Arg::Int(300), Arg::Int(2)];
        args.resize(11, Arg::Absent);
        args.push(Arg::Int(a));
        args.push(Arg::Int(b));
        joined.extend(table(&args));
    }
    assert_eq!(joined.len(), full.len());
    assert!(joined
        .iter()
        .zip(&full)
        .all(|(x, y)| x.id == y.id && x.sales == y.sales && x.intensity == y.intensity));
}

#[test]
fn bad_arguments() {
    let def = synth_core::find("sales").unwrap();
    let err = |args: Vec<Arg>| def.open_args(&args).err().expect("error").to_string();
    assert!(err(vec![Arg::Int(10), Arg::Int(1), Arg::FloatList(vec![])]).contains("intensities"));
    assert!(err(vec![
        Arg::Int(10),
        Arg::Int(1),
        Arg::FloatList(vec![0.5, f64::NAN])
    ])
    .contains("finite"));
    let mut a = vec![
        Arg::Int(10),
        Arg::Int(1),
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
        Arg::Float(-1.0),
    ];
    assert!(err(a.clone()).contains("sigma"));
    a[8] = Arg::Float(f64::INFINITY);
    assert!(err(a.clone()).contains("sigma"));
    a[8] = Arg::Absent;
    a.push(Arg::Int(40));
    a.push(Arg::Int(30));
    assert!(err(a).contains("target_lo"));
    assert!(err(vec![Arg::Int(-1)]).contains("argument n"));
    let e = def
        .open_args(&[Arg::Int(10), Arg::Int(1), Arg::Absent, Arg::Float(f64::NAN)])
        .err()
        .unwrap();
    assert_eq!(e.sqlstate(), "22023");
    assert!(e.to_string().contains("b0"));
}

#[test]
fn golden_file_pins_seed_42() {
    let def = synth_core::find("sales").unwrap();
    let mut src = def.open_args(&[Arg::Int(20), Arg::Int(42)]).unwrap();
    let mut out = Vec::new();
    synth_core::write_csv(def.columns, src.as_mut(), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        include_str!("../../tests/golden/sales_n20_seed42.csv")
    );
}

#[test]
fn out_of_domain_arguments_are_errors_not_silent_values() {
    let scalar = |vals: &[Arg]| {
        Args::new(SCALAR_PARAMS, vals)
            .and_then(|a| sales::sale(&a))
            .map_err(|e| e.to_string())
    };
    let base = |age: i64, balance: f64, intensity: f64| {
        vec![
            Arg::Int(age),
            Arg::Float(balance),
            Arg::Float(intensity),
            Arg::Int(42),
            Arg::Int(9),
        ]
    };
    assert!(scalar(&base(40, 100.0, 0.5)).is_ok());
    // A negative age once gave 0.00 (NaN cast to cents); a huge coefficient the i64 limit.
    let e = scalar(&base(-5, 14.64, 0.5)).unwrap_err();
    assert!(e.contains("age"), "{e}");
    assert!(scalar(&base(40, 1e300, 0.5))
        .unwrap_err()
        .contains("account_balance"));
    assert!(scalar(&base(40, 10.0, 1e300))
        .unwrap_err()
        .contains("intensity"));
    let mut huge_b0 = base(40, 10.0, 0.5);
    huge_b0.push(Arg::Float(1e300));
    assert!(scalar(&huge_b0).unwrap_err().contains("b0"));
    let table_err = |args: &[Arg]| {
        synth_core::find("synth_sales")
            .unwrap()
            .open_args(args)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let mut gamma = vec![
        Arg::Int(3),
        Arg::Int(42),
        Arg::Absent,
        Arg::Absent,
        Arg::Absent,
    ];
    gamma.push(Arg::Float(50.0));
    assert!(table_err(&gamma).contains("gamma"), "{}", table_err(&gamma));
    let big_intensity = [Arg::Int(3), Arg::Int(42), Arg::FloatList(vec![0.0, 1e300])];
    assert!(table_err(&big_intensity).contains("intensities"));
}
