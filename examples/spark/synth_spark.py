#!/usr/bin/env python3
"""Generate one synth table as a Parquet dataset with Spark, K slices in parallel.

    python synth_spark.py customers 1000000 42 8 /data/customers            # local[*]
    spark-submit --files libsynth.so synth_spark.py customers 1000000000 42 1000 \
        s3a://bucket/customers --loadable libsynth.so                       # a cluster

Spark runs K tasks. Task i generates rows [first_i, first_i + count_i) of the full table, the
i-th of K contiguous slices (the same cut as `seeder generate --shard i/K`), in the worker
itself: by default it loads the SQLite extension (libsynth.so) into an in-memory SQLite and reads
`SELECT * FROM synth_<table>(n, seed) WHERE first = ? AND count = ?`; with `--source seeder` it
pipes `seeder generate <table> --rows n --seed s --first A --count B` (CSV) instead. No row passes
through the driver. Rows are built into Arrow record batches with an explicit schema
(mapInArrow), so the Parquet has real types: bigint ids, smallint ages and counts, dates,
decimal(12,2) money, booleans and doubles. Part file i holds slice i, so the dataset read in
file order is the one-node table, row for row.
"""

import argparse
import math
import os
import re
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_LOADABLE = os.path.join(REPO, "target", "loadable", "release", "libsynth.so")
DEFAULT_SEEDER = os.path.join(REPO, "target", "release", "seeder")

# Column name -> type, in the table functions' column order (docs/functions.md). Types are names
# understood by both arrow_type() and spark_type() below.
TABLES = {
    "customers": [
        ("customer_id", "bigint"),
        ("first_name", "string"),
        ("surname", "string"),
        ("gender", "string"),
        ("email", "string"),
        ("password_hash", "string"),
        ("address", "string"),
        ("city", "string"),
        ("state", "string"),
        ("zip", "string"),
        ("age", "smallint"),
        ("credit_card_number", "string"),
        ("credit_card_expiry", "date"),
        ("security_question", "string"),
        ("security_answer", "string"),
        ("account_balance", "money"),
    ],
    "people": [
        ("person_id", "string"),
        ("first_name", "string"),
        ("last_name", "string"),
        ("gender", "string"),
        ("ethnicity", "string"),
        ("birth_date", "date"),
        ("age", "smallint"),
        ("marital_status", "string"),
        ("marriage_date", "date"),
        ("number_of_children", "smallint"),
        ("education", "string"),
        ("occupation", "string"),
        ("annual_income", "money"),
        ("email", "string"),
        ("phone", "string"),
        ("street", "string"),
        ("city", "string"),
        ("state", "string"),
        ("zip", "string"),
        ("county", "string"),
        ("region", "string"),
        ("latitude", "double"),
        ("longitude", "double"),
        ("household_id", "bigint"),
    ],
    "sales": [
        ("customer_id", "bigint"),
        ("age", "smallint"),
        ("in_target_bracket", "boolean"),
        ("account_balance", "money"),
        ("intensity", "double"),
        ("sales", "money"),
    ],
}

FUNCTIONS = {"customers": "synth_customers", "people": "synth_people", "sales": "synth_sales"}


def arrow_type(t):
    import pyarrow as pa

    return {
        "bigint": pa.int64(),
        "smallint": pa.int16(),
        "string": pa.string(),
        "date": pa.date32(),
        "money": pa.decimal128(12, 2),
        "boolean": pa.bool_(),
        "double": pa.float64(),
    }[t]


def spark_type(t):
    from pyspark.sql import types as T

    return {
        "bigint": T.LongType(),
        "smallint": T.ShortType(),
        "string": T.StringType(),
        "date": T.DateType(),
        "money": T.DecimalType(12, 2),
        "boolean": T.BooleanType(),
        "double": T.DoubleType(),
    }[t]


def arrow_schema(table):
    import pyarrow as pa

    return pa.schema([pa.field(c, arrow_type(t)) for c, t in TABLES[table]])


def spark_schema(table):
    from pyspark.sql import types as T

    return T.StructType([T.StructField(c, spark_type(t), True) for c, t in TABLES[table]])


def slice_units(table, n, sets):
    """What slices count over the whole table: output rows (customers: n plus
    round(duplicates * n) duplicate rows), adults (people) or customers (sales)."""
    if table == "customers" and "duplicates" in sets:
        return n + math.floor(float(sets["duplicates"]) * n + 0.5)
    return n


def slices(units, k):
    """The i-th of k contiguous slices, cut as `seeder generate --shard i/k` cuts them."""
    at = lambda x: x * units // k  # noqa: E731
    return [(at(i), at(i + 1) - at(i)) for i in range(k)]


# ---------------------------------------------------------------------------------------------
# Worker side: one slice -> Arrow record batches.


def _worker_file(path):
    """A file on this worker: the path itself, else one shipped with --files / addFile."""
    if os.path.exists(path):
        return path
    from pyspark import SparkFiles

    shipped = SparkFiles.get(os.path.basename(path))
    if os.path.exists(shipped):
        return shipped
    raise FileNotFoundError(
        f"{path} is neither on this worker nor shipped to it (spark-submit --files {path})"
    )


def _money(values):
    """Floats with 2 decimals (SQLite REAL) -> exact decimal128(12, 2), via integer cents."""
    import numpy as np
    import pyarrow as pa

    f = pa.array(values, pa.float64())
    cents = np.rint(f.fill_null(0.0).to_numpy() * 100.0).astype(np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)  # little-endian two's complement int128
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    validity = f.buffers()[0] if f.null_count else None
    return pa.Array.from_buffers(
        pa.decimal128(12, 2), len(cents), [validity, pa.py_buffer(words.tobytes())], f.null_count
    )


def _column(values, t):
    import pyarrow as pa

    if t == "money":
        return _money(values)
    if t == "date":
        return pa.array(values, pa.string()).cast(pa.date32())
    if t == "boolean":
        return pa.array(values, pa.int8()).cast(pa.bool_())
    return pa.array(values, arrow_type(t))


def sqlite_batches(cfg, first, count):
    """Slice [first, first + count) from the loadable SQLite extension (count None: to the end)."""
    import pyarrow as pa

    cols = TABLES[cfg["table"]]
    schema = arrow_schema(cfg["table"])
    con = sqlite3.connect(":memory:")
    con.enable_load_extension(True)
    con.load_extension(_worker_file(cfg["loadable"]))
    con.enable_load_extension(False)
    # Hidden-column constraints; no `count` constraint means "to the end".
    args = {**cfg["sets"], "first": first} | ({} if count is None else {"count": count})
    where = " AND ".join(f"{name} = ?" for name in args)
    sql = f"SELECT * FROM {FUNCTIONS[cfg['table']]}(?, ?) WHERE {where}"
    cur = con.execute(sql, [cfg["n"], cfg["seed"], *args.values()])
    got = [d[0] for d in cur.description]
    if got != [c for c, _ in cols]:
        raise RuntimeError(f"{FUNCTIONS[cfg['table']]} returned columns {got}, expected {cols}")
    while True:
        rows = cur.fetchmany(cfg["batch"])
        if not rows:
            break
        columns = list(zip(*rows))
        yield pa.RecordBatch.from_arrays(
            [_column(columns[j], t) for j, (_, t) in enumerate(cols)], schema=schema
        )
    con.close()


def seeder_batches(cfg, first, count):
    """Slice [first, first + count) piped from `seeder generate` (CSV with header)."""
    import pyarrow.csv as pcsv

    schema = arrow_schema(cfg["table"])
    cmd = [_worker_file(cfg["seeder"]), "generate", cfg["table"], "--rows", str(cfg["n"])]
    cmd += ["--seed", str(cfg["seed"]), "--first", str(first)]
    if count is not None:
        cmd += ["--count", str(count)]
    for name, value in cfg["sets"].items():
        cmd += ["--set", f"{name}={value}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        reader = pcsv.open_csv(
            proc.stdout,
            read_options=pcsv.ReadOptions(block_size=1 << 22),
            convert_options=pcsv.ConvertOptions(
                column_types={f.name: f.type for f in schema},
                include_columns=schema.names,
                null_values=[""],  # only an empty field is NULL ("NA" is a name, not NULL)
                strings_can_be_null=True,
                true_values=["true"],
                false_values=["false"],
            ),
        )
        if reader.schema.names != schema.names:
            raise RuntimeError(f"seeder wrote columns {reader.schema.names}, expected {schema.names}")
        for batch in reader:
            yield batch
    except Exception:
        proc.kill()
        raise
    finally:
        err = proc.stderr.read().decode(errors="replace")
        if proc.wait() != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()}")


def make_task(cfg):
    """The function mapInArrow runs in each task: slice numbers in, that slice's rows out."""
    plan = cfg["slices"]
    generate = sqlite_batches if cfg["source"] == "sqlite" else seeder_batches

    def task(batches):
        for b in batches:
            for i in b.column(0).to_pylist():
                first, count = plan[i]
                last = i == len(plan) - 1
                # The last slice runs to the end, whatever the estimate of the table's size.
                yield from generate(cfg, first, None if last else count)

    return task


# ---------------------------------------------------------------------------------------------
# Driver.


def _typed(v):
    """A --set value as SQLite should see it: an integer, a real, else text (dates, lists)."""
    for conv in (int, float):
        try:
            return conv(v)
        except ValueError:
            pass
    return v


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("table", choices=sorted(TABLES))
    p.add_argument("n", type=int, help="rows of the full table (sales: customers)")
    p.add_argument("seed", type=int)
    p.add_argument("partitions", type=int, help="K: slices, Spark tasks and Parquet files")
    p.add_argument("output", help="output directory (a path every executor can write on a cluster)")
    p.add_argument("--source", choices=["sqlite", "seeder"], default="sqlite",
                   help="where a task takes its rows from (default: the SQLite extension)")
    p.add_argument("--loadable", default=os.environ.get("SYNTH_LOADABLE", DEFAULT_LOADABLE),
                   help="libsynth.so on the workers, or its name when shipped with --files "
                        "(default: $SYNTH_LOADABLE, else the repo's build)")
    p.add_argument("--seeder", default=os.environ.get("SEEDER", DEFAULT_SEEDER),
                   help="the seeder binary on the workers, or its name when shipped with --files "
                        "(default: $SEEDER, else the repo's build)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="another argument of the table function, e.g. duplicates=0.1, "
                        "as_of=2025-06-30, intensities=0,0.5,1 (repeatable)")
    p.add_argument("--batch", type=int, default=65536, help="rows per Arrow batch")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    a = p.parse_args(argv)
    if a.n < 0 or a.partitions < 1:
        p.error("n must be >= 0 and partitions >= 1")
    sets = {}
    for s in a.set:
        name, eq, value = s.partition("=")
        if not eq or not re.fullmatch(r"[a-z_][a-z0-9_]*", name.strip()):
            p.error(f"--set takes NAME=VALUE, got {s!r}")
        sets[name.strip()] = _typed(value.strip())
    a.sets = sets
    return a


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    # Workers run PYSPARK_PYTHON (default: `python3` on PATH). Run as `python synth_spark.py`
    # from a venv, they must use this interpreter, which has pyarrow. With spark-submit on a
    # cluster, set spark.pyspark.python to a Python with pyarrow on the nodes.
    # (PYSPARK_GATEWAY_PORT is set when spark-submit started this driver: leave it to its conf.)
    if "PYSPARK_GATEWAY_PORT" not in os.environ:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(f"synth {a.table} n={a.n} seed={a.seed}").getOrCreate()
    k = a.partitions
    cfg = {
        "table": a.table,
        "n": a.n,
        "seed": a.seed,
        "sets": a.sets,
        "source": a.source,
        "loadable": a.loadable,
        "seeder": a.seeder,
        "batch": a.batch,
        "slices": slices(slice_units(a.table, a.n, a.sets), k),
    }
    # K rows (slice numbers), one per partition, so task i generates slice i and writes part i.
    ids = spark.range(0, k, 1, numPartitions=k)
    df = ids.mapInArrow(make_task(cfg), spark_schema(a.table))
    (df.write.mode("overwrite" if a.overwrite else "errorifexists")
       .option("compression", "snappy").parquet(a.output))
    spark.stop()


if __name__ == "__main__":
    main()
