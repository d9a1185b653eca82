"""The loadable library in real hosts: Python's sqlite3 module and the sqlite3 shell.

Run with Debian's /usr/bin/python3 (built with enable_load_extension):
    /usr/bin/python3 sqlite-ext/tests/test_load.py path/to/libsynth.so
"""
import csv
import io
import os
import sqlite3
import subprocess
import sys
import unittest

LIB = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "target/loadable/release/libsynth.so")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = open(os.path.join(ROOT, "tests/golden/customers_n100_seed42.csv"), newline="").read()
COLUMNS = GOLDEN.splitlines()[0].split(",")


def connect():
    c = sqlite3.connect(":memory:")
    c.enable_load_extension(True)
    c.load_extension(LIB)
    c.enable_load_extension(False)
    return c


def as_csv(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else ("%.2f" % v if isinstance(v, float) else v) for v in r])
    return out.getvalue()


class PythonSqlite3(unittest.TestCase):
    def test_golden_rows(self):
        c = connect()
        cur = c.execute("SELECT * FROM synth_customers(100, 42)")
        header = [d[0] for d in cur.description]
        self.assertEqual(header, COLUMNS)
        # csv.writer quotes only where needed, like the core; the core writes "" for empty
        # strings, which the table never has.
        self.assertEqual(as_csv(header, cur.fetchall()), GOLDEN)

    def test_types(self):
        c = connect()
        row = c.execute(
            "SELECT typeof(customer_id), typeof(first_name), typeof(age), typeof(credit_card_expiry),"
            " typeof(account_balance) FROM synth_customers(1, 1)").fetchone()
        self.assertEqual(row, ("integer", "text", "integer", "text", "real"))

    def test_counts_and_streaming(self):
        c = connect()
        q = lambda sql: c.execute(sql).fetchone()[0]
        self.assertEqual(q("SELECT count(*) FROM synth_customers(2000, 9, 0.1, 0.1, 0.1)"), 2200)
        self.assertEqual(q("SELECT count(*) FROM synth_customers(2000, 9) WHERE gender IS NULL"), 200)
        self.assertEqual(len(c.execute("SELECT * FROM synth_customers(100000000, 1) LIMIT 5").fetchall()), 5)
        self.assertEqual(q("SELECT synth_version()"), q("SELECT synth_version()"))

    def test_errors_name_the_argument(self):
        c = connect()
        cases = [
            ("SELECT * FROM synth_customers(-5)", "argument n"),
            ("SELECT * FROM synth_customers(10, 1, 2.0)", "missing_gender"),
            ("SELECT * FROM synth_customers('abc')", "argument n"),
            ("SELECT * FROM synth_customers(10, NULL)", "seed"),
            ("SELECT * FROM synth_customers(10, 1, 0.1, 0.1, 'lots')", "duplicates"),
        ]
        for sql, needle in cases:
            with self.assertRaises(sqlite3.Error) as cm:
                c.execute(sql).fetchall()
            self.assertIn(needle, str(cm.exception), sql)
        # The connection still works after errors.
        self.assertEqual(c.execute("SELECT count(*) FROM synth_customers(3)").fetchone()[0], 3)

    def test_fill_a_schema_in_python(self):
        shop = os.path.join(ROOT, "seeder/tests/schemas/shop")
        c = connect()
        c.execute("PRAGMA foreign_keys = ON")
        for f in sorted(os.listdir(shop)):
            c.executescript(open(os.path.join(shop, f)).read())
        q = lambda sql: c.execute(sql).fetchone()[0]
        for t, n in [("users", 100), ("products", 20), ("orders", 300), ("order_items", 500)]:
            self.assertEqual(q("SELECT synth_fill('%s', %d, 5)" % (t, n)), n)
            self.assertEqual(q("SELECT count(*) FROM %s" % t), n)
        c.commit()
        self.assertEqual(c.execute("PRAGMA foreign_key_check").fetchall(), [])
        self.assertEqual(q("SELECT count(*) FROM orders WHERE user_id NOT IN (SELECT id FROM users)"), 0)
        with self.assertRaises(sqlite3.Error) as cm:
            c.execute("SELECT synth_fill('nope', 3)").fetchall()
        self.assertIn("no table nope", str(cm.exception))


class Sqlite3Shell(unittest.TestCase):
    def shell(self, sql):
        return subprocess.run(["sqlite3", "-bail", "-csv", "-header", ":memory:", "-cmd", ".load " + LIB, sql],
                              capture_output=True, text=True, timeout=120)

    def test_golden_rows_in_the_shell(self):
        cols = ", ".join(c for c in COLUMNS if c != "account_balance")
        r = self.shell(f"SELECT {cols}, printf('%.2f', account_balance) AS account_balance"
                       " FROM synth_customers(100, 42);")
        self.assertEqual(r.returncode, 0, r.stderr)
        got = list(csv.reader(io.StringIO(r.stdout)))
        self.assertEqual(got, list(csv.reader(io.StringIO(GOLDEN))))

    def test_error_in_the_shell(self):
        r = self.shell("SELECT * FROM synth_customers(10, 1, -0.5);")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("missing_gender", r.stderr)

    def test_fill_in_the_shell(self):
        r = self.shell(
            "PRAGMA foreign_keys = ON;"
            "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);"
            "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id),"
            " title TEXT NOT NULL, price NUMERIC(6,2) CHECK (price > 0));"
            "SELECT synth_fill('authors', 10) AS n; SELECT synth_fill('books', 40, 1) AS n;"
            "SELECT count(*) AS n FROM books b JOIN authors a ON a.id = b.author_id WHERE b.price > 0;"
        )
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["n", "10", "n", "40", "n", "40"])

    def test_fill_migration_example_in_the_shell(self):
        sql = open(os.path.join(ROOT, "sql/fill_shop_sqlite.sql")).read()
        # As the file's header says: the script on standard input.
        r = subprocess.run(["sqlite3", "-bail", "-csv", "-header", ":memory:", "-cmd", ".load " + LIB],
                           input=sql + "SELECT count(*) AS n FROM shop_order_item i"
                           " JOIN shop_order o ON o.id = i.order_id; PRAGMA foreign_key_check;",
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split()[-2:], ["n", "15000"])

    def test_create_table_as(self):
        r = self.shell("CREATE TABLE t AS SELECT * FROM synth_customers(5000, 7, 0.1, 0.1, 0.1);"
                       " SELECT count(*), count(DISTINCT email) FROM t;")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines()[1], "5500,5000")

    def test_check_of_a_changed_table_in_the_shell(self):
        r = self.shell("CREATE TABLE customers AS SELECT * FROM synth_customers(3000, 7, 0.1, 0.1, 0.1);"
                       " SELECT rule FROM synth_check_table('customers', 'customers', 0.1, 0.1, 0.1) WHERE NOT passed;"
                       " UPDATE customers SET zip = '99999' WHERE customer_id = 1;"
                       " SELECT rule FROM synth_check_table('customers', 'customers', 0.1, 0.1, 0.1) WHERE NOT passed;")
        self.assertEqual(r.returncode, 0, r.stderr)
        # No rule fails before the change; the ZIP rule fails after it (customer 1 has an
        # address at seed 7, or the rule would not see the change).
        self.assertEqual(r.stdout.split(), ["rule", "zip_city_state_agree"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
