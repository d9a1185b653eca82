#!/usr/bin/env bash
# SQLite overhead against SQLite's own built-ins, side by side in one run in the sqlite3 shell:
# CREATE TABLE t AS SELECT * FROM synth_customers(1000000, 42) vs a recursive CTE with random()
# building customer-like rows of the same 16 columns (bench/sql/sqlite_plain_customers.sql).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
LIB=$(./sqlite-ext/build-loadable.sh)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sed "s/i < 1000000/i < $N/" bench/sql/sqlite_plain_customers.sql > "$out/plain.sql"
echo "CREATE TABLE t AS SELECT * FROM synth_customers($N, 42);" > "$out/synth.sql"
echo "SELECT count(*) FROM synth_customers($N, 42);" > "$out/synth_count.sql"
echo "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N) SELECT count(*) FROM s;" > "$out/cte_count.sql"
hyperfine --warmup 1 --runs 5 --export-json "$out/h.json" \
  -n synth "sqlite3 :memory: -cmd '.load $LIB' < $out/synth.sql" \
  -n synth-one-thread "SYNTH_GENERATOR_THREAD=off sqlite3 :memory: -cmd '.load $LIB' < $out/synth.sql" \
  -n plain-sql "sqlite3 :memory: < $out/plain.sql" \
  -n synth-count "sqlite3 :memory: -cmd '.load $LIB' < $out/synth_count.sql" \
  -n synth-count-one-thread "SYNTH_GENERATOR_THREAD=off sqlite3 :memory: -cmd '.load $LIB' < $out/synth_count.sql" \
  -n cte-count "sqlite3 :memory: < $out/cte_count.sql" >/dev/null
python3 - "$out/h.json" "$N" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
for k, v in r.items():
    print(f"{k:>12}: median {v:.3f} s  ({n / v:,.0f} rows/s)")
print(f"CREATE TABLE: synth / plain SQL = {r['synth'] / r['plain-sql']:.2f}x the time")
print(f"CREATE TABLE: synth one thread / plain SQL = {r['synth-one-thread'] / r['plain-sql']:.2f}x the time")
print(f"count(*):     synth / recursive CTE = {r['synth-count'] / r['cte-count']:.2f}x the time")
print(f"count(*):     synth one thread / recursive CTE = {r['synth-count-one-thread'] / r['cte-count']:.2f}x the time")
PY

# Streaming: peak resident memory of the sqlite3 process for a count over 1M and 10M rows (the
# cursor holds one row at a time, so it stays flat), and LIMIT 5 of a 100,000,000-row call.
rss() { /usr/bin/time -f %M sqlite3 :memory: -cmd ".load $LIB" "$1" 2>&1 >/dev/null | tail -1; }
for m in 1000000 10000000; do
  echo "peak RSS, SELECT count(*) FROM synth_customers($m, 42): $(rss "SELECT count(*) FROM synth_customers($m, 42);") KiB"
done
echo "peak RSS, SELECT count(*) FROM synth_people(1000000, 42): $(rss "SELECT count(*) FROM synth_people(1000000, 42);") KiB"
s0=$(date +%s.%N)
sqlite3 :memory: -cmd ".load $LIB" "SELECT customer_id FROM synth_customers(100000000, 1) LIMIT 5;" >/dev/null
echo "LIMIT 5 of synth_customers(100000000, 1): $(python3 -c "print(f'{$(date +%s.%N) - $s0:.3f}')") s"
