//! Rules for a sales table: the model's coefficients and noise come back out of the data.
//!
//! Ordinary least squares of `sales` on `1, age^γ, account_balance, intensity · [bracket]`,
//! accumulated in one pass (the normal equations), with each coefficient compared against the
//! model within four standard errors, and the residual σ within four standard errors of the
//! model's σ (plus the half-cent rounding of the amounts).

use super::{bool_of, int_of, locate, num_of, zero, CheckResult, Checker};
use crate::error::Result;
use crate::schema::Value;
use crate::tables::sales::SalesModel;

const READS: [&str; 5] = [
    "age",
    "in_target_bracket",
    "account_balance",
    "intensity",
    "sales",
];
const P: usize = 4;
const NAMES: [&str; P] = ["b0", "b_age", "b_balance", "b_campaign"];

pub struct SalesChecker {
    model: SalesModel,
    at: [usize; 5],
    xtx: [[f64; P]; P],
    xty: [f64; P],
    yty: f64,
    n: u64,
    bad_rows: u64,
    bad_bracket: u64,
}

/// Inverts a symmetric positive-definite matrix by Gauss-Jordan with partial pivoting; `None`
/// when it is singular (a regressor without variation).
pub fn invert<const N: usize>(a: &[[f64; N]; N]) -> Option<[[f64; N]; N]> {
    let mut m = *a;
    let mut inv = [[0.0; N]; N];
    for (i, r) in inv.iter_mut().enumerate() {
        r[i] = 1.0;
    }
    let scale = (0..N)
        .map(|i| a[i][i].abs())
        .fold(0.0, f64::max)
        .max(1e-300);
    for c in 0..N {
        let p = (c..N).max_by(|&x, &y| m[x][c].abs().total_cmp(&m[y][c].abs()))?;
        if m[p][c].abs() <= 1e-12 * scale {
            return None;
        }
        m.swap(c, p);
        inv.swap(c, p);
        let d = m[c][c];
        for k in 0..N {
            m[c][k] /= d;
            inv[c][k] /= d;
        }
        for r in 0..N {
            if r != c {
                let f = m[r][c];
                if f != 0.0 {
                    for k in 0..N {
                        m[r][k] -= f * m[c][k];
                        inv[r][k] -= f * inv[c][k];
                    }
                }
            }
        }
    }
    Some(inv)
}

/// The fitted model: coefficients, their standard errors, and the residual σ.
#[derive(Clone, Debug)]
pub struct Fit {
    pub coef: [f64; P],
    pub se: [f64; P],
    pub sigma: f64,
    pub n: u64,
}

impl SalesChecker {
    pub fn with_columns(model: SalesModel, columns: &[&str]) -> Result<Self> {
        Ok(SalesChecker {
            model,
            at: locate("sales", columns, READS)?,
            xtx: [[0.0; P]; P],
            xty: [0.0; P],
            yty: 0.0,
            n: 0,
            bad_rows: 0,
            bad_bracket: 0,
        })
    }

    fn push_row(&mut self, row: &[Value<'_>]) {
        let [age, bracket, balance, intensity, sales] = self.at.map(|i| row[i]);
        let (Some(age), Some(balance), Some(intensity), Some(y)) = (
            int_of(age),
            num_of(balance),
            num_of(intensity),
            num_of(sales),
        ) else {
            self.bad_rows += 1;
            return;
        };
        let inb = self.model.in_bracket(age);
        self.bad_bracket += u64::from(bool_of(bracket) != Some(inb));
        let x = [
            1.0,
            libm::pow(age as f64, self.model.gamma),
            balance,
            intensity * if inb { 1.0 } else { 0.0 },
        ];
        for i in 0..P {
            for j in 0..P {
                self.xtx[i][j] += x[i] * x[j];
            }
            self.xty[i] += x[i] * y;
        }
        self.yty += y * y;
        self.n += 1;
    }

    /// The least-squares fit, `None` when the regressors do not vary enough to be told apart.
    pub fn fit(&self) -> Option<Fit> {
        if self.n <= P as u64 {
            return None;
        }
        let inv = invert(&self.xtx)?;
        let mut coef = [0.0; P];
        for (i, c) in coef.iter_mut().enumerate() {
            *c = (0..P).map(|j| inv[i][j] * self.xty[j]).sum();
        }
        // RSS = y'y - 2 b'X'y + b'X'X b
        let bxy: f64 = (0..P).map(|i| coef[i] * self.xty[i]).sum();
        let bxxb: f64 = (0..P)
            .map(|i| {
                (0..P)
                    .map(|j| coef[i] * self.xtx[i][j] * coef[j])
                    .sum::<f64>()
            })
            .sum();
        let rss = (self.yty - 2.0 * bxy + bxxb).max(0.0);
        let s2 = rss / (self.n - P as u64) as f64;
        let mut se = [0.0; P];
        for (i, s) in se.iter_mut().enumerate() {
            *s = (s2 * inv[i][i]).max(0.0).sqrt();
        }
        Some(Fit {
            coef,
            se,
            sigma: s2.sqrt(),
            n: self.n,
        })
    }

    pub fn finish(self) -> Vec<CheckResult> {
        let m = &self.model;
        let mut out = vec![
            zero(
                "rows_complete",
                "rows without a numeric age, balance, intensity or sales",
                self.bad_rows,
            ),
            zero(
                "in_target_bracket_agrees_with_age",
                &format!(
                    "rows whose in_target_bracket is not age in {}..{}",
                    m.target_lo, m.target_hi
                ),
                self.bad_bracket,
            ),
        ];
        let want = [m.b0, m.b_age, m.b_balance, m.b_campaign];
        match self.fit() {
            Some(f) => {
                for k in 0..P {
                    // Half a cent of rounding per amount bounds how exact a fit of a noiseless
                    // model can be.
                    let tol = 4.0 * f.se[k] + 1e-6 * want[k].abs().max(1.0);
                    out.push(CheckResult {
                        rule: ["coefficient_b0", "coefficient_b_age", "coefficient_b_balance", "coefficient_b_campaign"][k],
                        expected: format!("{} = {} ± {:.4} (4 standard errors)", NAMES[k], want[k], tol),
                        observed: format!("{:.4} (se {:.4})", f.coef[k], f.se[k]),
                        passed: (f.coef[k] - want[k]).abs() <= tol,
                    });
                }
                // σ̂ has a standard error of about σ / sqrt(2(n - p)); cents add √(1/12) cent.
                let tol = 4.0 * m.sigma / (2.0 * (f.n - P as u64) as f64).sqrt() + 0.005;
                out.push(CheckResult {
                    rule: "residual_sigma",
                    expected: format!("sigma = {} ± {:.4}", m.sigma, tol),
                    observed: format!("{:.4} over {} rows", f.sigma, f.n),
                    passed: (f.sigma - m.sigma).abs() <= tol,
                });
            }
            None => out.push(CheckResult {
                rule: "model_fit",
                expected: "enough rows, ages, balances and intensities (inside and outside the bracket) to fit the model".into(),
                observed: format!("cannot fit: {} usable rows, regressors without variation", self.n),
                passed: false,
            }),
        }
        out
    }
}

impl Checker for SalesChecker {
    fn push(&mut self, row: &[Value<'_>]) {
        self.push_row(row)
    }

    fn finish(self: Box<Self>) -> Vec<CheckResult> {
        SalesChecker::finish(*self)
    }
}
