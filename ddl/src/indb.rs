//! Filling one table inside a database: `synth_fill(table, n, seed)` in SQLite and PostgreSQL.
//!
//! The engine hands over its DDL (SQLite's own CREATE statements; PostgreSQL's catalog written
//! as DDL) and a [`Db`] to query and write through. The table is filled like `seeder fill` fills
//! it, with two differences that come from the rows already there:
//!
//! - its parents are not filled: a foreign key picks among the parent's key values read from
//!   the database (a realistic skew over them, ordered by key), and an empty parent under a
//!   NOT NULL foreign key is an error;
//! - rows the table holds already come first: the new rows are numbered after them (so a second
//!   call adds different rows), an integer key or other unique number, date or time starts above
//!   the column's largest value, and unique texts carry numbers above those of earlier fills.

use crate::{insert_statements, Ddl, SqlDialect};
use synth_core::fill::{ColType, ColumnSpec, Existing, FillOptions, Plan, Schema};

/// A database connection as the in-database fill needs it.
pub trait Db {
    /// Runs a query; every value as text, NULL as `None`.
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String>;
    /// Runs a statement that returns no rows.
    fn execute(&mut self, sql: &str) -> Result<(), String>;
}

fn ordinal(ty: &ColType) -> bool {
    matches!(
        ty,
        ColType::Int { .. }
            | ColType::Numeric { .. }
            | ColType::Float
            | ColType::Date
            | ColType::Timestamp { .. }
            | ColType::Time
    )
}

/// `max(col)` as text the fill can read back, whatever the session's DateStyle.
fn max_expr(c: &ColumnSpec, d: SqlDialect) -> String {
    text_expr(c, d, &format!("max({})", crate::quoted_ident(&c.name)))
}

/// `expr`, a value of column `c`, as text the fill can read back.
fn text_expr(c: &ColumnSpec, d: SqlDialect, q: &str) -> String {
    match (d, &c.ty) {
        (SqlDialect::Sqlite, _) => q.to_string(),
        (SqlDialect::Postgres, ColType::Date) => format!("to_char({q}, 'YYYY-MM-DD')"),
        (SqlDialect::Postgres, ColType::Timestamp { tz: false }) => {
            format!("to_char({q}, 'YYYY-MM-DD HH24:MI:SS')")
        }
        // Written in UTC (`+00`), read back in UTC whatever the session's TimeZone.
        (SqlDialect::Postgres, ColType::Timestamp { tz: true }) => {
            format!("to_char({q} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
        }
        (SqlDialect::Postgres, _) => format!("({q})::text"),
    }
}

/// What the database holds for a fill of the tables `filled` says are filled: each filled
/// table's row count and the largest value of its ordinal columns, and the key values of each
/// parent a filled table references that is not filled itself.
pub fn held(
    db: &mut dyn Db,
    schema: &Schema,
    d: SqlDialect,
    qualify: &dyn Fn(&str) -> String,
    filled: &dyn Fn(&str) -> bool,
) -> Result<Vec<Existing>, String> {
    let mut existing: Vec<Existing> = Vec::new();
    fn entry<'e>(existing: &'e mut Vec<Existing>, table: &str) -> &'e mut Existing {
        match existing
            .iter()
            .position(|e| e.table.eq_ignore_ascii_case(table))
        {
            Some(i) => &mut existing[i],
            None => {
                existing.push(Existing {
                    table: table.to_string(),
                    ..Existing::default()
                });
                existing.last_mut().expect("pushed")
            }
        }
    }
    // Which column each table's rows are created at: read with a parent's keys, so that the
    // new children come after their parent rows.
    let shape = Plan::new(
        schema,
        &FillOptions {
            only: true,
            deferred_fks: true,
            ..FillOptions::default()
        },
    )
    .ok();
    for spec in schema.tables.iter().filter(|t| filled(&t.name)) {
        // The rows the table holds, and the largest value of each ordinal column.
        let ord: Vec<&ColumnSpec> = spec.columns.iter().filter(|c| ordinal(&c.ty)).collect();
        let mut sql = String::from("SELECT count(*)");
        for c in &ord {
            sql.push_str(", ");
            sql.push_str(&max_expr(c, d));
        }
        sql.push_str(" FROM ");
        sql.push_str(&qualify(&spec.name));
        let first = db.query(&sql)?.into_iter().next().unwrap_or_default();
        let e = entry(&mut existing, &spec.name);
        e.rows = first
            .first()
            .cloned()
            .flatten()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        e.max = ord
            .iter()
            .zip(first.iter().skip(1))
            .filter_map(|(c, v)| v.clone().map(|v| (c.name.clone(), v)))
            .collect();

        // The key values of each parent that gets no rows, in key order.
        for fk in &spec.foreign_keys {
            if filled(&fk.parent) {
                continue;
            }
            let Some(ps) = schema.find(&fk.parent).map(|p| &schema.tables[p]) else {
                continue; // Plan::new names the missing table.
            };
            let pcols = if fk.parent_columns.is_empty() {
                ps.primary_key.clone()
            } else {
                fk.parent_columns.clone()
            };
            if pcols.is_empty() {
                continue; // Plan::new names the missing key.
            }
            let quoted: Vec<String> = pcols.iter().map(|c| crate::quoted_ident(c)).collect();
            let cast = if d == SqlDialect::Postgres {
                "::text"
            } else {
                ""
            };
            let moment = shape
                .as_ref()
                .and_then(|s| s.moment_column(schema.find(&ps.name)?))
                .and_then(|m| ps.column(m).map(|c| &ps.columns[c]));
            let moment_sql = moment
                .map(|c| {
                    let q = crate::quoted_ident(&c.name);
                    format!(", {} AS synth_moment", text_expr(c, d, &q))
                })
                .unwrap_or_default();
            let sql = format!(
                "SELECT {}{moment_sql} FROM {} WHERE {} ORDER BY {}",
                // Aliased: ORDER BY must see the columns, not their text.
                quoted
                    .iter()
                    .enumerate()
                    .map(|(i, q)| format!("{q}{cast} AS synth_key_{i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                qualify(&ps.name),
                quoted
                    .iter()
                    .map(|q| format!("{q} IS NOT NULL"))
                    .collect::<Vec<_>>()
                    .join(" AND "),
                quoted.join(", ")
            );
            let keys = db.query(&sql)?;
            let e = entry(&mut existing, &ps.name);
            if !e.keys.iter().any(|k| k.0 == pcols) {
                e.rows = keys.len() as u64;
                e.moment = moment.map(|c| c.name.clone());
                e.keys.push((pcols, keys));
            }
        }
    }
    Ok(existing)
}

/// Fills `table` of `ddl` with `n` rows through `db` and returns `n`. `qualify` turns a table
/// name of the DDL into its reference in SQL (quoted, with its schema where there is one).
/// Nothing is written when an error is returned before the first INSERT; the caller runs the
/// whole call in one transaction or savepoint so that a later error leaves nothing either.
pub fn fill_table(
    db: &mut dyn Db,
    ddl: &Ddl,
    d: SqlDialect,
    qualify: &dyn Fn(&str) -> String,
    table: &str,
    n: i64,
    seed: i64,
) -> Result<u64, String> {
    if n < 0 {
        return Err(format!("invalid argument n: must be 0 or more, got {n}"));
    }
    let schema = &ddl.schema;
    let t = schema
        .find(table)
        .ok_or_else(|| format!("there is no table {table}"))?;
    let spec = &schema.tables[t];
    // The table and its direct parents; the parents are read, not filled.
    let mut sub = Schema::default();
    sub.tables.push(spec.clone());
    for fk in &spec.foreign_keys {
        if sub.find(&fk.parent).is_some() {
            continue;
        }
        let p = schema.find(&fk.parent).ok_or_else(|| {
            format!(
                "table {}: FOREIGN KEY ({}) REFERENCES {}, which does not exist",
                spec.name,
                fk.columns.join(", "),
                fk.parent
            )
        })?;
        let mut ps = schema.tables[p].clone();
        ps.foreign_keys.clear();
        ps.checks.clear();
        sub.tables.push(ps);
    }

    let existing = held(db, &sub, d, qualify, &|t| {
        t.eq_ignore_ascii_case(&spec.name)
    })?;
    let opts = FillOptions {
        seed,
        rows: vec![(spec.name.clone(), n)],
        only: true,
        // Only this table gets rows: any order of the others will do.
        deferred_fks: true,
        existing,
        ..FillOptions::default()
    };
    let plan = Plan::new(&sub, &opts).map_err(|e| e.0)?;
    insert_statements(&plan, d, qualify, &mut |sql: &str| db.execute(sql))?;
    Ok(n as u64)
}
