#!/usr/bin/env bash
# synth_customers inside PostgreSQL 15, side by side in one run on one server with the plain SQL
# people write today (generate_series + random(): names from arrays, sha256 for the hash,
# power(random(), ...) for a Pareto balance). Run as root: it installs the extension (release
# build, `cargo pgrx install`), starts a throwaway cluster as the postgres user (socket in
# $SYNTH_BENCH_DIR, port $SYNTH_BENCH_PORT), times with hyperfine, prints medians and ratios,
# then a memory check (backend peak RSS after 100,000 and after 10,000,000 rows).
#
# Usage: bench/pg_bench.sh [rows] [runs]        (defaults: 1000000 rows, 5 runs)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000000}
RUNS=${2:-5}
PORT=${SYNTH_BENCH_PORT:-5499}
DIR=${SYNTH_BENCH_DIR:-/tmp/synth-pg-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/pgrx}
# shellcheck source=extension/pg_cluster.sh
. "$ROOT/extension/pg_cluster.sh"
[ "$(id -u)" = 0 ] || { echo "bench/pg_bench.sh: run as root" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench/pg_bench.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

echo "== installing the extension (release build)"
mkdir -p "$DIR.logs"
(cd "$ROOT/extension" && cargo pgrx install --release --pg-config "$PG_CONFIG" >"$DIR.logs/install.log" 2>&1) ||
  { cat "$DIR.logs/install.log" >&2; exit 1; }

echo "== starting PostgreSQL $("$PG_CONFIG" --version | awk '{print $2}') in $DIR (port $PORT)"
trap 'pg_cluster_stop "$DIR"' EXIT
pg_cluster_start "$DIR" "$PORT"
pg_cluster_psql "$DIR" "$PORT" -q -c "CREATE EXTENSION synth"
OUT=$DIR/out
mkdir -p "$OUT"
PSQL="$PG_BIN/psql -X -q -v ON_ERROR_STOP=1 -h $DIR -p $PORT -U $PG_USER -d postgres"

# What Postgres users write today: 16 customer-like columns (12 of them text) from random().
cat >"$OUT/plain_customers.sql" <<EOF
SELECT i AS customer_id,
  (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth',
         'William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Charles','Karen'])
    [1 + floor(random() * 20)::int] AS first_name,
  (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
         'Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin'])
    [1 + floor(random() * 20)::int] AS surname,
  CASE WHEN random() < 0.1 THEN NULL WHEN random() < 0.5 THEN 'female' ELSE 'male' END AS gender,
  'user' || i || '@' || (ARRAY['gmail.com','yahoo.com','hotmail.com','outlook.com'])[1 + floor(random() * 4)::int] AS email,
  'sha256\$' || md5(random()::text) || '\$' || encode(sha256(convert_to(random()::text, 'UTF8')), 'hex') AS password_hash,
  CASE WHEN random() < 0.1 THEN NULL ELSE (1 + floor(random() * 9999))::int || ' '
    || (ARRAY['Main','Oak','Pine','Maple','Cedar','Elm','Park','Lake'])[1 + floor(random() * 8)::int] || ' St' END AS address,
  (ARRAY['New York','Los Angeles','Chicago','Houston','Phoenix','Philadelphia','San Antonio','San Diego'])
    [1 + floor(random() * 8)::int] AS city,
  (ARRAY['NY','CA','IL','TX','AZ','PA','FL','OH'])[1 + floor(random() * 8)::int] AS state,
  lpad(floor(random() * 100000)::int::text, 5, '0') AS zip,
  (18 + floor(random() * 73))::smallint AS age,
  (4000000000000000 + floor(random() * 1e15))::bigint::text AS credit_card_number,
  date '2026-01-01' + (365 + floor(random() * 1461))::int AS credit_card_expiry,
  (ARRAY['What was the name of your first pet?','What city were you born in?','What is your mother''s maiden name?',
         'What was your first car?','What was the name of your elementary school?'])[1 + floor(random() * 5)::int] AS security_question,
  (ARRAY['Rex','Boston','Smith','Civic','Lincoln'])[1 + floor(random() * 5)::int] AS security_answer,
  round((10 * power(1 - random(), -1 / 1.161))::numeric, 2) AS account_balance
FROM generate_series(1, $N) AS i
EOF
# The same number of columns (16, 12 of them text), each cheap; random() keeps the planner from
# dropping the unused columns under count(*).
cat >"$OUT/plain_text_columns.sql" <<EOF
SELECT i AS c0,
  'a' || floor(random() * 1000)::int AS t1, 'b' || floor(random() * 1000)::int AS t2,
  'c' || floor(random() * 1000)::int AS t3, 'd' || floor(random() * 1000)::int AS t4,
  'e' || floor(random() * 1000)::int AS t5, 'f' || floor(random() * 1000)::int AS t6,
  'g' || floor(random() * 1000)::int AS t7, 'h' || floor(random() * 1000)::int AS t8,
  'i' || floor(random() * 1000)::int AS t9, 'j' || floor(random() * 1000)::int AS t10,
  'k' || floor(random() * 1000)::int AS t11, 'l' || floor(random() * 1000)::int AS t12,
  floor(random() * 90)::smallint AS n1, date '2026-01-01' + floor(random() * 1000)::int AS d1,
  round(random()::numeric, 2) AS m1
FROM generate_series(1, $N) AS i
EOF
# Text columns with no random(): the planner removes them under count(*) (a lower bound).
cat >"$OUT/plain_prunable.sql" <<EOF
SELECT i AS c0, i::text AS t1, i::text AS t2, i::text AS t3, i::text AS t4, i::text AS t5,
  i::text AS t6, i::text AS t7, i::text AS t8, i::text AS t9, i::text AS t10, i::text AS t11,
  i::text AS t12, i::smallint AS n1, date '2026-01-01' + i::int AS d1, i::numeric AS m1
FROM generate_series(1, $N) AS i
EOF
{ echo "CREATE TEMP TABLE t AS"; cat "$OUT/plain_customers.sql"; echo ";"; } >"$OUT/plain_ctas.sql"
{ echo "SELECT count(*) FROM ("; cat "$OUT/plain_customers.sql"; echo ") s;"; } >"$OUT/plain_customers_count.sql"
{ echo "SELECT count(*) FROM ("; cat "$OUT/plain_text_columns.sql"; echo ") s;"; } >"$OUT/plain_text_count.sql"
{ echo "SELECT count(*) FROM ("; cat "$OUT/plain_prunable.sql"; echo ") s;"; } >"$OUT/plain_prunable_count.sql"
# Sanity: 16 columns on every side.
for q in plain_customers plain_text_columns plain_prunable; do
  cols=$($PSQL -At -c "CREATE TEMP TABLE c AS SELECT * FROM ($(cat "$OUT/$q.sql")) s LIMIT 0;
    SELECT count(*) FROM pg_attribute WHERE attrelid = 'c'::regclass AND attnum > 0")
  [ "$cols" = 16 ] || { echo "$q has $cols columns, not 16" >&2; exit 1; }
done

# synth.generator_thread = off: generation on the backend's thread only.
ONE_THREAD="env PGOPTIONS=-csynth.generator_thread=off"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== CREATE TEMP TABLE t AS SELECT ... ($N rows, 16 columns), $RUNS runs"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/ctas.json" \
  -n "synth_customers" "$PSQL -c 'CREATE TEMP TABLE t AS SELECT * FROM synth_customers($N, 42)'" \
  -n "synth_customers, one thread" "$ONE_THREAD $PSQL -c 'CREATE TEMP TABLE t AS SELECT * FROM synth_customers($N, 42)'" \
  -n "plain SQL" "$PSQL -f $OUT/plain_ctas.sql" | grep -E "^(Benchmark|  Time)"

echo "== SELECT count(*) FROM ... ($N rows), $RUNS runs"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/count.json" \
  -n "synth_customers" "$PSQL -c 'SELECT count(*) FROM synth_customers($N)'" \
  -n "synth_customers, one thread" "$ONE_THREAD $PSQL -c 'SELECT count(*) FROM synth_customers($N)'" \
  -n "generate_series, 12 text columns" "$PSQL -f $OUT/plain_text_count.sql" \
  -n "plain SQL customers" "$PSQL -f $OUT/plain_customers_count.sql" \
  -n "generate_series, prunable text" "$PSQL -f $OUT/plain_prunable_count.sql" | grep -E "^(Benchmark|  Time)"

python3 - "$OUT/ctas.json" "$OUT/count.json" <<'PY'
import json, sys
def load(p):
    return {r["command"]: r for r in json.load(open(p))["results"]}
ctas, count = load(sys.argv[1]), load(sys.argv[2])
print("\n== medians")
p = ctas["plain SQL"]["median"]
for v in ("synth_customers", "synth_customers, one thread"):
    s = ctas[v]["median"]
    print(f"CREATE TEMP TABLE: {v} {s:.3f} s, plain SQL {p:.3f} s -> synth/plain = {s/p:.3f} (target <= 0.5)")
for v in ("synth_customers", "synth_customers, one thread"):
    s = count[v]["median"]
    for k in ("generate_series, 12 text columns", "plain SQL customers", "generate_series, prunable text"):
        b = count[k]["median"]
        target = " (target <= 1.5)" if k == "generate_series, 12 text columns" else ""
        print(f"count(*): {v} {s:.3f} s, {k} {b:.3f} s -> synth/baseline = {s/b:.3f}{target}")
PY

echo
echo "== memory: backend peak RSS (VmHWM) while streaming"
cat >"$OUT/memory.sql" <<'EOF'
SELECT pg_backend_pid() AS pid \gset
\setenv SYNTH_PID :pid
\echo start
\! grep VmHWM /proc/$SYNTH_PID/status
SELECT count(*) FROM synth_customers(100000);
\! grep VmHWM /proc/$SYNTH_PID/status
SELECT count(*) FROM synth_customers(10000000);
\! grep VmHWM /proc/$SYNTH_PID/status
EOF
$PSQL -f "$OUT/memory.sql"
