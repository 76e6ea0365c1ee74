#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements and the `widgets` package.
# Safe to run again: it reinstalls only when requirements.txt or pyproject.toml change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed
want="$(cat requirements.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing the course's Python packages into .venv (first run only; a few minutes)..."
  log=.venv/install.log
  if ! { .venv/bin/python -m pip install -r requirements.txt &&
         .venv/bin/python -m pip install --no-deps -e . ; } >"$log" 2>&1; then
    tail -n 30 "$log"
    echo "Installing failed; the full log is in $log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
