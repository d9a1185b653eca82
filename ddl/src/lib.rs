//! synth's DDL reader and SQL writer, shared by the seeder and both database extensions.
//!
//! [`read_ddl`] parses PostgreSQL or SQLite DDL with sqlparser into the core's fill
//! [`Schema`]: the DDL is split into statements on the tokens (strings, comments, `$$` bodies
//! and trigger bodies stay whole); CREATE TABLE, CREATE [UNIQUE] INDEX, ALTER TABLE ADD
//! COLUMN/CONSTRAINT, CREATE TYPE … AS ENUM, CREATE DOMAIN and DROP TABLE are read, everything
//! else (views, functions, triggers, inserts, comments, grants) is skipped with a note.
//! [`insert_statements`] writes a [`Plan`]'s rows as INSERT statements for a dialect.

pub mod indb;

use sqlparser::ast::{
    BinaryOperator, ColumnDef, ColumnOption, DataType, Expr, GeneratedAs, InTarget, ObjectName,
    ObjectNamePart, Statement, TableConstraint, UnaryOperator, UserDefinedTypeRepresentation,
    Value as SqlValue,
};
use sqlparser::dialect::{Dialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};
use synth_core::fill::{
    Check, CmpOp, ColType, ColumnSpec, DefaultKind, FillValue, ForeignKey, Lit, Plan, Schema,
    TablePlan, TableSpec,
};

/// `"name"`, with inner quotes doubled.
pub fn quote_ident(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// `"name"` as a new string (see [`quote_ident`]).
pub fn quoted_ident(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    quote_ident(s, &mut q);
    q
}

/// `'text'`, with inner quotes doubled.
pub fn quote_str(s: &str, out: &mut String) {
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SqlDialect {
    Sqlite,
    Postgres,
}

/// One DDL statement the filler read: its kind, target table and source text.
#[derive(Debug, Clone)]
pub struct DdlStmt {
    /// The table it creates or alters (lower case), if any.
    pub table: Option<String>,
    /// Whether SQLite should run it when creating missing tables.
    pub executable: bool,
    /// Whether PostgreSQL should run it when creating missing tables (tables, indexes, enum
    /// types, domains, sequences).
    pub postgres: bool,
    pub text: String,
}

/// The parsed DDL: the model plus the statements that create it.
#[derive(Debug, Default)]
pub struct Ddl {
    pub schema: Schema,
    pub stmts: Vec<DdlStmt>,
    pub notes: Vec<String>,
}

struct Domain {
    ty: ColType,
    not_null: bool,
    checks: Vec<Expr>,
}

struct Reader {
    dialect: SqlDialect,
    ddl: Ddl,
    enums: Vec<(String, Vec<String>)>,
    domains: Vec<(String, Domain)>,
    skipped: Vec<(String, usize)>,
}

fn ident_name(i: &sqlparser::ast::Ident, d: SqlDialect) -> String {
    if i.quote_style.is_none() && d == SqlDialect::Postgres {
        i.value.to_lowercase()
    } else {
        i.value.clone()
    }
}

fn obj_name(n: &ObjectName, d: SqlDialect) -> String {
    match n.0.last() {
        Some(ObjectNamePart::Identifier(i)) => ident_name(i, d),
        Some(p) => p.to_string(),
        None => String::new(),
    }
}

/// `(base name upper case, numeric arguments)` of a type as written.
fn type_parts(dt: &DataType) -> (String, Vec<u32>) {
    let s = dt.to_string();
    let (base, args) = match s.find('(') {
        Some(p) => (&s[..p], &s[p + 1..]),
        None => (s.as_str(), ""),
    };
    let args = args
        .trim_end_matches(|c: char| c != ')')
        .trim_end_matches(')')
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    (base.trim().to_uppercase(), args)
}

impl Reader {
    fn col_type(&self, dt: &DataType) -> (ColType, DefaultKind, Option<&Domain>) {
        let (base, args) = type_parts(dt);
        let sqlite = self.dialect == SqlDialect::Sqlite;
        let int = |bits| ColType::Int { bits };
        let text = |fixed| ColType::Text {
            max_len: args.first().copied(),
            fixed,
        };
        let plain = base.rsplit('.').next().unwrap_or(&base).trim_matches('"');
        if let Some((_, vals)) = self
            .enums
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(plain))
        {
            return (
                ColType::Enum {
                    name: plain.to_lowercase(),
                    values: vals.clone(),
                },
                DefaultKind::None,
                None,
            );
        }
        if let Some((_, d)) = self
            .domains
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(plain))
        {
            return (d.ty.clone(), DefaultKind::None, Some(d));
        }
        if base.ends_with("[]") || s_has_array(&base) {
            return (ColType::Other(base), DefaultKind::None, None);
        }
        let ty = match base.as_str() {
            "SMALLINT" | "INT2" | "TINYINT" => int(16),
            "SMALLSERIAL" | "SERIAL2" => return (int(16), DefaultKind::Serial, None),
            "INT" | "INT4" | "INTEGER" | "MEDIUMINT" => int(if sqlite { 64 } else { 32 }),
            "SERIAL" | "SERIAL4" => return (int(32), DefaultKind::Serial, None),
            "BIGINT" | "INT8" | "UNSIGNED BIG INT" => int(64),
            "BIGSERIAL" | "SERIAL8" => return (int(64), DefaultKind::Serial, None),
            "NUMERIC" | "DECIMAL" | "DEC" => ColType::Numeric {
                precision: args.first().copied(),
                scale: args.get(1).copied().or(args.first().map(|_| 0)),
            },
            "MONEY" => ColType::Numeric {
                precision: Some(18),
                scale: Some(2),
            },
            "REAL" | "FLOAT" | "FLOAT4" | "FLOAT8" | "DOUBLE" | "DOUBLE PRECISION" => {
                ColType::Float
            }
            "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" | "STRING" | "CLOB"
            | "CITEXT" | "NAME" | "VARYING CHARACTER" | "NATIVE CHARACTER" => text(false),
            "CHAR" | "CHARACTER" | "NCHAR" | "BPCHAR" => text(true),
            "BOOLEAN" | "BOOL" => ColType::Bool,
            "DATE" => ColType::Date,
            "DATETIME" | "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" => {
                ColType::Timestamp { tz: false }
            }
            "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => ColType::Timestamp { tz: true },
            "TIME" | "TIME WITHOUT TIME ZONE" | "TIMETZ" | "TIME WITH TIME ZONE" => ColType::Time,
            "UUID" => ColType::Uuid,
            // Words separated by spaces are a valid tsvector text.
            "TSVECTOR" => text(false),
            "JSON" | "JSONB" => ColType::Json,
            "BLOB" | "BYTEA" | "BINARY" | "VARBINARY" => ColType::Bytes,
            _ if sqlite => {
                // SQLite's type affinity rules (section 3.1 of its datatype page).
                if base.contains("INT") {
                    int(64)
                } else if base.contains("CHAR") || base.contains("CLOB") || base.contains("TEXT") {
                    text(false)
                } else if base.contains("BLOB") || base.is_empty() {
                    ColType::Bytes
                } else if base.contains("REAL") || base.contains("FLOA") || base.contains("DOUB") {
                    ColType::Float
                } else if base.contains("DATE") || base.contains("TIME") {
                    ColType::Timestamp { tz: false }
                } else {
                    ColType::Numeric {
                        precision: None,
                        scale: None,
                    }
                }
            }
            _ if base.starts_with("TIMESTAMP") => ColType::Timestamp {
                tz: base.contains("WITH TIME ZONE"),
            },
            _ if base.starts_with("VARCHAR") || base.starts_with("CHARACTER VARYING") => {
                text(false)
            }
            _ => ColType::Other(base.to_lowercase()),
        };
        (ty, DefaultKind::None, None)
    }
}

fn s_has_array(base: &str) -> bool {
    base.starts_with("ARRAY") || base.contains('[')
}

/// A column name from a CHECK expression (`VALUE` in a domain stands for the column).
fn expr_col(e: &Expr, subst: Option<&str>, d: SqlDialect) -> Option<String> {
    let name = match e {
        Expr::Identifier(i) => ident_name(i, d),
        Expr::CompoundIdentifier(v) => ident_name(v.last()?, d),
        Expr::Nested(x) => return expr_col(x, subst, d),
        Expr::Cast { expr, .. } => return expr_col(expr, subst, d),
        _ => return None,
    };
    match subst {
        Some(c) if name.eq_ignore_ascii_case("value") => Some(c.to_string()),
        _ => Some(name),
    }
}

fn expr_lit(e: &Expr) -> Option<Lit> {
    match e {
        Expr::Value(v) => match &v.value {
            SqlValue::Number(s, _) => Some(Lit::Num(s.clone())),
            SqlValue::SingleQuotedString(s) | SqlValue::DoubleQuotedString(s) => {
                Some(Lit::Text(s.clone()))
            }
            SqlValue::Boolean(b) => Some(Lit::Bool(*b)),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match expr_lit(expr)? {
            Lit::Num(s) => Some(Lit::Num(format!("-{s}"))),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => expr_lit(expr),
        Expr::Nested(x) => expr_lit(x),
        Expr::Cast { expr, .. } => expr_lit(expr),
        Expr::TypedString(ts) => match &ts.value.value {
            SqlValue::SingleQuotedString(s) => Some(Lit::Text(s.clone())),
            _ => None,
        },
        _ => None,
    }
}

fn cmp_op(op: &BinaryOperator) -> Option<CmpOp> {
    Some(match op {
        BinaryOperator::Lt => CmpOp::Lt,
        BinaryOperator::LtEq => CmpOp::Le,
        BinaryOperator::Gt => CmpOp::Gt,
        BinaryOperator::GtEq => CmpOp::Ge,
        BinaryOperator::Eq => CmpOp::Eq,
        BinaryOperator::NotEq => CmpOp::Ne,
        _ => return None,
    })
}

/// `length(col)` (also char_length, character_length) → the column.
fn length_of(e: &Expr, subst: Option<&str>, d: SqlDialect) -> Option<String> {
    func_col(
        e,
        &["length", "char_length", "character_length", "len"],
        subst,
        d,
    )
}

/// `f(col)` for a function `f` of `names` → the column.
fn func_col(e: &Expr, names: &[&str], subst: Option<&str>, d: SqlDialect) -> Option<String> {
    let Expr::Function(f) = e else { return None };
    let fname = f.name.to_string().to_lowercase();
    if !names.contains(&fname.as_str()) {
        return None;
    }
    let args = f.args.to_string();
    let inner = args
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let mut p = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(inner)
        .ok()?;
    let x = p.parse_expr().ok()?;
    expr_col(&x, subst, d)
}

/// A CHECK expression in the model's terms.
/// The elements of `ARRAY[...]` (under casts and parentheses), as PostgreSQL writes an IN
/// list back: `(status)::text = ANY ((ARRAY['new'::character varying, ...])::text[])`.
fn array_elems(e: &Expr) -> Option<&[Expr]> {
    match e {
        Expr::Array(a) => Some(&a.elem),
        Expr::Nested(x) | Expr::Cast { expr: x, .. } => array_elems(x),
        _ => None,
    }
}

fn to_check(e: &Expr, subst: Option<&str>, d: SqlDialect) -> Check {
    let unsupported = || Check::Unsupported(e.to_string());
    match e {
        Expr::Nested(x) => to_check(x, subst, d),
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => {
            let (Some(c), Some(list)) = (expr_col(left, subst, d), array_elems(right)) else {
                return unsupported();
            };
            match list.iter().map(expr_lit).collect::<Option<Vec<Lit>>>() {
                Some(values) => Check::In { column: c, values },
                None => unsupported(),
            }
        }
        // `~~` is how PostgreSQL writes LIKE back.
        Expr::BinaryOp {
            left,
            op: BinaryOperator::PGLikeMatch,
            right,
        } => match (expr_col(left, subst, d), expr_lit(right)) {
            (Some(c), Some(Lit::Text(p))) => Check::Like {
                column: c,
                pattern: p,
            },
            _ => unsupported(),
        },
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::And => {
                Check::All(vec![to_check(left, subst, d), to_check(right, subst, d)])
            }
            BinaryOperator::Or => {
                let mut alts = Vec::new();
                for side in [left, right] {
                    match to_check(side, subst, d) {
                        Check::AnyOf(v) => alts.extend(v),
                        c => alts.push(c),
                    }
                }
                Check::AnyOf(alts)
            }
            _ => {
                let Some(op) = cmp_op(op) else {
                    return unsupported();
                };
                if let (Some(c), Some(Lit::Num(n))) = (length_of(left, subst, d), expr_lit(right)) {
                    return match n.parse() {
                        Ok(n) => Check::Length { column: c, op, n },
                        Err(_) => unsupported(),
                    };
                }
                if let (Some(Lit::Num(n)), Some(c)) = (expr_lit(left), length_of(right, subst, d)) {
                    return match n.parse() {
                        Ok(n) => Check::Length {
                            column: c,
                            op: op.flip(),
                            n,
                        },
                        Err(_) => unsupported(),
                    };
                }
                match (
                    expr_col(left, subst, d),
                    expr_lit(left),
                    expr_col(right, subst, d),
                    expr_lit(right),
                ) {
                    (Some(l), _, Some(r), _) => Check::CmpColumns {
                        left: l,
                        op,
                        right: r,
                    },
                    (Some(c), _, _, Some(v)) => Check::Cmp {
                        column: c,
                        op,
                        value: v,
                    },
                    (_, Some(v), Some(c), _) => Check::Cmp {
                        column: c,
                        op: op.flip(),
                        value: v,
                    },
                    _ => unsupported(),
                }
            }
        },
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => {
            let Some(c) = expr_col(expr, subst, d) else {
                return unsupported();
            };
            let vals: Option<Vec<Lit>> = list.iter().map(expr_lit).collect();
            match vals {
                Some(values) => Check::In { column: c, values },
                None => unsupported(),
            }
        }
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } if length_of(expr, subst, d).is_some() => {
            // length(col) BETWEEN a AND b: two length bounds.
            let c = length_of(expr, subst, d).expect("checked");
            match (expr_lit(low), expr_lit(high)) {
                (Some(Lit::Num(a)), Some(Lit::Num(b))) => match (a.parse(), b.parse()) {
                    (Ok(a), Ok(b)) => Check::All(vec![
                        Check::Length {
                            column: c.clone(),
                            op: CmpOp::Ge,
                            n: a,
                        },
                        Check::Length {
                            column: c,
                            op: CmpOp::Le,
                            n: b,
                        },
                    ]),
                    _ => unsupported(),
                },
                _ => unsupported(),
            }
        }
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } => match (expr_col(expr, subst, d), expr_lit(low), expr_lit(high)) {
            (Some(c), Some(lo), Some(hi)) => Check::Between { column: c, lo, hi },
            _ => unsupported(),
        },
        // SQLite's (and Django's) `json_valid(col)`: the column holds JSON.
        Expr::Function(_) if func_col(e, &["json_valid"], subst, d).is_some() => Check::JsonValid {
            column: func_col(e, &["json_valid"], subst, d).expect("checked"),
        },
        Expr::IsNull(x) => match expr_col(x, subst, d) {
            Some(c) => Check::IsNull { column: c },
            None => unsupported(),
        },
        Expr::IsNotNull(x) => match expr_col(x, subst, d) {
            Some(c) => Check::NotNull { column: c },
            None => unsupported(),
        },
        Expr::Like {
            negated: false,
            expr,
            pattern,
            escape_char: None,
            ..
        } => match (expr_col(expr, subst, d), expr_lit(pattern)) {
            (Some(c), Some(Lit::Text(p))) => Check::Like {
                column: c,
                pattern: p,
            },
            _ => unsupported(),
        },
        _ => unsupported(),
    }
}

fn index_cols(cols: &[sqlparser::ast::IndexColumn], d: SqlDialect) -> Option<Vec<String>> {
    cols.iter()
        .map(|c| expr_col(&c.column.expr, None, d))
        .collect()
}

/// What a `DEFAULT expr` makes of a column: a serial's `nextval(...)`, or a plain value.
fn default_kind(e: &sqlparser::ast::Expr) -> DefaultKind {
    if e.to_string().to_lowercase().starts_with("nextval") {
        DefaultKind::Serial
    } else {
        DefaultKind::Value
    }
}

/// The one column of `t` an index expression names (`lower(email)` → `email`), if exactly one.
fn single_column_of(expr: &str, t: &TableSpec) -> Option<String> {
    let mut found: Option<String> = None;
    for word in expr.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if let Some(i) = t.column(word) {
            let name = &t.columns[i].name;
            match &found {
                Some(f) if !f.eq_ignore_ascii_case(name) => return None,
                _ => found = Some(name.clone()),
            }
        }
    }
    found
}

impl Reader {
    fn table_mut(&mut self, name: &str) -> Option<&mut TableSpec> {
        self.ddl
            .schema
            .tables
            .iter_mut()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    fn add_constraint(&mut self, t: &mut TableSpec, c: &TableConstraint) {
        let d = self.dialect;
        match c {
            TableConstraint::PrimaryKey(pk) => {
                if let Some(cols) = index_cols(&pk.columns, d) {
                    for c in &cols {
                        if let Some(i) = t.column(c) {
                            t.columns[i].nullable = false;
                        }
                    }
                    t.primary_key = cols;
                }
            }
            TableConstraint::Unique(u) => {
                if let Some(cols) = index_cols(&u.columns, d) {
                    t.uniques.push(cols);
                }
            }
            TableConstraint::ForeignKey(fk) => t.foreign_keys.push(ForeignKey {
                columns: fk.columns.iter().map(|i| ident_name(i, d)).collect(),
                parent: obj_name(&fk.foreign_table, d),
                parent_columns: fk
                    .referred_columns
                    .iter()
                    .map(|i| ident_name(i, d))
                    .collect(),
            }),
            TableConstraint::Check(ch) => t.checks.push(to_check(&ch.expr, None, d)),
            _ => {}
        }
    }

    fn add_column(&mut self, t: &mut TableSpec, cd: &ColumnDef) {
        let d = self.dialect;
        let name = ident_name(&cd.name, d);
        let (ty, mut default, domain) = self.col_type(&cd.data_type);
        let mut col = ColumnSpec::new(name.clone(), ty);
        if let Some(dom) = domain {
            if dom.not_null {
                col.nullable = false;
            }
            for e in &dom.checks {
                t.checks.push(to_check(e, Some(&name), d));
            }
        }
        for o in &cd.options {
            match &o.option {
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Null => col.nullable = true,
                ColumnOption::Default(e) if default == DefaultKind::None => {
                    default = default_kind(e);
                }
                ColumnOption::PrimaryKey(_) => {
                    col.nullable = false;
                    t.primary_key = vec![name.clone()];
                }
                ColumnOption::Unique(_) => t.uniques.push(vec![name.clone()]),
                ColumnOption::ForeignKey(fk) => t.foreign_keys.push(ForeignKey {
                    columns: vec![name.clone()],
                    parent: obj_name(&fk.foreign_table, d),
                    parent_columns: fk
                        .referred_columns
                        .iter()
                        .map(|i| ident_name(i, d))
                        .collect(),
                }),
                ColumnOption::Check(ch) => t.checks.push(to_check(&ch.expr, None, d)),
                ColumnOption::Generated {
                    generated_as,
                    generation_expr,
                    ..
                } => {
                    default = if generation_expr.is_some() {
                        DefaultKind::Generated
                    } else if matches!(generated_as, GeneratedAs::Always) {
                        DefaultKind::IdentityAlways
                    } else {
                        DefaultKind::Serial
                    };
                }
                ColumnOption::Identity(_) => default = DefaultKind::Serial,
                ColumnOption::DialectSpecific(toks)
                    if toks
                        .iter()
                        .any(|t| t.to_string().eq_ignore_ascii_case("AUTOINCREMENT")) =>
                {
                    default = DefaultKind::Serial;
                }
                _ => {}
            }
        }
        col.default = default;
        t.columns.push(col);
    }

    fn statement(&mut self, st: &Statement, text: String) {
        let d = self.dialect;
        match st {
            Statement::CreateTable(ct) => {
                let name = obj_name(&ct.name, d);
                if ct.query.is_some() {
                    self.skip("CREATE TABLE AS");
                    return;
                }
                // `sqlite3 .schema` prints SQLite's own `sqlite_sequence` (and `sqlite_stat1`):
                // internal tables, never created or filled.
                let last = name.rsplit('.').next().unwrap_or(&name);
                if last.to_ascii_lowercase().starts_with("sqlite_") {
                    self.skip("CREATE TABLE of SQLite's internal tables");
                    return;
                }
                let mut t = TableSpec::new(name.clone());
                // PostgreSQL's INHERITS: the parents' columns first, with their NOT NULLs and
                // CHECKs (keys, UNIQUEs and foreign keys are not inherited).
                for parent in ct.inherits.iter().flatten() {
                    let pname = obj_name(parent, d);
                    match self.ddl.schema.find(&pname) {
                        Some(pos) => {
                            let p = &self.ddl.schema.tables[pos];
                            for c in &p.columns {
                                if t.column(&c.name).is_none() {
                                    let mut c = c.clone();
                                    c.default = match c.default {
                                        DefaultKind::Serial | DefaultKind::IdentityAlways => {
                                            DefaultKind::Value
                                        }
                                        k => k,
                                    };
                                    t.columns.push(c);
                                }
                            }
                            t.checks.extend(p.checks.iter().cloned());
                        }
                        None => self.ddl.notes.push(format!(
                            "CREATE TABLE {name}: INHERITS {pname}, which is not defined yet"
                        )),
                    }
                }
                for cd in &ct.columns {
                    self.add_column(&mut t, cd);
                }
                for c in &ct.constraints {
                    self.add_constraint(&mut t, c);
                }
                if let Some(old) = self.table_mut(&name) {
                    if ct.if_not_exists {
                        return;
                    }
                    *old = t;
                } else {
                    self.ddl.schema.tables.push(t);
                }
                self.ddl.stmts.push(DdlStmt {
                    table: Some(name.to_lowercase()),
                    executable: true,
                    postgres: true,
                    text,
                });
            }
            Statement::CreateIndex(ci) => {
                let table = obj_name(&ci.table_name, d);
                if ci.unique {
                    if let Some(t) = self.table_mut(&table) {
                        // An expression (`lower(email)`) is unique on the one column it reads:
                        // distinct values of that column (which the filler makes differ by more
                        // than case) keep the expression distinct.
                        let cols = index_cols(&ci.columns, d).or_else(|| {
                            ci.columns
                                .iter()
                                .map(|c| single_column_of(&c.column.expr.to_string(), t))
                                .collect()
                        });
                        if let Some(cols) = cols {
                            t.uniques.push(cols);
                        }
                    }
                }
                // An index on something the model does not hold (a materialized view, which
                // is skipped) is skipped too.
                let known = self.ddl.schema.find(&table).is_some();
                if !known {
                    self.ddl.notes.push(format!(
                        "CREATE INDEX on {table}: not a table of the schema; skipped"
                    ));
                }
                self.ddl.stmts.push(DdlStmt {
                    table: Some(table.to_lowercase()),
                    executable: known,
                    postgres: true,
                    text,
                });
            }
            Statement::AlterTable(at) => {
                let name = obj_name(&at.name, d);
                let Some(pos) = self.ddl.schema.find(&name) else {
                    self.ddl
                        .notes
                        .push(format!("ALTER TABLE {name}: no such table yet; skipped"));
                    return;
                };
                let mut t = std::mem::take(&mut self.ddl.schema.tables[pos]);
                // What other tables' foreign keys must follow: (old, new) column names, and
                // the table's new name.
                let mut renamed_cols: Vec<(String, String)> = Vec::new();
                let mut renamed_to: Option<String> = None;
                for op in &at.operations {
                    use sqlparser::ast::AlterColumnOperation as Col;
                    use sqlparser::ast::AlterTableOperation as Op;
                    use sqlparser::ast::RenameTableNameKind as To;
                    match op {
                        Op::AddConstraint { constraint, .. } => {
                            self.add_constraint(&mut t, constraint)
                        }
                        Op::AddColumn { column_def, .. } => self.add_column(&mut t, column_def),
                        Op::RenameColumn {
                            old_column_name,
                            new_column_name,
                        } => {
                            let (old, new) = (
                                ident_name(old_column_name, d),
                                ident_name(new_column_name, d),
                            );
                            t.rename_column(&old, &new);
                            renamed_cols.push((old, new));
                        }
                        Op::DropColumn { column_names, .. } => {
                            for c in column_names {
                                t.drop_column(&ident_name(c, d));
                            }
                        }
                        Op::RenameTable {
                            table_name: To::To(n) | To::As(n),
                        } => {
                            let new = obj_name(n, d);
                            for fk in &mut t.foreign_keys {
                                if fk.parent.eq_ignore_ascii_case(&t.name) {
                                    fk.parent = new.clone();
                                }
                            }
                            t.name = new.clone();
                            renamed_to = Some(new);
                        }
                        Op::AlterColumn { column_name, op } => {
                            let Some(c) = t.column(&ident_name(column_name, d)) else {
                                continue;
                            };
                            match op {
                                Col::SetNotNull => t.columns[c].nullable = false,
                                Col::DropNotNull => t.columns[c].nullable = true,
                                Col::SetDataType { data_type, .. } => {
                                    let (ty, _, _) = self.col_type(data_type);
                                    t.columns[c].ty = ty;
                                }
                                Col::SetDefault { value } => {
                                    let col = &mut t.columns[c];
                                    if matches!(col.default, DefaultKind::None | DefaultKind::Value)
                                    {
                                        col.default = default_kind(value);
                                    }
                                }
                                Col::DropDefault => {
                                    let col = &mut t.columns[c];
                                    if matches!(
                                        col.default,
                                        DefaultKind::Value | DefaultKind::Serial
                                    ) {
                                        col.default = DefaultKind::None;
                                    }
                                }
                                Col::AddGenerated { generated_as, .. } => {
                                    t.columns[c].default = match generated_as {
                                        Some(sqlparser::ast::GeneratedAs::ByDefault) => {
                                            DefaultKind::Serial
                                        }
                                        _ => DefaultKind::IdentityAlways,
                                    };
                                }
                                _ => self.skip("ALTER TABLE ... ALTER COLUMN (this form)"),
                            }
                        }
                        _ => self.skip("ALTER TABLE (this form)"),
                    }
                }
                self.ddl.schema.tables[pos] = t;
                let old_name = name.clone();
                let new_name = renamed_to.unwrap_or_else(|| name.clone());
                for (k, other) in self.ddl.schema.tables.iter_mut().enumerate() {
                    if k == pos {
                        continue;
                    }
                    for fk in &mut other.foreign_keys {
                        if fk.parent.eq_ignore_ascii_case(&old_name) {
                            fk.parent = new_name.clone();
                            for (o, n) in &renamed_cols {
                                for pc in &mut fk.parent_columns {
                                    if pc.eq_ignore_ascii_case(o) {
                                        *pc = n.clone();
                                    }
                                }
                            }
                        }
                    }
                }
                self.ddl.stmts.push(DdlStmt {
                    table: Some(name.to_lowercase()),
                    executable: true,
                    postgres: true,
                    text,
                });
            }
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                self.enums.push((
                    obj_name(name, d),
                    labels.iter().map(|l| l.value.clone()).collect(),
                ));
                self.ddl.stmts.push(DdlStmt {
                    table: None,
                    executable: false,
                    postgres: true,
                    text,
                });
            }
            Statement::CreateDomain(cd) => {
                let (ty, _, _) = self.col_type(&cd.data_type);
                let mut dom = Domain {
                    ty,
                    not_null: false,
                    checks: Vec::new(),
                };
                for c in &cd.constraints {
                    if let TableConstraint::Check(ch) = c {
                        dom.checks.push((*ch.expr).clone());
                    }
                }
                if text.to_uppercase().contains("NOT NULL") {
                    dom.not_null = true;
                }
                self.domains.push((obj_name(&cd.name, d), dom));
                self.ddl.stmts.push(DdlStmt {
                    table: None,
                    executable: false,
                    postgres: true,
                    text,
                });
            }
            Statement::Drop {
                object_type: sqlparser::ast::ObjectType::Table,
                names,
                ..
            } => {
                for n in names {
                    let name = obj_name(n, d);
                    self.ddl
                        .schema
                        .tables
                        .retain(|t| !t.name.eq_ignore_ascii_case(&name));
                    self.ddl
                        .stmts
                        .retain(|s| s.table.as_deref() != Some(&name.to_lowercase()));
                }
            }
            other => {
                let s = other.to_string();
                let kind: String = s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
                self.skip(&kind);
            }
        }
    }

    fn skip(&mut self, kind: &str) {
        match self.skipped.iter_mut().find(|(k, _)| k == kind) {
            Some(e) => e.1 += 1,
            None => self.skipped.push((kind.to_string(), 1)),
        }
    }
}

/// Upper-case words at the start of a statement's tokens.
fn leading_words(toks: &[TokenWithSpan], n: usize) -> Vec<String> {
    toks.iter()
        .filter_map(|t| match &t.token {
            Token::Word(w) => Some(w.value.to_uppercase()),
            Token::Whitespace(_) => None,
            _ => Some(String::new()),
        })
        .take(n)
        .collect()
}

/// Splits tokens into statements at top-level semicolons; BEGIN … END and CASE … END in a
/// CREATE TRIGGER body do not split.
fn split(tokens: Vec<TokenWithSpan>) -> Vec<Vec<TokenWithSpan>> {
    let mut out = Vec::new();
    let mut cur: Vec<TokenWithSpan> = Vec::new();
    let mut depth = 0i32;
    let mut trigger = None;
    for t in tokens {
        if matches!(t.token, Token::SemiColon) && depth <= 0 {
            if cur.iter().any(|t| !matches!(t.token, Token::Whitespace(_))) {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.clear();
            }
            trigger = None;
            depth = 0;
            continue;
        }
        if trigger.is_none() && !matches!(t.token, Token::Whitespace(_)) {
            cur.push(t.clone());
            let w = leading_words(&cur, 4);
            if w.len() >= 3 || w.iter().any(|x| x == "TRIGGER") {
                trigger = Some(w.iter().any(|x| x == "TRIGGER"));
            }
            continue;
        }
        if trigger == Some(true) {
            if let Token::Word(w) = &t.token {
                match w.value.to_uppercase().as_str() {
                    "BEGIN" | "CASE" => depth += 1,
                    "END" => depth -= 1,
                    _ => {}
                }
            }
        }
        cur.push(t);
    }
    if cur.iter().any(|t| !matches!(t.token, Token::Whitespace(_))) {
        out.push(cur);
    }
    out
}

/// SQLite accepts a type name of several words (`BLOB SUB_TYPE TEXT`, `UNSIGNED BIG INT`) and
/// takes its affinity from the whole name; sqlparser reads one or two. Joins a column's type
/// words into one word so the statement parses, keeping the name's text.
fn join_sqlite_type_words(toks: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    const STOP: &[&str] = &[
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
        "AUTOINCREMENT",
    ];
    const TABLE_CONSTRAINT: &[&str] = &["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(toks.len());
    let mut depth = 0;
    let mut at_column_start = false;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        match &t.token {
            Token::LParen => {
                depth += 1;
                at_column_start = depth == 1;
            }
            Token::RParen => depth -= 1,
            Token::Comma if depth == 1 => at_column_start = true,
            Token::Word(w) if depth == 1 && at_column_start => {
                at_column_start = false;
                out.push(t.clone());
                i += 1;
                if TABLE_CONSTRAINT.contains(&w.value.to_uppercase().as_str()) {
                    continue;
                }
                // Type words after the column name.
                let mut words: Vec<usize> = Vec::new();
                let mut k = i;
                while k < toks.len() {
                    match &toks[k].token {
                        Token::Whitespace(_) => k += 1,
                        Token::Word(x) if !STOP.contains(&x.value.to_uppercase().as_str()) => {
                            words.push(k);
                            k += 1;
                        }
                        _ => break,
                    }
                }
                if words.len() >= 2 {
                    let joined: Vec<String> =
                        words.iter().map(|&k| toks[k].token.to_string()).collect();
                    let mut first = toks[words[0]].clone();
                    first.token = Token::make_word(&joined.join(" "), None);
                    // Keep the whitespace before the type, then the joined word.
                    out.extend(toks[i..words[0]].iter().cloned());
                    out.push(first);
                    i = words[words.len() - 1] + 1;
                }
                continue;
            }
            _ => {}
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// Where a parser message says the error is ("... at Line: 3, Column: 9").
fn message_location(msg: &str) -> Option<(u64, u64)> {
    let p = msg.rfind("Line: ")?;
    let rest = &msg[p + 6..];
    let (l, rest) = rest.split_once(", Column: ")?;
    let c: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some((l.trim().parse().ok()?, c.parse().ok()?))
}

fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at Line: ") {
        Some(p) => &msg[..p],
        None => msg,
    }
}

/// Parses DDL sources in order into a schema: each source is `(name, text)`, the name (a file
/// path) heading every error message.
pub fn read_ddl(sources: &[(String, String)], dialect: SqlDialect) -> Result<Ddl, String> {
    let mut r = Reader {
        dialect,
        ddl: Ddl::default(),
        enums: Vec::new(),
        domains: Vec::new(),
        skipped: Vec::new(),
    };
    let dia: Box<dyn Dialect> = match dialect {
        SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
        SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
    };
    for (f, sql) in sources {
        let tokens = Tokenizer::new(dia.as_ref(), sql)
            .tokenize_with_location()
            .map_err(|e| {
                format!(
                    "{}:{}:{}: cannot read the DDL: {}",
                    f, e.location.line, e.location.column, e.message
                )
            })?;
        for stmt in split(tokens) {
            let words = leading_words(&stmt, 4);
            let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
            let kind = matches!(
                (w(0), w(1), w(2)),
                ("CREATE", "TABLE", _)
                    | ("CREATE", "TEMP" | "TEMPORARY" | "UNLOGGED", "TABLE")
                    | ("CREATE", "INDEX", _)
                    | ("CREATE", "UNIQUE", "INDEX")
                    | ("ALTER", "TABLE", _)
                    | ("CREATE", "TYPE", _)
                    | ("CREATE", "DOMAIN", _)
                    | ("DROP", "TABLE", _)
            );
            let first = stmt
                .iter()
                .find(|t| !matches!(t.token, Token::Whitespace(_)))
                .map(|t| (t.span.start.line, t.span.start.column))
                .unwrap_or((1, 1));
            if dialect == SqlDialect::Postgres && (w(0), w(1)) == ("CREATE", "SEQUENCE") {
                // Not part of the model, but a table's DEFAULT nextval(...) needs it.
                let text: String = stmt.iter().map(|t| t.token.to_string()).collect();
                r.ddl.stmts.push(DdlStmt {
                    table: None,
                    executable: false,
                    postgres: true,
                    text: text.trim().to_string(),
                });
                continue;
            }
            if !kind {
                let k = if w(0) == "CREATE" && matches!(w(1), "OR" | "TEMP" | "TEMPORARY") {
                    format!("{} {}", w(0), w(3).trim())
                } else {
                    format!("{} {}", w(0), w(1))
                };
                r.skip(k.trim());
                continue;
            }
            let text: String = stmt.iter().map(|t| t.token.to_string()).collect();
            let stmt = if dialect == SqlDialect::Sqlite && w(0) == "CREATE" {
                join_sqlite_type_words(stmt)
            } else {
                stmt
            };
            let parsed = Parser::new(dia.as_ref())
                .with_tokens_with_locations(stmt)
                .parse_statement();
            let st = match parsed {
                Ok(st) => st,
                Err(e) => {
                    let msg = match &e {
                        sqlparser::parser::ParserError::ParserError(m)
                        | sqlparser::parser::ParserError::TokenizerError(m) => m.clone(),
                        other => other.to_string(),
                    };
                    let (line, col) = message_location(&msg).unwrap_or(first);
                    return Err(format!(
                        "{}:{line}:{col}: cannot parse the DDL ({} dialect): {}",
                        f,
                        match dialect {
                            SqlDialect::Sqlite => "sqlite",
                            SqlDialect::Postgres => "postgres",
                        },
                        strip_location(&msg)
                    ));
                }
            };
            r.statement(&st, text.trim().to_string());
        }
    }
    if !r.skipped.is_empty() {
        let list: Vec<String> = r.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        r.ddl.notes.push(format!(
            "skipped statements that do not describe tables: {}",
            list.join(", ")
        ));
    }
    if r.ddl.schema.tables.is_empty() {
        return Err(format!(
            "{}: no CREATE TABLE found",
            sources
                .iter()
                .map(|f| f.0.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(r.ddl)
}

/// A value as an SQL literal of the dialect.
pub fn sql_literal(v: &FillValue, d: SqlDialect, out: &mut String) {
    match v {
        FillValue::Null | FillValue::Default => out.push_str("NULL"),
        FillValue::Int(_) | FillValue::Numeric { .. } => {
            out.push_str(&v.text().unwrap_or_default())
        }
        FillValue::Float(f) => {
            if f.is_finite() {
                out.push_str(&format!("{f:?}"));
            } else {
                out.push_str("NULL");
            }
        }
        FillValue::Bool(b) => out.push_str(match (d, b) {
            (SqlDialect::Postgres, true) => "TRUE",
            (SqlDialect::Postgres, false) => "FALSE",
            (SqlDialect::Sqlite, true) => "1",
            (SqlDialect::Sqlite, false) => "0",
        }),
        FillValue::Bytes(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            match d {
                SqlDialect::Sqlite => out.push_str(&format!("X'{hex}'")),
                SqlDialect::Postgres => out.push_str(&format!("'\\x{hex}'")),
            }
        }
        other => quote_str(&other.text().unwrap_or_default(), out),
    }
}

/// Hands every table's rows to `emit` as INSERT statements of up to 500 rows (each ending in
/// ";\n"), parents first, then for PostgreSQL moves serial and identity sequences past the keys
/// written, and last sets the links of a foreign-key cycle that were inserted as NULL (one
/// UPDATE per row, by its key). Returns the row count of each table.
pub fn insert_statements(
    plan: &Plan,
    d: SqlDialect,
    qualify: &dyn Fn(&str) -> String,
    emit: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<Vec<(String, u64)>, String> {
    let mut counts = Vec::new();
    let mut row = Vec::new();
    let mut buf = String::with_capacity(1 << 16);
    for &t in &plan.order {
        let tp = &plan.tables[t];
        counts.push((tp.name.clone(), tp.n));
        if tp.n == 0 {
            continue;
        }
        let cols: Vec<usize> = (0..tp.columns.len())
            .filter(|&c| !tp.columns[c].omitted())
            .collect();
        let tz: Vec<bool> = tp
            .columns
            .iter()
            .map(|c| {
                d == SqlDialect::Postgres && matches!(c.spec.ty, ColType::Timestamp { tz: true })
            })
            .collect();
        let mut head = insert_head(tp, &cols, &qualify(&tp.name));
        if d == SqlDialect::Postgres
            && cols
                .iter()
                .any(|&c| tp.columns[c].spec.default == DefaultKind::IdentityAlways)
        {
            head.push_str(" OVERRIDING SYSTEM VALUE");
        }
        head.push_str(" VALUES\n");
        for j in 0..tp.n {
            plan.row(t, j, &mut row);
            if j % 500 == 0 {
                buf.clear();
                buf.push_str(&head);
            } else {
                buf.push_str(",\n");
            }
            buf.push('(');
            for (k, &c) in cols.iter().enumerate() {
                if k > 0 {
                    buf.push_str(", ");
                }
                sql_literal(&row[c], d, &mut buf);
                // A timestamptz is the generated moment in UTC, whatever the session's
                // TimeZone: '2024-03-01 08:15:00+00'.
                if tz[c] && matches!(row[c], FillValue::Timestamp(_)) {
                    buf.pop();
                    buf.push_str("+00'");
                }
            }
            buf.push(')');
            if j % 500 == 499 || j + 1 == tp.n {
                buf.push_str(";\n");
                emit(&buf)?;
            }
        }
        // Explicit keys do not advance a serial's or identity's sequence: move it past them,
        // when the caller may (INSERT and SELECT on the table do not give UPDATE on its
        // sequence, and a plain INSERT into an identity column needs no sequence right).
        if d == SqlDialect::Postgres {
            for &c in &cols {
                let col = &tp.columns[c];
                if matches!(
                    col.spec.default,
                    DefaultKind::Serial | DefaultKind::IdentityAlways
                ) {
                    let t = qualify(&tp.name);
                    let q = quoted_ident(&col.name);
                    let mut lit = String::new();
                    quote_str(&t, &mut lit);
                    let mut cl = String::new();
                    quote_str(&col.name, &mut cl);
                    // The sequence a serial or identity owns, else the one its DEFAULT
                    // nextval('...') names (pg_dump's and Rails' schemas create the sequence
                    // apart and may not say OWNED BY).
                    emit(&format!(
                        "SELECT setval(s, (SELECT max({q}) FROM {t})) FROM (SELECT coalesce(pg_get_serial_sequence({lit}, {cl}), \
                         (SELECT substring(pg_get_expr(d.adbin, d.adrelid) FROM 'nextval\\(''(.+)''::regclass\\)') FROM pg_attrdef d \
                         JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = {lit}::regclass AND a.attname = {cl})) AS s) AS q \
                         WHERE s IS NOT NULL AND has_sequence_privilege(s, 'UPDATE');\n"
                    ))?;
                }
            }
        }
    }
    // The links of a foreign-key cycle, inserted as NULL: set now that every row exists.
    for &t in &plan.order {
        let tp = &plan.tables[t];
        let Some((key, set)) = plan.links(t) else {
            continue;
        };
        let table = qualify(&tp.name);
        for j in 0..tp.n {
            plan.linked_row(t, j, &mut row);
            if j % 500 == 0 {
                buf.clear();
            }
            // `"col" = value`, for the columns `cols`, joined by `sep`.
            let equals = |cols: &[usize], sep: &str, buf: &mut String| {
                for (k, &c) in cols.iter().enumerate() {
                    if k > 0 {
                        buf.push_str(sep);
                    }
                    quote_ident(&tp.columns[c].name, buf);
                    buf.push_str(" = ");
                    sql_literal(&row[c], d, buf);
                }
            };
            buf.push_str("UPDATE ");
            buf.push_str(&table);
            buf.push_str(" SET ");
            equals(&set, ", ", &mut buf);
            buf.push_str(" WHERE ");
            equals(&key, " AND ", &mut buf);
            buf.push_str(";\n");
            if j % 500 == 499 || j + 1 == tp.n {
                emit(&buf)?;
            }
        }
    }
    Ok(counts)
}

/// `INSERT INTO table ("a", "b")` (`table` quoted by the caller): the head of a table's INSERT, for the columns written.
pub fn insert_head(tp: &TablePlan, cols: &[usize], table: &str) -> String {
    let mut sql = String::from("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    for (k, &c) in cols.iter().enumerate() {
        if k > 0 {
            sql.push_str(", ");
        }
        quote_ident(&tp.columns[c].name, &mut sql);
    }
    sql.push(')');
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ddl(sql: &str, d: SqlDialect) -> Result<Ddl, String> {
        read_ddl(&[("s.sql".to_string(), sql.to_string())], d)
    }

    #[test]
    fn reads_tables_keys_checks_enums() {
        let d = ddl(
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
             CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
             CREATE TABLE users (id serial PRIMARY KEY, email varchar(60) NOT NULL UNIQUE,
               mood mood, score posint, price numeric(8,2) CHECK (price >= 0),
               starts_at date, ends_at date, CHECK (ends_at > starts_at),
               code text CHECK (length(code) = 8));
             CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
               user_id int NOT NULL REFERENCES users, note text);
             ALTER TABLE orders ADD COLUMN status text CHECK (status IN ('new', 'paid'));
             CREATE UNIQUE INDEX ON orders (user_id, note);
             CREATE VIEW v AS SELECT 1;
             CREATE TABLE sqlite_stat1(tbl text, idx text, stat text);
             CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
            SqlDialect::Postgres,
        )
        .unwrap();
        let s = &d.schema;
        assert_eq!(s.tables.len(), 2);
        let u = &s.tables[0];
        assert_eq!(u.primary_key, vec!["id"]);
        assert_eq!(u.columns[0].default, DefaultKind::Serial);
        assert!(matches!(&u.columns[2].ty, ColType::Enum { values, .. } if values.len() == 3));
        assert_eq!(u.uniques, vec![vec!["email".to_string()]]);
        assert!(u
            .checks
            .iter()
            .any(|c| matches!(c, Check::Length { n: 8, .. })));
        assert!(u
            .checks
            .iter()
            .any(|c| matches!(c, Check::CmpColumns { op: CmpOp::Gt, .. })));
        assert!(u
            .checks
            .iter()
            .any(|c| matches!(c, Check::Cmp { column, op: CmpOp::Gt, .. } if column == "score")));
        let o = &s.tables[1];
        assert_eq!(o.columns[0].default, DefaultKind::IdentityAlways);
        assert_eq!(o.foreign_keys[0].parent, "users");
        assert_eq!(o.columns.len(), 4);
        assert_eq!(o.uniques.len(), 1);
        assert!(d.notes[0].contains("CREATE VIEW") && d.notes[0].contains("CREATE FUNCTION"));
        assert!(d.notes[0].contains("internal"), "{:?}", d.notes);
    }

    #[test]
    fn reads_checks_as_postgres_writes_them_back() {
        // pg_get_constraintdef's forms: IN as = ANY (ARRAY[...]), LIKE as ~~, casts everywhere.
        let d = ddl(
            "CREATE TABLE t (status character varying(10), price numeric(8,2), code text, qty integer,
               CONSTRAINT a CHECK (((status)::text = ANY ((ARRAY['new'::character varying, 'paid'::character varying])::text[]))),
               CONSTRAINT b CHECK ((price > (0)::numeric)),
               CONSTRAINT c CHECK ((length((code)::text) = 8)),
               CONSTRAINT d CHECK ((code ~~ 'AB%'::text)),
               CONSTRAINT e CHECK (((qty >= 1) AND (qty <= 20))),
               CONSTRAINT f CHECK (length(status) BETWEEN 2 AND 9))",
            SqlDialect::Postgres,
        )
        .unwrap();
        let c = &d.schema.tables[0].checks;
        assert!(
            matches!(&c[0], Check::In { column, values } if column == "status" && values.len() == 2),
            "{c:?}"
        );
        assert!(
            matches!(&c[1], Check::Cmp { column, op: CmpOp::Gt, value: Lit::Num(v) } if column == "price" && v == "0")
        );
        assert!(matches!(&c[2], Check::Length { column, n: 8, .. } if column == "code"));
        assert!(matches!(&c[3], Check::Like { pattern, .. } if pattern == "AB%"));
        assert!(matches!(&c[4], Check::All(v) if v.len() == 2));
        assert!(
            matches!(&c[5], Check::All(v) if matches!(&v[..], [Check::Length { op: CmpOp::Ge, n: 2, .. }, Check::Length { op: CmpOp::Le, n: 9, .. }])),
            "{:?}",
            c[5]
        );
    }

    #[test]
    fn parse_errors_name_line_and_column() {
        let e = ddl(
            "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,,\n  x text);",
            SqlDialect::Sqlite,
        )
        .unwrap_err();
        assert!(e.contains("s.sql:4:"), "{e}");
    }

    #[test]
    fn trigger_bodies_stay_whole() {
        let d = ddl(
            "CREATE TABLE a (id INTEGER PRIMARY KEY, t TIMESTAMP);
             CREATE TRIGGER a_ai AFTER INSERT ON a BEGIN UPDATE a SET t = 1 WHERE rowid = new.rowid; END;
             CREATE TABLE b (id INTEGER PRIMARY KEY);",
            SqlDialect::Sqlite,
        )
        .unwrap();
        assert_eq!(d.schema.tables.len(), 2);
    }
}
