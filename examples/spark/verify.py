#!/usr/bin/env python3
"""Check Parquet datasets written by synth_spark.py against the one-node CSV of the seeder.

    verify.py --seeder target/release/seeder customers:20000:42:4:/tmp/out/customers [...]

For each TABLE:N:SEED:K:DIR (TABLE may carry the job's other arguments, as
`customers,duplicates=0.1`, passed to the seeder as --set):
- pyarrow, pandas, DuckDB and Spark read it with the expected types (bigint ids, smallint ages,
  text, dates, decimal(12,2) money, booleans, doubles);
- it has K part files and, read in part order, every row equals the same row of
  `seeder generate TABLE --rows N --seed SEED` (one process, the whole table) value for value,
  compared as strings (dates ISO, money with 2 decimals, NULL as empty); so do its rows sorted
  by id;
- DuckDB's and Spark's row count, NULL count per column and exact money sums agree with the CSV.
Exits 1 on any mismatch.
"""

import argparse
import csv
import datetime
import decimal
import glob
import io
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synth_spark import TABLES, arrow_type, spark_type  # noqa: E402

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

# The key that orders a table's rows (customers' duplicate rows are exact copies).
KEYS = {"customers": ["customer_id"], "people": ["person_id"], "sales": ["customer_id", "intensity"]}
DUCKDB_TYPES = {
    "bigint": "BIGINT",
    "smallint": "SMALLINT",
    "string": "VARCHAR",
    "date": "DATE",
    "money": "DECIMAL(12,2)",
    "boolean": "BOOLEAN",
    "double": "DOUBLE",
}
# pandas (default NumPy-backed read): dtype, and the Python type of a non-null value.
PANDAS_TYPES = {
    "bigint": ("int64", (int, np.integer)),
    "smallint": ("int16", (int, np.integer)),
    "string": ("object", str),
    "date": ("object", datetime.date),
    "money": ("object", decimal.Decimal),
    "boolean": ("bool", (bool, np.bool_)),
    "double": ("float64", (float, np.floating)),
}

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok   {what}")
    else:
        failed += 1
        print(f"  FAIL {what}")
    return ok


def norm(v):
    """A Parquet value as the seeder's CSV writes it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, decimal.Decimal):
        return f"{v:.2f}"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def csv_norm(s, t):
    return repr(float(s)) if t == "double" and s != "" else s


def one_node_csv(seeder, table, n, seed, sets):
    out = subprocess.run(
        [seeder, "generate", table, "--rows", str(n), "--seed", str(seed)]
        + [a for s in sets for a in ("--set", s)],
        check=True, capture_output=True,
    ).stdout.decode()
    rows = list(csv.reader(io.StringIO(out)))
    return rows[0], rows[1:]


def first_diff(a, b, header):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            cols = [f"{h}: {p!r} != {q!r}" for h, p, q in zip(header, x, y) if p != q]
            return f"row {i}: " + "; ".join(cols)
    return f"{len(a)} rows vs {len(b)}"


def verify(spec, seeder, spark):
    table, n, seed, k, path = spec.split(":", 4)
    table, *sets = table.split(",")
    n, seed, k = int(n), int(seed), int(k)
    cols = TABLES[table]
    names = [c for c, _ in cols]
    types = dict(cols)
    print(f"{table} n={n} seed={seed} K={k}{''.join(' ' + s for s in sets)}: {path}")
    parts = sorted(glob.glob(os.path.join(path, "part-*.parquet")))
    check(len(parts) == k, f"{len(parts)} part files, expected {k}")

    # pyarrow: the schema, and the rows in part order.
    t = pa.concat_tables([pq.read_table(p) for p in parts])
    got = [(f.name, f.type) for f in t.schema]
    want = [(c, arrow_type(ty)) for c, ty in cols]
    check(got == want, f"pyarrow schema {', '.join(f'{c} {ty}' for c, ty in got)}")

    header, expected = one_node_csv(seeder, table, n, seed, sets)
    check(header == names, "the seeder's CSV header is the job's column list")
    expected = [[csv_norm(s, types[c]) for s, c in zip(r, names)] for r in expected]
    rows = [[norm(v) for v in r.values()] for r in t.to_pylist()]
    check(rows == expected,
          f"{len(rows)} rows in part order equal the one-node CSV ({len(expected)} rows)"
          + ("" if rows == expected else ": " + first_diff(rows, expected, names)))
    key = lambda r: tuple(  # noqa: E731
        float(r[names.index(c)]) if types[c] == "double" else
        int(r[names.index(c)]) if types[c] == "bigint" else r[names.index(c)]
        for c in KEYS[table])
    by_id, exp_by_id = sorted(rows, key=key), sorted(expected, key=key)
    check(by_id == exp_by_id, f"rows ordered by {', '.join(KEYS[table])} equal the CSV's")

    # What the CSV says about NULLs and money, for the engines' aggregates.
    nulls = {c: sum(r[i] == "" for r in expected) for i, c in enumerate(names)}
    money = [c for c, ty in cols if ty == "money"]
    sums = {c: sum(decimal.Decimal(r[names.index(c)]) for r in expected if r[names.index(c)])
            for c in money}

    # pandas (via pyarrow), as a user reads the directory.
    df = pd.read_parquet(path)
    bad = []
    for c, ty in cols:
        dtype, pytype = PANDAS_TYPES[ty]
        if ty == "smallint" and nulls[c]:
            dtype = "float64"
        sample = df[c].dropna()
        if str(df[c].dtype) != dtype or (len(sample) and not isinstance(sample.iloc[0], pytype)):
            bad.append(f"{c}: {df[c].dtype} {type(sample.iloc[0]).__name__ if len(sample) else ''}")
    check(not bad and len(df) == len(expected),
          f"pandas: {len(df)} rows, dtypes and value types as expected" + (f" ({bad})" if bad else ""))
    dfa = pd.read_parquet(path, dtype_backend="pyarrow")
    check(all(str(dfa[c].dtype) == f"{arrow_type(ty)}[pyarrow]" for c, ty in cols),
          "pandas dtype_backend='pyarrow': " + ", ".join(sorted({str(d) for d in dfa.dtypes})))

    # DuckDB.
    con = duckdb.connect()
    src = f"read_parquet('{path}/*.parquet')"
    desc = con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
    got = [(r[0], r[1]) for r in desc]
    check(got == [(c, DUCKDB_TYPES[ty]) for c, ty in cols],
          "DuckDB types " + ", ".join(sorted({ty for _, ty in got})))
    aggs = ["count(*)"] + [f'count(*) - count("{c}")' for c in names] + [f'sum("{c}")' for c in money]
    r = con.execute(f"SELECT {', '.join(aggs)} FROM {src}").fetchone()
    want = (len(expected), *[nulls[c] for c in names], *[sums[c] for c in money])
    check(tuple(r) == want, f"DuckDB: count {r[0]}, NULLs per column and exact sums of {money}")

    # Spark.
    from pyspark.sql import functions as F

    sdf = spark.read.parquet(path)
    got = [(f.name, f.dataType) for f in sdf.schema.fields]
    check(got == [(c, spark_type(ty)) for c, ty in cols],
          "Spark schema " + ", ".join(sorted({ty.simpleString() for _, ty in got})))
    r = sdf.agg(F.count(F.lit(1)), *[F.sum(F.col(c).isNull().cast("int")) for c in names],
                *[F.sum(c) for c in money]).first()
    want = (len(expected), *[nulls[c] for c in names], *[sums[c] for c in money])
    check(tuple(r) == want, f"Spark: count {r[0]}, NULLs per column and exact sums of {money}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeder", required=True)
    p.add_argument("datasets", nargs="+", metavar="TABLE[,NAME=VALUE...]:N:SEED:K:DIR")
    a = p.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("synth spark verify")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    for spec in a.datasets:
        verify(spec, a.seeder, spark)
    spark.stop()
    print(f"spark: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
