//! The tables, one file each, and the registry the engine adapters read.

pub mod customers;
pub mod sales;

use crate::error::{Error, Result};
use crate::schema::{Arg, Args, Column, Default, PType, Param, Row};

/// A stream of rows of one call.
pub trait RowSource: Send {
    /// Writes the next row into `row`; false when the slice is exhausted.
    fn next_row(&mut self, row: &mut Row) -> bool;
    /// Rows left in the slice.
    fn remaining(&self) -> u64;
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
    pub open: fn(&Args) -> Result<Box<dyn RowSource>>,
}

impl TableDef {
    /// Opens a stream for positional arguments (missing trailing ones take their defaults).
    pub fn open_args(&self, values: &[Arg]) -> Result<Box<dyn RowSource>> {
        let a = Args::new(self.params, values)?;
        (self.open)(&a)
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
        open: customers::open,
    },
    TableDef {
        name: "sales",
        function: "synth_sales",
        doc: "Sales of each customer of synth_customers(n, seed) at each marketing intensity, from a \
              known linear model with Normal noise.",
        columns: sales::COLUMNS,
        params: sales::PARAMS,
        open: sales::open,
    },
];

/// Looks a table up by short or SQL name.
pub fn find(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name || t.function == name)
}
