#!/usr/bin/env bash
# Tables that hang off people, side by side with people itself in one run: `seeder generate
# TABLE --rows N` (CSV to a file) for each table, pinned to one core, hyperfine medians of 5
# runs; rows/s counts each table's own rows. Then the peak RSS of the largest table at 10 x N
# people (flat memory: compare with N). Usage: bench/tables_bench.sh [N] [TABLE...]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
shift || true
TABLES=${*:-people patients conditions medications encounters}
cargo build --release -q -p seeder
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=()
for t in $TABLES; do
  args+=(-n "$t" "taskset -c 0 target/release/seeder generate $t --rows $N --seed 42 > $out/$t.csv")
done
hyperfine --warmup 1 --runs 5 --export-json "$out/h.json" "${args[@]}" >/dev/null
for t in $TABLES; do
  target/release/seeder generate "$t" --rows "$N" --seed 42 | tail -n +2 | wc -l >"$out/$t.rows"
done
python3 - "$out" "$N" $TABLES <<'PY'
import json, sys
out, n, tables = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
res = {r["command"]: r["median"] for r in json.load(open(f"{out}/h.json"))["results"]}
print(f"| table ({n:,} people) | rows | median | rows/s | people/s |")
print("|---|---|---|---|---|")
for t in tables:
    rows = int(open(f"{out}/{t}.rows").read())
    print(f"| {t} | {rows:,} | {res[t]:.3f} s | {rows / res[t]:,.0f} | {n / res[t]:,.0f} |")
PY
last=${TABLES##* }
for m in 1 10; do
  rss=$( { /usr/bin/time -f '%M' target/release/seeder generate "$last" --rows $((N * m)) --seed 42 >/dev/null; } 2>&1 )
  echo "peak RSS of seeder generate $last --rows $((N * m)): ${rss} KiB"
done
