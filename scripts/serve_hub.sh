#!/usr/bin/env bash
# A cohort on this machine: installs everything (first run) and starts JupyterHub in front of the course.
#   SL_HUB_PASSWORD=... SL_HUB_TUTORS=ann bash scripts/serve_hub.sh
# Everyone signs in on the hub's page (any name and the cohort password; SL_HUB_USERS limits the names) and
# lands on the course's home page. Settings: the top of deploy/hub/jupyterhub_config.py.
# Without SL_STORE it starts a PostgreSQL server of its own for the learners' work (run as root, Debian's
# `postgresql` package installed), kept in SL_HUB_STATE (default ~/.local/share/systems-leadership/hub).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/setup_hub.sh"
export SL_HUB_STATE="${SL_HUB_STATE:-$HOME/.local/share/systems-leadership/hub}"
if [ -z "${SL_STORE:-}" ]; then
  line="$(SL_PG_DIR="$SL_HUB_STATE/postgres" SL_PG_PORT="${SL_HUB_PG_PORT:-54330}" bash "$root/scripts/start_postgres.sh")"
  export SL_STORE="${line#export SL_TEST_DATABASE_URL=}"
fi
echo "  The cohort's address: ${SL_HUB_URL:-http://127.0.0.1:8000}/  (press Ctrl+C to stop the hub)" >&2
cd "$SL_HUB_STATE"
exec "$root/.venv/bin/jupyterhub" -f "$root/deploy/hub/jupyterhub_config.py"
