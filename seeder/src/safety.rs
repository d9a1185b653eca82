//! The read-only rule: a `--query` must be a SELECT, WITH … SELECT, VALUES or TABLE query (or a
//! bare synth call such as `synth_customers(100, 42)`) unless `--allow-write` is given.
//!
//! Parsed with sqlparser in the engine's dialect; every nested statement and query is
//! visited, so `WITH x AS (DELETE … RETURNING *) SELECT …`, `SELECT … INTO t` and
//! `SELECT … FOR UPDATE` are refused too. The engines add a second guard: SQLite checks
//! `sqlite3_stmt_readonly`, Postgres runs the query in a READ ONLY transaction.

use sqlparser::ast::{Query, SetExpr, Statement, Visit, Visitor};
use sqlparser::dialect::{PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}

/// What parsing told about a query.
#[derive(Debug)]
pub enum Parsed {
    /// One statement that only reads; `relation` is the first table or function it reads from.
    ReadOnly { relation: Option<String> },
    /// One statement that writes (what it is, e.g. "INSERT").
    Write {
        what: String,
        relation: Option<String>,
    },
    /// Not parseable: the parser's message.
    Unparsed(String),
    /// Parsed, but not exactly one statement.
    NotOne(String),
}

/// The first keyword of a statement, upper-cased (for queries the parser cannot read).
pub fn first_keyword(sql: &str) -> String {
    let t = sql.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
    t.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// `synth_customers(100, 42)` alone is shorthand for `SELECT * FROM synth_customers(100, 42)`.
pub fn expand_shorthand(sql: &str) -> String {
    let t = sql.trim().trim_end_matches(';').trim_end();
    let ident_len = t
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let (name, rest) = t.split_at(ident_len);
    if synth_core::find(name).is_some_and(|d| d.function == name)
        && rest.trim_start().starts_with('(')
        && t.ends_with(')')
    {
        format!("SELECT * FROM {t}")
    } else {
        sql.to_string()
    }
}

/// Parses `sql` and says whether it only reads.
pub fn classify(sql: &str, dialect: Dialect) -> Parsed {
    if let Some(p) = classify_pragma(sql) {
        return p;
    }
    let parsed = match dialect {
        Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, sql),
        // PostgreSQL's `TABLE t [ORDER BY …]` is `SELECT * FROM t [ORDER BY …]`, which the
        // parser reads (it has no TABLE command).
        Dialect::Postgres
            if first_keyword(sql) == "TABLE" && !sql.trim_start().starts_with('(') =>
        {
            let rest = sql.trim_start()["TABLE".len()..].to_string();
            Parser::parse_sql(&PostgreSqlDialect {}, &format!("SELECT * FROM{rest}"))
        }
        Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, sql),
    };
    let stmts = match parsed {
        Ok(s) => s,
        Err(e) => return Parsed::Unparsed(e.to_string()),
    };
    let stmt = match stmts.as_slice() {
        [] => return Parsed::NotOne("the query is empty".into()),
        [one] => one,
        more => {
            return Parsed::NotOne(format!(
                "{} statements given; a --query holds exactly one",
                more.len()
            ))
        }
    };
    let relation = first_relation(stmt);
    match stmt {
        Statement::Query(_) => {}
        other => {
            return Parsed::Write {
                what: statement_kind(other),
                relation,
            };
        }
    }
    let mut v = ReadOnlyVisitor;
    match stmt.visit(&mut v) {
        ControlFlow::Continue(()) => Parsed::ReadOnly { relation },
        ControlFlow::Break(what) => Parsed::Write { what, relation },
    }
}

/// SQLite pragmas, read as text (sqlparser accepts only some of their forms):
/// `PRAGMA [schema.]name`, `PRAGMA name(arg)` and `PRAGMA name = value`.
fn classify_pragma(sql: &str) -> Option<Parsed> {
    let t = sql.trim().trim_end_matches(';').trim_end();
    let head = t.get(..6)?;
    if !head.eq_ignore_ascii_case("pragma") || !t[6..].starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    if t.contains(';') {
        return Some(Parsed::NotOne(
            "several statements given; a --query holds exactly one".into(),
        ));
    }
    let rest = t[6..].trim_start();
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '=' || c == '(')
        .unwrap_or(rest.len());
    let (name, value) = rest.split_at(end);
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches(|c| c == '"' || c == '`' || c == '\'');
    let name = name.to_ascii_lowercase();
    let value = value.trim_start();
    let readonly = if value.is_empty() {
        READ_PRAGMAS.contains(&name.as_str()) || TABLE_PRAGMAS.contains(&name.as_str())
    } else {
        value.starts_with('(') && TABLE_PRAGMAS.contains(&name.as_str())
    };
    Some(if readonly {
        Parsed::ReadOnly { relation: None }
    } else {
        Parsed::Write {
            what: format!("PRAGMA {name}"),
            relation: None,
        }
    })
}

/// Pragmas that only report a value when given none.
const READ_PRAGMAS: &[&str] = &[
    "application_id",
    "auto_vacuum",
    "busy_timeout",
    "cache_size",
    "collation_list",
    "compile_options",
    "data_version",
    "database_list",
    "encoding",
    "foreign_keys",
    "freelist_count",
    "function_list",
    "journal_mode",
    "module_list",
    "page_count",
    "page_size",
    "pragma_list",
    "schema_version",
    "synchronous",
    "table_list",
    "user_version",
];
/// Pragmas that read a table-valued result, with an argument in parentheses.
const TABLE_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
];

fn statement_kind(s: &Statement) -> String {
    let text = s.to_string();
    let mut words = text.split_whitespace().map(|w| w.to_ascii_uppercase());
    let first = words.next().unwrap_or_default();
    match first.as_str() {
        "CREATE" | "DROP" | "ALTER" | "TRUNCATE" => match words.find(|w| {
            !matches!(
                w.as_str(),
                "OR" | "REPLACE" | "TEMP" | "TEMPORARY" | "UNIQUE" | "IF" | "NOT" | "EXISTS"
            )
        }) {
            Some(w) => format!("{first} {w}"),
            None => first,
        },
        _ => first,
    }
}

struct ReadOnlyVisitor;

impl Visitor for ReadOnlyVisitor {
    type Break = String;

    fn pre_visit_statement(&mut self, s: &Statement) -> ControlFlow<String> {
        match s {
            Statement::Query(_) => ControlFlow::Continue(()),
            other => ControlFlow::Break(format!("a query containing {}", statement_kind(other))),
        }
    }

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<String> {
        if !q.locks.is_empty() {
            return ControlFlow::Break("SELECT ... FOR UPDATE/SHARE (it takes row locks)".into());
        }
        set_expr_writes(&q.body)
    }
}

fn set_expr_writes(e: &SetExpr) -> ControlFlow<String> {
    match e {
        SetExpr::Select(s) if s.into.is_some() => {
            ControlFlow::Break("SELECT ... INTO (it creates a table)".into())
        }
        SetExpr::SetOperation { left, right, .. } => {
            set_expr_writes(left)?;
            set_expr_writes(right)
        }
        SetExpr::Insert(_) => ControlFlow::Break("INSERT".into()),
        SetExpr::Update(_) => ControlFlow::Break("UPDATE".into()),
        SetExpr::Delete(_) => ControlFlow::Break("DELETE".into()),
        SetExpr::Merge(_) => ControlFlow::Break("MERGE".into()),
        _ => ControlFlow::Continue(()),
    }
}

/// The first table or table function a statement reads from, without a `synth_` prefix.
fn first_relation(s: &Statement) -> Option<String> {
    let mut found = None;
    let _ = sqlparser::ast::visit_relations(s, |name| {
        let full = name.to_string();
        let last = full
            .rsplit('.')
            .next()
            .unwrap_or(&full)
            .trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']');
        let last = last.strip_prefix("synth_").unwrap_or(last);
        if !last.is_empty() {
            found = Some(last.to_string());
        }
        ControlFlow::Break(())
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ro(sql: &str) -> bool {
        matches!(classify(sql, Dialect::Sqlite), Parsed::ReadOnly { .. })
            && matches!(classify(sql, Dialect::Postgres), Parsed::ReadOnly { .. })
    }

    fn writes(sql: &str, d: Dialect) -> String {
        match classify(sql, d) {
            Parsed::Write { what, .. } => what,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn read_only_queries() {
        assert!(ro("SELECT * FROM synth_customers(10, 42)"));
        assert!(ro(
            "WITH c AS (SELECT * FROM synth_customers(10, 42)) SELECT count(*) FROM c"
        ));
        assert!(ro("VALUES (1, 'a'), (2, 'b')"));
        assert!(matches!(
            classify("TABLE public.items ORDER BY id", Dialect::Postgres),
            Parsed::ReadOnly { relation: Some(r) } if r == "items"
        ));
        assert!(!matches!(
            classify("TABLE t; DROP TABLE t", Dialect::Postgres),
            Parsed::ReadOnly { .. }
        ));
        assert!(ro("SELECT 1 UNION ALL SELECT 2"));
        assert!(ro(
            "select (select max(x) from t) from u where y in (select y from v)"
        ));
        assert!(matches!(
            classify("PRAGMA table_info(customers)", Dialect::Sqlite),
            Parsed::ReadOnly { .. }
        ));
        assert!(matches!(
            classify("PRAGMA user_version", Dialect::Sqlite),
            Parsed::ReadOnly { .. }
        ));
    }

    #[test]
    fn writes_are_named() {
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            assert_eq!(writes("INSERT INTO t VALUES (1)", d), "INSERT");
            assert_eq!(writes("UPDATE t SET a = 1", d), "UPDATE");
            assert_eq!(writes("DELETE FROM t", d), "DELETE");
            assert_eq!(writes("CREATE TABLE t (a int)", d), "CREATE TABLE");
            assert_eq!(writes("DROP TABLE IF EXISTS t", d), "DROP TABLE");
        }
        assert_eq!(
            writes("ATTACH DATABASE 'x.db' AS x", Dialect::Sqlite),
            "ATTACH"
        );
        assert_eq!(
            writes("PRAGMA journal_mode = WAL", Dialect::Sqlite),
            "PRAGMA journal_mode"
        );
        assert_eq!(
            writes("PRAGMA writable_schema", Dialect::Sqlite),
            "PRAGMA writable_schema"
        );
        assert!(writes("SELECT * INTO t2 FROM t", Dialect::Postgres).contains("INTO"));
        assert!(writes("SELECT * FROM t FOR UPDATE", Dialect::Postgres).contains("FOR UPDATE"));
        assert!(writes(
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            Dialect::Postgres
        )
        .contains("DELETE"));
    }

    #[test]
    fn unparsed_and_names() {
        assert!(matches!(
            classify("SELEC 1", Dialect::Sqlite),
            Parsed::Unparsed(_)
        ));
        assert!(matches!(
            classify("SELECT 1; SELECT 2", Dialect::Sqlite),
            Parsed::NotOne(_)
        ));
        assert!(matches!(classify("  ", Dialect::Sqlite), Parsed::NotOne(_)));
        match classify(
            "SELECT * FROM synth_customers(10, 42) c JOIN x ON true",
            Dialect::Sqlite,
        ) {
            Parsed::ReadOnly { relation } => assert_eq!(relation.as_deref(), Some("customers")),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            expand_shorthand("synth_customers(10, 42);"),
            "SELECT * FROM synth_customers(10, 42)"
        );
        assert_eq!(expand_shorthand("select 1"), "select 1");
        assert_eq!(expand_shorthand("nope(1)"), "nope(1)");
    }
}
