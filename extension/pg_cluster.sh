# Sourced by extension/test.sh and bench/pg_bench.sh (as root): a throwaway PostgreSQL cluster
# owned by the postgres user (Postgres refuses to run as root), reachable only through a Unix
# socket in its own directory, so it never collides with another server's TCP port.
#
#   pg_cluster_start DIR PORT [postgres -c settings...]   initdb + start; socket in DIR
#   pg_cluster_psql DIR PORT [psql args...]               psql as postgres to database postgres
#   pg_cluster_stop DIR                                   stop (safe to call twice)

PG_CONFIG=${PG_CONFIG:-/usr/bin/pg_config}
PG_BIN=${PG_BIN:-$("$PG_CONFIG" --bindir)}
PG_USER=${PG_USER:-postgres}

pg_cluster_start() {
  local dir=$1 port=$2
  shift 2
  local opts="-p $port -k $dir -c listen_addresses=''"
  local s
  for s in "$@"; do opts+=" -c $s"; done
  pg_cluster_stop "$dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  chown "$PG_USER": "$dir"
  chmod 700 "$dir"
  sudo -u "$PG_USER" "$PG_BIN/initdb" -D "$dir/data" -U "$PG_USER" -A trust -E UTF8 --no-locale \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  sudo -u "$PG_USER" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w start \
    >/dev/null || { cat "$dir/server.log" >&2; return 1; }
}

pg_cluster_psql() {
  local dir=$1 port=$2
  shift 2
  "$PG_BIN/psql" -X -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U "$PG_USER" -d postgres "$@"
}

pg_cluster_stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    sudo -u "$PG_USER" "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
