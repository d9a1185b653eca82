//! The safety rules: read-only queries, no overwrite without --force, no partial files, and
//! one clear `seeder: ...` line with a non-zero exit for every error.

mod common;

use common::*;

#[test]
fn write_queries_are_refused() {
    let d = tmp();
    let out = p(d.path(), "x.csv");
    for (sql, what) in [
        ("INSERT INTO t VALUES (1)", "INSERT"),
        ("UPDATE t SET a = 1", "UPDATE"),
        ("DELETE FROM t", "DELETE"),
        ("CREATE TABLE t (a INTEGER)", "CREATE TABLE"),
        ("DROP TABLE t", "DROP TABLE"),
        ("ATTACH DATABASE 'other.db' AS other", "ATTACH"),
        ("PRAGMA journal_mode = WAL", "PRAGMA journal_mode"),
        (
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            "DELETE",
        ),
        ("REPLACE INTO t VALUES (1)", "INSERT"),
        ("VACUUM", "VACUUM"),
        // SQLite syntax the parser cannot read, and not a query: refused too.
        ("REINDEX", "cannot check that the query is read-only"),
    ] {
        fails(
            &["export", "-q", sql, "-o", s(&out)],
            &[what, "--allow-write"],
        );
    }
    // Nothing was written, not even a temporary file.
    assert_dir_has(d.path(), &[]);
}

#[test]
fn write_refused_on_a_sqlite_file_and_the_file_is_untouched() {
    let d = tmp();
    let db = p(d.path(), "keep.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let url = format!("sqlite:{}", s(&db));
    let out = p(d.path(), "x.csv");
    fails(
        &[
            "export",
            "--db",
            &url,
            "-q",
            "DELETE FROM t RETURNING a",
            "-o",
            s(&out),
        ],
        &["DELETE", "--allow-write"],
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert!(!out.exists());
}

#[test]
fn existing_output_is_not_overwritten_without_force() {
    let d = tmp();
    for name in [
        "keep.csv",
        "keep.xlsx",
        "keep.parquet",
        "keep.db",
        "keep.json",
        "keep.sql",
    ] {
        let out = p(d.path(), name);
        std::fs::write(&out, b"precious").unwrap();
        fails(
            &["export", "-q", "SELECT 1 AS a", "-o", s(&out)],
            &["already exists", "--force"],
        );
        assert_eq!(std::fs::read(&out).unwrap(), b"precious", "{name}");
    }
    let out = p(d.path(), "keep.csv");
    ok(&["export", "-q", "SELECT 1 AS a", "-o", s(&out), "--force"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a\n1\n");
}

#[test]
fn a_failing_query_leaves_no_file() {
    let d = tmp();
    // Typed INTEGER from the first rows, then text at row 5,000: the export stops there.
    let sql =
        "SELECT CASE WHEN customer_id < 5000 THEN customer_id ELSE 'x' || customer_id END AS v \
               FROM synth_customers(10000, 1)";
    for name in ["f.csv", "f.xlsx", "f.parquet", "f.db", "f.json", "f.sql"] {
        let out = p(d.path(), name);
        fails(
            &["export", "-q", sql, "-o", s(&out)],
            &["row 5000", "\"v\""],
        );
        assert!(!out.exists(), "{name}");
    }
    // A failure of the generator itself (bad argument) and of SQLite at run time.
    let out = p(d.path(), "g.xlsx");
    fails(
        &[
            "export",
            "-q",
            "SELECT * FROM synth_customers(-1, 42)",
            "-o",
            s(&out),
        ],
        &["synth_customers", "n"],
    );
    fails(
        &[
            "export",
            "-q",
            "SELECT abs(-9223372036854775807 - 1 + customer_id - 1) FROM synth_customers(10, 1)",
            "-o",
            s(&out),
        ],
        &["integer overflow"],
    );
    // A failure with --force keeps the old file whole.
    std::fs::write(&out, b"old").unwrap();
    fails(
        &["export", "-q", sql, "-o", s(&out), "--force"],
        &["row 5000"],
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    assert_dir_has(d.path(), &["g.xlsx"]);
}

#[test]
fn unknown_formats() {
    let d = tmp();
    fails(
        &["export", "-q", "SELECT 1", "-o", s(&p(d.path(), "x.foo"))],
        &["unknown format", "foo"],
    );
    fails(
        &[
            "export",
            "-q",
            "SELECT 1",
            "-o",
            s(&p(d.path(), "x.csv")),
            "--format",
            "bogus",
        ],
        &["unknown format", "bogus"],
    );
    fails(
        &["export", "-q", "SELECT 1", "-o", s(&p(d.path(), "noext"))],
        &["--format"],
    );
    fails(&["export", "-q", "SELECT 1", "-o", "-"], &["--format"]);
    fails(
        &["export", "-q", "SELECT 1", "-o", "-", "-f", "xlsx"],
        &["stdout"],
    );
    assert_dir_has(d.path(), &[]);
}

#[test]
fn bad_sql_and_missing_tables() {
    let d = tmp();
    let out = p(d.path(), "x.csv");
    fails(
        &["export", "-q", "SELEC 1", "-o", s(&out)],
        &["syntax error"],
    );
    fails(
        &["export", "-q", "SELECT * FROM no_such_table", "-o", s(&out)],
        &["no such table: no_such_table"],
    );
    // PostgreSQL's named arguments on the embedded SQLite: the error says what SQLite takes.
    fails(
        &[
            "export",
            "-q",
            "SELECT * FROM synth_customers(10, seed => 7)",
            "-o",
            s(&out),
        ],
        &[
            "syntax error",
            "no named arguments",
            "WHERE duplicates = 0.1",
        ],
    );
    fails(
        &[
            "export",
            "-q",
            "SELECT nope FROM synth_customers(3, 1)",
            "-o",
            s(&out),
        ],
        &["no such column: nope"],
    );
    fails(
        &["export", "-q", "SELECT 1; SELECT 2", "-o", s(&out)],
        &["one"],
    );
    fails(&["export", "-q", "  ", "-o", s(&out)], &["empty"]);
    // Named queries say which one failed.
    fails(
        &[
            "export",
            "-q",
            "good=SELECT 1",
            "-q",
            "bad=SELECT * FROM missing",
            "-o",
            s(&p(d.path(), "x.xlsx")),
        ],
        &["query bad", "no such table: missing"],
    );
    // A missing SQLite database file is not created.
    let missing = p(d.path(), "missing.db");
    fails(
        &[
            "export",
            "--db",
            &format!("sqlite:{}", s(&missing)),
            "-q",
            "SELECT 1",
            "-o",
            s(&out),
        ],
        &["does not exist"],
    );
    assert!(!missing.exists());
    fails(
        &[
            "export",
            "--db",
            "mysql://x",
            "-q",
            "SELECT 1",
            "-o",
            s(&out),
        ],
        &["--db"],
    );
    assert_dir_has(d.path(), &[]);
}

#[test]
fn unreachable_server() {
    let d = tmp();
    let out = p(d.path(), "x.csv");
    // Port 1 on loopback: nothing listens there.
    let err = fails(
        &[
            "export",
            "--db",
            "postgres://someone:secret@127.0.0.1:1/nodb",
            "-q",
            "SELECT 1",
            "-o",
            s(&out),
        ],
        &["cannot connect", "127.0.0.1:1"],
    );
    assert!(
        !err.contains("secret"),
        "the password is not printed: {err}"
    );
    assert_dir_has(d.path(), &[]);
}

#[test]
fn option_misuse_is_refused() {
    let d = tmp();
    let csv = s(&p(d.path(), "x.csv")).to_string();
    fails(
        &["export", "-q", "SELECT 1", "-q", "SELECT 2", "-o", &csv],
        &["holds one query"],
    );
    fails(
        &["export", "-q", "SELECT 1", "-o", &csv, "--table", "t"],
        &["--table"],
    );
    fails(
        &["export", "-q", "SELECT 1", "-o", &csv, "--chart"],
        &["--chart"],
    );
    fails(
        &[
            "export",
            "-q",
            "SELECT 1",
            "-o",
            &csv,
            "--dialect",
            "postgres",
        ],
        &["--dialect"],
    );
    let sql = s(&p(d.path(), "x.sql")).to_string();
    fails(
        &[
            "export",
            "-q",
            "SELECT 1",
            "-o",
            &sql,
            "--dialect",
            "oracle",
        ],
        &["unknown --dialect"],
    );
    fails(
        &[
            "export",
            "-q",
            "SELECT 1",
            "-o",
            s(&p(d.path(), "nodir/x.csv")),
        ],
        &["does not exist"],
    );
    assert_dir_has(d.path(), &[]);
}

#[test]
fn only_regular_files_are_replaced_and_symlinks_are_followed() {
    use std::os::unix::fs::FileTypeExt;
    // A device (or pipe) is never turned into a regular file, even with --force.
    fails(
        &[
            "export",
            "-q",
            "synth_customers(5, 1)",
            "-o",
            "/dev/null",
            "-f",
            "csv",
            "--force",
        ],
        &["not a regular file", "-o -"],
    );
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // A symlink: its target gets the rows, the link stays a link.
    let d = tmp();
    let target = p(d.path(), "target.csv");
    let link = p(d.path(), "link.csv");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    ok(&[
        "export",
        "-q",
        "synth_customers(5, 1)",
        "-o",
        s(&link),
        "--force",
    ]);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), 6);
}

/// Starts seeder with `args`, waits until the file `ready(pid)` exists, interrupts it with
/// `signal`, and returns its exit code and stderr.
fn interrupted(
    args: &[&str],
    ready: impl Fn(u32) -> std::path::PathBuf,
    signal: &str,
) -> (Option<i32>, String) {
    let child = std::process::Command::new(BIN)
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let ready = ready(child.id());
    let t = std::time::Instant::now();
    while !ready.exists() && t.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(ready.exists(), "{} never appeared", ready.display());
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_interrupted_command_leaves_no_partial_file() {
    let d = tmp();
    let dir = d.path().to_path_buf();
    let listing = || {
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    // An export (Ctrl-C): its temporary file goes, the target never appears.
    let csv = p(&dir, "big.csv");
    let (code, err) = interrupted(
        &[
            "export",
            "--query",
            "SELECT * FROM synth_customers(100000000, 1)",
            "--output",
            s(&csv),
            "--quiet",
        ],
        |pid| dir.join(format!(".big.csv.seeder-{pid}.tmp")),
        "-INT",
    );
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(listing().is_empty(), "left behind: {:?}", listing());

    // A fill into a database file it created (SIGTERM): the file goes too.
    let schema = p(&dir, "s.sql");
    std::fs::write(
        &schema,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT);",
    )
    .unwrap();
    let db = p(&dir, "new.db");
    let (code, err) = interrupted(
        &[
            "fill",
            "--schema",
            s(&schema),
            "--rows",
            "t=900000000",
            "--db",
            &format!("sqlite:{}", s(&db)),
            "--quiet",
        ],
        |_| db.clone(),
        "-TERM",
    );
    assert_eq!(code, Some(130), "{err}");
    assert_eq!(listing(), vec!["s.sql".to_string()]);
}
