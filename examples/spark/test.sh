#!/usr/bin/env bash
# The Spark example's test. As root on a fresh Debian 12 it installs what it needs (each step
# skipped when already done), then generates small tables with synth_spark.py and checks them
# with verify.py against the one-node CSV of `seeder generate`:
#   1. java (default-jre-headless; Spark 4 needs Java 17+) and Debian's python3 with venv
#   2. a venv at $SYNTH_SPARK_VENV (default /opt/synth-spark-venv) from /usr/bin/python3 with the
#      pinned packages of requirements.txt (reinstalled only when that file changes)
#   3. jobs: customers 20,000 x 4 partitions and people 20,001 x 3 from the SQLite extension;
#      sales 5,003 customers x 4 through spark-submit with the library and the seeder shipped by
#      --files and rows piped from the seeder; customers with duplicates when the seeder has --set
#   4. verify.py: types in pyarrow, pandas, DuckDB and Spark; rows equal to the one-node CSV
# Needs the built loadable library and seeder: $SYNTH_LOADABLE (default
# target/loadable/release/libsynth.so, from sqlite-ext/build-loadable.sh) and $SEEDER (default
# target/release/seeder, from `cargo build --release -p seeder`).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=${SYNTH_SPARK_VENV:-/opt/synth-spark-venv}
LIB=${SYNTH_LOADABLE:-$ROOT/target/loadable/release/libsynth.so}
SEEDER=${SEEDER:-$ROOT/target/release/seeder}
step() { printf '\n==> spark: %s\n' "$*"; }
die() { echo "examples/spark/test.sh: $*" >&2; exit 1; }
start=$(date +%s)

step "java and python3-venv"
apt_missing=()
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then apt_missing+=(default-jre-headless); fi
[ -x /usr/bin/python3 ] || apt_missing+=(python3)
dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed" \
  || apt_missing+=(python3-venv)
if [ ${#apt_missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "run as root to install ${apt_missing[*]}"
  echo "installing: ${apt_missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}"
fi
[ "$(java_major)" -ge 17 ] || die "Spark 4 needs Java 17 or later; java -version says $(java_major)"
java -version 2>&1 | head -1

step "venv $VENV"
REQ="$HERE/requirements.txt"
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ "$(cat "$VENV/.synth-requirements" 2>/dev/null)" != "$want" ]; then
  t0=$(date +%s)
  [ -x "$VENV/bin/python" ] || /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
  echo "$want" > "$VENV/.synth-requirements"
  echo "installed in $(( $(date +%s) - t0 )) s"
fi
"$VENV/bin/python" - <<'EOF'
import sqlite3, duckdb, pandas, pyarrow, pyspark
c = sqlite3.connect(":memory:")
c.enable_load_extension(True)  # Debian's python3 can load extensions; a pyenv build may not
print("pyspark", pyspark.__version__, "pyarrow", pyarrow.__version__, "pandas", pandas.__version__,
      "duckdb", duckdb.__version__)
EOF

step "the loadable library and the seeder"
[ -f "$LIB" ] || die "no loadable library at $LIB: build it with ./sqlite-ext/build-loadable.sh or set SYNTH_LOADABLE"
[ -x "$SEEDER" ] || die "no seeder binary at $SEEDER: build it with 'cargo build --release -p seeder' or set SEEDER"
echo "$LIB"
echo "$SEEDER"

step "jobs"
OUT=$(mktemp -d /tmp/synth-spark.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
cd "$OUT"  # Spark may leave spark-warehouse/ or metastore_db/ in the working directory
export PYSPARK_PYTHON="$VENV/bin/python" SPARK_LOCAL_IP=127.0.0.1 PYTHONDONTWRITEBYTECODE=1
CONF=(--master "local[2]" --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false)
export PYSPARK_SUBMIT_ARGS="${CONF[*]} pyspark-shell"  # for the jobs started as `python synth_spark.py`
job() {  # job NAME COMMAND...: run, log to $OUT/NAME.log, show the log's end on failure
  local name=$1 t0; shift
  t0=$(date +%s%N)
  if ! "$@" >"$OUT/$name.log" 2>&1; then
    tail -40 "$OUT/$name.log"
    die "job $name failed: $*"
  fi
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '%-13s %3d.%01d s  %s\n' "$name" $((ms / 1000)) $((ms % 1000 / 100)) "${*:2}"
}
PY="$VENV/bin/python"
JOB="$HERE/synth_spark.py"
job customers "$PY" "$JOB" customers 20000 42 4 "$OUT/customers" --loadable "$LIB"
job people "$PY" "$JOB" people 20001 7 3 "$OUT/people" --loadable "$LIB"
# As on a cluster: spark-submit ships the library and the seeder to the executors (--files),
# and the job names them by file name; this one pipes the seeder's CSV.
job sales "$VENV/bin/spark-submit" "${CONF[@]}" --files "$LIB,$SEEDER" "$JOB" \
  sales 5003 42 4 "$OUT/sales" --source seeder --seeder "$(basename "$SEEDER")" \
  --loadable "$(basename "$LIB")"
specs=(customers:20000:42:4:"$OUT/customers" people:20001:7:3:"$OUT/people" sales:5003:42:4:"$OUT/sales")
if "$SEEDER" generate --help | grep -q -- '--set'; then
  job customers-dup "$PY" "$JOB" customers 10001 5 5 "$OUT/customers-dup" --loadable "$LIB" \
    --set duplicates=0.1 --set missing_gender=0.3
  specs+=(customers,duplicates=0.1,missing_gender=0.3:10001:5:5:"$OUT/customers-dup")
else
  echo "customers with duplicates: skipped (this seeder has no --set to make the reference CSV)"
fi

step "verify: types in pyarrow, pandas, DuckDB and Spark; rows equal to the one-node CSV"
"$PY" "$HERE/verify.py" --seeder "$SEEDER" "${specs[@]}" 2> "$OUT/verify.log" \
  || { grep -v ' WARN \|^WARNING' "$OUT/verify.log" | tail -40; die "verify failed"; }
echo "spark example passed in $(( $(date +%s) - start )) s"
