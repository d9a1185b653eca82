#!/usr/bin/env bash
# Create (or reuse) the venv for the Python baselines and install the pinned
# requirements only when they are not already satisfied. Idempotent.
# Prints the venv's python path as the last line of output.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SYNTH_BENCH_VENV:-$HOME/.cache/synth-bench-venv}"
req="$here/requirements.txt"
py="$venv/bin/python"

if [ ! -x "$py" ]; then
    echo "creating venv at $venv" >&2
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
fi

# Is every pinned requirement installed at exactly the pinned version?
satisfied() {
    "$py" - "$req" <<'PY'
import sys
from importlib import metadata
ok = True
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    try:
        have = metadata.version(name.strip())
    except metadata.PackageNotFoundError:
        have = None
    if have != want.strip():
        ok = False
sys.exit(0 if ok else 1)
PY
}

if satisfied; then
    echo "requirements already satisfied in $venv" >&2
else
    echo "installing requirements into $venv" >&2
    "$py" -m pip install --disable-pip-version-check -q -r "$req" >&2
    satisfied || { echo "requirements still not satisfied after install" >&2; exit 1; }
fi

echo "$py"
