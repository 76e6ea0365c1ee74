#!/usr/bin/env bash
# Installs everything (first run only), including the Chromium and axe-core used by the browser tests and a PostgreSQL
# server of the tests' own (scripts/start_postgres.sh; root or sudo), and runs the lint and the whole test
# suite: unit tests, data files, nbval, browser tests, the store on SQLite and PostgreSQL, a real JupyterHub.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
# Debian's chromium for the browser tests, PostgreSQL for the store's tests on a real server and the test on a
# real JupyterHub, npm for JupyterHub's proxy.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql nodejs npm >/dev/null
fi
if [ -z "${SL_TEST_DATABASE_URL:-}" ]; then
  eval "$(as_root bash scripts/start_postgres.sh)"
  export SL_TEST_DATABASE_URL
fi
bash scripts/setup_hub.sh
# axe-core, which the accessibility tests inject into every page, at the version tests/axe/package-lock.json pins.
axe_stamp=tests/axe/node_modules/.installed
axe_want="$(sha256sum tests/axe/package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$axe_stamp" 2>/dev/null)" != "$axe_want" ]; then
  npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error >&2
  echo "$axe_want" > "$axe_stamp"
fi
# Lint first (settings in pyproject.toml): a mistake ruff can see fails in seconds, not minutes.
.venv/bin/ruff check .
# Two workers (the suite is CPU-bound: each browser test keeps about 1.3 cores busy with Chromium, its server and
# kernels). loadgroup: tests go one by one to whichever worker is free, longest work first (conftest.py), except a
# notebook's cells (nbval runs them in order in one kernel) and a file's tests that share a module fixture, which
# stay together on one worker. --no-loadscope-reorder keeps that order (xdist would put the biggest groups first).
exec .venv/bin/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder "$@"
