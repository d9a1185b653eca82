#!/usr/bin/env bash
# synth's one test command. On a fresh Debian 12 machine, as root, it installs what the whole
# project needs (skipping each step already done), then runs every test of every crate:
#   1. apt packages (PostgreSQL 15 server and headers, libclang, sudo, sqlite3, ...)
#   2. cargo-pgrx at the pinned version, and `cargo pgrx init --pg15 /usr/bin/pg_config`
#   3. cargo fmt/clippy checks and the workspace's tests (core, SQLite extension, seeder)
#   4. the loadable SQLite library, loaded in the sqlite3 shell and in Python's sqlite3
#   5. Spark (a venv with pinned PySpark, DuckDB, pandas; Java if missing): K slices into Parquet
#   6. the Postgres extension: #[pg_test] tests and pg_regress, on a real server
#   7. one dataset across a coordinator and three data nodes (PL/Proxy from apt if missing)
#   8. the seeder against a real PostgreSQL server
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
PGRX_VERSION=0.18.1
step() { printf '\n==> %s\n' "$*"; }

# A fresh clone's debug, release, pgrx and loadable builds take about 7 GB; incremental caches
# would add several more and buy nothing in a one-shot run (export CARGO_INCREMENTAL=1 to keep them).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
step "disk space"
free_gb=$(df -Pk . | awk 'NR==2 { printf "%d", $4 / 1048576 }')
echo "${free_gb} GB free here"
if [ "$free_gb" -lt 10 ]; then
  echo "test.sh: warning: under 10 GB free; the builds and test clusters need about 8 GB" >&2
fi

step "system packages"
APT_PACKAGES=(build-essential pkg-config git ca-certificates curl postgresql-15 postgresql-server-dev-15
  libclang-dev clang sudo sqlite3 libsqlite3-dev python3)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  [ "$(id -u)" = 0 ] || { echo "test.sh: run as root to install ${missing[*]}" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "all present"
fi

step "cargo-pgrx $PGRX_VERSION"
if ! cargo pgrx --version 2>/dev/null | grep -q "$PGRX_VERSION"; then
  cargo install cargo-pgrx --version "$PGRX_VERSION" --locked
fi
if ! grep -qs '^pg15 *= *"/usr/bin/pg_config"' "${PGRX_HOME:-$HOME/.pgrx}/config.toml"; then
  cargo pgrx init --pg15 /usr/bin/pg_config
fi
cargo pgrx --version

step "format and lints"
cargo fmt --all -- --check
# Default members: the pgrx crate builds and lints in its own target dir (extension/test.sh),
# since both it and synth-sqlite are named libsynth.
cargo clippy --all-targets -q -- -D warnings
(cd extension && CARGO_TARGET_DIR="$ROOT/target/pgrx" cargo clippy --all-targets -q -- -D warnings)

step "workspace tests (core, sqlite-ext in-process, seeder)"
cargo test -q

step "loadable SQLite library in the sqlite3 shell and Python's sqlite3"
LIB=$(./sqlite-ext/build-loadable.sh)
# Debian's python3 is built with enable_load_extension (a pyenv python3 first on PATH may not be).
/usr/bin/python3 sqlite-ext/tests/test_load.py "$LIB"

step "Spark: K partitions generated in parallel into Parquet, read back by Spark, DuckDB and pandas"
# The debug seeder that `cargo test` built is enough for the reference CSVs of a small n.
SEEDER="$ROOT/target/debug/seeder" SYNTH_LOADABLE="$LIB" examples/spark/test.sh

step "Postgres extension: unit tests, #[pg_test] on a real server, pg_regress, sql/ examples"
extension/test.sh

step "one dataset across a coordinator and three data nodes (dblink + postgres_fdw, PL/Proxy)"
tests/distributed/run.sh

step "seeder against a real PostgreSQL server (the extension installed by the step above)"
# shellcheck source=extension/pg_cluster.sh
. extension/pg_cluster.sh
SEEDER_PG=/tmp/synth-seeder-pg-$(id -u)
pg_cluster_start "$SEEDER_PG" 5496 "listen_addresses=127.0.0.1"
trap 'pg_cluster_stop "$SEEDER_PG"' EXIT
SYNTH_TEST_PG_URL=postgres://postgres@127.0.0.1:5496/postgres cargo test -q -p seeder --test postgres
pg_cluster_stop "$SEEDER_PG"
echo "all tests passed"
