#!/usr/bin/env bash
# Families side by side in one run: `seeder generate TABLE --rows N` (CSV to a file) for people
# alone, people with minors, relationships, households and life events, pinned to one core,
# hyperfine medians; rows/s counts each table's own rows. Then the peak RSS of life events at N
# and 10 x N adults (flat memory). Usage: bench/families_bench.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-3}
cargo build --release -q -p seeder
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CASES=(
  "people|people"
  "people_min_age_0|people --set min_age=0"
  "relationships_min_age_0|relationships --set min_age=0"
  "households|households"
  "life_events_min_age_0|life_events --set min_age=0"
)
args=()
for c in "${CASES[@]}"; do
  name=${c%%|*}
  gen=${c#*|}
  args+=(-n "$name" "taskset -c 0 target/release/seeder generate $gen --rows $N --seed 42 --force -o $out/$name.csv")
done
hyperfine --warmup 1 --runs "$RUNS" --export-json "$out/h.json" "${args[@]}" >/dev/null
for c in "${CASES[@]}"; do
  name=${c%%|*}
  tail -n +2 "$out/$name.csv" | wc -l >"$out/$name.rows"
done
python3 - "$out" "$N" "${CASES[@]}" <<'PY'
import json, sys
out, n, cases = sys.argv[1], int(sys.argv[2]), [c.split("|")[0] for c in sys.argv[3:]]
res = {r["command"]: r["median"] for r in json.load(open(f"{out}/h.json"))["results"]}
print(f"| table ({n:,} adults) | rows | median | rows/s | adults/s |")
print("|---|---|---|---|---|")
for t in cases:
    rows = int(open(f"{out}/{t}.rows").read())
    print(f"| {t} | {rows:,} | {res[t]:.3f} s | {rows / res[t]:,.0f} | {n / res[t]:,.0f} |")
PY
for m in 1 10; do
  rss=$( { /usr/bin/time -f '%M' target/release/seeder generate life_events --set min_age=0 --rows $((N * m)) --seed 42 -o - >/dev/null; } 2>&1 )
  echo "peak RSS of seeder generate life_events --set min_age=0 --rows $((N * m)): ${rss} KiB"
done
