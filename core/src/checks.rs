//! Data-quality checks: streaming checkers that consume rows (generated here, or read back from
//! a table a user changed) and report one result per rule: `rule, expected, observed, passed`.

use crate::data::data;
use crate::date::Date;
use crate::fields::luhn_valid;
use crate::pareto::top_count;
use crate::rng::mix64;
use crate::schema::Value;
use crate::tables::customers::rate_count;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq)]
pub struct CheckResult {
    pub rule: &'static str,
    pub expected: String,
    pub observed: String,
    pub passed: bool,
}

fn text_hash(s: &str) -> u64 {
    s.bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| mix64(h ^ b as u64))
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// What a customers table should satisfy: the rates it was generated with and its `as_of`.
#[derive(Clone, Debug)]
pub struct CustomerExpectations {
    pub missing_gender: f64,
    pub missing_address: f64,
    pub duplicates: f64,
    pub as_of: Date,
}

/// Checks a customers table streamed row by row (columns in `synth_customers` order).
/// Rates and the balance share are over distinct customers (first row of each customer_id).
pub struct CustomerChecker {
    exp: CustomerExpectations,
    rows: u64,
    seen: HashSet<i64>,
    balances: Vec<i64>,
    emails: HashSet<u64>,
    duplicate_emails: u64,
    missing_gender: u64,
    missing_address: u64,
    bad_luhn: u64,
    bad_expiry: u64,
    bad_zip: u64,
    bad_age: u64,
    zips: HashMap<&'static str, (&'static str, &'static str)>,
}

impl CustomerChecker {
    pub fn new(exp: CustomerExpectations) -> Self {
        CustomerChecker {
            exp,
            rows: 0,
            seen: HashSet::new(),
            balances: Vec::new(),
            emails: HashSet::new(),
            duplicate_emails: 0,
            missing_gender: 0,
            missing_address: 0,
            bad_luhn: 0,
            bad_expiry: 0,
            bad_zip: 0,
            bad_age: 0,
            zips: data()
                .zips
                .iter()
                .map(|z| (z.zip, (z.city, z.state)))
                .collect(),
        }
    }

    /// One row, in `synth_customers` column order.
    pub fn push(&mut self, v: &[Value<'_>]) {
        self.rows += 1;
        let id = match v[0] {
            Value::Int(i) => i,
            _ => i64::MIN,
        };
        if !self.seen.insert(id) {
            return; // a duplicate row: counted in the duplicate rate only
        }
        if v[3] == Value::Null {
            self.missing_gender += 1;
        }
        if v[6] == Value::Null {
            self.missing_address += 1;
        } else {
            let ok = match (v[7], v[8], v[9]) {
                (Value::Text(city), Value::Text(state), Value::Text(zip)) => self
                    .zips
                    .get(zip)
                    .is_some_and(|&(c, s)| c == city && s == state),
                _ => false,
            };
            self.bad_zip += u64::from(!ok);
        }
        if let Value::Text(e) = v[4] {
            if !self.emails.insert(text_hash(&e.to_ascii_lowercase())) {
                self.duplicate_emails += 1;
            }
        }
        let age_ok = matches!(v[10], Value::Int(a) if (18..=90).contains(&a));
        self.bad_age += u64::from(!age_ok);
        self.bad_luhn += u64::from(!matches!(v[11], Value::Text(c) if luhn_valid(c)));
        let lo = self.exp.as_of.add_years(1);
        let hi = self.exp.as_of.add_years(5).month_end_after(0);
        self.bad_expiry += u64::from(!matches!(v[12], Value::Date(d) if d >= lo && d <= hi));
        if let Value::Money(c) = v[15] {
            self.balances.push(c);
        }
    }

    pub fn finish(mut self) -> Vec<CheckResult> {
        let n = self.seen.len() as u64;
        let mut out = Vec::new();
        self.balances.sort_unstable_by(|a, b| b.cmp(a));
        let total: f64 = self.balances.iter().map(|&c| c as f64).sum();
        let top: f64 = self.balances[..top_count(self.balances.len() as u64) as usize]
            .iter()
            .map(|&c| c as f64)
            .sum();
        let s = if total > 0.0 { top / total } else { 0.0 };
        out.push(CheckResult {
            rule: "top_20_percent_balance_share",
            expected: "0.80 ± 0.01".into(),
            observed: format!("{s:.4}"),
            passed: (s - 0.8).abs() <= 0.01,
        });
        let mut exact = |rule: &'static str, rate: f64, count: u64, of: u64| {
            let want = rate_count(rate, of);
            out.push(CheckResult {
                rule,
                expected: format!("{want} of {of} ({:.4})", share(want, of)),
                observed: format!("{count} ({:.4})", share(count, of)),
                passed: count == want,
            });
        };
        exact(
            "missing_gender_rate",
            self.exp.missing_gender,
            self.missing_gender,
            n,
        );
        exact(
            "missing_address_rate",
            self.exp.missing_address,
            self.missing_address,
            n,
        );
        exact("duplicate_rate", self.exp.duplicates, self.rows - n, n);
        let zero = |rule: &'static str, what: &str, bad: u64| CheckResult {
            rule,
            expected: format!("0 {what}"),
            observed: format!("{bad} {what}"),
            passed: bad == 0,
        };
        out.push(zero(
            "credit_cards_luhn_valid",
            "invalid card numbers",
            self.bad_luhn,
        ));
        out.push(zero(
            "expiry_1_to_5_years_after_as_of",
            "expiry dates outside the window",
            self.bad_expiry,
        ));
        out.push(zero(
            "emails_unique",
            "repeated emails",
            self.duplicate_emails,
        ));
        out.push(zero(
            "zip_city_state_agree",
            "addresses whose city/state is not the ZIP's",
            self.bad_zip,
        ));
        out.push(zero("age_in_18_90", "ages outside 18..90", self.bad_age));
        out
    }
}

/// Rows of check results, as a table function returns them.
pub struct ResultRows {
    results: std::vec::IntoIter<CheckResult>,
}

impl ResultRows {
    pub fn new(results: Vec<CheckResult>) -> Self {
        ResultRows {
            results: results.into_iter(),
        }
    }
}

impl crate::tables::RowSource for ResultRows {
    fn next_row(&mut self, row: &mut crate::schema::Row) -> bool {
        match self.results.next() {
            Some(r) => {
                row.clear();
                row.text_static(r.rule);
                row.text(&r.expected);
                row.text(&r.observed);
                row.bool(r.passed);
                true
            }
            None => false,
        }
    }

    fn remaining(&self) -> u64 {
        self.results.len() as u64
    }
}

pub const RESULT_COLUMNS: &[crate::schema::Column] = &[
    crate::schema::Column {
        name: "rule",
        ty: crate::schema::LType::Text,
        nullable: false,
        doc: "the rule checked",
    },
    crate::schema::Column {
        name: "expected",
        ty: crate::schema::LType::Text,
        nullable: false,
        doc: "what the rule requires",
    },
    crate::schema::Column {
        name: "observed",
        ty: crate::schema::LType::Text,
        nullable: false,
        doc: "what the data has",
    },
    crate::schema::Column {
        name: "passed",
        ty: crate::schema::LType::Bool,
        nullable: false,
        doc: "whether it holds",
    },
];

/// `synth_check_customers(n, seed, missing_gender, missing_address, duplicates, as_of)`:
/// generates the table and checks it.
pub fn open_check_customers(
    a: &crate::schema::Args,
) -> crate::Result<Box<dyn crate::tables::RowSource>> {
    use crate::tables::customers::{Customers, CustomersOpts};
    let opts = CustomersOpts::from_args(a)?;
    let exp = CustomerExpectations {
        missing_gender: opts.missing_gender,
        missing_address: opts.missing_address,
        duplicates: opts.duplicates,
        as_of: opts.as_of,
    };
    let t = Customers::new(opts)?;
    let mut cur = t.cursor(crate::tables::Slice::ALL);
    let mut checker = CustomerChecker::new(exp);
    let mut row = crate::schema::Row::new();
    let mut k = 0u32;
    while crate::tables::RowSource::next_row(&mut cur, &mut row) {
        let vals: Vec<Value<'_>> = row.values().collect();
        checker.push(&vals);
        k = k.wrapping_add(1);
        if k.is_multiple_of(16_384) && crate::error::interrupted() {
            return Err(crate::Error::Cancelled);
        }
    }
    Ok(Box::new(ResultRows::new(checker.finish())))
}
