#!/usr/bin/env bash
# Customers per second, side by side in one run: synth's core (cargo bench, one core, all 16
# columns formatted as CSV), the seeder writing CSV end to end, and Faker and Mimesis writing
# the same 16 columns (bench/python). Uses hyperfine (apt install hyperfine).
# Usage: bench/customers.sh [rows_for_synth] [rows_for_python]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
NP=${2:-20000}
cargo build --release -q -p seeder
echo "== core: cargo bench -p synth-core --bench customers (n = $N)"
SYNTH_BENCH_ROWS=$N cargo bench -q -p synth-core --bench customers 2>/dev/null
echo "== end to end, one process each (synth n = $N, Python n = $NP)"
bench/vs_python.sh customers "$N" "$NP"
