#!/usr/bin/env bash
# One dataset generated across several PostgreSQL nodes (docs/distributed.md), tested for real:
# a coordinator and three data nodes, throwaway clusters on this machine (run as the postgres user,
# Unix sockets only, under $SYNTH_DIST_TMP), the synth extension created on each. Then:
#   1. the reference: the fingerprint of the one-node call synth_customers(3000000, 42)
#   2. dblink + postgres_fdw (sql/distributed/dblink_fdw.sql): 3,000,000 customers in 12 chunks
#      over the nodes; the fingerprint of the union (a partitioned table of foreign partitions)
#      equals the reference; no chunk missing; re-running a finished chunk changes nothing
#   3. dblink, a node killed (pg_ctl stop -m immediate) while its chunks are being inserted: the
#      call reports it, synth_missing_chunks lists its chunks, and after a restart synth_resume
#      re-runs exactly those and the fingerprint equals the reference again
#   4. PL/Proxy (sql/distributed/plproxy.sql): the same 3,000,000 customers with one SPLIT call
#   5. PL/Proxy, a node killed mid-run: reported, listed, restored by synth_pp_resume
#   6. other tables and options, small: duplicates (the last chunk runs to the end), sales, people
# The fingerprint: (rows, distinct ids, sum over rows of ('x' || left(md5(row::text), 15))::bit(60)::bigint).
#
# Run as root on Debian after the extension is installed (extension/test.sh or `cargo pgrx install`):
#   tests/distributed/run.sh
# It installs PL/Proxy (postgresql-<major>-plproxy) with apt when it is missing. Exits non-zero on any
# failure; stops its clusters on exit. Environment: SYNTH_DIST_TMP (default /tmp/synth-dist-<uid>),
# SYNTH_DIST_PORT (the coordinator's port, default 5520; the nodes use the next three),
# SYNTH_DIST_ROWS (default 3000000).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SQL=$ROOT/sql/distributed
BASE=${SYNTH_DIST_TMP:-/tmp/synth-dist-$(id -u)}
PORT0=${SYNTH_DIST_PORT:-5520}
N=${SYNTH_DIST_ROWS:-3000000}
SEED=42
CHUNKS=12
NODES=(1 2 3)
export PGOPTIONS="-c client_min_messages=warning"
# shellcheck source=extension/pg_cluster.sh
. "$ROOT/extension/pg_cluster.sh"

START=$SECONDS
BG_PID=
step() { printf '\n==> distributed: %s (%ss)\n' "$*" "$((SECONDS - START))"; }
fail() {
  echo "tests/distributed/run.sh: FAIL: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root (the clusters run as $PG_USER via sudo)"
command -v sudo >/dev/null || fail "sudo is required"
id "$PG_USER" >/dev/null 2>&1 || fail "no user $PG_USER (apt-get install postgresql-15)"
PG_MAJOR=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/synth.control" ] || [ ! -f "$("$PG_CONFIG" --pkglibdir)/synth.so" ]; then
  fail "the synth extension is not installed for PostgreSQL $PG_MAJOR (run extension/test.sh or cargo pgrx install first)"
fi

step "PL/Proxy (postgresql-$PG_MAJOR-plproxy)"
if dpkg-query -W -f='${Status}' "postgresql-$PG_MAJOR-plproxy" 2>/dev/null | grep -q "install ok installed"; then
  echo "present"
else
  echo "installing postgresql-$PG_MAJOR-plproxy"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_MAJOR-plproxy" >/dev/null 2>&1 || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_MAJOR-plproxy"
  }
fi

dir_of() { if [ "$1" = 0 ]; then echo "$BASE/coord"; else echo "$BASE/node$1"; fi; }
port_of() { echo $((PORT0 + $1)); }
opts_of() { # the server options of node $1 (also used to restart it)
  echo "-p $(port_of "$1") -k $(dir_of "$1") -c listen_addresses='' -c cluster_name=node$1"
}
cleanup() { # stop the clusters; remove them (GBs of data) after a success, keep them for the logs otherwise
  local status=$? i
  if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then kill "$BG_PID" 2>/dev/null || true; fi
  for i in 0 "${NODES[@]}"; do pg_cluster_stop "$(dir_of "$i")"; done
  if [ "$status" = 0 ]; then
    for i in 0 "${NODES[@]}"; do rm -rf "$(dir_of "$i")"; done
  else
    echo "tests/distributed/run.sh: the clusters' logs are in $BASE/*/server.log" >&2
  fi
}
trap cleanup EXIT
# psql on the coordinator (0) or a node: values only (-At) unless told otherwise.
q() {
  local i=$1
  shift
  pg_cluster_psql "$(dir_of "$i")" "$(port_of "$i")" -q -At "$@"
}
show() { pg_cluster_psql "$(dir_of 0)" "$(port_of 0)" -q -P pager=off "$@"; }
node_kill() { sudo -u "$PG_USER" "$PG_BIN/pg_ctl" -D "$(dir_of "$1")/data" -m immediate -w stop >/dev/null; }
node_start() {
  sudo -u "$PG_USER" "$PG_BIN/pg_ctl" -D "$(dir_of "$1")/data" -l "$(dir_of "$1")/server.log" \
    -o "$(opts_of "$1")" -w start >/dev/null
}
fingerprint() { q 0 -c "SELECT rows || ' ' || distinct_ids || ' ' || hash_sum FROM synth_fingerprint_union('$1')"; }
expect_fp() { # label target reference
  local got
  got=$(fingerprint "$2")
  echo "fingerprint $2: $got"
  [ "$got" = "$3" ] || fail "$1: fingerprint of $2 is '$got', the one-node run gives '$3'"
  echo "ok: $1: equal to the one-node run"
}
expect_complete() {
  local m
  m=$(q 0 -c "SELECT count(*) FROM synth_missing_chunks('$1')")
  [ "$m" = 0 ] || fail "$1: $m chunks missing"
  echo "ok: synth_missing_chunks('$1') is empty"
}
# A distribute/resume result (node|chunks_done|rows|node_seconds|wall_seconds|error lines): no error, rows.
expect_result() { # label file rows
  local errs rows
  errs=$(awk -F'|' '$6 != ""' "$2")
  [ -z "$errs" ] || fail "$1: errors: $errs"
  rows=$(awk -F'|' '{ s += $3 } END { print s + 0 }' "$2")
  [ "$rows" = "$3" ] || fail "$1: $rows rows generated, expected $3"
}
print_result() { # file: the call's per-node result as a table
  awk -F'|' 'BEGIN { printf "  %-6s %6s %9s %9s %8s  %s\n", "node", "chunks", "rows", "node_s", "wall_s", "error" }
    { printf "  %-6s %6s %9s %9.2f %8.2f  %s\n", $1, $2, $3, $4, $5, $6 }' "$1"
}
chunk_rows() { # the rows of customer chunks $1 (a,b,...) of the N-row, CHUNKS-chunk dataset
  q 0 -c "SELECT sum(coalesce(b.count, $N - b.first)) FROM unnest('{$1}'::int[]) c, synth_chunk_bounds('customers', $N, '{}', $CHUNKS, c) b"
}
wait_for() { # description timeout_s command...: poll every 0.2 s
  local what=$1 limit=$2 i
  shift 2
  for ((i = 0; i < limit * 5; i++)); do
    if "$@"; then return 0; fi
    sleep 0.2
  done
  fail "timed out after ${limit}s waiting for $what"
}

step "starting a coordinator (port $PORT0) and nodes ${NODES[*]} (ports $((PORT0 + 1))-$((PORT0 + ${#NODES[@]}))) in $BASE"
mkdir -p "$BASE"
chmod 755 "$BASE"
pids=()
for i in 0 "${NODES[@]}"; do
  pg_cluster_start "$(dir_of "$i")" "$(port_of "$i")" "cluster_name=node$i" &
  pids+=("$!")
done
for p in "${pids[@]}"; do wait "$p" || fail "a cluster did not start (logs in $BASE/*/server.log)"; done
for i in "${NODES[@]}"; do
  q "$i" -c "CREATE EXTENSION synth" -f "$SQL/node.sql"
done
q 0 -c "SET client_min_messages = warning" -c "CREATE EXTENSION synth" -f "$SQL/node.sql" -f "$SQL/dblink_fdw.sql" \
  -f "$SQL/plproxy.sql"
for i in "${NODES[@]}"; do
  q 0 -c "SELECT synth_add_node('node$i', host => '$(dir_of "$i")', port => $(port_of "$i"), dbname => 'postgres', username => '$PG_USER')" >/dev/null
done
echo "PL/Proxy cluster synth_pp: $(q 0 -c "SELECT synth_pp_cluster()") partitions"
q 0 -c "SELECT name || ': ' || conn FROM synth_pp_partitions()"
echo "synth $(q 0 -c "SELECT synth_version()"), PostgreSQL $(q 0 -c "SHOW server_version"), PL/Proxy $(q 0 -c "SELECT extversion FROM pg_extension WHERE extname = 'plproxy'")"

step "reference: the one-node run synth_customers($N, $SEED)"
REF=$(q 0 -c "SELECT rows || ' ' || distinct_ids || ' ' || hash_sum FROM synth_fingerprint('SELECT * FROM synth_customers($N, $SEED)', 'customer_id')")
echo "fingerprint (rows, distinct ids, hash sum): $REF"
[ "${REF%% *}" = "$N" ] || fail "the reference has ${REF%% *} rows, not $N"

step "dblink + postgres_fdw: synth_distribute('customers', $N, $SEED, chunks => $CHUNKS)"
OUT=$BASE/out
mkdir -p "$OUT"
q 0 -c "SELECT * FROM synth_distribute('customers', $N, $SEED, chunks => $CHUNKS)" >"$OUT/dblink.txt"
print_result "$OUT/dblink.txt"
expect_result "dblink" "$OUT/dblink.txt" "$N"
expect_fp "dblink" customers "$REF"
expect_complete customers
q 0 -c "SELECT 'union: ' || count(*) || ' foreign partitions of ' || 'customers' FROM pg_inherits WHERE inhparent = 'customers'::regclass"
q 0 -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM customers WHERE chunk = 5" | sed 's/^/  /'
q 0 -c "SELECT * FROM synth_run_chunks('customers', ARRAY[0, 5, 11])" >"$OUT/rerun.txt"
expect_result "dblink re-run of chunks 0, 5, 11" "$OUT/rerun.txt" \
  "$(q 0 -c "SELECT sum(count) FROM (SELECT count(*) FROM customers WHERE chunk IN (0, 5, 11)) x")"
expect_fp "dblink, chunks 0, 5 and 11 run again" customers "$REF"

step "dblink: node 3 killed while the chunks are being inserted"
q 0 -c "SELECT * FROM synth_distribute('customers', $N, $SEED, chunks => $CHUNKS, target => 'customers_kill')" \
  >"$OUT/dblink_kill.txt" 2>"$OUT/dblink_kill.err" &
BG_PID=$!
ledger_has_one() { [ "$(q 3 -c "SELECT count(*) FROM synth_ledger WHERE target = 'customers_kill'" 2>/dev/null)" -ge 1 ]; }
wait_for "node 3's first chunk" 120 ledger_has_one
node_kill 3
echo "node 3 stopped (pg_ctl stop -m immediate) after its first chunk"
wait "$BG_PID" || fail "the coordinator call failed: $(cat "$OUT/dblink_kill.err")"
BG_PID=
print_result "$OUT/dblink_kill.txt"
grep -q '^node3|.*|.\+$' "$OUT/dblink_kill.txt" || fail "the call did not report node 3's failure"
awk -F'|' '$1 != "node3" && ($2 != 4 || $6 != "") { bad = 1 } END { exit bad }' "$OUT/dblink_kill.txt" ||
  fail "nodes 1 and 2 should have finished their 4 chunks each"
echo "synth_missing_chunks while node 3 is down:"
q 0 -c "SELECT node || ' chunk ' || chunk || ': ' || reason FROM synth_missing_chunks('customers_kill')" | sed 's/^/  /'
[ "$(q 0 -c "SELECT count(*) FROM synth_missing_chunks('customers_kill') WHERE node = 'node3' AND reason LIKE 'node unreachable%'")" = 4 ] ||
  fail "node 3's 4 chunks should be reported unreachable"
node_start 3
echo "node 3 restarted; synth_missing_chunks:"
q 0 -c "SELECT node || ' chunk ' || chunk || ': ' || reason FROM synth_missing_chunks('customers_kill')" | sed 's/^/  /'
missing=$(q 0 -c "SELECT count(*) FROM synth_missing_chunks('customers_kill') WHERE node = 'node3' AND reason = 'not generated'")
list=$(q 0 -c "SELECT string_agg(chunk::text, ',') FROM synth_missing_chunks('customers_kill')")
others=$(q 0 -c "SELECT count(*) FROM synth_missing_chunks('customers_kill') WHERE node <> 'node3' OR reason <> 'not generated'")
if [ "$others" != 0 ] || [ "$missing" -lt 1 ] || [ "$missing" -gt 3 ]; then
  fail "expected 1-3 missing chunks, all node 3's, got $missing (and $others others)"
fi
q 0 -c "SELECT * FROM synth_resume('customers_kill')" >"$OUT/dblink_resume.txt"
print_result "$OUT/dblink_resume.txt"
expect_result "synth_resume" "$OUT/dblink_resume.txt" "$(chunk_rows "$list")"
[ "$(awk -F'|' '{ s += $2 } END { print s }' "$OUT/dblink_resume.txt")" = "$missing" ] ||
  fail "synth_resume should re-run exactly the $missing missing chunks"
expect_complete customers_kill
expect_fp "dblink after a node failure and synth_resume" customers_kill "$REF"

step "PL/Proxy: synth_pp_distribute('customers', $N, $SEED, chunks => $CHUNKS, target => 'customers_pp')"
q 0 -c "SELECT * FROM synth_pp_distribute('customers', $N, $SEED, chunks => $CHUNKS, target => 'customers_pp')" >"$OUT/pp.txt"
print_result "$OUT/pp.txt"
expect_result "PL/Proxy" "$OUT/pp.txt" "$N"
expect_fp "PL/Proxy" customers_pp "$REF"
expect_complete customers_pp

step "PL/Proxy: node 2 killed while its chunks are being inserted"
q 0 -c "SELECT * FROM synth_pp_distribute('customers', $N, $SEED, chunks => $CHUNKS, target => 'customers_ppkill')" \
  >"$OUT/pp_kill.txt" 2>"$OUT/pp_kill.err" &
BG_PID=$!
inserting() { # node $1 has been inside synth_node_chunks for 1 s (PL/Proxy binds the arguments as parameters)
  [ "$(q "$1" -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%synth_node_chunks%'
        AND state = 'active' AND now() - query_start > interval '1 second'" 2>/dev/null)" -ge 1 ]
}
wait_for "node 2 to be inserting" 120 inserting 2
node_kill 2
echo "node 2 stopped (pg_ctl stop -m immediate) during its synth_node_chunks call"
wait "$BG_PID" || fail "the coordinator call failed: $(cat "$OUT/pp_kill.err")"
BG_PID=
print_result "$OUT/pp_kill.txt"
grep -q '^|.*|.\+$' "$OUT/pp_kill.txt" || fail "synth_pp_distribute did not report the failure"
idle() { [ "$(q "$1" -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%synth_node_chunks%' AND state = 'active' AND pid <> pg_backend_pid()")" = 0 ]; }
# PL/Proxy does not cancel the other nodes' queries: they finish and commit on their own.
wait_for "nodes 1 and 3 to finish" 120 idle 1
wait_for "nodes 1 and 3 to finish" 120 idle 3
echo "synth_missing_chunks while node 2 is down:"
q 0 -c "SELECT node || ' chunk ' || chunk || ': ' || reason FROM synth_missing_chunks('customers_ppkill')" | sed 's/^/  /'
[ "$(q 0 -c "SELECT count(*) || '/' || count(*) FILTER (WHERE node = 'node2' AND reason LIKE 'node unreachable%') FROM synth_missing_chunks('customers_ppkill')")" = 4/4 ] ||
  fail "exactly node 2's 4 chunks should be missing"
node_start 2
[ "$(q 0 -c "SELECT string_agg(node || ':' || chunk || ':' || reason, ',' ORDER BY chunk) FROM synth_missing_chunks('customers_ppkill')")" = \
  "node2:4:not generated,node2:5:not generated,node2:6:not generated,node2:7:not generated" ] ||
  fail "after the restart, node 2's chunks 4-7 should be missing (its transaction was rolled back)"
echo "node 2 restarted: its chunks 4-7 are missing (its one transaction was rolled back)"
q 0 -c "SELECT * FROM synth_pp_resume('customers_ppkill')" >"$OUT/pp_resume.txt"
print_result "$OUT/pp_resume.txt"
expect_result "synth_pp_resume" "$OUT/pp_resume.txt" "$(chunk_rows 4,5,6,7)"
expect_complete customers_ppkill
expect_fp "PL/Proxy after a node failure and synth_pp_resume" customers_ppkill "$REF"

step "other tables and options, small: duplicates, sales, people (both recipes)"
small() { # label call target reference-query id-column
  local ref
  q 0 -c "SELECT * FROM $2" >"$OUT/small.txt"
  expect_result "$1" "$OUT/small.txt" "$(q 0 -c "SELECT count(*) FROM ($4) x")"
  ref=$(q 0 -c "SELECT rows || ' ' || distinct_ids || ' ' || hash_sum FROM synth_fingerprint(\$q\$$4\$q\$, '$5')")
  expect_fp "$1" "$3" "$ref"
}
small "customers with 10% duplicates, 7 chunks (dblink)" \
  "synth_distribute('customers', 100003, 7, chunks => 7, options => '{\"duplicates\": 0.1, \"missing_gender\": 0.2}', target => 'dups')" \
  dups "SELECT * FROM synth_customers(100003, 7, duplicates => 0.1, missing_gender => 0.2)" customer_id
small "sales, 3 intensities, 5 chunks (PL/Proxy)" \
  "synth_pp_distribute('sales', 20001, 3, chunks => 5, options => '{\"intensities\": [0, 0.5, 1]}', target => 'sales')" \
  sales "SELECT * FROM synth_sales(20001, 3, intensities => '{0,0.5,1}')" customer_id
small "people, 4 chunks (dblink, 2 connections per node)" \
  "synth_distribute('people', 30001, 5, chunks => 4, target => 'people', connections_per_node => 2)" \
  people "SELECT * FROM synth_people(30001, 5)" person_id
small "life events of people with minors, 5 chunks (PL/Proxy)" \
  "synth_pp_distribute('life_events', 20001, 9, chunks => 5, options => '{\"min_age\": 0}', target => 'life_events')" \
  life_events "SELECT * FROM synth_life_events(20001, 9, min_age => 0)" person_id

step "all distributed tests passed in $((SECONDS - START))s"
