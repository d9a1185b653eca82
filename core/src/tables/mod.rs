//! The tables, one file each, and the registry the engine adapters read.

pub mod customers;
pub mod events;
pub mod family;
pub mod finance;
pub mod health;
pub mod people;
pub mod relatives;
pub mod sales;

use crate::checks::{self, QueryRunner};
use crate::error::{Error, Result};
use crate::schema::{Arg, Args, Column, Default, PType, Param, Row};

/// A stream of rows of one call.
pub trait RowSource: Send {
    /// Writes the next row into `row`; false when the slice is exhausted.
    fn next_row(&mut self, row: &mut Row) -> bool;
    /// Rows left in the slice.
    fn remaining(&self) -> u64;
    /// What `first` and `count` count, over the whole table, for a source opened without a
    /// slice: its rows, unless the table slices by its parent (sales: customers), so that a
    /// scheduler can cut the table into equal shards.
    fn slice_units(&self) -> u64 {
        self.remaining()
    }
}

/// Rows `[first, first + count)` of a table's full output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    pub first: u64,
    pub count: u64,
}

impl Slice {
    pub const ALL: Slice = Slice {
        first: 0,
        count: u64::MAX,
    };
}

/// `first` and `count`, the last two parameters of every table function.
pub const COMMON_SLICE_PARAMS: [Param; 2] = [
    Param {
        name: "first",
        ty: PType::Int,
        default: Default::Int(0),
        doc: "first output row of the slice (0-based)",
    },
    Param {
        name: "count",
        ty: PType::Int,
        default: Default::Null,
        doc: "rows in the slice; NULL: to the end of the table",
    },
];

/// Reads `first`/`count`; a slice past the end is empty, like OFFSET.
pub fn slice_args(a: &Args, _total: u64) -> Result<Slice> {
    let first = a.int("first")?;
    if first < 0 {
        return Err(Error::invalid("first", "a row number >= 0", first));
    }
    let count = match a.opt_int("count")? {
        None => u64::MAX,
        Some(c) if c < 0 => return Err(Error::invalid("count", "a row count >= 0 or NULL", c)),
        Some(c) => c as u64,
    };
    Ok(Slice {
        first: first as u64,
        count,
    })
}

/// One table as the adapters see it.
pub struct TableDef {
    /// Short name (`customers`).
    pub name: &'static str,
    /// SQL function name (`synth_customers`).
    pub function: &'static str,
    pub doc: &'static str,
    pub columns: &'static [Column],
    pub params: &'static [Param],
    pub open: Open,
}

/// How a function makes its rows.
#[derive(Clone, Copy)]
pub enum Open {
    /// From its arguments alone: deterministic, IMMUTABLE.
    Generate(fn(&Args) -> Result<Box<dyn RowSource>>),
    /// By reading the database it runs in (the checks of a user's table): VOLATILE.
    Reads(fn(&Args, &mut dyn QueryRunner) -> Result<Box<dyn RowSource>>),
}

impl TableDef {
    /// Opens a stream for positional arguments (missing trailing ones take their defaults).
    pub fn open_args(&self, values: &[Arg]) -> Result<Box<dyn RowSource>> {
        self.open_reading(values, None)
    }

    /// As [`Self::open_args`], with the engine a reading function reads through.
    pub fn open_reading(
        &self,
        values: &[Arg],
        engine: Option<&mut dyn QueryRunner>,
    ) -> Result<Box<dyn RowSource>> {
        let a = Args::new(self.params, values)?;
        match (self.open, engine) {
            (Open::Generate(f), _) => f(&a),
            (Open::Reads(f), Some(e)) => f(&a, e),
            (Open::Reads(_), None) => Err(Error::Usage(format!(
                "{} reads tables: call it inside a database",
                self.function
            ))),
        }
    }

    /// Whether the function reads the database (and so is not deterministic).
    pub fn reads(&self) -> bool {
        matches!(self.open, Open::Reads(_))
    }

    /// Whether it generates a table that can be sliced (`first`, `count` last): the tables
    /// `seeder generate` writes, as opposed to the checks.
    pub fn slices(&self) -> bool {
        !self.reads() && self.params.last().is_some_and(|p| p.name == "count")
    }
}

pub static TABLES: &[TableDef] = &[
    TableDef {
        name: "customers",
        function: "synth_customers",
        doc: "Customers of an online game: coherent names, ZIP-consistent addresses, unique emails, \
              Luhn-valid cards, and balances whose top 20% hold 80% of the total.",
        columns: customers::COLUMNS,
        params: customers::PARAMS,
        open: Open::Generate(customers::open),
    },
    TableDef {
        name: "sales",
        function: "synth_sales",
        doc: "Sales of each customer of synth_customers(n, seed) at each marketing intensity, from a \
              known linear model with Normal noise.",
        columns: sales::COLUMNS,
        params: sales::PARAMS,
        open: Open::Generate(sales::open),
    },
    TableDef {
        name: "people",
        function: "synth_people",
        doc: "Adults (and with min_age below 18 the minors of their households) with correlated \
              demographics, generated by family: spouses, parents and children are rows of the \
              same call sharing households, surnames and dates.",
        columns: people::COLUMNS,
        params: people::PARAMS,
        open: Open::Generate(people::open),
    },
    TableDef {
        name: "relationships",
        function: "synth_relationships",
        doc: "The family links of synth_people(n, seed, as_of, min_age): spouse, parent, child, \
              sibling, grandparent and grandchild, each from both sides.",
        columns: relatives::RELATIONSHIP_COLUMNS,
        params: people::PARAMS,
        open: Open::Generate(relatives::open_relationships),
    },
    TableDef {
        name: "life_events",
        function: "synth_life_events",
        doc: "The dated life events of the people of synth_people(n, seed, as_of, min_age): birth, \
              graduation, job_start, move, marriage, child_birth, divorce, widowed and \
              retirement, agreeing with the people rows, their relatives and households.",
        columns: events::COLUMNS,
        params: people::PARAMS,
        open: Open::Generate(events::open),
    },
    TableDef {
        name: "households",
        function: "synth_households",
        doc: "The households of synth_people(n, seed, as_of): size, type (ACS categories) and \
              address, one row per household, at its first adult.",
        columns: relatives::HOUSEHOLD_COLUMNS,
        params: people::ADULT_PARAMS,
        open: Open::Generate(relatives::open_households),
    },
    TableDef {
        name: "patients",
        function: "synth_patients",
        doc: "One patient record per person of synth_people(n, seed, as_of): a synthetic MRN, \
              insurance by sex and age, blood type by ethnicity, height and weight (BMI agrees \
              with obesity in synth_conditions).",
        columns: health::PATIENT_COLUMNS,
        params: people::ADULT_PARAMS,
        open: Open::Generate(health::open_patients),
    },
    TableDef {
        name: "conditions",
        function: "synth_conditions",
        doc: "Diagnosed conditions of the people of synth_people(n, seed, as_of): ICD-10-CM codes \
              at cited prevalences by sex and age, comorbid conditions together, onset at a \
              plausible age; acute episodes of the last 3 years.",
        columns: health::CONDITION_COLUMNS,
        params: people::ADULT_PARAMS,
        open: Open::Generate(health::open_conditions),
    },
    TableDef {
        name: "medications",
        function: "synth_medications",
        doc: "Medications of the people of synth_people(n, seed, as_of), each treating one of \
              the person's conditions (RxNorm ingredients), from its onset.",
        columns: health::MEDICATION_COLUMNS,
        params: people::ADULT_PARAMS,
        open: Open::Generate(health::open_medications),
    },
    TableDef {
        name: "encounters",
        function: "synth_encounters",
        doc: "Physician encounters of the people of synth_people(n, seed, as_of): the diagnosis \
              visit of every condition and office visits of the last 3 years at the NAMCS rates \
              by age.",
        columns: health::ENCOUNTER_COLUMNS,
        params: people::ADULT_PARAMS,
        open: Open::Generate(health::open_encounters),
    },
    TableDef {
        name: "check_customers",
        function: "synth_check_customers",
        doc: "Generates synth_customers with these arguments and checks it: one row per rule \
              (80/20 share, exact missing and duplicate rates, Luhn, expiry, unique emails, \
              ZIP-city-state agreement, age range).",
        columns: checks::RESULT_COLUMNS,
        params: checks::CHECK_CUSTOMERS_PARAMS,
        open: Open::Generate(checks::open_check_customers),
    },
    TableDef {
        name: "check_people",
        function: "synth_check_people",
        doc: "Generates synth_people with these arguments and checks it: one row per rule \
              (the constraints every row meets, and the correlations with their reference \
              figures: married share by age, children by age and status, income by age and \
              education, retirement, sex ratio).",
        columns: checks::RESULT_COLUMNS,
        params: checks::CHECK_PEOPLE_PARAMS,
        open: Open::Generate(checks::open_check_people),
    },
    TableDef {
        name: "check_sales",
        function: "synth_check_sales",
        doc: "Generates synth_sales with these arguments and checks it: least squares recovers \
              each coefficient within four standard errors and the residual sigma.",
        columns: checks::RESULT_COLUMNS,
        params: checks::CHECK_SALES_PARAMS,
        open: Open::Generate(checks::open_check_sales),
    },
    TableDef {
        name: "check_table",
        function: "synth_check_table",
        doc: "Checks rows already in the database (a table name or a SELECT query) with the \
              rules of a customers, people or sales table: a table that was changed fails the \
              rules its change breaks.",
        columns: checks::RESULT_COLUMNS,
        params: checks::CHECK_TABLE_PARAMS,
        open: Open::Reads(checks::open_check_table),
    },
    TableDef {
        name: "accounts",
        function: "synth_accounts",
        doc: "Bank accounts (checking with a debit card, savings, credit card) of the people of \
              synth_people(n, seed, as_of), owned at cited shares by income, with balances at the \
              start of the 12-month window and at as_of that synth_transactions reconciles exactly.",
        columns: finance::ACCOUNT_COLUMNS,
        params: finance::ACCOUNT_PARAMS,
        open: Open::Generate(finance::open_accounts),
    },
    TableDef {
        name: "transactions",
        function: "synth_transactions",
        doc: "Transactions of synth_accounts over the last `months` months before as_of: pay, \
              rent or mortgage, bills, card and debit purchases with MCCs, transfers and card \
              payments on both accounts; opening balance + amounts = closing balance exactly.",
        columns: finance::TRANSACTION_COLUMNS,
        params: finance::TRANSACTION_PARAMS,
        open: Open::Generate(finance::open_transactions),
    },
];

/// Looks a table up by short or SQL name.
pub fn find(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name || t.function == name)
}
