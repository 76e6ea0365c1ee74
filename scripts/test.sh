#!/usr/bin/env bash
# Installs everything (first run only), including the Chromium used by the browser
# tests, and runs the lint and the whole test suite: unit tests, data files, nbval, browser tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
# Lint first (settings in pyproject.toml): a mistake ruff can see fails in seconds, not minutes.
.venv/bin/ruff check .
# loadfile: nbval runs a notebook's cells in order in one kernel, so a notebook must stay on one worker.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
