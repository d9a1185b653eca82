#!/usr/bin/env bash
# One table, end to end, side by side in one run: the seeder writing N rows as CSV against
# Faker and Mimesis writing NP rows of the same columns (bench/python/{faker,mimesis}_TABLE.py).
# Each process pinned to one core; hyperfine medians of 5 runs. Usage: bench/vs_python.sh TABLE N NP
set -euo pipefail
cd "$(dirname "$0")/.."
TABLE=$1
N=${2:-1000000}
NP=${3:-20000}
PY=$(bench/python/setup.sh)
cargo build --release -q -p seeder
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 1 --runs 5 --export-json "$out/h.json" \
  -n synth-seeder "taskset -c 0 target/release/seeder generate $TABLE --rows $N --seed 42 > $out/synth.csv" \
  -n mimesis "taskset -c 0 $PY bench/python/mimesis_$TABLE.py $NP $out/mimesis.csv" \
  -n faker "taskset -c 0 $PY bench/python/faker_$TABLE.py $NP $out/faker.csv" >/dev/null
python3 - "$out/h.json" "$N" "$NP" "$TABLE" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
n, np_, table = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rates = {}
for r in res:
    rows = n if r["command"] == "synth-seeder" else np_
    rates[r["command"]] = rows / r["median"]
    print(f'{table} {r["command"]:>13}: median {r["median"]:.3f} s for {rows} rows = {rows / r["median"]:>12,.0f} rows/s')
for k in ("mimesis", "faker"):
    print(f'{table} synth-seeder / {k}: {rates["synth-seeder"] / rates[k]:,.0f}x')
PY
