//! Fill a user's own schema: an engine-independent model of tables, keys and checks
//! ([`model`]), the column rules that map names and types onto the project's generators
//! ([`rules`]), and the compiled, row-addressable generator ([`plan`]). The seeder's `fill`
//! command parses DDL into a [`Schema`]; the extensions will read their catalogs into the same.

pub mod model;
pub mod plan;
pub mod rules;

pub use model::{
    Check, CmpOp, ColType, ColumnSpec, DefaultKind, ForeignKey, Lit, Schema, TableSpec,
};
pub use plan::{Existing, FillError, FillOptions, FillValue, Plan, TablePlan, AS_OF, DEFAULT_ROWS};
pub use rules::{normalize, rule_for, Rule};

#[cfg(test)]
mod tests;
