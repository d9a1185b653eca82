#!/usr/bin/env bash
# `seeder fill`, and `synth_fill` inside SQLite (the loadable library in the sqlite3 shell),
# against a Faker script doing the same inserts through the same engine (SQLite,
# one transaction, foreign keys on): the shop schema of seeder/tests/schemas/shop (users,
# products, orders, order_items with foreign keys, UNIQUE and CHECK constraints). Each process
# pinned to one core; hyperfine medians. Usage: bench/fill_bench.sh [USERS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
U=${1:-20000}
RUNS=${2:-3}
P=$((U / 10)) O=$((U * 5 / 2)) I=$((U * 5))
PY=$(bench/python/setup.sh | tail -1)
cargo build --release -q -p seeder
LIB=$(sqlite-ext/build-loadable.sh)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ROWS="users=$U,products=$P,orders=$O,order_items=$I"
{
  echo "PRAGMA foreign_keys = ON; BEGIN;"
  cat seeder/tests/schemas/shop/*.sql
  echo "SELECT synth_fill('users', $U, 42); SELECT synth_fill('products', $P, 42);"
  echo "SELECT synth_fill('orders', $O, 42); SELECT synth_fill('order_items', $I, 42); COMMIT;"
} >"$out/fill.sql"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$out/h.json" \
  --prepare "rm -f $out/s.db $out/x.db" \
  -n synth-seeder "taskset -c 0 target/release/seeder fill --schema seeder/tests/schemas/shop --rows $ROWS --seed 42 --db sqlite:$out/s.db --quiet" \
  -n synth-sqlite "taskset -c 0 sqlite3 $out/x.db -cmd '.load ${LIB%.so}' -init /dev/null < $out/fill.sql" \
  -n faker "taskset -c 0 $PY bench/python/faker_fill.py $out/f.db $U $P $O $I" >/dev/null
for db in s x f; do
  sqlite3 "$out/$db.db" "PRAGMA foreign_key_check" | wc -l >"$out/$db.fk"
done
python3 - "$out" "$U" "$P" "$O" "$I" <<'PY'
import json, sys
out, u, p, o, i = sys.argv[1], *map(int, sys.argv[2:6])
rows = u + p + o + i
res = {r["command"]: r["median"] for r in json.load(open(f"{out}/h.json"))["results"]}
print(f"| tool | rows ({u:,} users, {p:,} products, {o:,} orders, {i:,} items) | median | rows/s | FK violations |")
print("|---|---|---|---|---|")
for k, db in (("synth-seeder", "s"), ("synth-sqlite", "x"), ("faker", "f")):
    fk = int(open(f"{out}/{db}.fk").read())
    print(f"| {k} | {rows:,} | {res[k]:.3f} s | {rows / res[k]:,.0f} | {fk} |")
print(f"synth-seeder / faker: {res['faker'] / res['synth-seeder']:.1f}x")
print(f"synth-sqlite / faker: {res['faker'] / res['synth-sqlite']:.1f}x")
PY
