//! The exploratory report (statistics, SVG plots, HTML and JSON).
//!
//! Each query result is a *section*. A [`Profile`] is the engine's [`crate::engine::RowSink`]:
//! it detects the [`Kind`] of table from the column names, streams the rows through small
//! accumulators (counts, means, one `Vec` of balances or incomes; never whole rows) and
//! [`Profile::finish`]es into [`SectionStats`]. The CLI pairs those with its data-quality
//! checks as [`Section`]s and writes them with [`render_html`] (one self-contained file: inline
//! CSS and SVG, no scripts, fonts or links) or [`to_json`].
//!
//! Both outputs are built from one view of the statistics (`view.rs`): every number is rounded
//! once (rates and shares to 4 decimals, money to 2) and the HTML shows exactly the text that
//! serde_json writes for it, so the two always agree.

mod html;
mod plots;
pub mod profile;
mod view;

pub use html::render_html;
pub use profile::{Profile, SectionStats};
pub use view::to_json;

use crate::types::ColumnInfo;

/// What a section's rows are, by their column names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Customers,
    People,
    Sales,
    Generic,
}

impl Kind {
    /// The columns (any case) that make a result a customers, people or sales table.
    const SIGNATURES: [(Kind, &'static [&'static str]); 3] = [
        (
            Kind::Customers,
            &["customer_id", "gender", "account_balance", "age", "email"],
        ),
        (
            Kind::People,
            &[
                "person_id",
                "age",
                "marital_status",
                "number_of_children",
                "annual_income",
            ],
        ),
        (
            Kind::Sales,
            &["intensity", "sales", "age", "in_target_bracket"],
        ),
    ];

    pub fn detect(cols: &[ColumnInfo]) -> Kind {
        let has = |name: &str| cols.iter().any(|c| c.name.eq_ignore_ascii_case(name));
        Kind::SIGNATURES
            .iter()
            .find(|(_, names)| names.iter().all(|n| has(n)))
            .map_or(Kind::Generic, |&(k, _)| k)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::People => "people",
            Kind::Sales => "sales",
            Kind::Generic => "generic",
        }
    }
}

/// One data-quality rule's outcome, as the report shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckRow {
    pub rule: String,
    pub expected: String,
    pub observed: String,
    pub passed: bool,
}

/// One query's statistics and the checks run on its rows (empty when its kind has none).
#[derive(Clone, Debug)]
pub struct Section {
    pub stats: SectionStats,
    pub checks: Vec<CheckRow>,
}

#[cfg(test)]
mod tests;
