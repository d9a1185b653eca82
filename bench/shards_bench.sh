#!/usr/bin/env bash
# `seeder generate --shard i/K` as K parallel processes against one process, for the same N
# rows (CSV to files), hyperfine medians; and a check that the K shards are the one-process
# bytes. Usage: bench/shards_bench.sh [TABLE] [N] [K]
set -euo pipefail
cd "$(dirname "$0")/.."
TABLE=${1:-customers}
N=${2:-2000000}
K=${3:-2}
cargo build --release -q -p seeder
S=target/release/seeder
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
par="for i in \$(seq 0 $((K - 1))); do $S generate $TABLE --rows $N --shard \$i/$K > $out/part\$i.csv & done; wait"
hyperfine --warmup 1 --runs 5 -N --export-json "$out/h.json" \
  -n "1 process" "$S generate $TABLE --rows $N -o $out/one.csv --force" >/dev/null
hyperfine --warmup 1 --runs 5 --export-json "$out/k.json" -n "$K processes" "$par" >/dev/null
python3 - "$out" "$N" "$K" <<'PY'
import json, sys
out, n, k = sys.argv[1], int(sys.argv[2]), sys.argv[3]
one = json.load(open(f"{out}/h.json"))["results"][0]["median"]
par = json.load(open(f"{out}/k.json"))["results"][0]["median"]
print(f"1 process: {one:.3f} s ({n / one:,.0f} rows/s); {k} processes: {par:.3f} s ({n / par:,.0f} rows/s); speed-up {one / par:.2f}x")
PY
{ head -1 "$out/part0.csv"; for i in $(seq 0 $((K - 1))); do tail -n +2 "$out/part$i.csv"; done; } | cmp - "$out/one.csv" \
  && echo "the $K shards concatenated are the one-process bytes"
