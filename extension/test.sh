#!/usr/bin/env bash
# Tests of the Postgres extension `synth`, run as root on a machine where `cargo pgrx init --pg15
# /usr/bin/pg_config` has been done (see the top-level test.sh):
#   1. unit tests without a server, including "the checked-in SQL is what sqlgen writes"
#   2. #[pg_test] tests in a real PostgreSQL 15 (`cargo pgrx test`, server run as postgres)
#   3. pg_regress: extension/tests/pg_regress/{sql,expected} against a throwaway cluster
# Exits non-zero on the first failure.
#
# SYNTH_BLESS=1 rewrites the generated SQL (src/sql/*.sql) and the pg_regress expected output
# from what the code produces now; review the diff before committing.
#
# Environment: CARGO_TARGET_DIR (default <repo>/target/pgrx: pgrx's library is libsynth.so, as is
# the SQLite extension's, so they must not share a target directory), SYNTH_PG_TMP (default
# /tmp/synth-pg-test-<uid>: clusters live there, as the postgres user cannot enter /root).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/pgrx}
TMP=${SYNTH_PG_TMP:-/tmp/synth-pg-test-$(id -u)}
PORT=${SYNTH_PG_TEST_PORT:-5498}
PG_CONFIG=${PG_CONFIG:-/usr/bin/pg_config}
BLESS=${SYNTH_BLESS:-0}
# shellcheck source=extension/pg_cluster.sh
. "$HERE/pg_cluster.sh"

step() { printf '\n==> extension: %s\n' "$*"; }

[ "$(id -u)" = 0 ] || { echo "extension/test.sh: run as root (Postgres runs as the postgres user via sudo)" >&2; exit 1; }
command -v sudo >/dev/null || { echo "extension/test.sh: sudo is required" >&2; exit 1; }
id "$PG_USER" >/dev/null 2>&1 || { echo "extension/test.sh: no user $PG_USER (apt-get install postgresql-15)" >&2; exit 1; }
cargo pgrx --version | grep -q '0\.18\.1' || { echo "extension/test.sh: cargo-pgrx 0.18.1 is required" >&2; exit 1; }
grep -qs '^pg15' "${PGRX_HOME:-$HOME/.pgrx}/config.toml" || {
  echo "extension/test.sh: run \`cargo pgrx init --pg15 $PG_CONFIG\` first" >&2
  exit 1
}
mkdir -p "$TMP"
chmod 755 "$TMP"
cd "$HERE"

step "unit tests (no server)"
SYNTH_BLESS=$BLESS cargo test -q -p synth-pg --lib

step "#[pg_test] tests (cargo pgrx test pg15, server as $PG_USER)"
rm -rf "$TMP/pgrx-test"
mkdir -p "$TMP/pgrx-test"
chown "$PG_USER": "$TMP/pgrx-test"
cargo pgrx test pg15 --runas "$PG_USER" --pgdata "$TMP/pgrx-test"

step "pg_regress (tests/pg_regress)"
# `cargo pgrx regress` (0.18.1) runs initdb and pg_ctl as the calling user, which fails as root:
# install the extension and drive PostgreSQL's own pg_regress against a cluster run as postgres.
cargo pgrx install --pg-config "$PG_CONFIG" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log" >&2; exit 1; }
CLUSTER=$TMP/regress
trap 'pg_cluster_stop "$CLUSTER"' EXIT
# As `cargo pgrx regress` configures its server, so the expected output is the same with both.
pg_cluster_start "$CLUSTER" "$PORT" client_min_messages=warning
LAUNCHER=$TMP/psql-launcher.sh
printf '#!/bin/sh\nexec "$@" -v VERBOSITY=terse\n' >"$LAUNCHER"
chmod 755 "$LAUNCHER"
REGRESS=$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress
TESTS=(setup)
for f in tests/pg_regress/sql/*.sql; do
  t=$(basename "$f" .sql)
  [ "$t" = setup ] || TESTS+=("$t")
done
rm -rf tests/pg_regress/results tests/pg_regress/regression.diffs tests/pg_regress/regression.out
if [ "$BLESS" != 0 ]; then
  for t in "${TESTS[@]}"; do touch "tests/pg_regress/expected/$t.out"; done # pg_regress needs one
fi
status=0
"$REGRESS" --bindir="$PG_BIN" --host="$CLUSTER" --port="$PORT" --user="$PG_USER" \
  --dbname=synth_regress --inputdir=tests/pg_regress --outputdir=tests/pg_regress \
  --launcher="$LAUNCHER" "${TESTS[@]}" || status=$?
if [ "$BLESS" != 0 ]; then
  for t in "${TESTS[@]}"; do cp "tests/pg_regress/results/$t.out" "tests/pg_regress/expected/$t.out"; done
  echo "blessed: tests/pg_regress/expected/*.out (review the diff)"
elif [ "$status" != 0 ]; then
  cat tests/pg_regress/regression.diffs >&2 || true
  exit "$status"
fi

step "sql/ examples (seeding migrations, INSERT INTO an existing table, synth_fill)"
pg_cluster_psql "$CLUSTER" "$PORT" -q -c "DROP DATABASE IF EXISTS synth_examples" -c "CREATE DATABASE synth_examples"
ex() { pg_cluster_psql "$CLUSTER" "$PORT" -d synth_examples "$@"; }
ex -q -c "CREATE EXTENSION synth"
ex -q -f "$ROOT/sql/seed_customers_migration.sql"
ex -q -f "$ROOT/sql/insert_into_existing.sql"
ex -q -f "$ROOT/sql/insert_into_existing.sql" # again: the same rows, nothing added, no error
ex -q -f "$ROOT/sql/fill_shop_migration.sql" >/dev/null
got=$(ex -At -c "SELECT (SELECT count(*) FROM customers) || ' ' || (SELECT count(DISTINCT customer_id) FROM customers)
  || ' ' || format_type(atttypid, atttypmod) || ' ' || (SELECT count(*) FROM app_user)
  || ' ' || (SELECT count(DISTINCT email) FROM app_user)
  || ' ' || (SELECT count(*) FROM shop_order_item i JOIN shop_order o ON o.id = i.order_id)
  FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'account_balance'")
want="10000 10000 numeric(12,2) 10000 10000 15000"
[ "$got" = "$want" ] || { echo "sql/ examples: got '$got', want '$want'" >&2; exit 1; }
echo "ok: $got"

step "trusted: a non-superuser installs it into a schema of its choice"
pg_cluster_psql "$CLUSTER" "$PORT" -q -c "DROP DATABASE IF EXISTS synth_trusted" -c "DROP ROLE IF EXISTS synth_app" \
  -c "CREATE ROLE synth_app LOGIN" -c "CREATE DATABASE synth_trusted OWNER synth_app"
got=$("$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -h "$CLUSTER" -p "$PORT" -U synth_app -d synth_trusted -At -q \
  -c "CREATE SCHEMA gen" -c "CREATE EXTENSION synth SCHEMA gen" -c "SET search_path = pg_catalog" \
  -c "SELECT count(*) FROM gen.synth_customers(5, seed => 1)")
[ "$got" = 5 ] || { echo "trusted install: got '$got'" >&2; exit 1; }
echo "ok: CREATE EXTENSION synth SCHEMA gen as a non-superuser; gen.synth_customers works with search_path = pg_catalog"

step "cancel: pg_cancel_backend stops a long call promptly (SQLSTATE 57014)"
# synth_customers(100000000) runs for a minute or more; the cancel must end it within seconds.
rm -f "$TMP/cancel.out"
(PGAPPNAME=synth_cancel pg_cluster_psql "$CLUSTER" "$PORT" -d synth_examples -v VERBOSITY=verbose -At \
  -c "SELECT count(*) FROM synth_customers(100000000, 1)" >"$TMP/cancel.out" 2>&1 || true) &
long=$!
running=0
for _ in $(seq 1 100); do
  running=$(pg_cluster_psql "$CLUSTER" "$PORT" -At -c "SELECT count(*) FROM pg_stat_activity
    WHERE application_name = 'synth_cancel' AND state = 'active' AND query LIKE '%synth_customers%'")
  [ "$running" = 1 ] && break
  sleep 0.1
done
[ "$running" = 1 ] || { echo "cancel: the long call did not start: $(cat "$TMP/cancel.out")" >&2; exit 1; }
sleep 1
t0=$(date +%s%N)
pg_cluster_psql "$CLUSTER" "$PORT" -At -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
  WHERE application_name = 'synth_cancel' AND state = 'active'" >/dev/null
wait "$long"
ms=$((($(date +%s%N) - t0) / 1000000))
grep -q '57014' "$TMP/cancel.out" || { echo "cancel: no 57014 in: $(cat "$TMP/cancel.out")" >&2; exit 1; }
[ "$ms" -lt 5000 ] || { echo "cancel: the call ended ${ms} ms after pg_cancel_backend" >&2; exit 1; }
echo "ok: cancelled after 1 s of generation, ended ${ms} ms after pg_cancel_backend: $(head -1 "$TMP/cancel.out")"

echo "extension: all tests passed"
