#!/usr/bin/env bash
# seeder export benchmark, side by side in one run:
#   1. 1,000,000 rows x 6 columns to xlsx: seeder (rust_xlsxwriter, constant memory) against
#      Python XlsxWriter in constant_memory mode (bench/python/xlsxwriter_baseline.py),
#   2. the same rows to csv and parquet (rows/s),
#   3. peak RSS (/usr/bin/time -v) at 1,000,000 and 5,000,000 rows for xlsx, csv and parquet:
#      flat memory means the two columns are about equal.
# Timings are hyperfine medians. Both sides generate their data as they write (seeder: the
# synth_customers generator through the embedded SQLite; Python: its random module).
#
# Usage: bench/seeder_bench.sh            (RUNS=3 ROWS=1000000 BIG=5000000 by default)
#        RUNS=5 bench/seeder_bench.sh
# Needs hyperfine, /usr/bin/time, python3; builds seeder in release mode first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
RUNS="${RUNS:-3}"
ROWS="${ROWS:-1000000}"
BIG="${BIG:-5000000}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/seeder-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

for tool in hyperfine /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "seeder_bench: $tool is needed" >&2; exit 1; }
done

echo "building seeder (release)..." >&2
(cd "$root" && cargo build --release -q -p seeder)
seeder="$target/release/seeder"
py="$("$here/python/setup.sh" | tail -n 1)"

# The six columns of the Python baseline: id, age, bracket flag, balance (money), intensity,
# sales (money).
query() {
    echo "SELECT customer_id, age, age BETWEEN 25 AND 35 AS in_target_bracket, account_balance, \
0.5 AS intensity, account_balance * 0.1 AS sales FROM synth_customers($1, 42)"
}
Q="$(query "$ROWS")"
QBIG="$(query "$BIG")"

echo "machine: $(nproc) cores, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/times.json" \
    -n "seeder xlsx" "$seeder export --quiet --force -q '$Q' -o $work/s.xlsx" \
    -n "python xlsxwriter" "$py $here/python/xlsxwriter_baseline.py $ROWS $work/p.xlsx" \
    -n "seeder csv" "$seeder export --quiet --force -q '$Q' -o $work/s.csv" \
    -n "seeder parquet" "$seeder export --quiet --force -q '$Q' -o $work/s.parquet" >&2

peak() { # format rows -> peak RSS in MiB
    /usr/bin/time -v "$seeder" export --quiet --force -q "$(query "$2")" -o "$work/m.$1" 2>"$work/time.txt" >/dev/null
    awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }' "$work/time.txt"
}
declare -A rss_small rss_big
for f in xlsx csv parquet; do
    rss_small[$f]="$(peak "$f" "$ROWS")"
    rss_big[$f]="$(peak "$f" "$BIG")"
done
/usr/bin/time -v "$py" "$here/python/xlsxwriter_baseline.py" "$ROWS" "$work/p.xlsx" 2>"$work/time.txt"
py_rss="$(awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }' "$work/time.txt")"

sizes="$(for f in s.xlsx p.xlsx s.csv s.parquet; do printf '%s=%s ' "$f" "$(stat -c %s "$work/$f")"; done)"

python3 - "$work/times.json" "$ROWS" "$BIG" "$sizes" \
    "${rss_small[xlsx]}" "${rss_big[xlsx]}" "${rss_small[csv]}" "${rss_big[csv]}" \
    "${rss_small[parquet]}" "${rss_big[parquet]}" "$py_rss" <<'PY'
import json, sys
times, rows, big, sizes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
xs, xb, cs, cb, ps, pb, py_rss = sys.argv[5:12]
res = {r["command"]: r for r in json.load(open(times))["results"]}
size = dict(kv.split("=") for kv in sizes.split())
def med(name): return res[name]["median"]
def rate(name): return rows / med(name)
print(f"\n## seeder export: {rows:,} rows x 6 columns (hyperfine medians of {len(res['seeder xlsx']['times'])} runs)\n")
print("| what | median s | rows/s | file MiB | vs XlsxWriter |")
print("|---|---:|---:|---:|---:|")
base = rate("python xlsxwriter")
for name, f in [("seeder xlsx", "s.xlsx"), ("python xlsxwriter", "p.xlsx"), ("seeder csv", "s.csv"), ("seeder parquet", "s.parquet")]:
    ratio = f"{rate(name) / base:.1f}x" if "xlsx" in name else ""
    print(f"| {name} | {med(name):.2f} | {rate(name):,.0f} | {int(size[f]) / 2**20:.1f} | {ratio} |")
print(f"\nxlsx speed-up over Python XlsxWriter (constant_memory): {rate('seeder xlsx') / base:.1f}x (target >= 10x)\n")
print(f"## peak RSS (MiB), seeder export\n")
print(f"| format | {rows:,} rows | {big:,} rows |")
print("|---|---:|---:|")
for name, a, b in [("xlsx", xs, xb), ("csv", cs, cb), ("parquet", ps, pb)]:
    print(f"| {name} | {a} | {b} |")
print(f"\nPython XlsxWriter at {rows:,} rows: {py_rss} MiB")
PY
