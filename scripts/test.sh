#!/usr/bin/env bash
# Installs everything (first run only), including the Chromium used by the browser tests and a PostgreSQL
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
# Lint first (settings in pyproject.toml): a mistake ruff can see fails in seconds, not minutes.
.venv/bin/ruff check .
# loadfile: nbval runs a notebook's cells in order in one kernel, so a notebook must stay on one worker.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
