//! Rules for a customers table.

use super::{
    cents_of, date_of, int_of, locate, none, share, text_hash, text_of, too_few, CheckResult,
    Checker, Offenders,
};
use crate::data::data;
use crate::date::Date;
use crate::error::Result;
use crate::fields::{card_brand_valid, luhn_valid};
use crate::pareto::top_count;
use crate::schema::Value;
use crate::tables::customers::{rate_count, COLUMNS};
use std::collections::{HashMap, HashSet};

/// What a customers table should satisfy: the rates it was generated with and its `as_of`.
#[derive(Clone, Debug)]
pub struct CustomerExpectations {
    pub missing_gender: f64,
    pub missing_address: f64,
    pub duplicates: f64,
    pub as_of: Date,
}

/// The columns the rules read, by name.
const READS: [&str; 11] = [
    "customer_id",
    "gender",
    "email",
    "address",
    "city",
    "state",
    "zip",
    "age",
    "credit_card_number",
    "credit_card_expiry",
    "account_balance",
];

/// Checks a customers table streamed row by row. Rates and the balance share are over distinct
/// customers (the first row of each customer_id).
pub struct CustomerChecker {
    exp: CustomerExpectations,
    at: [usize; 11],
    rows: u64,
    seen: HashSet<i64>,
    balances: Vec<i64>,
    emails: HashSet<u64>,
    duplicate_emails: Offenders,
    missing_gender: u64,
    missing_address: u64,
    bad_luhn: Offenders,
    bad_gender: Offenders,
    missing_email: Offenders,
    bad_expiry: Offenders,
    bad_zip: Offenders,
    bad_age: Offenders,
    bad_balance: Offenders,
    zips: HashMap<&'static str, (&'static str, &'static str)>,
}

impl CustomerChecker {
    /// For rows in `synth_customers` column order.
    pub fn new(exp: CustomerExpectations) -> Self {
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        Self::with_columns(exp, &names).expect("the table's own columns")
    }

    /// For rows whose columns are `columns` (any order, extra columns ignored).
    pub fn with_columns(exp: CustomerExpectations, columns: &[&str]) -> Result<Self> {
        Ok(CustomerChecker {
            exp,
            at: locate("customers", columns, READS)?,
            rows: 0,
            seen: HashSet::new(),
            balances: Vec::new(),
            emails: HashSet::new(),
            duplicate_emails: Offenders::default(),
            missing_gender: 0,
            missing_address: 0,
            bad_luhn: Offenders::default(),
            bad_gender: Offenders::default(),
            missing_email: Offenders::default(),
            bad_expiry: Offenders::default(),
            bad_zip: Offenders::default(),
            bad_age: Offenders::default(),
            bad_balance: Offenders::default(),
            zips: data()
                .zips
                .iter()
                .map(|z| (z.zip, (z.city, z.state)))
                .collect(),
        })
    }

    /// One row, its values in the order of the checker's columns.
    pub fn push(&mut self, row: &[Value<'_>]) {
        let [id, gender, email, address, city, state, zip, age, card, expiry, balance] =
            self.at.map(|i| row[i]);
        self.rows += 1;
        let id = int_of(id).unwrap_or(i64::MIN);
        if !self.seen.insert(id) {
            return; // a duplicate row: counted in the duplicate rate only
        }
        // A missing value is NULL, or the empty text a CSV import (sqlite3 .import) leaves.
        let missing = |v: Value<'_>| v == Value::Null || text_of(v) == Some("");
        if missing(gender) {
            self.missing_gender += 1;
        } else {
            self.bad_gender
                .hit(!matches!(text_of(gender), Some("female" | "male")), id);
        }
        if missing(address) {
            self.missing_address += 1;
        } else {
            let ok = match (text_of(city), text_of(state), text_of(zip)) {
                (Some(city), Some(state), Some(zip)) => self
                    .zips
                    .get(zip)
                    .is_some_and(|&(c, s)| c == city && s == state),
                _ => false,
            };
            self.bad_zip.hit(!ok, id);
        }
        match text_of(email).filter(|e| e.contains('@')) {
            Some(e) => {
                if !self.emails.insert(text_hash(&e.to_ascii_lowercase())) {
                    self.duplicate_emails.hit(true, id);
                }
            }
            None => self.missing_email.hit(true, id),
        }
        let age_ok = int_of(age).is_some_and(|a| (18..=90).contains(&a));
        self.bad_age.hit(!age_ok, id);
        self.bad_luhn.hit(
            !text_of(card).is_some_and(|c| luhn_valid(c) && card_brand_valid(c)),
            id,
        );
        let lo = self.exp.as_of.add_years(1);
        let hi = self.exp.as_of.add_years(5).month_end_after(0);
        self.bad_expiry
            .hit(!date_of(expiry).is_some_and(|d| d >= lo && d <= hi), id);
        match cents_of(balance) {
            Some(c) if c >= 0 => self.balances.push(c),
            _ => self.bad_balance.hit(true, id),
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
        // A top 20% needs five balances to be a share at all.
        out.push(
            too_few(
                "top_20_percent_balance_share",
                "0.80 ± 0.01".into(),
                self.balances.len() as u64,
                5,
            )
            .unwrap_or(CheckResult {
                rule: "top_20_percent_balance_share",
                expected: "0.80 ± 0.01".into(),
                observed: format!("{s:.4}"),
                passed: (s - 0.8).abs() <= 0.01,
            }),
        );
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
        out.push(none(
            "credit_cards_luhn_valid",
            "card numbers failing Luhn or without a brand's prefix and length",
            &self.bad_luhn,
            "customer_id",
        ));
        out.push(none(
            "gender_female_or_male",
            "genders other than female, male or missing",
            &self.bad_gender,
            "customer_id",
        ));
        out.push(none(
            "emails_present",
            "missing emails (or without an @)",
            &self.missing_email,
            "customer_id",
        ));
        out.push(none(
            "expiry_1_to_5_years_after_as_of",
            "expiry dates outside the window",
            &self.bad_expiry,
            "customer_id",
        ));
        out.push(none(
            "emails_unique",
            "repeated emails",
            &self.duplicate_emails,
            "customer_id",
        ));
        out.push(none(
            "zip_city_state_agree",
            "addresses whose city/state is not the ZIP's",
            &self.bad_zip,
            "customer_id",
        ));
        out.push(none(
            "age_in_18_90",
            "ages outside 18..90",
            &self.bad_age,
            "customer_id",
        ));
        out.push(none(
            "balances_present_and_non_negative",
            "missing or negative balances",
            &self.bad_balance,
            "customer_id",
        ));
        out
    }
}

impl Checker for CustomerChecker {
    fn push(&mut self, row: &[Value<'_>]) {
        CustomerChecker::push(self, row)
    }

    fn finish(self: Box<Self>) -> Vec<CheckResult> {
        CustomerChecker::finish(*self)
    }
}
