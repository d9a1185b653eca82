//! `synth_sales`: sales per customer and marketing intensity from a known linear model,
//! `sales = b0 + b_age·age^γ + b_balance·balance + b_campaign·intensity·[lo ≤ age ≤ hi] + ε`,
//! ε ~ Normal(0, σ), deterministic per (seed, customer, intensity).

use crate::error::{Error, Result};
use crate::rng::{derive, tag, Rng};
use crate::schema::{Args, Column, Default, LType, PType, Param, Row};
use crate::tables::customers::{Customers, CustomersOpts, MAX_ROWS};
use crate::tables::{slice_args, RowSource, Slice, COMMON_SLICE_PARAMS};

pub const DEFAULT_INTENSITIES: &[f64] = &[0.0, 0.25, 0.5, 0.75, 1.0];
/// At most this many intensities per call.
pub const MAX_INTENSITIES: usize = 1000;

pub const COLUMNS: &[Column] = &[
    Column {
        name: "customer_id",
        ty: LType::Int64,
        nullable: false,
        doc: "the customer of synth_customers(n, seed) (each once)",
    },
    Column {
        name: "age",
        ty: LType::Int16,
        nullable: false,
        doc: "the customer's age",
    },
    Column {
        name: "in_target_bracket",
        ty: LType::Bool,
        nullable: false,
        doc: "target_lo <= age <= target_hi",
    },
    Column {
        name: "account_balance",
        ty: LType::Money,
        nullable: false,
        doc: "the customer's balance",
    },
    Column {
        name: "intensity",
        ty: LType::Float64,
        nullable: false,
        doc: "marketing intensity from the list",
    },
    Column {
        name: "sales",
        ty: LType::Money,
        nullable: false,
        doc: "the model's sales, 2 decimals",
    },
];

pub const PARAMS: &[Param] = &[
    Param {
        name: "n",
        ty: PType::Int,
        default: Default::Required,
        doc: "customers, as in synth_customers",
    },
    Param {
        name: "seed",
        ty: PType::Int,
        default: Default::Int(42),
        doc: "the customers' seed (also keys the noise)",
    },
    Param {
        name: "intensities",
        ty: PType::FloatList,
        default: Default::FloatList(DEFAULT_INTENSITIES),
        doc: "marketing intensities, one row each per customer",
    },
    Param {
        name: "b0",
        ty: PType::Float,
        default: Default::Float(25.0),
        doc: "intercept, dollars",
    },
    Param {
        name: "b_age",
        ty: PType::Float,
        default: Default::Float(8.0),
        doc: "dollars per unit of age^gamma",
    },
    Param {
        name: "gamma",
        ty: PType::Float,
        default: Default::Float(0.3),
        doc: "power of age",
    },
    Param {
        name: "b_balance",
        ty: PType::Float,
        default: Default::Float(0.02),
        doc: "dollars of sales per dollar of balance",
    },
    Param {
        name: "b_campaign",
        ty: PType::Float,
        default: Default::Float(40.0),
        doc: "dollars at intensity 1 inside the target bracket",
    },
    Param {
        name: "sigma",
        ty: PType::Float,
        default: Default::Float(7.5),
        doc: "noise standard deviation, dollars (>= 0)",
    },
    Param {
        name: "target_lo",
        ty: PType::Int,
        default: Default::Int(25),
        doc: "youngest age of the target bracket",
    },
    Param {
        name: "target_hi",
        ty: PType::Int,
        default: Default::Int(35),
        doc: "oldest age of the target bracket",
    },
    COMMON_SLICE_PARAMS[0],
    COMMON_SLICE_PARAMS[1],
];

const T_SALES: u64 = tag("synth.sales");

/// The model's coefficients and the noise key.
#[derive(Clone, Debug, PartialEq)]
pub struct SalesModel {
    pub b0: f64,
    pub b_age: f64,
    pub gamma: f64,
    pub b_balance: f64,
    pub b_campaign: f64,
    pub sigma: f64,
    pub target_lo: i64,
    pub target_hi: i64,
    key: u64,
}

impl SalesModel {
    /// Reads and checks the model's arguments (seed, coefficients, bracket).
    pub fn from_args(a: &Args) -> Result<Self> {
        // A check of a user's table has the coefficients but no seed: the noise key is unused.
        let seed = if a.has("seed") { a.int("seed")? } else { 0 };
        let m = SalesModel {
            b0: a.finite("b0")?,
            b_age: a.finite("b_age")?,
            gamma: a.finite("gamma")?,
            b_balance: a.finite("b_balance")?,
            b_campaign: a.finite("b_campaign")?,
            sigma: a.finite("sigma")?,
            target_lo: a.int("target_lo")?,
            target_hi: a.int("target_hi")?,
            key: derive(seed as u64, T_SALES),
        };
        if m.sigma < 0.0 {
            return Err(Error::invalid(
                "sigma",
                "a standard deviation >= 0",
                m.sigma,
            ));
        }
        // Bounds that keep every sale a finite amount of money (no overflow of the cents).
        for (name, v) in [
            ("b0", m.b0),
            ("b_age", m.b_age),
            ("b_balance", m.b_balance),
            ("b_campaign", m.b_campaign),
            ("sigma", m.sigma),
        ] {
            if v.abs() > MAX_COEF {
                return Err(Error::invalid(
                    name,
                    format!("between -{MAX_COEF:e} and {MAX_COEF:e}"),
                    v,
                ));
            }
        }
        if !(0.0..=3.0).contains(&m.gamma) {
            return Err(Error::invalid("gamma", "a power between 0 and 3", m.gamma));
        }
        if m.target_lo > m.target_hi {
            return Err(Error::invalid(
                "target_lo",
                format!("<= target_hi ({})", m.target_hi),
                m.target_lo,
            ));
        }
        Ok(m)
    }

    /// The model with every default coefficient.
    pub fn defaults() -> Self {
        let a = Args::new(PARAMS, &[]).expect("no arguments");
        Self::from_args(&a).expect("valid defaults")
    }

    pub fn in_bracket(&self, age: i64) -> bool {
        self.target_lo <= age && age <= self.target_hi
    }

    /// Sales in cents for one customer at one intensity; `balance` in dollars.
    pub fn sale_cents(&self, customer_id: i64, age: i64, balance: f64, intensity: f64) -> i64 {
        let intensity_key = if intensity == 0.0 {
            0
        } else {
            intensity.to_bits()
        };
        let eps = Rng::keyed(derive(self.key, customer_id as u64), intensity_key).normal();
        let bracket = if self.in_bracket(age) { 1.0 } else { 0.0 };
        let v = self.b0
            + self.b_age * libm::pow(age as f64, self.gamma)
            + self.b_balance * balance
            + self.b_campaign * intensity * bracket
            + self.sigma * eps;
        libm::round(v * 100.0) as i64
    }
}

/// Arguments of the scalar `synth_sale(age, account_balance, intensity, seed, customer_id, b0,
/// b_age, gamma, b_balance, b_campaign, sigma, target_lo, target_hi)`, in that order.
pub const SCALAR_PARAMS: &[Param] = &[
    Param {
        name: "age",
        ty: PType::Int,
        default: Default::Required,
        doc: "the customer's age",
    },
    Param {
        name: "account_balance",
        ty: PType::Float,
        default: Default::Required,
        doc: "the customer's balance, dollars",
    },
    Param {
        name: "intensity",
        ty: PType::Float,
        default: Default::Required,
        doc: "marketing intensity",
    },
    Param {
        name: "seed",
        ty: PType::Int,
        default: Default::Int(42),
        doc: "as in synth_sales",
    },
    Param {
        name: "customer_id",
        ty: PType::Int,
        default: Default::Required,
        doc: "keys the noise",
    },
    PARAMS[3],
    PARAMS[4],
    PARAMS[5],
    PARAMS[6],
    PARAMS[7],
    PARAMS[8],
    PARAMS[9],
    PARAMS[10],
];

/// The largest coefficient (and σ) the model accepts, in absolute value.
pub const MAX_COEF: f64 = 1e6;
/// The largest intensity the model accepts, in absolute value.
pub const MAX_INTENSITY: f64 = 1e6;

/// The scalar form: the same value (in cents) as the table's row for that customer and intensity.
pub fn sale(a: &Args) -> Result<i64> {
    let m = SalesModel::from_args(a)?;
    let age = a.int("age")?;
    if !(0..=150).contains(&age) {
        return Err(Error::invalid("age", "between 0 and 150", age));
    }
    let balance = a.finite("account_balance")?;
    if balance.abs() > 1e12 {
        return Err(Error::invalid(
            "account_balance",
            "between -1e12 and 1e12",
            balance,
        ));
    }
    let intensity = a.finite("intensity")?;
    if intensity.abs() > MAX_INTENSITY {
        return Err(Error::invalid(
            "intensity",
            format!("between -{MAX_INTENSITY:e} and {MAX_INTENSITY:e}"),
            intensity,
        ));
    }
    Ok(m.sale_cents(a.int("customer_id")?, age, balance, intensity))
}

/// Streams rows for customers `[first, first + count)` (deduplicated), each at every intensity.
pub struct SalesCursor {
    customers: Customers,
    model: SalesModel,
    intensities: Vec<f64>,
    next_customer: u64,
    end_customer: u64,
    k: usize,
    age: i64,
    balance_cents: i64,
}

impl RowSource for SalesCursor {
    fn next_row(&mut self, row: &mut Row) -> bool {
        if self.next_customer >= self.end_customer {
            return false;
        }
        let i = self.next_customer;
        if self.k == 0 {
            self.age = self.customers.age_of(i) as i64;
            self.balance_cents = self.customers.balance_cents_of(i);
        }
        let x = self.intensities[self.k];
        let id = i as i64 + 1;
        let balance = self.balance_cents as f64 / 100.0;
        row.clear();
        row.int(id);
        row.int(self.age);
        row.bool(self.model.in_bracket(self.age));
        row.money(self.balance_cents);
        row.float(x);
        row.money(self.model.sale_cents(id, self.age, balance, x));
        self.k += 1;
        if self.k == self.intensities.len() {
            self.k = 0;
            self.next_customer += 1;
        }
        true
    }

    fn remaining(&self) -> u64 {
        (self.end_customer - self.next_customer) * self.intensities.len() as u64 - self.k as u64
    }

    fn slice_units(&self) -> u64 {
        self.end_customer - self.next_customer
    }
}

/// Opens a stream. The slice (`first`, `count`) counts customers, the parent table's rows, so
/// that a slice of customers and the same slice of their sales belong together.
pub fn open(a: &Args) -> Result<Box<dyn RowSource>> {
    let n = a.int("n")?;
    if n < 0 {
        return Err(Error::invalid("n", format!("between 0 and {MAX_ROWS}"), n));
    }
    let customers = Customers::new(CustomersOpts::new(n as u64, a.int("seed")?))?;
    let intensities = a.float_list("intensities")?;
    if intensities.len() > MAX_INTENSITIES {
        return Err(Error::LimitExceeded {
            arg: "intensities",
            limit: format!("{MAX_INTENSITIES} values"),
            got: intensities.len().to_string(),
        });
    }
    if let Some(x) = intensities.iter().find(|x| x.abs() > MAX_INTENSITY) {
        return Err(Error::invalid(
            "intensities",
            format!("values between -{MAX_INTENSITY:e} and {MAX_INTENSITY:e}"),
            x,
        ));
    }
    let model = SalesModel::from_args(a)?;
    let s: Slice = slice_args(a, n as u64)?;
    let first = s.first.min(n as u64);
    let end = first.saturating_add(s.count).min(n as u64);
    Ok(Box::new(SalesCursor {
        customers,
        model,
        intensities,
        next_customer: first,
        end_customer: end,
        k: 0,
        age: 0,
        balance_cents: 0,
    }))
}
