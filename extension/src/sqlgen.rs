//! The SQL of one table, written from its core definition: the C row source
//! `synth_<table>_rows`, the public `synth_<table>` with named arguments and defaults, and
//! their comments. The output is checked in under `src/sql/` (pgrx embeds it in the versioned
//! extension script) and a test keeps it equal to what this module writes.
//!
//! Why two functions: PostgreSQL runs a set-returning function in `FROM` to completion into a
//! tuplestore before the first row comes out, so `LIMIT 5` would still generate all n rows. The
//! public function is an inlinable SQL function whose body calls the row source in a target
//! list, where it is evaluated one row per call: the planner inlines it, `LIMIT` stops it, and
//! no tuplestore is written.

use std::fmt::Write;

use synth_core::schema::{Default, PType, Param};
use synth_core::{Column, LType, TableDef};

/// A table's row source is `<function>_rows`; the C code finds the table by this name.
pub const ROWS_SUFFIX: &str = "_rows";
/// The one C symbol behind every row source.
pub const ROWS_SYMBOL: &str = "synth_table_rows";

/// The SQL name of a table's row source.
pub fn rows_function(def: &TableDef) -> String {
    format!("{}{ROWS_SUFFIX}", def.function)
}

/// The SQL of every table of the core, as checked in at `src/sql/tables.sql`.
pub fn all_tables_sql() -> String {
    let mut s = String::from(
        "-- Every table of synth-core, generated from its definition by extension/src/sqlgen.rs.\n\
         -- Do not edit; regenerate with `SYNTH_BLESS=1 extension/test.sh`.\n",
    );
    for def in synth_core::TABLES {
        s.push('\n');
        s.push_str(&table_sql(def));
    }
    s
}

pub fn param_sql_type(t: PType) -> &'static str {
    match t {
        PType::Int => "bigint",
        PType::Float => "double precision",
        PType::Date => "date",
        PType::FloatList => "double precision[]",
        PType::Text => "text",
    }
}

/// The composite type a table's rows have: `synth_<table>_row`. The public function returns
/// `SETOF` it (not `RETURNS TABLE`, whose output columns lose their type modifiers), so
/// `CREATE TABLE ... AS SELECT * FROM synth_customers(...)` gets `numeric(12,2)` for money.
pub fn row_type(def: &TableDef) -> String {
    format!("{}_row", def.function)
}

/// Does the table have a JSON column (the row source returns it as text: see [`table_columns`])?
fn has_json(def: &TableDef) -> bool {
    def.columns.iter().any(|c| c.ty == LType::Json)
}

/// The declared SQL type of a column.
pub fn column_sql_type(t: LType) -> &'static str {
    match t {
        LType::Int64 => "bigint",
        LType::Int32 => "integer",
        LType::Int16 => "smallint",
        LType::Text => "text",
        LType::Date => "date",
        LType::Money => "numeric(12,2)",
        LType::Float64 => "double precision",
        LType::Bool => "boolean",
        LType::Json => "jsonb",
    }
}

/// PostgreSQL keywords that cannot name a column or parameter unquoted.
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case",
    "cast", "check", "collate", "column", "constraint", "create", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant",
    "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
    "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
    "primary", "references", "returning", "select", "session_user", "some", "symmetric", "table",
    "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when",
    "where", "window", "with",
];

pub fn ident(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && !RESERVED.contains(&name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn default_sql(p: &Param) -> Option<String> {
    match p.default {
        Default::Required => None,
        Default::Int(i) => Some(i.to_string()),
        Default::Float(f) => Some(format!("{f:?}")),
        Default::Date(d) => Some(literal(&d.to_string())),
        Default::FloatList(l) => Some(format!(
            "ARRAY[{}]::double precision[]",
            l.iter()
                .map(|f| format!("{f:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Default::Text(t) => Some(literal(t)),
        Default::Null => Some("NULL".into()),
    }
}

/// `(bigint, bigint, ...)`: the identity argument list for COMMENT ON FUNCTION.
fn identity_args(def: &TableDef) -> String {
    def.params
        .iter()
        .map(|p| param_sql_type(p.ty))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The result columns; the row source returns JSON as text, which the public function casts.
fn table_columns(columns: &[Column], indent: &str, row_source: bool) -> String {
    columns
        .iter()
        .map(|c| {
            let ty = match c.ty {
                LType::Json if row_source => "text",
                t => column_sql_type(t),
            };
            format!("{indent}{} {ty}", ident(c.name))
        })
        .collect::<Vec<_>>()
        .join(",\n")
}

/// The public function's select list: `(r).*`, or each column with JSON cast to jsonb.
fn select_list(columns: &[Column]) -> String {
    if !columns.iter().any(|c| c.ty == LType::Json) {
        return "(r).*".into();
    }
    columns
        .iter()
        .map(|c| match c.ty {
            LType::Json => format!("(r).{0}::jsonb AS {0}", ident(c.name)),
            _ => format!("(r).{}", ident(c.name)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The comment of the public function: what it returns, then each argument.
pub fn function_comment(def: &TableDef) -> String {
    let mut s = if def.reads() {
        format!(
            "{} Reads with the caller's privileges; the query runs read-only. Arguments: ",
            def.doc
        )
    } else {
        format!(
            "{} Deterministic: the same arguments give the same rows. Arguments: ",
            def.doc
        )
    };
    let args = def
        .params
        .iter()
        .map(|p| match default_sql(p) {
            Some(d) => format!(
                "{} ({}, default {}): {}",
                p.name,
                param_sql_type(p.ty),
                d.replace('\'', ""),
                p.doc
            ),
            None => format!("{} ({}): {}", p.name, param_sql_type(p.ty), p.doc),
        })
        .collect::<Vec<_>>()
        .join("; ");
    s.push_str(&args);
    s.push('.');
    s
}

/// Generators are IMMUTABLE PARALLEL SAFE (their rows depend on their arguments alone, so
/// Citus and parallel plans may push them down); a function that reads tables is VOLATILE and
/// runs in the leader only (its queries go through SPI).
fn volatility(def: &TableDef) -> &'static str {
    if def.reads() {
        "VOLATILE PARALLEL UNSAFE"
    } else {
        "IMMUTABLE PARALLEL SAFE"
    }
}

/// The whole SQL of one table.
pub fn table_sql(def: &TableDef) -> String {
    let rows = rows_function(def);
    let row_type = ident(&row_type(def));
    let mut s = String::new();
    let _ = writeln!(s, "-- {}: the `{}` table", def.function, def.name);
    let _ = writeln!(s);

    // The row type, with the columns' type modifiers.
    let _ = writeln!(s, "CREATE TYPE {row_type} AS (");
    let _ = writeln!(s, "{}", table_columns(def.columns, "    ", false));
    let _ = writeln!(s, ");");
    let _ = writeln!(
        s,
        "COMMENT ON TYPE {row_type} IS {};",
        literal(&format!("A row of {}().", def.function))
    );
    let _ = writeln!(s);

    // The row source: C, value-per-call, one composite row per call.
    let _ = writeln!(s, "CREATE FUNCTION {}(", ident(&rows));
    let params = def
        .params
        .iter()
        .map(|p| format!("    {} {}", ident(p.name), param_sql_type(p.ty)))
        .collect::<Vec<_>>()
        .join(",\n");
    let _ = writeln!(s, "{params}");
    if has_json(def) {
        let _ = writeln!(s, ") RETURNS TABLE (");
        let _ = writeln!(s, "{}", table_columns(def.columns, "    ", true));
        let _ = writeln!(s, ")");
    } else {
        let _ = writeln!(s, ") RETURNS SETOF {row_type}");
    }
    let _ = writeln!(s, "LANGUAGE c {} CALLED ON NULL INPUT", volatility(def));
    let _ = writeln!(s, "AS 'MODULE_PATHNAME', {};", literal(ROWS_SYMBOL));
    let _ = writeln!(s);

    // The public function: named arguments with defaults; inlined by the planner.
    let _ = writeln!(s, "CREATE FUNCTION {}(", ident(def.function));
    let params = def
        .params
        .iter()
        .map(|p| match default_sql(p) {
            Some(d) => format!("    {} {} DEFAULT {d}", ident(p.name), param_sql_type(p.ty)),
            None => format!("    {} {}", ident(p.name), param_sql_type(p.ty)),
        })
        .collect::<Vec<_>>()
        .join(",\n");
    let _ = writeln!(s, "{params}");
    let _ = writeln!(s, ") RETURNS SETOF {row_type}");
    let _ = writeln!(s, "LANGUAGE sql {} CALLED ON NULL INPUT", volatility(def));
    let call_args = (1..=def.params.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(s, "AS $synth$");
    let _ = writeln!(
        s,
        "    SELECT {} FROM (SELECT @extschema@.{}({call_args}) AS r) AS s",
        select_list(def.columns),
        ident(&rows)
    );
    let _ = writeln!(s, "$synth$;");
    let _ = writeln!(s);

    let _ = writeln!(
        s,
        "COMMENT ON FUNCTION {}({}) IS\n    {};",
        ident(def.function),
        identity_args(def),
        literal(&function_comment(def))
    );
    let _ = writeln!(
        s,
        "COMMENT ON FUNCTION {}({}) IS\n    {};",
        ident(&rows),
        identity_args(def),
        literal(&format!(
            "Row source of {}() (internal): all arguments positional, no defaults. Call {}() instead.",
            def.function, def.function
        ))
    );
    s
}

/// `SETOF synth_customers_row` as `pg_get_function_result()` prints it.
pub fn catalog_result(def: &TableDef) -> String {
    format!("SETOF {}", row_type(def))
}

/// `customer_id bigint, ..., account_balance numeric(12,2)`: the row type's attributes as
/// `format_type` prints them.
pub fn catalog_columns(def: &TableDef) -> String {
    def.columns
        .iter()
        .map(|c| format!("{} {}", ident(c.name), column_sql_type(c.ty)))
        .collect::<Vec<_>>()
        .join(", ")
}
