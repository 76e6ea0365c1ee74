#!/usr/bin/env bash
# Installs everything (first run only), including the Chromium and axe-core used by the browser
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
# axe-core (npm), which the accessibility tests inject into every page: pinned, installed once into .venv/npm,
# never fetched while the tests run.
axe_version=4.10.2
if [ "$(cat .venv/npm/axe-core.version 2>/dev/null)" != "$axe_version" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
  fi
  npm install --prefix .venv/npm --no-audit --no-fund --no-package-lock --silent "axe-core@$axe_version"
  echo "$axe_version" > .venv/npm/axe-core.version
fi
# Lint first (settings in pyproject.toml): a mistake ruff can see fails in seconds, not minutes.
.venv/bin/ruff check .
# loadfile: nbval runs a notebook's cells in order in one kernel, so a notebook must stay on one worker.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
