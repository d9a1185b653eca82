#!/usr/bin/env bash
# Builds the loadable SQLite library in its own target dir (the `loadable` feature must never
# meet `bundled` in one cargo invocation, see README.md, "SQLite") and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="$PWD/target/loadable"
cargo build --release -q -p synth-sqlite --features loadable
echo "$CARGO_TARGET_DIR/release/libsynth.so"
