//! `seeder fill` on public sample schemas (Chinook, Sakila for SQLite; see tests/schemas/),
//! with SQLite enforcing every constraint, and every bad input's error.

mod common;

use common::{fails, ok, schema, seeder, stderr};
use rusqlite::{Connection, OpenFlags};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const CHINOOK: &str = "chinook/Chinook_Sqlite.sql";
const SAKILA: &str = "sakila/sqlite-sakila-schema.sql";

fn open(p: &Path) -> Connection {
    Connection::open_with_flags(p, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// Every table's rows, in rowid order, as text.
fn dump(p: &Path) -> Vec<(String, Vec<String>)> {
    let c = open(p);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    let mut s = String::new();
                    for i in 0..n {
                        let v: rusqlite::types::Value = r.get(i)?;
                        s.push_str(&format!("{v:?}|"));
                    }
                    Ok(s)
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn fk_violations(p: &Path) -> usize {
    let c = open(p);
    let mut st = c.prepare("PRAGMA foreign_key_check").unwrap();
    let n = st.query_map([], |_| Ok(())).unwrap().count();
    n
}

fn db_arg(p: &Path) -> String {
    format!("sqlite:{}", p.display())
}

fn fill_db(schema_rel: &str, rows: &str, seed: &str, db: &Path, extra: &[&str]) {
    let s = schema(schema_rel);
    let d = db_arg(db);
    let mut args = vec![
        "fill", "--schema", &s, "--rows", rows, "--seed", seed, "--db", &d, "--quiet",
    ];
    args.extend_from_slice(extra);
    ok(&args);
}

/// Checks that a filled database's values are plausible for their column names.
fn check_people(c: &Connection, table: &str, first: &str, last: &str, email: &str) {
    let mut st = c
        .prepare(&format!(
            "SELECT \"{first}\", \"{last}\", \"{email}\" FROM \"{table}\""
        ))
        .unwrap();
    let rows: Vec<(String, String, Option<String>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut seen = HashSet::new();
    for (f, l, e) in rows {
        let Some(e) = e else { continue };
        let (local, domain) = e.split_once('@').expect("an email has @");
        assert!(domain.contains('.'), "{e}");
        assert!(seen.insert(e.clone()), "duplicate email {e}");
        let f = f.to_lowercase();
        let l = l.to_lowercase();
        // The local part is made of the person's own names.
        assert!(
            local.starts_with(&f[..1]) || local.starts_with(&l[..1]),
            "{e} for {f} {l}"
        );
    }
}

/// City, state and ZIP columns of one row agree with the ZIP reference table.
fn check_places(c: &Connection, table: &str, city: &str, state: &str, zip: &str) {
    let d = synth_core::data::data();
    let by_zip: HashMap<&str, (&str, &str)> =
        d.zips.iter().map(|z| (z.zip, (z.city, z.state))).collect();
    let mut st = c
        .prepare(&format!(
            "SELECT \"{city}\", \"{state}\", \"{zip}\" FROM \"{table}\""
        ))
        .unwrap();
    let rows: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!rows.is_empty());
    for (ci, s, z) in rows {
        let (zc, zs) = by_zip.get(z.as_str()).expect("a real ZIP");
        // Columns may be shorter than a long city name (Chinook: City NVARCHAR(40)).
        assert!(zc.starts_with(&ci) && *zs == s, "{ci}, {s} {z}");
    }
}

#[test]
fn chinook_every_table_every_constraint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chinook.db");
    fill_db(
        CHINOOK,
        "Customer=300,Invoice=1200,InvoiceLine=4000,Track=500,PlaylistTrack=2000,Employee=20",
        "42",
        &db,
        &[],
    );
    assert_eq!(fk_violations(&db), 0);
    let c = open(&db);
    let expect = [
        ("Customer", 300),
        ("Invoice", 1200),
        ("InvoiceLine", 4000),
        ("Track", 500),
        ("PlaylistTrack", 2000),
        ("Employee", 20),
        ("Album", 100),
        ("Artist", 100),
        ("Genre", 100),
        ("MediaType", 100),
        ("Playlist", 100),
    ];
    for (t, n) in expect {
        assert_eq!(
            count(&c, &format!("SELECT count(*) FROM \"{t}\"")),
            n,
            "{t}"
        );
    }
    // Composite primary key, NOT NULL, money at scale 2.
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM (SELECT DISTINCT PlaylistId, TrackId FROM PlaylistTrack)"
        ),
        2000
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM Invoice WHERE Total IS NULL OR Total < 0 OR round(Total, 2) <> Total"
        ),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM Customer WHERE length(LastName) > 20 OR length(Email) > 60"
        ),
        0
    );
    // The employee hierarchy: the first has no manager, the others report to an earlier one.
    assert_eq!(
        count(&c, "SELECT count(*) FROM Employee WHERE ReportsTo IS NULL"),
        1
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM Employee WHERE ReportsTo >= EmployeeId"
        ),
        0
    );
    check_people(&c, "Customer", "FirstName", "LastName", "Email");
    check_people(&c, "Employee", "FirstName", "LastName", "Email");
    check_places(&c, "Customer", "City", "State", "PostalCode");
    check_places(
        &c,
        "Invoice",
        "BillingCity",
        "BillingState",
        "BillingPostalCode",
    );
    assert_eq!(
        count(&c, "SELECT count(*) FROM Customer WHERE Phone NOT GLOB '[2-9][0-9][0-9]-[2-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'"),
        0
    );
    // Birth dates before hire dates' plausible range: adults.
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM Employee WHERE BirthDate > '2008-01-01'"
        ),
        0
    );
}

#[test]
fn sakila_every_table_every_constraint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sakila.db");
    fill_db(
        SAKILA,
        "customer=400,rental=2000,payment=3000,film=300,film_actor=1500,inventory=800,store=5,staff=10",
        "7",
        &db,
        &[],
    );
    assert_eq!(fk_violations(&db), 0);
    let c = open(&db);
    for (t, n) in [
        ("customer", 400),
        ("rental", 2000),
        ("payment", 3000),
        ("film", 300),
        ("film_actor", 1500),
        ("inventory", 800),
        ("store", 5),
        ("staff", 10),
        ("actor", 100),
        ("film_category", 100),
        ("film_text", 100),
        ("language", 100),
        ("country", 100),
        ("city", 100),
        ("address", 100),
        ("category", 100),
    ] {
        assert_eq!(
            count(&c, &format!("SELECT count(*) FROM \"{t}\"")),
            n,
            "{t}"
        );
    }
    // The CHECKs of film: rating IN (...), special_features IS NULL OR LIKE ...
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM film WHERE rating NOT IN ('G','PG','PG-13','R','NC-17')"
        ),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM film WHERE NOT (special_features IS NULL OR special_features LIKE '%Trailers%' OR special_features LIKE '%Commentaries%' OR special_features LIKE '%Deleted Scenes%' OR special_features LIKE '%Behind the Scenes%')"
        ),
        0
    );
    // store <-> staff is a NOT NULL cycle: filled completely (checked at commit).
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM store WHERE manager_staff_id IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM (SELECT DISTINCT actor_id, film_id FROM film_actor)"
        ),
        1500
    );
    // varchar(16) usernames, numeric(5,2) amounts.
    assert_eq!(
        count(&c, "SELECT count(*) FROM staff WHERE length(username) > 16"),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM payment WHERE amount <= 0 OR amount >= 1000 OR round(amount, 2) <> amount"
        ),
        0
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM customer WHERE active NOT IN ('Y', 'N')"
        ),
        0
    );
    check_people(&c, "customer", "first_name", "last_name", "email");
    check_people(&c, "staff", "first_name", "last_name", "email");
    // Updated after created.
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM customer WHERE last_update < create_date"
        ),
        0
    );
}

#[test]
fn same_seed_same_rows_and_sql_output_matches() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, rows) in [
        (CHINOOK, "Customer=50,Invoice=200,InvoiceLine=300"),
        (SAKILA, "customer=50,rental=100,payment=100"),
    ] {
        let a = dir.path().join("a.db");
        let b = dir.path().join("b.db");
        let other = dir.path().join("other.db");
        let fresh = dir.path().join("fresh.db");
        let sql = dir.path().join("seed.sql");
        for p in [&a, &b, &other, &fresh, &sql] {
            let _ = std::fs::remove_file(p);
        }
        fill_db(rel, rows, "42", &a, &[]);
        fill_db(rel, rows, "42", &b, &[]);
        fill_db(rel, rows, "43", &other, &[]);
        assert_eq!(dump(&a), dump(&b), "{rel}: same seed, same rows");
        assert_ne!(dump(&a), dump(&other), "{rel}: another seed, other rows");
        // The INSERT statements, run in a database whose tables were created empty.
        let s = schema(rel);
        let out = sql.display().to_string();
        ok(&[
            "fill",
            "--schema",
            &s,
            "--rows",
            rows,
            "--seed",
            "42",
            "-o",
            &out,
            "--dialect",
            "sqlite",
            "--quiet",
        ]);
        fill_db(rel, "", "42", &fresh, &["--only"]);
        let text = std::fs::read_to_string(&sql).unwrap();
        // The file is one transaction (BEGIN ... COMMIT) with deferred foreign keys.
        let c = Connection::open(&fresh).unwrap();
        c.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        c.execute_batch(&text)
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        drop(c);
        assert_eq!(dump(&a), dump(&fresh), "{rel}: --output equals --db");
        assert_eq!(fk_violations(&fresh), 0);
    }
}

#[test]
fn map_per_and_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    fill_db(
        CHINOOK,
        "Customer=40,Employee=5",
        "1",
        &db,
        &[
            "--only",
            "--per",
            "Invoice.CustomerId=1..3",
            "--map",
            "Customer.Company=null",
            "--map",
            "Customer.Fax=default",
        ],
    );
    let c = open(&db);
    let n = count(&c, "SELECT count(*) FROM Invoice");
    assert!((40..=120).contains(&n), "{n}");
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM (SELECT CustomerId, count(*) k FROM Invoice GROUP BY 1) WHERE k < 1 OR k > 3"
        ),
        0
    );
    assert_eq!(
        count(&c, "SELECT count(DISTINCT CustomerId) FROM Invoice"),
        40
    );
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM Customer WHERE Company IS NOT NULL OR Fax IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        count(&c, "SELECT count(*) FROM Track"),
        0,
        "--only leaves other tables empty"
    );
    assert_eq!(fk_violations(&db), 0);
    // The same options from a TOML file give the same database; the command line adds to it.
    let toml = dir.path().join("fill.toml");
    std::fs::write(
        &toml,
        "seed = 1\nonly = true\n\n[rows]\nCustomer = 40\nEmployee = 9\n\n\
         [map.Customer]\nCompany = \"null\"\nFax = \"default\"\n\n\
         [per.Invoice]\nCustomerId = \"1..3\"\n",
    )
    .unwrap();
    let db2 = dir.path().join("c2.db");
    let cfg = toml.display().to_string();
    fill_db(CHINOOK, "Employee=5", "1", &db2, &["--config", &cfg]);
    assert_eq!(dump(&db2), dump(&db));
    // A bad file names itself, the line and the column.
    std::fs::write(&toml, "seed = 1\n[rows]\nCustomer = \"many\"\n").unwrap();
    let s = schema(CHINOOK);
    fails(
        &["fill", "--schema", &s, "--config", &cfg, "-o", "-"],
        &["fill.toml:3:12"],
    );
    std::fs::write(&toml, "seeds = 1\n").unwrap();
    fails(
        &["fill", "--schema", &s, "--config", &cfg, "-o", "-"],
        &["fill.toml:1:1", "unknown field `seeds`"],
    );
}

/// Writes a schema file and returns its path.
fn write(dir: &Path, name: &str, sql: &str) -> String {
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, sql).unwrap();
    p.display().to_string()
}

#[test]
fn bad_input_is_one_clear_error_and_the_database_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    fill_db(
        CHINOOK,
        "Customer=20,Invoice=30,InvoiceLine=30",
        "5",
        &db,
        &[],
    );
    let before = dump(&db);
    let d = db_arg(&db);
    let chinook = schema(CHINOOK);
    let bad = write(
        dir.path(),
        "bad.sql",
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (\n  id INTEGER,,\n  x TEXT);\n",
    );
    let missing = write(
        dir.path(),
        "missing.sql",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id));",
    );
    let unsat = write(
        dir.path(),
        "unsat.sql",
        "CREATE TABLE products (id INTEGER PRIMARY KEY, price NUMERIC(8,2) NOT NULL, CHECK (price > 10 AND price < 5));",
    );
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["--schema", &bad, "--rows", "a=1"],
            vec!["bad.sql:4:", "parse"],
        ),
        (
            vec!["--schema", &chinook, "--rows", "Nope=3"],
            vec!["Nope", "not in the schema"],
        ),
        (
            vec!["--schema", &missing, "--rows", "orders=3"],
            vec!["no table users"],
        ),
        (
            vec!["--schema", &chinook, "--rows", "Customer=-5"],
            vec!["Customer=-5", "0 or more"],
        ),
        (
            vec!["--schema", &unsat, "--rows", "products=3"],
            vec!["products", "price"],
        ),
        (
            vec!["--schema", &chinook, "--map", "Customer.Email=nonsense"],
            vec!["unknown rule nonsense"],
        ),
        (
            vec![
                "--schema",
                &chinook,
                "--map",
                "Customer.Nickname=first_name",
            ],
            vec!["--map Customer.Nickname", "has no column Nickname"],
        ),
        (
            vec!["--schema", &chinook, "--map", "Nope.Email=email"],
            vec!["there is no table Nope"],
        ),
        (
            vec!["--schema", &chinook, "--map", "Customer.Email=age"],
            vec!["the rule age does not fit the column's type (text)"],
        ),
        // The same rows again: primary keys collide at the first insert; all rolled back.
        (
            vec![
                "--schema",
                &chinook,
                "--rows",
                "Customer=20,Invoice=30,InvoiceLine=30",
                "--seed",
                "5",
            ],
            vec!["UNIQUE constraint failed"],
        ),
    ];
    for (args, needles) in cases {
        let mut full = vec!["fill"];
        full.extend(args);
        full.extend(["--db", d.as_str()]);
        fails(&full, &needles);
        assert_eq!(dump(&db), before, "{full:?} changed the database");
    }
    // A read-only database.
    let ro = format!("sqlite:file:{}?mode=ro", db.display());
    let o = seeder(&[
        "fill", "--schema", &chinook, "--rows", "Genre=5", "--only", "--db", &ro,
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("readonly"), "{}", stderr(&o));
    assert_eq!(dump(&db), before);
    // A new database file is not left behind when the fill fails.
    let new = dir.path().join("new.db");
    let nd = db_arg(&new);
    fails(
        &[
            "fill",
            "--schema",
            &unsat,
            "--rows",
            "products=3",
            "--db",
            &nd,
        ],
        &["price"],
    );
    assert!(!new.exists());
}

#[test]
fn migrations_folder_with_checks_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    fill_db(
        "shop",
        "users=300,products=60,orders=1500,order_items=4000",
        "42",
        &db,
        &[],
    );
    assert_eq!(fk_violations(&db), 0);
    let c = open(&db);
    // ALTER TABLE ADD COLUMN from the third migration, filled.
    assert_eq!(
        count(&c, "SELECT count(*) FROM orders WHERE coupon IS NULL"),
        0
    );
    // CREATE UNIQUE INDEX from the third migration.
    assert_eq!(count(&c, "SELECT count(DISTINCT phone) FROM users"), 300);
    for (sql, what) in [
        (
            "SELECT count(*) FROM users WHERE updated_at < created_at",
            "updated >= created",
        ),
        (
            "SELECT count(*) FROM products WHERE length(sku) <> 8",
            "length(sku) = 8",
        ),
        (
            "SELECT count(*) FROM products WHERE price <= 0 OR price > 2000",
            "price range",
        ),
        (
            "SELECT count(*) FROM orders WHERE shipped_at <= ordered_at",
            "shipped after ordered",
        ),
        (
            "SELECT count(*) FROM order_items WHERE quantity NOT BETWEEN 1 AND 20",
            "quantity",
        ),
        (
            "SELECT count(*) FROM orders WHERE status NOT IN ('new','paid','shipped','cancelled')",
            "status list",
        ),
    ] {
        assert_eq!(count(&c, sql), 0, "{what}");
    }
    // Realistic gaps from the column names: shipped within days of the order, updated within
    // months of the creation (means 3 and 60 days; 30% of updates at the creation itself).
    let mean_days = |sql: &str| -> f64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    let ship = mean_days(
        "SELECT avg(julianday(shipped_at) - julianday(ordered_at)) FROM orders WHERE shipped_at IS NOT NULL",
    );
    assert!(
        (1.5..6.0).contains(&ship),
        "shipped {ship:.1} days after ordering"
    );
    let upd = mean_days("SELECT avg(julianday(updated_at) - julianday(created_at)) FROM users");
    assert!(
        (20.0..80.0).contains(&upd),
        "updated {upd:.1} days after creation"
    );
    check_people(&c, "users", "first_name", "last_name", "email");
    check_places(&c, "users", "city", "state", "zip");
    // Birth dates of adults, before the reference date.
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM users WHERE birth_date > '2008-01-01' OR birth_date < '1930-01-01'"
        ),
        0
    );
}

#[test]
fn append_adds_rows_after_the_ones_there_with_every_key_unique() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let rows = "users=200,products=40,orders=600,order_items=1500";
    fill_db("shop", rows, "1", &db, &[]);
    // Without --append the second fill collides with the keys there, and says what to do.
    let s = schema("shop");
    let d = db_arg(&db);
    let before = dump(&db);
    let e = fails(
        &[
            "fill", "--schema", &s, "--rows", rows, "--seed", "2", "--db", &d,
        ],
        &["--append"],
    );
    assert!(e.contains("already holds"), "{e}");
    assert_eq!(dump(&db), before);
    // With --append, another seed: every table doubles, every key and UNIQUE still holds (the
    // database enforces them), foreign keys hold.
    fill_db("shop", rows, "2", &db, &["--append"]);
    let c = open(&db);
    for (t, n) in [
        ("users", 400),
        ("products", 80),
        ("orders", 1200),
        ("order_items", 3000),
    ] {
        assert_eq!(count(&c, &format!("SELECT count(*) FROM {t}")), n, "{t}");
    }
    assert_eq!(count(&c, "SELECT count(DISTINCT email) FROM users"), 400);
    assert_eq!(count(&c, "SELECT max(id) FROM users"), 400);
    drop(c);
    assert_eq!(fk_violations(&db), 0);
    // Only orders, appended: their users are the 400 users there, picked with the usual skew.
    fill_db("shop", "orders=500", "3", &db, &["--append", "--only"]);
    let c = open(&db);
    assert_eq!(count(&c, "SELECT count(*) FROM orders"), 1700);
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM orders WHERE user_id NOT IN (SELECT id FROM users)"
        ),
        0
    );
    let spread = count(
        &c,
        "SELECT count(DISTINCT user_id) FROM orders WHERE id > 1200",
    );
    assert!(spread > 100, "the new orders point at {spread} users");
    assert!(
        count(
            &c,
            "SELECT count(*) FROM orders WHERE id > 1200 AND user_id > 200"
        ) > 0,
        "the appended users are picked too"
    );
    // --append needs a database.
    fails(
        &["fill", "--schema", &s, "--append", "-o", "-"],
        &["--append", "--db"],
    );
}

/// CHECKs and types that cut a rule's natural range keep the values' natural scale inside the
/// bounds: no price of -994 under `price < 5`, no age of 1018 over `age >= 21`, no year 3020
/// over `year >= 2020`, no future creation time over `created_at >= '2025-06-01'`; a
/// `rental_rate` is not a rent.
#[test]
fn bounds_that_cut_the_natural_range_keep_values_plausible() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write(
        dir.path(),
        "b.sql",
        "CREATE TABLE b (
           id integer PRIMARY KEY,
           cheap numeric(6,2) NOT NULL CHECK (cheap < 5),
           price numeric(8,2) NOT NULL CHECK (price >= 100),
           age integer NOT NULL CHECK (age >= 21),
           kid_age integer NOT NULL CHECK (kid_age < 18),
           year integer NOT NULL CHECK (year >= 2020),
           created_at timestamp NOT NULL CHECK (created_at >= '2025-06-01'),
           rental_rate numeric(4,2) NOT NULL,
           tax numeric(5,4) NOT NULL
         );",
    );
    let db = dir.path().join("b.db");
    ok(&[
        "fill",
        "--schema",
        &schema,
        "--rows",
        "b=2000",
        "--seed",
        "3",
        "--db",
        &db_arg(&db),
        "--quiet",
    ]);
    let c = open(&db);
    let one = |sql: &str| -> f64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    for (sql, lo, hi) in [
        ("SELECT min(cheap) FROM b", 0.0, 5.0),
        ("SELECT max(cheap) FROM b", 0.0, 5.0),
        ("SELECT max(price) FROM b", 100.0, 100_000.0),
        ("SELECT max(age) FROM b", 21.0, 100.0),
        ("SELECT min(kid_age) FROM b", 0.0, 17.0),
        ("SELECT max(year) FROM b", 2020.0, 2026.0),
        (
            "SELECT max(julianday(created_at)) FROM b",
            2460827.5,
            2461041.5,
        ),
        ("SELECT min(tax) FROM b", 0.0, 10.0),
        ("SELECT avg(rental_rate) FROM b", 0.0, 99.99),
        ("SELECT min(rental_rate) FROM b", 0.0, 99.99),
    ] {
        let v = one(sql);
        assert!((lo..=hi).contains(&v), "{sql}: {v} not in {lo}..{hi}");
    }
    // Ages over 21 keep the adult spread, not a pile at the bound.
    assert!(one("SELECT avg(age) FROM b") > 35.0);
    assert!(
        one("SELECT avg(rental_rate) FROM b") < 60.0,
        "rental_rate is not a rent"
    );
}

/// Migrations that rename and drop: the model follows each ALTER TABLE (RENAME COLUMN, DROP
/// COLUMN, RENAME TO, in that order in files), and a unique index on an expression keeps its
/// column distinct.
#[test]
fn migrations_that_rename_and_drop_columns_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    write(
        &m,
        "001_init.sql",
        "CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, nick text, legacy text);
         CREATE TABLE posts (id integer PRIMARY KEY, person_id integer NOT NULL REFERENCES people(id),
                             title text NOT NULL);",
    );
    write(
        &m,
        "002_rename.sql",
        "ALTER TABLE people RENAME COLUMN name TO full_name;
         ALTER TABLE people DROP COLUMN legacy;
         ALTER TABLE people RENAME TO members;
         CREATE UNIQUE INDEX members_nick ON members (lower(nick));",
    );
    let db = dir.path().join("m.db");
    let schema = m.display().to_string();
    ok(&[
        "fill",
        "--schema",
        &schema,
        "--rows",
        "members=300,posts=900",
        "--seed",
        "5",
        "--db",
        &db_arg(&db),
        "--quiet",
    ]);
    assert_eq!(fk_violations(&db), 0);
    let c = open(&db);
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM members WHERE full_name LIKE '% %'"
        ),
        300
    );
    assert_eq!(
        count(&c, "SELECT count(DISTINCT lower(nick)) FROM members"),
        count(&c, "SELECT count(nick) FROM members")
    );
    assert_eq!(count(&c, "SELECT count(*) FROM posts"), 900);
    // The same model gives INSERT statements with the new names.
    let sql = dir.path().join("seed.sql");
    ok(&[
        "fill",
        "--schema",
        &schema,
        "--rows",
        "members=30,posts=90",
        "--seed",
        "5",
        "--output",
        &sql.display().to_string(),
        "--dialect",
        "sqlite",
        "--quiet",
    ]);
    let text = std::fs::read_to_string(&sql).unwrap();
    assert!(
        text.contains("INSERT INTO \"members\" (\"id\", \"full_name\", \"nick\")"),
        "{}",
        &text[..text.len().min(400)]
    );
    assert!(!text.contains("legacy") && !text.contains("\"people\""));
}

/// Django's UUIDField on SQLite is char(32): 32 hex digits, each a whole UUID. An index on a
/// relation the schema does not create (a materialized view of a pg_dump) is skipped, not run.
#[test]
fn uuid_in_char32_and_an_index_on_a_skipped_view() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write(
        dir.path(),
        "u.sql",
        "CREATE TABLE items (id integer PRIMARY KEY, uuid char(32) NOT NULL UNIQUE, name text);
         CREATE VIEW item_names AS SELECT name FROM items;
         CREATE UNIQUE INDEX item_names_idx ON item_names (name);",
    );
    let db = dir.path().join("u.db");
    ok(&[
        "fill",
        "--schema",
        &schema,
        "--rows",
        "items=200",
        "--seed",
        "2",
        "--db",
        &db_arg(&db),
        "--quiet",
    ]);
    let c = open(&db);
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM items WHERE length(uuid) = 32 AND uuid NOT GLOB '*[^0-9a-f]*'"
        ),
        200
    );
    assert_eq!(count(&c, "SELECT count(DISTINCT uuid) FROM items"), 200);
}
