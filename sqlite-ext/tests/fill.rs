//! `synth_fill(table, n, seed)` on an in-process connection: public schemas filled table by
//! table with every constraint enforced, the same rows as the seeder's whole-schema fill,
//! appending, and bad input that leaves the database unchanged.

use rusqlite::{types::Value, Connection};
use synth_core::fill::{FillOptions, Plan};
use synth_ddl::{insert_statements, quoted_ident, read_ddl, SqlDialect};

const SHOP: &[&str] = &[
    include_str!("../../seeder/tests/schemas/shop/001_users.sql"),
    include_str!("../../seeder/tests/schemas/shop/002_orders.sql"),
    include_str!("../../seeder/tests/schemas/shop/003_coupons.sql"),
];
const CHINOOK: &str = include_str!("../../seeder/tests/schemas/chinook/Chinook_Sqlite.sql");

/// A connection with synth registered, foreign keys on, and `ddl` run.
fn db(ddl: &[&str]) -> Connection {
    let c = Connection::open_in_memory().unwrap();
    synth::register(&c).unwrap();
    c.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    for d in ddl {
        c.execute_batch(d).unwrap();
    }
    c
}

fn fill(c: &Connection, sql: &str) -> Result<i64, String> {
    c.query_row(sql, [], |r| r.get(0))
        .map_err(|e| e.to_string())
}

fn count(c: &Connection, table: &str) -> i64 {
    c.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Every row of every table, in rowid order, as one comparable list.
fn dump(c: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|t| {
            let q = quoted_ident(&t);
            let mut st = c
                .prepare(&format!("SELECT * FROM {q} ORDER BY rowid"))
                .unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<Vec<Vec<Value>>, _>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

fn violations(c: &Connection) -> usize {
    c.prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count()
}

#[test]
fn fills_the_shop_schema_table_by_table_like_the_seeder() {
    let c = db(SHOP);
    for (t, n) in [
        ("users", 200),
        ("products", 50),
        ("orders", 1000),
        ("order_items", 3000),
    ] {
        assert_eq!(
            fill(&c, &format!("SELECT synth_fill('{t}', {n}, 7)")),
            Ok(n)
        );
        assert_eq!(count(&c, t), n);
    }
    assert_eq!(violations(&c), 0);
    // Every order points at a user, every item at an order and a product that exist.
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id
              LEFT JOIN products p ON p.id = i.product_id WHERE o.id IS NULL OR p.id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    // Each order comes after its user signed up: the users' created_at was read with their keys.
    let (early, later): (i64, i64) = c
        .query_row(
            "SELECT count(*) FILTER (WHERE o.ordered_at <= u.created_at),
                    count(*) FILTER (WHERE o.ordered_at > u.created_at)
               FROM orders o JOIN users u ON u.id = o.user_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((early, later), (0, 1000));
    // Parents are read in key order, so the rows are those of the seeder's one-call fill.
    let sources: Vec<(String, String)> = SHOP
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("{i}.sql"), s.to_string()))
        .collect();
    let ddl = read_ddl(&sources, SqlDialect::Sqlite).unwrap();
    let opts = FillOptions {
        seed: 7,
        rows: [
            ("users", 200),
            ("products", 50),
            ("orders", 1000),
            ("order_items", 3000),
        ]
        .iter()
        .map(|(t, n)| (t.to_string(), *n))
        .collect(),
        only: true,
        deferred_fks: true,
        ..FillOptions::default()
    };
    let plan = Plan::new(&ddl.schema, &opts).unwrap();
    let other = db(SHOP);
    insert_statements(
        &plan,
        SqlDialect::Sqlite,
        &quoted_ident,
        &mut |sql: &str| other.execute_batch(sql).map_err(|e| e.to_string()),
    )
    .unwrap();
    assert_eq!(dump(&c), dump(&other));
}

#[test]
fn a_second_call_appends_rows_that_keep_every_unique_key() {
    let c = db(SHOP);
    assert_eq!(fill(&c, "SELECT synth_fill('users', 300)"), Ok(300));
    // Another seed, the same seed again: new ids after the old, emails and phones still unique
    // (the UNIQUE constraints would refuse a duplicate).
    assert_eq!(fill(&c, "SELECT synth_fill('users', 300, 43)"), Ok(300));
    assert_eq!(fill(&c, "SELECT synth_fill('users', 300)"), Ok(300));
    assert_eq!(count(&c, "users"), 900);
    let (lo, hi, distinct): (i64, i64, i64) = c
        .query_row(
            "SELECT min(id), max(id), count(DISTINCT email) FROM users",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((lo, hi, distinct), (1, 900, 900));
    // The third call's rows differ from the first call's (the same seed, later row numbers).
    let same: i64 = c
        .query_row(
            "SELECT count(*) FROM users a JOIN users b ON b.id = a.id + 600
              WHERE a.first_name = b.first_name AND a.last_name = b.last_name",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        same < 30,
        "{same} of 300 appended rows repeat the first rows' names"
    );
    // Rows a user inserted by hand: the next keys start above them.
    c.execute_batch(
        "INSERT INTO users (id, email, first_name, last_name, created_at, updated_at)
         VALUES (5000, 'me@example.com', 'Me', 'Mine', '2024-01-01', '2024-01-01')",
    )
    .unwrap();
    assert_eq!(fill(&c, "SELECT synth_fill('users', 10)"), Ok(10));
    let min_new: i64 = c
        .query_row(
            "SELECT min(id) FROM users WHERE id > 900 AND id <> 5000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(min_new > 5000, "{min_new}");
}

#[test]
fn fills_every_chinook_table_with_foreign_keys_enforced() {
    let c = db(&[CHINOOK]);
    let order = [
        ("Artist", 50),
        ("Album", 80),
        ("Genre", 10),
        ("MediaType", 5),
        ("Track", 400),
        ("Employee", 8),
        ("Customer", 60),
        ("Invoice", 200),
        ("InvoiceLine", 600),
        ("Playlist", 10),
        ("PlaylistTrack", 300),
    ];
    for (t, n) in order {
        assert_eq!(
            fill(&c, &format!("SELECT synth_fill('{t}', {n})")),
            Ok(n),
            "{t}"
        );
        assert_eq!(count(&c, t), n);
    }
    assert_eq!(violations(&c), 0);
    // Names that read as names, emails made of them.
    let (first, email): (String, String) = c
        .query_row(
            "SELECT FirstName, Email FROM Customer WHERE CustomerId = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        email.to_lowercase().contains(&first.to_lowercase()[..1]) && email.contains('@'),
        "{first} {email}"
    );
}

#[test]
fn bad_input_is_one_clear_error_and_the_database_is_unchanged() {
    let c = db(SHOP);
    fill(&c, "SELECT synth_fill('users', 10)").unwrap();
    // `main.` names the main database's table, as in SQL.
    assert_eq!(fill(&c, "SELECT synth_fill('main.users', 10)"), Ok(10));
    c.execute_batch("CREATE VIEW uv AS SELECT * FROM users")
        .unwrap();
    let before = dump(&c);
    let cases = [
        ("SELECT synth_fill('nope', 10)", "there is no table nope"),
        (
            "SELECT synth_fill('sqlite_sequence', 10)",
            "one of SQLite's internal tables",
        ),
        ("SELECT synth_fill('uv', 10)", "uv is not a table"),
        (
            "SELECT synth_fill('users', -1)",
            "invalid argument n: must be 0 or more, got -1",
        ),
        (
            "SELECT synth_fill('users', 'ten')",
            "invalid argument n: must be an integer",
        ),
        (
            "SELECT synth_fill(NULL, 10)",
            "invalid argument table: must not be NULL",
        ),
        ("SELECT synth_fill('users')", "takes 2 or 3 arguments"),
        // Orders need users (there are some); items need orders and products (empty).
        (
            "SELECT synth_fill('order_items', 10)",
            "which is empty: fill it first",
        ),
    ];
    for (sql, want) in cases {
        let e = fill(&c, sql).unwrap_err();
        assert!(e.contains(want), "{sql}: {e}");
        assert_eq!(dump(&c), before, "{sql} changed the database");
    }
    // A write that fails half-way (a key taken by hand) rolls back the rows before it.
    c.execute_batch("INSERT INTO products (id, sku, name, price) VALUES (40, 'ABCDEFGH', 'x', 1)")
        .unwrap();
    c.execute_batch("DELETE FROM products WHERE id = 40")
        .unwrap();
    let before = dump(&c);
    c.execute_batch("CREATE TRIGGER no_more AFTER INSERT ON users WHEN new.id = 35 BEGIN SELECT RAISE(ABORT, 'no more users'); END")
        .unwrap();
    let e = fill(&c, "SELECT synth_fill('users', 30)").unwrap_err();
    assert!(e.contains("no more users"), "{e}");
    c.execute_batch("DROP TRIGGER no_more").unwrap();
    assert_eq!(dump(&c), before);
    // A read-only connection.
    c.execute_batch("PRAGMA query_only = 1").unwrap();
    let e = fill(&c, "SELECT synth_fill('users', 5)").unwrap_err();
    assert!(e.contains("readonly") || e.contains("read-only"), "{e}");
    c.execute_batch("PRAGMA query_only = 0").unwrap();
    assert_eq!(dump(&c), before);
    // Not from a trigger or a view: a schema cannot make a reader write.
    c.execute_batch("CREATE VIEW v AS SELECT synth_fill('users', 5) AS n")
        .unwrap();
    let e = fill(&c, "SELECT n FROM v").unwrap_err();
    assert!(e.contains("unsafe use of synth_fill"), "{e}");
    assert_eq!(dump(&c), before);
}

#[test]
fn one_row_calls_line_numbers_and_dates_in_keys() {
    let c = db(&[
        "CREATE TABLE d (id INTEGER PRIMARY KEY, sku VARCHAR(12) NOT NULL UNIQUE);
         CREATE TABLE orders (id INTEGER PRIMARY KEY, placed DATE NOT NULL);
         CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders(id),
           line_no SMALLINT NOT NULL CHECK (line_no BETWEEN 1 AND 50), qty INTEGER,
           PRIMARY KEY (order_id, line_no));
         CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE job_history (employee_id INTEGER NOT NULL REFERENCES emp(id),
           start_date DATE NOT NULL, end_date DATE, PRIMARY KEY (employee_id, start_date),
           CHECK (end_date > start_date))",
    ]);
    // One row at a time still counts keys up and keeps unique texts unique.
    for _ in 0..3 {
        assert_eq!(fill(&c, "SELECT synth_fill('d', 1)"), Ok(1));
    }
    let ids: Vec<i64> = c
        .prepare("SELECT id FROM d ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3]);
    // A line number 1..50 beside the order: 1,500 lines for 500 orders fit (500 x 50 pairs).
    fill(&c, "SELECT synth_fill('orders', 500)").unwrap();
    assert_eq!(fill(&c, "SELECT synth_fill('order_lines', 1500)"), Ok(1500));
    // A date in a composite key falls where dates of the kind do, not in year 1.
    fill(&c, "SELECT synth_fill('emp', 50)").unwrap();
    fill(&c, "SELECT synth_fill('job_history', 100)").unwrap();
    let (lo, hi): (String, String) = c
        .query_row(
            "SELECT min(start_date), max(start_date) FROM job_history",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(lo.as_str() > "2015" && hi.as_str() < "2027", "{lo} .. {hi}");
    assert_eq!(violations(&c), 0);
}

#[test]
fn like_checks_keep_the_rules_values() {
    let c = db(&["CREATE TABLE t (id INTEGER PRIMARY KEY,
           email VARCHAR(100) NOT NULL UNIQUE CHECK (email LIKE '%@%'),
           backup_email VARCHAR(100) CHECK (backup_email LIKE '%@%'),
           code TEXT NOT NULL CHECK (code LIKE 'AB%'))"]);
    assert_eq!(fill(&c, "SELECT synth_fill('t', 200)"), Ok(200));
    let rows: Vec<(String, String, String)> = c
        .prepare("SELECT email, backup_email, code FROM t")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let emails: std::collections::HashSet<&String> = rows.iter().map(|r| &r.0).collect();
    assert_eq!(emails.len(), 200);
    for (e, b, code) in &rows {
        // Real addresses, not the pattern's bare '@'.
        for a in [e, b] {
            let (local, domain) = a.split_once('@').unwrap_or_else(|| panic!("{a}"));
            assert!(local.len() >= 2 && domain.contains('.'), "{a}");
        }
        assert!(code.starts_with("AB") && code.len() > 2, "{code}");
    }
}

#[test]
fn text_moments_are_ordered_timestamps() {
    let c = db(&[
        "CREATE TABLE authors (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,
           created_at TEXT NOT NULL, updated_at TEXT, day_created VARCHAR(10))",
    ]);
    assert_eq!(fill(&c, "SELECT synth_fill('authors', 300)"), Ok(300));
    let bad: i64 = c
        .query_row(
            "SELECT count(*) FROM authors WHERE updated_at < created_at
                OR length(created_at) <> 19 OR datetime(created_at) IS NULL
                OR length(day_created) <> 10 OR date(day_created) IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0);
}

#[test]
fn money_follows_the_columns_meaning() {
    let c = db(&[
        "CREATE TABLE jobs (id INTEGER PRIMARY KEY, salary NUMERIC(10,2) NOT NULL,
           price NUMERIC(8,2) NOT NULL, shipping_fee NUMERIC(6,2) NOT NULL)",
    ]);
    fill(&c, "SELECT synth_fill('jobs', 2000, 3)").unwrap();
    let median = |col: &str| -> f64 {
        c.query_row(
            &format!("SELECT {col} FROM jobs ORDER BY {col} LIMIT 1 OFFSET 1000"),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (salary, price, fee) = (median("salary"), median("price"), median("shipping_fee"));
    assert!((40_000.0..90_000.0).contains(&salary), "salary {salary}");
    assert!((15.0..40.0).contains(&price), "price {price}");
    assert!((3.0..12.0).contains(&fee), "fee {fee}");
}

#[test]
fn children_follow_text_timestamps_of_parents_in_the_database() {
    // SQLite's usual `created_at TEXT`: read back with the parent's keys and followed.
    let c = db(&[
        "CREATE TABLE a (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL);
         CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a(id),
                         created_at DATETIME NOT NULL);",
    ]);
    assert_eq!(fill(&c, "SELECT synth_fill('a', 200)"), Ok(200));
    assert_eq!(fill(&c, "SELECT synth_fill('b', 2000)"), Ok(2000));
    let early: i64 = c
        .query_row(
            "SELECT count(*) FROM b JOIN a ON a.id = b.a_id WHERE b.created_at <= a.created_at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(early, 0);
}
