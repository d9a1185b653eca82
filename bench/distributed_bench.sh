#!/usr/bin/env bash
# One node vs three nodes (docs/distributed.md, "Benchmark"): synth_customers(rows, 42) as
#   one node:    CREATE TABLE one AS SELECT * FROM synth_customers(rows, 42)        (on node 1)
#   three nodes: SELECT * FROM synth_distribute('customers', rows, 42, chunks => C)  (dblink recipe,
#                from a coordinator; every node inserts its own chunks)
# on throwaway clusters of this machine (a coordinator and three nodes, Unix sockets, run as the
# postgres user). Before every run the target tables are dropped, so each run inserts into an
# empty table. Per run it records the client's wall time, each node's own seconds (the sum of its
# chunks' delete + insert times, measured on the node) and the coordinator's overhead (wall time
# minus the slowest node's own seconds: connecting, dispatching, polling, collecting). Prints the
# medians. On a machine with fewer cores than nodes the three nodes share the cores.
#
# Run as root after the extension is installed:
#   bench/distributed_bench.sh [rows] [runs] [chunks]      (defaults: 3000000 rows, 5 runs, 12 chunks)
# Environment: SYNTH_BENCH_TMP (default /tmp/synth-dist-<uid>/bench), SYNTH_BENCH_PORT (the
# coordinator's port, default 5525; the nodes use the next three).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-3000000}
RUNS=${2:-5}
CHUNKS=${3:-12}
BASE=${SYNTH_BENCH_TMP:-/tmp/synth-dist-$(id -u)/bench}
PORT0=${SYNTH_BENCH_PORT:-5525}
NODES=(1 2 3)
export PGOPTIONS="-c client_min_messages=warning"
# shellcheck source=extension/pg_cluster.sh
. "$ROOT/extension/pg_cluster.sh"
[ "$(id -u)" = 0 ] || { echo "bench/distributed_bench.sh: run as root" >&2; exit 1; }
[ -f "$("$PG_CONFIG" --sharedir)/extension/synth.control" ] ||
  { echo "bench/distributed_bench.sh: install the synth extension first" >&2; exit 1; }

dir_of() { if [ "$1" = 0 ]; then echo "$BASE/coord"; else echo "$BASE/node$1"; fi; }
port_of() { echo $((PORT0 + $1)); }
q() {
  local i=$1
  shift
  pg_cluster_psql "$(dir_of "$i")" "$(port_of "$i")" -q -At "$@"
}
cleanup() { # stop and remove the clusters (GBs of data)
  local i
  for i in 0 "${NODES[@]}"; do
    pg_cluster_stop "$(dir_of "$i")"
    rm -rf "$(dir_of "$i")"
  done
}
trap cleanup EXIT
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== starting a coordinator and ${#NODES[@]} nodes in $BASE (ports $PORT0-$((PORT0 + ${#NODES[@]})))"
mkdir -p "$BASE"
chmod 755 "$(dirname "$BASE")" "$BASE"
for i in 0 "${NODES[@]}"; do pg_cluster_start "$(dir_of "$i")" "$(port_of "$i")" "cluster_name=node$i"; done
for i in "${NODES[@]}"; do q "$i" -c "CREATE EXTENSION synth" -f "$ROOT/sql/distributed/node.sql"; done
q 0 -c "SET client_min_messages = warning" -c "CREATE EXTENSION synth" -f "$ROOT/sql/distributed/node.sql" \
  -f "$ROOT/sql/distributed/dblink_fdw.sql"
for i in "${NODES[@]}"; do
  q 0 -c "SELECT synth_add_node('node$i', host => '$(dir_of "$i")', port => $(port_of "$i"), dbname => 'postgres', username => '$PG_USER')" >/dev/null
done
echo "synth $(q 0 -c "SELECT synth_version()"), $(q 0 -c "SELECT version()" | cut -d, -f1), $(nproc) cores" \
  "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load before: $(cut -d' ' -f1-3 /proc/loadavg)"

OUT=$BASE/results
mkdir -p "$OUT"
: >"$OUT/one.txt"
: >"$OUT/three.txt"
for r in $(seq 1 "$RUNS"); do
  q 1 -c "DROP TABLE IF EXISTS one" -c "CHECKPOINT"
  t0=$(now)
  q 1 -c "CREATE TABLE one AS SELECT * FROM synth_customers($N, 42)"
  t1=$(now)
  one=$(calc "$t1 - $t0")
  q 1 -c "DROP TABLE one"
  for i in "${NODES[@]}"; do
    q "$i" -c "DROP TABLE IF EXISTS customers" -c "DELETE FROM synth_ledger" -c "CHECKPOINT"
  done
  t0=$(now)
  res=$(q 0 -c "SELECT node, rows, node_seconds, coalesce(error, '') FROM synth_distribute('customers', $N, 42, chunks => $CHUNKS)")
  t1=$(now)
  wall=$(calc "$t1 - $t0")
  if echo "$res" | awk -F'|' '$4 != "" { bad = 1 } END { exit !bad }'; then
    echo "run $r failed: $res" >&2
    exit 1
  fi
  slowest=$(echo "$res" | awk -F'|' '$3 > m { m = $3 } END { print m }')
  rates=$(echo "$res" | awk -F'|' '{ printf "%s%s %.0f", sep, $1, $2 / $3; sep = ", " }')
  overhead=$(calc "$wall - $slowest")
  printf 'run %s: one node %.2f s | three nodes %.2f s (slowest node %.2f s, coordinator overhead %.2f s; rows/s: %s)\n' \
    "$r" "$one" "$wall" "$slowest" "$overhead" "$rates"
  echo "$one" >>"$OUT/one.txt"
  echo "$wall $slowest $overhead $(echo "$res" | awk -F'|' '{ s += $2 / $3 } END { print s / NR }')" >>"$OUT/three.txt"
done

one=$(median <"$OUT/one.txt")
wall=$(cut -d' ' -f1 "$OUT/three.txt" | median)
slowest=$(cut -d' ' -f2 "$OUT/three.txt" | median)
overhead=$(cut -d' ' -f3 "$OUT/three.txt" | median)
pernode=$(cut -d' ' -f4 "$OUT/three.txt" | median)
echo
echo "== medians of $RUNS runs, $N customers, $CHUNKS chunks, $(nproc) cores shared by the nodes (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '| setup | wall time | rows/s (total) | rows/s per node |\n|---|---|---|---|\n'
printf '| one node, CREATE TABLE AS | %.2f s | %.0f | %.0f |\n' "$one" "$(calc "$N / $one")" "$(calc "$N / $one")"
printf '| three nodes, synth_distribute | %.2f s | %.0f | %.0f |\n' "$wall" "$(calc "$N / $wall")" "$pernode"
printf 'speed-up %.2fx; slowest node %.2f s; coordinator overhead %.2f s (%.1f%% of the wall time)\n' \
  "$(calc "$one / $wall")" "$slowest" "$overhead" "$(calc "100 * $overhead / $wall")"
