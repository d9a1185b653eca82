#!/usr/bin/env bash
# Customers per second, side by side in one run: synth's core (cargo bench, one core, all 16
# columns formatted as CSV), the seeder writing CSV end to end, and Faker and Mimesis writing
# the same 16 columns (bench/python). Uses hyperfine (apt install hyperfine).
# Usage: bench/customers.sh [rows_for_synth] [rows_for_python]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
NP=${2:-20000}
PY=$(bench/python/setup.sh)
cargo build --release -q -p seeder
echo "== core: cargo bench -p synth-core --bench customers (n = $N)"
SYNTH_BENCH_ROWS=$N cargo bench -q -p synth-core --bench customers 2>/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== end to end, one process each (synth n = $N, Python n = $NP)"
hyperfine --warmup 1 --runs 5 --export-json "$out/h.json" \
  -n synth-seeder "taskset -c 0 target/release/seeder generate customers --rows $N --seed 42 > $out/synth.csv" \
  -n mimesis "taskset -c 0 $PY bench/python/mimesis_customers.py $NP $out/mimesis.csv" \
  -n faker "taskset -c 0 $PY bench/python/faker_customers.py $NP $out/faker.csv" >/dev/null
python3 - "$out/h.json" "$N" "$NP" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
n, np_ = int(sys.argv[2]), int(sys.argv[3])
rates = {}
for r in res:
    rows = n if r["command"] == "synth-seeder" else np_
    rates[r["command"]] = rows / r["median"]
    print(f'{r["command"]:>13}: median {r["median"]:.3f} s for {rows} rows = {rows / r["median"]:>12,.0f} rows/s')
for k in ("mimesis", "faker"):
    print(f'synth-seeder / {k}: {rates["synth-seeder"] / rates[k]:,.0f}x')
PY
